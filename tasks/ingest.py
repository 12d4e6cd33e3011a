"""Ingest tasks: each works on a batch (all due feeds, all new pages), not one item."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newswatch import cycle

# Network steps retry as a whole only for unexpected errors: each URL already has its own
# retries with backoff inside the HTTP client, and failures come back as classified results.
NETWORK = {"retries": 1, "retry_delay_seconds": 10, "cache_policy": NO_CACHE, "persist_result": False}
LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="load-feed-list", **LOCAL)
def load_feed_list(feeds: str, db: str):
    specs = cycle.prepare_feeds(feeds, db)
    get_run_logger().info("feed list %s: %d feeds", feeds, len(specs))
    return specs


@task(name="select-due-feeds", **LOCAL)
def select_due_feeds(feeds, db: str, now, force: bool):
    due, states = cycle.due_feeds(feeds, db, now, force)
    get_run_logger().info("%d of %d feeds due", len(due), len(feeds))
    return due, states


@task(name="fetch-feeds", timeout_seconds=900, tags=["network"], **NETWORK)
def fetch_feeds(feeds, states, settings):
    results = cycle.fetch_feeds(feeds, states, settings)
    failed = sum(1 for r in results if r.status not in ("ok", "not_modified"))
    get_run_logger().info("fetched %d feeds, %d failed", len(results), failed)
    return results


@task(name="parse-feeds", **LOCAL)
def parse_feeds(feeds, fetches):
    outcomes = cycle.parse_feeds(feeds, fetches)
    get_run_logger().info("parsed %d items", sum(len(o.parsed.items) for o in outcomes if o.parsed))
    return outcomes


@task(name="find-new-items", **LOCAL)
def find_new_items(outcomes, db: str):
    pairs = cycle.new_items(outcomes, db)
    get_run_logger().info("%d new items", sum(len(items) for _o, items in pairs))
    return pairs


@task(name="fetch-pages", timeout_seconds=1800, tags=["network"], **NETWORK)
def fetch_pages(items, settings):
    pages = cycle.fetch_pages(items, settings)
    ok = sum(1 for p in pages if p is not None and p.ok)
    get_run_logger().info("fetched %d of %d pages", ok, len(items))
    return pages


@task(name="extract-pages", **LOCAL)
def extract_pages(feed_items, pages, now):
    rows = cycle.extract_pages(feed_items, pages, now)
    get_run_logger().info("extracted %d articles", len(rows))
    return rows


@task(name="store-ingest", retries=2, retry_delay_seconds=5, **LOCAL)
def store_ingest(db: str, outcomes_items, rows, states, now):
    report = cycle.store_ingest(db, outcomes_items, rows, states, now)
    get_run_logger().info("stored %d new articles (%d copies)", report.new_articles, report.copies)
    return report
