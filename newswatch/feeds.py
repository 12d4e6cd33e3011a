"""Parse feed bytes (RSS 0.9x/1.0/2.0, Atom 0.3/1.0 via feedparser; JSON Feed 1.0/1.1 here).

Pure functions: bytes in, `ParsedFeed` out. Never raises on bad input: a feed that cannot
be read at all comes back with `error` set and no items; a `bozo` feed keeps every item
that parsed and records the warning.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import courlan
import feedparser

# Items dated further ahead than this are clamped to the fetch time (bad clocks, typos).
FUTURE_TOLERANCE = timedelta(hours=1)


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
    """Canonical form used for uniqueness: lower-case host, tracking parameters removed."""
    url = (url or "").strip()
    if not url:
        return ""
    try:
        return courlan.normalize_url(url, strict=True)
    except Exception:  # courlan raises assorted errors on odd URLs; keep the original
        return url


def item_key(link: str, guid: str | None, title: str) -> str:
    """A stable id for an item, preferring its normalised link."""
    basis = link or guid or title
    return hashlib.sha1(basis.encode("utf-8", "replace")).hexdigest()[:16]


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


def looks_like_json_feed(data: bytes) -> bool:
    head = data.lstrip()[:200]
    return head.startswith(b"{") and b"jsonfeed.org" in data[:4096]


def parse_json_feed(data: bytes, fetched_at: datetime) -> ParsedFeed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return ParsedFeed(error=f"invalid JSON Feed: {exc}", format="json")
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return ParsedFeed(error="invalid JSON Feed: no items list", format="json")
    out = ParsedFeed(title=_text(doc.get("title")) or None, format="json")
    for entry in doc["items"]:
        if not isinstance(entry, dict):
            continue
        link_original = _text(entry.get("url")) or _text(entry.get("external_url"))
        raw_date = _text(entry.get("date_published")) or _text(entry.get("date_modified")) or None
        published, source = _resolve_date(_parse_iso(raw_date), raw_date, fetched_at)
        authors = entry.get("authors") or ([entry["author"]] if entry.get("author") else [])
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
        return parse_json_feed(data, fetched_at)
    headers = {"content-type": content_type} if content_type else {}
    if base_url:
        headers["content-location"] = base_url
    try:
        # feedparser gets bytes only: it never fetches anything itself here.
        doc = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    except Exception as exc:  # feedparser is robust, but a crash must not stop a cycle
        return ParsedFeed(error=f"{type(exc).__name__}: {exc}")
    out = ParsedFeed(title=_text(doc.feed.get("title")) or None, format=doc.get("version") or None)
    if doc.get("bozo"):
        exc = doc.get("bozo_exception")
        out.bozo = f"{type(exc).__name__}: {exc}" if exc else "ill-formed feed"
    for entry in doc.entries:
        try:
            out.items.append(_feedparser_item(entry, fetched_at))
        except Exception as exc:  # one strange entry must not lose the others
            out.bozo = (out.bozo or "") + f"; skipped an entry: {type(exc).__name__}: {exc}"
    if not out.items and not out.format and out.bozo:
        out.error = out.bozo
    return out
