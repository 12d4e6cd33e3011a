"""Ingest logic as plain functions: which feeds are due, what a fetch means for a feed's
polling state, and how feed items plus fetched pages become article rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from newswatch import dedup
from newswatch.extract import Extraction, extract_article
from newswatch.feeds import FeedItem, ParsedFeed, parse_feed
from newswatch.ids import article_id_for
from newswatch.seeds import FeedSpec

if TYPE_CHECKING:  # fetching happens in the stage; this module only reads results
    from newswatch.http import FetchResult

MIN_INTERVAL = timedelta(minutes=10)
MAX_INTERVAL = timedelta(hours=24)
DEFAULT_INTERVAL = timedelta(minutes=15)
GOOGLE_NEWS_HOSTS = {"news.google.com"}


def source_for(url: str, source_name: str | None = None) -> str:
    """The outlet an article counts as (for independent-source counts): the name the feed
    item or the page declares (aggregators carry many outlets), else the URL's host."""
    if source_name:
        return source_name.strip()
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def is_due(state: dict[str, Any] | None, now: datetime) -> bool:
    if not state or state.get("next_poll_at") is None:
        return True
    return state["next_poll_at"] <= now


def next_poll(
    state: dict[str, Any] | None, fetch_status: str, new_items: int, now: datetime
) -> dict[str, Any]:
    """Adaptive polling: halve the interval when a feed brings news, grow it by half when
    it brings none, double it on failures; always within [10 min, 24 h]."""
    state = state or {}
    interval = timedelta(seconds=state.get("poll_interval_s") or DEFAULT_INTERVAL.total_seconds())
    failures = state.get("consecutive_failures") or 0
    ok = fetch_status in ("ok", "not_modified")
    if not ok:
        failures += 1
        interval *= 2
    else:
        failures = 0
        interval = interval / 2 if new_items else interval * 1.5
    interval = max(MIN_INTERVAL, min(MAX_INTERVAL, interval))
    return {
        "poll_interval_s": int(interval.total_seconds()),
        "next_poll_at": now + interval,
        "consecutive_failures": failures,
        "last_success_at": now if ok else None,
        "last_new_item_at": now if new_items else None,
    }


@dataclass
class FeedOutcome:
    """A fetched and parsed feed, before pages are fetched."""

    feed: FeedSpec
    fetch: FetchResult
    parsed: ParsedFeed | None
    status: str  # fetch status, or parse_error

    def fetch_row(self, new_items: int) -> dict[str, Any]:
        parsed = self.parsed
        error = self.fetch.error
        if self.status == "parse_error" and parsed is not None:
            error = parsed.error
        return {
            "feed_id": self.feed.feed_id,
            "fetched_at": self.fetch.fetched_at,
            "status": self.status,
            "http_status": self.fetch.http_status,
            "error": error,
            "bytes": len(self.fetch.body),
            "duration_ms": self.fetch.duration_ms,
            "items": len(parsed.items) if parsed else 0,
            "new_items": new_items,
            "bozo": parsed.bozo if parsed else None,
        }


def parse_fetched_feed(feed: FeedSpec, fetch: FetchResult) -> FeedOutcome:
    if not fetch.ok:
        return FeedOutcome(feed, fetch, None, fetch.status)
    parsed = parse_feed(
        fetch.body,
        fetched_at=fetch.fetched_at,
        content_type=fetch.headers.get("content-type"),
        base_url=fetch.final_url,
    )
    status = "parse_error" if parsed.error else "ok"
    return FeedOutcome(feed, fetch, parsed, status)


def is_google_news(url: str) -> bool:
    return (urlsplit(url).hostname or "").lower() in GOOGLE_NEWS_HOSTS


def extraction_for(item: FeedItem, page: FetchResult | None) -> Extraction:
    if page is None:
        note = (
            "Google News redirect link: kept the feed summary"
            if is_google_news(item.link)
            else "page not fetched"
        )
        return extract_article(None, feed_content=item.content, feed_summary=item.summary, fetch_error=note)
    if not page.ok:
        return extract_article(
            None,
            feed_content=item.content,
            feed_summary=item.summary,
            fetch_error=f"{page.status}: {page.error}",
        )
    return extract_article(
        page.body,
        url=page.final_url,
        content_type=page.content_type,
        charset=page.charset,
        feed_content=item.content,
        feed_summary=item.summary,
    )


def article_row(
    feed: FeedSpec, item: FeedItem, extraction: Extraction, fetched_at: datetime
) -> dict[str, Any]:
    text = extraction.text or item.title
    return {
        "article_id": article_id_for(item.link),
        "feed_id": feed.feed_id,
        "url": item.link,
        "url_original": item.link_original,
        "source": source_for(item.link, item.source_name or extraction.sitename),
        "title": item.title or extraction.title or "",
        "text": text,
        "summary": extraction_summary(item),
        "published_at": item.published_at,
        "published_raw": item.published_raw,
        "date_source": item.date_source,
        "fetched_at": fetched_at,
        "author": extraction.author or item.author,
        "language": extraction.language or feed.language,
        "extraction": extraction.extraction,
        "extraction_note": extraction.note,
        "text_hash": dedup.text_hash(text),
        "simhash": dedup.simhash(text),
        "copy_of": None,
    }


def extraction_summary(item: FeedItem) -> str:
    from newswatch.extract import html_to_text

    return html_to_text(item.summary)[:2000]


def mark_copies(rows: list[dict[str, Any]], known: list[tuple[str, str, int | None]]) -> int:
    """Set `copy_of` on rows that copy a known article or an earlier row; returns how many."""
    pool = dedup.CopyIndex(list(known))
    copies = 0
    for row in sorted(rows, key=lambda r: r["published_at"] or datetime.min.replace(tzinfo=UTC)):
        original = pool.find(row["text_hash"], row["simhash"])
        if original and original != row["article_id"]:
            row["copy_of"] = original
            copies += 1
        else:
            pool.add(row["article_id"], row["text_hash"], row["simhash"])
    return copies


def unique_new_items(items: list[FeedItem], known_urls: set[str]) -> list[FeedItem]:
    seen: set[str] = set()
    fresh = []
    for item in items:
        if not item.link or item.link in known_urls or item.link in seen:
            continue
        seen.add(item.link)
        fresh.append(item)
    return fresh
