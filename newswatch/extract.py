"""Article text and metadata from HTML with trafilatura, with the feed's text as fallback.

`extract_article` is a pure function over page bytes (as trafilatura's own tests are over
saved pages). It always returns an `Extraction`: when the page is missing, not HTML or
too thin, the feed's content or summary is used and `extraction`/`note` say so.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

import trafilatura
from lxml import html as lxml_html

MIN_TEXT_CHARS = 250
HTML_TYPES = {"text/html", "application/xhtml+xml"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)
_TAGS = re.compile(r"<[^>]+>")
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


def decode_html(data: bytes, header_charset: str | None) -> str:
    """Charset from the HTTP header, then <meta>, then detection (UTF-8, then cp1252)."""
    candidates = [header_charset]
    match = _META_CHARSET.search(data[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    for charset in [c for c in candidates if c]:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def html_to_text(fragment: str) -> str:
    """Plain text from a feed's HTML summary or content."""
    if not fragment:
        return ""
    if "<" in fragment:
        try:
            fragment = lxml_html.fromstring(f"<div>{fragment}</div>").text_content()
        except Exception:  # lxml rejects some fragments; fall back to stripping tags
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


def extract_html(html: str, url: str | None = None) -> Extraction | None:
    """trafilatura's bare_extraction with metadata; None when it finds no text."""
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
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
