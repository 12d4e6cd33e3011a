"""Parse feed bytes (RSS 0.9x/1.0/2.0, Atom 0.3/1.0 via feedparser; JSON Feed 1.0/1.1 here).

Pure functions: bytes in, `ParsedFeed` out. Never raises on bad input: a feed that cannot
be read at all comes back with `error` set and no items; a `bozo` feed keeps every item
that parsed and records the warning.
"""

from __future__ import annotations

import calendar
import codecs
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import courlan
import feedparser

# Items dated further ahead than this are clamped to the fetch time (bad clocks, typos).
FUTURE_TOLERANCE = timedelta(hours=1)

# Entity declarations in a DTD are kept (feedparser keeps only flat ones) as long as all
# their references together cannot expand the document by more than this many characters.
ENTITY_EXPANSION_LIMIT = 64 * 1024
# A DTD longer than this is refused without reading its declarations (real feeds declare a
# handful of entities; the declaration patterns cost time quadratic in hostile input).
MAX_PROLOG_CHARS = 8 * 1024
_ENTITY_OPEN = re.compile("<!ENTITY", re.I)
_REFUSED_NOTE = "refused DTD entity declarations (possible entity-expansion bomb); DOCTYPE removed"
_FIRST_ELEMENT = re.compile(r"<[A-Za-z_]")
_DOCTYPE = re.compile(r"<!DOCTYPE\b[^\[>]*(?:\[.*?\]\s*)?>", re.S | re.I)
_ENTITY_DECL = re.compile(r"""<!ENTITY\s+(%\s+)?([^\s"']+)\s+(?:"([^"]*)"|'([^']*)'|([^>]*))\s*>""", re.S)
_ANY_ENTITY_DECL = re.compile(r"""<!ENTITY(?:"[^"]*"|'[^']*'|[^>"'])*>""", re.S)
_BOMS = (
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
)
_NULL_PATTERNS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)


@dataclass
class FeedItem:
    link: str  # normalised
    link_original: str
    title: str
    summary: str
    content: str
    published_at: datetime
    published_raw: str | None
    date_source: str  # feed | fetch_time | clamped
    author: str | None = None
    guid: str | None = None
    source_name: str | None = None


@dataclass
class ParsedFeed:
    title: str | None = None
    items: list[FeedItem] = field(default_factory=list)
    bozo: str | None = None  # warning text when the XML was ill-formed but readable
    error: str | None = None  # set when nothing could be read
    format: str | None = None


def normalise_link(url: str) -> str:
    """Canonical form used for uniqueness: lower-case host, tracking parameters (utm_*,
    at_medium, traffic_source, fbclid ...) and the fragment removed.

    Every other query parameter is kept: courlan's strict mode keeps only an allow-list
    (id, p, page ...), which made every `youtube.com/watch?v=...` item of a feed one link,
    so all but the first were dropped as already stored. Over the 75,158 links of the
    corpus streams both forms give the same links except three ad URLs."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(courlan.normalize_url(url, strict=False))
    except Exception:  # courlan raises assorted errors on odd URLs; keep the original
        return url
    return urlunsplit(parts._replace(fragment=""))


def _resolve_date(parsed: datetime | None, raw: str | None, fetched_at: datetime) -> tuple[datetime, str]:
    if parsed is None:
        return fetched_at, "fetch_time"
    if parsed > fetched_at + FUTURE_TOLERANCE:
        return fetched_at, "clamped"
    return parsed, "feed"


def _struct_to_dt(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _parse_iso(raw: str | None) -> datetime | None:
    if not raw:
        return None
    text = raw.strip()
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def _sniff_codec(data: bytes) -> tuple[str, bytes]:
    """(codec, BOM) for reading the prolog: BOM, then the null-byte pattern of '<', else
    latin-1 (enough to find ASCII markup in any ASCII-compatible encoding)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, bom
    for pattern, codec in _NULL_PATTERNS:
        if data.startswith(pattern):
            return codec, b""
    return "latin-1", b""


