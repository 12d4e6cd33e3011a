"""The ingest stage: poll the due feeds, find new items, fetch and extract their pages,
store articles, fetch records and feed states in one transaction.

`run` is the stage, assembled once. Each step is a plain function below; `run` calls them
through a `steps` object, so the Prefect flow (flows/monitor.py) runs the very same
sequence with each step as a task (and extraction on Dask) by passing its own steps.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from newswatch import ingest
from newswatch.config import FetchSettings
from newswatch.delivery import redact
from newswatch.http import FetchResult, fetch_many
from newswatch.robots import fetch_pages_politely
from newswatch.seeds import FeedSpec, load_feeds
from warehouse import WarehouseBusy, staging
from warehouse.store import Warehouse

COPY_WINDOW = timedelta(days=7)
PAGE_CHUNK = 500  # pages fetched, then extracted, at a time (bounds the bodies held in memory)


@dataclass
class IngestReport:
    feeds_total: int = 0
    feeds_polled: int = 0
    feeds_failed: dict[str, str] = field(default_factory=dict)
    fetch_status: Counter = field(default_factory=Counter)
    new_articles: int = 0
    copies: int = 0
    staged: bool = False
    extraction: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "feeds_total": self.feeds_total,
            "feeds_polled": self.feeds_polled,
            "fetch_status": dict(self.fetch_status),
            "feeds_failed": self.feeds_failed,
            "new_articles": self.new_articles,
            "copies": self.copies,
            "staged": self.staged,
            "extraction": dict(self.extraction),
        }


# -- the steps ---------------------------------------------------------------------------


def prepare_feeds(feeds_path: str | Path, db: str | Path) -> list[FeedSpec]:
    """Load the feed list, migrate the warehouse, record the feeds."""
    feeds = load_feeds(feeds_path)
    wh = Warehouse(db)
    wh.ensure()
    wh.sync_feeds(feed_row(f) for f in feeds)
    return feeds


def feed_row(feed: FeedSpec, tags: list[str] | None = None) -> dict[str, Any]:
    return {
        "feed_id": feed.feed_id,
        "url": feed.url,
        "name": feed.name,
        "language": feed.language,
        "tags": list(feed.tags) if tags is None else tags,
    }


def load_staged(db: str | Path) -> int:
    """Load batches an earlier cycle had to leave on disk; returns new articles."""
    wh = Warehouse(db)
    new = 0
    staging.discard_partial(db)
    for path in staging.staged(db, "ingest"):
        batch = staging.read(path)
        mark_staged_copies(wh, batch["articles"])
        new += wh.load_ingest(batch["fetches"], batch["articles"], batch["feeds"])
        path.unlink()
    return new


def mark_staged_copies(wh: Warehouse, rows: list[dict[str, Any]]) -> None:
    """Copies are marked when a batch is loaded: a batch is staged because the warehouse was
    busy, so the cycle that staged it could not read the earlier articles to compare with."""
    if rows:
        ingest.mark_copies(rows, wh.copy_candidates(min(r["fetched_at"] for r in rows) - COPY_WINDOW))


def due_feeds(
    feeds: list[FeedSpec], db: str | Path, now: datetime, force: bool = False
) -> tuple[list[FeedSpec], dict[str, dict[str, Any]]]:
    states = Warehouse(db).feed_states([f.feed_id for f in feeds])
    due = [f for f in feeds if force or ingest.is_due(states.get(f.feed_id), now)]
    return due, states


def fetch_feeds(
    feeds: list[FeedSpec], states: dict[str, dict[str, Any]], settings: FetchSettings
) -> list[FetchResult]:
    requests = []
    for feed in feeds:
        state = states.get(feed.feed_id) or {}
        requests.append((feed.url, {"etag": state.get("etag"), "last_modified": state.get("last_modified")}))
    return fetch_many(requests, settings)


def parse_feeds(feeds: list[FeedSpec], fetches: list[FetchResult]) -> list[ingest.FeedOutcome]:
    return [ingest.parse_fetched_feed(f, r) for f, r in zip(feeds, fetches, strict=True)]


def new_items(
    outcomes: list[ingest.FeedOutcome], db: str | Path
) -> list[tuple[ingest.FeedOutcome, list[ingest.FeedItem]]]:
    links = [i.link for o in outcomes if o.parsed for i in o.parsed.items if i.link]
    known = Warehouse(db).known_urls(links)
    seen: set[str] = set()
    out = []
    for outcome in outcomes:
        items = ingest.unique_new_items(outcome.parsed.items if outcome.parsed else [], known | seen)
        seen.update(i.link for i in items)
        out.append((outcome, items))
    return out


def fetch_pages(
    items: list[ingest.FeedItem], settings: FetchSettings, exempt: frozenset[str] = frozenset()
) -> list[FetchResult | None]:
    """Fetch article pages (not Google News redirect links, which need a browser) under each
    host's robots.txt and Crawl-delay; links in `exempt` (feeds with `robots: false`) skip it."""
    wanted = [i for i in items if not ingest.is_google_news(i.link)]
    results = iter(fetch_pages_politely([i.link for i in wanted], settings, exempt))
    return [None if ingest.is_google_news(i.link) else next(results) for i in items]


