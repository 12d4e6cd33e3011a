"""Ingest tasks: the steps of newswatch.stages.ingest as Prefect tasks. Each works on a
batch (all due feeds, all new pages), not one item."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newswatch.stages import ingest as stage

# Only the network steps have retries and timeouts. They retry as a whole only for unexpected
# errors: each URL already has its own retries with backoff inside the HTTP client, and
# failures come back as classified results (a dead feed never fails the run). They carry the
# tag "network": `prefect concurrency-limit create network 1` bounds how many fetch batches
# run at once across all flow runs (the client itself sends one request at a time per host).
# Local steps do not retry: writes are atomic and idempotent, and the next run picks up
# whatever is still pending. Results are never persisted (pages and rows stay in memory).
# NEWSWATCH_FETCH_TAGS="" drops the tag: without a limit on it, the tag only costs the first
# tagged task of each process a concurrency-slot service start (measured ~2 s). The tags are
# read from the settings when the task runs is created (flows/steps.py: network_tags), not here.
NETWORK = {
    "retries": 1,
    "retry_delay_seconds": 10,
    "cache_policy": NO_CACHE,
    "persist_result": False,
}
LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="load-feed-list", **LOCAL)
def load_feed_list(feeds: str, db: str):
    specs = stage.prepare_feeds(feeds, db)
    get_run_logger().info("feed list %s: %d feeds", feeds, len(specs))
    return specs


@task(name="load-staged", **LOCAL)
def load_staged(db: str) -> int:
    """Load ingest batches an earlier run had to leave on disk (the warehouse was busy)."""
    new = stage.load_staged(db)
    if new:
        get_run_logger().info("loaded %d new articles staged by an earlier run", new)
    return new


@task(name="select-due-feeds", **LOCAL)
def select_due_feeds(feeds, db: str, now, force: bool):
    due, states = stage.due_feeds(feeds, db, now, force)
    get_run_logger().info("%d of %d feeds due", len(due), len(feeds))
    return due, states


@task(name="fetch-feeds", timeout_seconds=900, **NETWORK)
def fetch_feeds(feeds, states, settings):
    results = stage.fetch_feeds(feeds, states, settings)
    failed = sum(1 for r in results if r.status not in ("ok", "not_modified"))
    get_run_logger().info("fetched %d feeds, %d failed", len(results), failed)
    return results


@task(name="parse-feeds", **LOCAL)
def parse_feeds(feeds, fetches):
    outcomes = stage.parse_feeds(feeds, fetches)
    get_run_logger().info("parsed %d items", sum(len(o.parsed.items) for o in outcomes if o.parsed))
    return outcomes


@task(name="find-new-items", **LOCAL)
def find_new_items(outcomes, db: str):
    pairs = stage.new_items(outcomes, db)
    get_run_logger().info("%d new items", sum(len(items) for _o, items in pairs))
    return pairs


@task(name="fetch-pages", timeout_seconds=1800, **NETWORK)
def fetch_pages(items, settings, exempt=frozenset()):
    pages = stage.fetch_pages(items, settings, exempt)
    ok = sum(1 for p in pages if p is not None and p.ok)
    get_run_logger().info("fetched %d of %d pages", ok, len(items))
    return pages


@task(name="extract-pages", **LOCAL)
def extract_pages(feed_items, pages, now):
    rows = stage.extract_pages(feed_items, pages, now)
    get_run_logger().info("extracted %d articles", len(rows))
    return rows


@task(name="store-ingest", **LOCAL)
def store_ingest(db: str, outcomes_items, rows, states, now):
    report = stage.store_ingest(db, outcomes_items, rows, states, now)
    if report.staged:
        get_run_logger().warning("warehouse busy: %d articles staged for the next run", len(rows))
    else:
        get_run_logger().info("stored %d new articles (%d copies)", report.new_articles, report.copies)
    return report