def refuse_entity_bombs(data: bytes) -> tuple[bytes, str | None]:
    """Strip the DOCTYPE when its entity declarations could blow up parsing.

    XML entity expansion ("billion laughs", or one long entity referenced many times) makes
    a few kilobytes expand to gigabytes. feedparser drops nested entities itself, but keeps
    flat ones and its fallback (loose) parser expands them without a limit. Declarations
    that nest, point outside (SYSTEM/PUBLIC) or whose references would add more than
    ENTITY_EXPANSION_LIMIT characters are refused: the whole DOCTYPE is removed, so the
    references stay unexpanded, and a note is returned for the feed's bozo field.
    Returns (data, note); data is unchanged when nothing had to be refused.
    """
    codec, bom = _sniff_codec(data)
    try:
        text = data[len(bom) :].decode(codec, errors="replace" if codec == "latin-1" else "strict")
    except UnicodeDecodeError:
        return data, None
    upper = text.upper()
    first = _FIRST_ELEMENT.search(text)
    doctype_at = upper.find("<!DOCTYPE")
    doctype = _DOCTYPE.match(text, doctype_at) if doctype_at >= 0 else None
    if doctype and first and doctype.start() < first.start():
        first = _FIRST_ELEMENT.search(text, doctype.end())  # markup inside entity values
    prolog = text[: first.start()] if first else text
    if "<!ENTITY" not in upper:
        return data, None
    body = text[len(prolog) :]
    # A DTD that goes on past where it seemed to end (a "]>" inside an entity value) or one
    # too long to scan cheaply (the patterns below are quadratic in the worst case) is
    # refused unread, with any declaration left in the body made inert.
    in_prolog = 0 <= doctype_at < len(prolog)
    smuggled = in_prolog and "<!ENTITY" in upper[len(prolog) :]
    if smuggled or len(prolog) > MAX_PROLOG_CHARS:
        cleaned = prolog[:doctype_at] if in_prolog else prolog
        cleaned = "" if "<!ENTITY" in cleaned.upper() else cleaned
        if smuggled:
            body = _ENTITY_OPEN.sub("&lt;!ENTITY", body)
        return bom + (cleaned + body).encode(codec, errors="replace"), _REFUSED_NOTE
    if "<!ENTITY" not in upper[: len(prolog)]:
        return data, None
    decls = _ENTITY_DECL.findall(prolog)
    expansion = 0
    unsafe = len(decls) != len(_ANY_ENTITY_DECL.findall(prolog))
    for parameter, name, dq, sq, other in decls:
        value = dq or sq
        if parameter or other or "&" in value or "%" in value:
            unsafe = True
            break
        expansion += len(value) * body.count(f"&{name};")
        if expansion > ENTITY_EXPANSION_LIMIT:
            unsafe = True
            break
    if not unsafe:
        return data, None
    if doctype and doctype.end() <= len(prolog):
        prolog = prolog[: doctype.start()] + prolog[doctype.end() :]
    cleaned = _ANY_ENTITY_DECL.sub("", prolog)
    return bom + (cleaned + body).encode(codec, errors="replace"), _REFUSED_NOTE


def looks_like_json_feed(data: bytes) -> bool:
    head = data.lstrip()[:200]
    if not head.startswith((b"{", b"\xef\xbb\xbf{")):
        return False
    if b"jsonfeed.org" in data[:4096]:
        return True
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and "jsonfeed.org/version" in str(doc.get("version", ""))