def extract_pages(
    feeds_items: list[tuple[FeedSpec, ingest.FeedItem]], pages: list[FetchResult | None], now: datetime
) -> list[dict[str, Any]]:
    return [
        ingest.article_row(feed, item, ingest.extraction_for(item, page), now)
        for (feed, item), page in zip(feeds_items, pages, strict=True)
    ]


def store_ingest(
    db: str | Path,
    outcomes_items,
    rows: list[dict[str, Any]],
    states: dict[str, dict[str, Any]],
    now: datetime,
) -> IngestReport:
    wh = Warehouse(db)
    report = IngestReport(feeds_polled=len(outcomes_items))
    fetch_rows, updates = [], []
    new_per_feed = Counter(r["feed_id"] for r in rows)
    for outcome, _items in outcomes_items:
        fid = outcome.feed.feed_id
        n_new = new_per_feed.get(fid, 0)
        # On the cycle's clock, like every other time the cycle writes (last_success_at,
        # last_new_item_at, articles.fetched_at): under a simulated clock (demo, replay) the
        # wall-clock time would make each feed's rhythm seconds and every quiet day "silent".
        fetch_rows.append({**outcome.fetch_row(n_new), "fetched_at": now})
        update = ingest.next_poll(states.get(fid), outcome.status, n_new, now)
        update.update(
            feed_id=fid,
            etag=outcome.fetch.headers.get("etag"),
            last_modified=outcome.fetch.headers.get("last-modified"),
        )
        updates.append(update)
        report.fetch_status[outcome.status] += 1
        if outcome.status not in ("ok", "not_modified"):
            err = outcome.fetch.error or (outcome.parsed.error if outcome.parsed else "")
            report.feeds_failed[outcome.feed.name] = f"{outcome.status}: {redact(str(err))}"
    try:
        report.copies = ingest.mark_copies(rows, wh.copy_candidates(now - COPY_WINDOW))
        report.new_articles = wh.load_ingest(fetch_rows, rows, updates)
    except WarehouseBusy:
        # Keep what was fetched (the read of earlier articles for copies fails the same way
        # when the warehouse is busy): the next cycle marks copies and loads it first.
        staging.stage(db, "ingest", {"fetches": fetch_rows, "articles": rows, "feeds": updates})
        report.staged = True
    report.extraction.update(r["extraction"] for r in rows)
    return report


# -- the stage ---------------------------------------------------------------------------

PLAIN_STEPS = SimpleNamespace(
    prepare_feeds=prepare_feeds,
    load_staged=load_staged,
    due_feeds=due_feeds,
    fetch_feeds=fetch_feeds,
    parse_feeds=parse_feeds,
    new_items=new_items,
    fetch_pages=fetch_pages,
    extract_pages=extract_pages,
    store_ingest=store_ingest,
)


def run(
    feeds_path,
    db,
    settings: FetchSettings,
    now: datetime,
    force: bool = False,
    steps: Any = PLAIN_STEPS,
) -> IngestReport:
    feeds = steps.prepare_feeds(feeds_path, db)
    staged_new = steps.load_staged(db)
    due, states = steps.due_feeds(feeds, db, now, force)
    outcomes = steps.parse_feeds(due, steps.fetch_feeds(due, states, settings))
    outcomes_items = steps.new_items(outcomes, db)
    flat = [(o.feed, i) for o, items in outcomes_items for i in items]
    exempt = frozenset(i.link for f, i in flat if not getattr(f, "robots", True))
    rows: list[dict[str, Any]] = []
    # Pages are fetched and extracted a chunk at a time, so at most PAGE_CHUNK page bodies
    # are held at once (25k pages held together took several GB; benchmarks/load_cycle.py).
    for start in range(0, len(flat), PAGE_CHUNK):
        chunk = flat[start : start + PAGE_CHUNK]
        items = [i for _f, i in chunk]
        pages = steps.fetch_pages(items, settings, exempt)
        rows += steps.extract_pages(chunk, pages, now)
        del pages
    report = steps.store_ingest(db, outcomes_items, rows, states, now)
    report.feeds_total = len(feeds)
    report.new_articles += staged_new
    return report
