"""The stages' steps as Prefect tasks: what a flow passes to `newswatch.stages.<stage>.run`.

The stages are assembled once, in newswatch/stages/; these adapters only add Prefect
concerns: each step is a task, large inputs (pages, parsed items, rows, articles) are
passed as `quote(...)` so that Prefect does not walk them looking for upstream futures
(seconds per 1,000 pages), and with Dask configured (flows/scaling.py) the pure CPU steps
(extract-pages, tag-batch) are submitted to it.

A step given an empty batch (no feed due, no new item, no new alert) runs as the plain stage
function, in-process, without a task run (and an ingest that polled nothing stores nothing,
without opening the warehouse): the same result and the same rows, without a task run's
overhead. With no article pending the tagger is not loaded at all (spaCy and the gazetteer
cost seconds): a cycle with nothing new takes a few seconds (benchmarks/cycle_startup.py).
"""

from __future__ import annotations

import duckdb
from prefect import tags
from prefect.utilities.annotations import quote

from flows.scaling import distributed
from newswatch.settings import current_settings
from newswatch.stages import detect as detect_stage
from newswatch.stages import ingest as ingest_stage
from newswatch.stages import process as process_stage
from tasks import detect as detect_tasks
from tasks import ingest as ingest_tasks
from tasks import notify as notify_tasks
from tasks import process as process_tasks

EXTRACT_CHUNK = 100  # pages per extract-pages task when extraction is distributed
TAG_FANOUT = 8  # tag-batch tasks in flight per round when tagging is distributed


def network_tags():
    """The tags of the network tasks (setting fetch_tags, NEWSWATCH_FETCH_TAGS; default
    "network"): `prefect concurrency-limit create network 1` bounds them across flow runs."""
    return tags(*current_settings().fetch_tags)


class IngestTasks:
    prepare_feeds = staticmethod(ingest_tasks.load_feed_list)
    load_staged = staticmethod(ingest_tasks.load_staged)
    due_feeds = staticmethod(ingest_tasks.select_due_feeds)

    @staticmethod
    def fetch_feeds(feeds, states, settings):
        if not feeds:  # no feed due
            return ingest_stage.fetch_feeds(feeds, states, settings)
        with network_tags():
            return ingest_tasks.fetch_feeds(feeds, states, settings)

    @staticmethod
    def parse_feeds(due, fetches):
        if not due:
            return ingest_stage.parse_feeds(due, fetches)
        return ingest_tasks.parse_feeds(due, quote(fetches))

    @staticmethod
    def new_items(outcomes, db):
        if not outcomes:
            return ingest_stage.new_items(outcomes, db)
        return ingest_tasks.find_new_items(quote(outcomes), db)

    @staticmethod
    def fetch_pages(items, settings, exempt=frozenset()):
        with network_tags():
            return ingest_tasks.fetch_pages(quote(items), settings, exempt)

    @staticmethod
    def extract_pages(feed_items, pages, now):
        if distributed() and len(feed_items) > EXTRACT_CHUNK:
            # chunks are not quote()d: prefect-dask hands quoted inputs to the task still wrapped
            futures = [
                ingest_tasks.extract_pages.submit(
                    feed_items[i : i + EXTRACT_CHUNK], pages[i : i + EXTRACT_CHUNK], now
                )
                for i in range(0, len(feed_items), EXTRACT_CHUNK)
            ]
            return [row for f in futures for row in f.result()]
        return ingest_tasks.extract_pages(quote(feed_items), quote(pages), now)

    @staticmethod
    def store_ingest(db, outcomes_items, rows, states, now):
        if not outcomes_items and not rows:  # nothing polled, nothing to store: no write at all
            return ingest_stage.IngestReport()
        return ingest_tasks.store_ingest(db, quote(outcomes_items), quote(rows), states, now)


class ProcessTasks:
    @staticmethod
    def prepare_tagging(db, seeds_dir):
        """Load the tagger and sync the gazetteer's entities only when some article waits to
        be tagged: the entities are synced, as before, ahead of the first batch that can
        mention them. Nothing pending: no tagger (spaCy), no task; returns 0."""
        if not pending(db):
            return 0
        return process_tasks.prepare_tagging(db, seeds_dir)

    @staticmethod
    def read_pending(db, limit):
        # The stage reads until nothing is pending: that last, empty read needs no task run.
        if not pending(db):
            return []
        return process_tasks.read_pending(db, limit)

    @staticmethod
    def tag_batches(batches, seeds_dir):
        if distributed():
            futures = [process_tasks.tag_batch.submit(b, seeds_dir) for b in batches]
            return [f.result() for f in futures]
        return [process_tasks.tag_batch(quote(b), seeds_dir) for b in batches]

    @staticmethod
    def store_tags(db, results):
        return process_tasks.store_tags(db, quote(results))


class DetectTasks:
    cluster_pending = staticmethod(detect_tasks.cluster_events)

    @staticmethod
    def evaluate_rules(db, rules, touched, now):
        return detect_tasks.evaluate_rules(db, quote(rules), quote(touched), now)

    @staticmethod
    def record_alerts(db, rules, matched, now):
        if not matched:
            return detect_stage.record_alerts(db, rules, matched, now)
        return detect_tasks.record_alerts(db, quote(rules), quote(matched), now)


def pending(db) -> bool:
    """Whether any article waits to be tagged; also True for a warehouse that does not exist
    or is not migrated yet (prepare-tagging then migrates it, as it always did)."""
    try:
        return bool(process_stage.read_pending(db, 1))
    except (FileNotFoundError, duckdb.Error):
        return True


def tag_fanout() -> int:
    """Tag-batch tasks per round: in parallel only on Dask."""
    return TAG_FANOUT if distributed() else 1


def deliver_outbox(db, rules, now):
    return notify_tasks.deliver_outbox(db, quote(rules), now)