def parse_json_feed(data: bytes, fetched_at: datetime, base_url: str | None = None) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1).

    1.1 renamed `author` to `authors` (a list) and added `language`; both are read. Relative
    item URLs are resolved against the feed's `home_page_url`, else `base_url`.
    """
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return ParsedFeed(error=f"invalid JSON Feed: {exc}", format="json")
    except RecursionError:  # nesting deeper than the interpreter's stack: hostile or broken
        return ParsedFeed(error="invalid JSON Feed: nested too deeply", format="json")
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return ParsedFeed(error="invalid JSON Feed: no items list", format="json")
    version = _text(doc.get("version")).rstrip("/").rsplit("/", 1)[-1]
    out = ParsedFeed(title=_text(doc.get("title")) or None, format=f"json{version}")
    base = _text(doc.get("home_page_url")) or _text(doc.get("feed_url")) or base_url or ""
    feed_authors = doc.get("authors") or ([doc["author"]] if isinstance(doc.get("author"), dict) else [])
    for entry in doc["items"]:
        if not isinstance(entry, dict):
            continue
        link_original = _text(entry.get("url")) or _text(entry.get("external_url"))
        if link_original and base:
            link_original = urljoin(base, link_original)
        raw_date = _text(entry.get("date_published")) or _text(entry.get("date_modified")) or None
        published, source = _resolve_date(_parse_iso(raw_date), raw_date, fetched_at)
        authors = entry.get("authors") or ([entry["author"]] if entry.get("author") else [])
        authors = authors if isinstance(authors, list) and authors else feed_authors
        if not isinstance(authors, list):
            authors = []
        author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")), None)
        out.items.append(
            FeedItem(
                link=normalise_link(link_original),
                link_original=link_original,
                title=_text(entry.get("title")),
                summary=_text(entry.get("summary")),
                content=_text(entry.get("content_html")) or _text(entry.get("content_text")),
                published_at=published,
                published_raw=raw_date,
                date_source=source,
                author=author,
                guid=str(entry.get("id")) if entry.get("id") is not None else None,
            )
        )
    return out


def _feedparser_item(entry, fetched_at: datetime) -> FeedItem:
    link_original = _text(entry.get("link"))
    raw_date = entry.get("published") or entry.get("updated") or entry.get("created")
    parsed = _struct_to_dt(
        entry.get("published_parsed") or entry.get("updated_parsed") or entry.get("created_parsed")
    )
    published, source = _resolve_date(parsed, raw_date, fetched_at)
    content = ""
    if entry.get("content"):
        content = _text(entry["content"][0].get("value"))
    source_name = None
    if isinstance(entry.get("source"), dict):
        source_name = _text(entry["source"].get("title")) or None
    return FeedItem(
        link=normalise_link(link_original),
        link_original=link_original,
        title=_text(entry.get("title")),
        summary=_text(entry.get("summary")),
        content=content,
        published_at=published,
        published_raw=raw_date if isinstance(raw_date, str) else None,
        date_source=source,
        author=_text(entry.get("author")) or None,
        guid=_text(entry.get("id")) or None,
        source_name=source_name,
    )


def parse_feed(
    data: bytes,
    fetched_at: datetime | None = None,
    content_type: str | None = None,
    base_url: str | None = None,
) -> ParsedFeed:
    """Parse feed bytes. `content_type` (with charset) is passed on as HTTP headers would be."""
    fetched_at = fetched_at or datetime.now(UTC)
    if not data or not data.strip():
        return ParsedFeed(error="empty response body")
    if looks_like_json_feed(data):
        return parse_json_feed(data, fetched_at, base_url=base_url)
    headers = {"content-type": content_type} if content_type else {}
    if base_url:
        headers["content-location"] = base_url
    data, refused = refuse_entity_bombs(data)
    try:
        # feedparser gets bytes only: it never fetches anything itself here.
        doc = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    except Exception as exc:  # feedparser is robust, but a crash must not stop a cycle
        return ParsedFeed(error=f"{type(exc).__name__}: {exc}", bozo=refused)
    out = ParsedFeed(title=_text(doc.feed.get("title")) or None, format=doc.get("version") or None)
    if doc.get("bozo"):
        exc = doc.get("bozo_exception")
        out.bozo = f"{type(exc).__name__}: {exc}" if exc else "ill-formed feed"
    if refused:
        out.bozo = f"{refused}; {out.bozo}" if out.bozo else refused
    for entry in doc.entries:
        try:
            out.items.append(_feedparser_item(entry, fetched_at))
        except Exception as exc:  # one strange entry must not lose the others
            out.bozo = (out.bozo or "") + f"; skipped an entry: {type(exc).__name__}: {exc}"
    if not out.items and not out.format:
        # Nothing read and no feed format recognised: an HTML page, a CDF channel, noise.
        out.error = out.bozo or "not a recognised feed (no RSS, Atom or JSON Feed found)"
    return out
