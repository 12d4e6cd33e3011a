"""Article text and metadata from HTML with trafilatura, with the feed's text as fallback.

`extract_article` is a pure function over page bytes (as trafilatura's own tests are over
saved pages). It always returns an `Extraction`: when the page is missing, not HTML or
too thin, the feed's content or summary is used and `extraction`/`note` say so.
"""

from __future__ import annotations

import codecs
import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass

from lxml import html as lxml_html

MIN_TEXT_CHARS = 250
HTML_TYPES = {"text/html", "application/xhtml+xml"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)
_TAGS = re.compile(r"<[^>]+>")
_SCRIPTS = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_SPACES = re.compile(r"[ \t\r\f\v]+")


@dataclass
class Extraction:
    text: str
    extraction: str  # trafilatura | feed_content | feed_summary | title_only
    note: str | None = None
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    language: str | None = None


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode_html(data: bytes, header_charset: str | None) -> str:
    """Decode a page whose declared charset may be wrong.

    A BOM wins; then bytes that are valid UTF-8 and not plain ASCII are read as UTF-8
    (text in a legacy charset is practically never valid UTF-8 by accident, while UTF-8
    pages served as ISO-8859-1 are common); then the HTTP header, the <meta> charset and
    finally cp1252 (the browsers' reading of "latin-1"), each only if it decodes cleanly.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if not data.isascii():
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    candidates = [header_charset]
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    for charset in [c for c in candidates if c]:
        if charset.lower().replace("-", "").replace("_", "") in ("utf8", "utf16", "utf32"):
            continue  # already tried UTF-8 above; a UTF-16/32 page would have a BOM
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


_BLOCKS = ("p", "div", "br", "li", "tr", "blockquote", "section", "article", "h1", "h2", "h3", "h4")
# (block elements end a line: their tail starts on a new one)


def html_to_text(fragment: str) -> str:
    """Plain text from a feed's HTML summary or content."""
    if not fragment:
        return ""
    if "<" in fragment:
        try:
            root = lxml_html.fromstring(f"<div>{fragment}</div>")
            for bad in root.xpath(".//script|.//style|.//noscript"):
                bad.drop_tree()
            for block in root.iter(*_BLOCKS):  # "<p>killed</p><p>An" is two sentences, not "killedAn"
                block.tail = "\n" + (block.tail or "")
            fragment = root.text_content()
        except Exception:  # lxml rejects some fragments; fall back to stripping tags
            fragment = _SCRIPTS.sub(" ", fragment)
            fragment = _TAGS.sub(" ", fragment)
    text = html_lib.unescape(fragment)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def feed_fallback(feed_content: str, feed_summary: str, note: str) -> Extraction:
    content = html_to_text(feed_content)
    summary = html_to_text(feed_summary)
    if content and len(content) >= len(summary):
        return Extraction(text=content, extraction="feed_content", note=note)
    if summary:
        return Extraction(text=summary, extraction="feed_summary", note=note)
    return Extraction(text="", extraction="title_only", note=note)


# trafilatura options. `fast=True` skips the fallback extractors (readability, jusText):
# on the 46 reference pages of ../shared/corpus/html it scores a higher token F1 (0.815 vs
# 0.800 micro) in half the time; favor_recall/favor_precision did not do better (see
# docs/ingestion.md and tests/test_extract.py).
TRAFILATURA_OPTIONS: dict[str, bool] = {
    "fast": True,
    "include_comments": False,
    "include_tables": False,
}


def extract_html(html: str, url: str | None = None) -> Extraction | None:
    """trafilatura's bare_extraction with metadata; None when it finds no text."""
    import trafilatura  # here, not at the top: a cycle with no new page never pays its import

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, **TRAFILATURA_OPTIONS)
    if doc is None:
        return None
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        return None
    return Extraction(
        text=text,
        extraction="trafilatura",
        title=data.get("title") or None,
        author=data.get("author") or None,
        date=data.get("date") or None,
        sitename=data.get("sitename") or None,
        language=data.get("language") or None,
    )


def extract_article(
    page: bytes | None,
    *,
    url: str | None = None,
    content_type: str | None = None,
    charset: str | None = None,
    feed_content: str = "",
    feed_summary: str = "",
    fetch_error: str | None = None,
) -> Extraction:
    """Best text for an item: the page's article text, else the feed's own text."""
    if fetch_error:
        return feed_fallback(feed_content, feed_summary, f"page not fetched: {fetch_error}")
    if not page:
        return feed_fallback(feed_content, feed_summary, "no page")
    if content_type and content_type not in HTML_TYPES and not looks_like_html(page):
        return feed_fallback(feed_content, feed_summary, f"not HTML: {content_type}")
    if not content_type and not looks_like_html(page):
        return feed_fallback(feed_content, feed_summary, "not HTML (sniffed)")
    try:
        result = extract_html(decode_html(page, charset), url=url)
    except Exception as exc:  # trafilatura/lxml can fail on hostile markup
        return feed_fallback(feed_content, feed_summary, f"extraction failed: {type(exc).__name__}")
    if result is None:
        return feed_fallback(feed_content, feed_summary, "trafilatura found no text")
    fallback = feed_fallback(feed_content, feed_summary, "")
    if len(result.text) < MIN_TEXT_CHARS and len(fallback.text) > len(result.text):
        fallback.note = f"page text too short ({len(result.text)} chars)"
        fallback.title, fallback.date = result.title, result.date
        fallback.sitename, fallback.author = result.sitename, result.author
        return fallback
    return result


# -- evaluation ---------------------------------------------------------------------------

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_TOKEN = re.compile(r"\w+")


def eval_tokens(text: str) -> list[str]:
    """Lower-case word tokens; Chinese, Japanese and Korean characters count one by one
    (those scripts do not separate words with spaces)."""
    return _TOKEN.findall(_CJK.sub(r" \g<0> ", (text or "").lower()))


@dataclass(frozen=True)
class TokenScore:
    """Token-level (bag of words) overlap of an extraction with the expected text."""

    overlap: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.overlap / self.predicted if self.predicted else float(not self.expected)

    @property
    def recall(self) -> float:
        return self.overlap / self.expected if self.expected else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: TokenScore) -> TokenScore:
        return TokenScore(
            self.overlap + other.overlap, self.predicted + other.predicted, self.expected + other.expected
        )


def token_score(predicted: str, expected: str) -> TokenScore:
    """Precision/recall/F1 of `predicted` against `expected` over multisets of tokens;
    summing scores gives the micro-average over pages."""
    got, want = Counter(eval_tokens(predicted)), Counter(eval_tokens(expected))
    return TokenScore(sum((got & want).values()), sum(got.values()), sum(want.values()))
