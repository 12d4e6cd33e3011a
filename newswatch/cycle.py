"""Moved: the stages live in newswatch/stages/ (see docs/architecture.md).

A compatibility layer for code written against the old layout (the old names and call
signatures); nothing here assembles a stage. New code imports newswatch.stages.
"""

from __future__ import annotations

from datetime import datetime

from newswatch.alert_rules import RuleSet, load_rules
from newswatch.clock import as_utc, now_utc
from newswatch.config import SEEDS_DIR, FetchSettings
from newswatch.stages import detect, ingest, notify, process, run_cycle
from newswatch.stages.ingest import (
    IngestReport,
    due_feeds,
    extract_pages,
    fetch_feeds,
    fetch_pages,
    load_staged,
    new_items,
    parse_feeds,
    prepare_feeds,
    store_ingest,
)
from newswatch.stages.process import get_tagger

__all__ = [
    "IngestReport",
    "due_feeds",
    "extract_pages",
    "fetch_feeds",
    "fetch_pages",
    "get_tagger",
    "load_staged",
    "new_items",
    "now_utc",
    "parse_feeds",
    "prepare_feeds",
    "run_cycle",
    "run_detect",
    "run_ingest",
    "run_notify",
    "run_process",
    "store_ingest",
]


def run_ingest(
    feeds_path, db, settings: FetchSettings, now: datetime | None = None, force: bool = False
) -> IngestReport:
    return ingest.run(feeds_path, db, settings, as_utc(now), force)


def run_process(db, seeds_dir=SEEDS_DIR, batch_size: int = 500, sync_entities: bool = True) -> dict[str, int]:
    return process.run(db, seeds_dir, batch_size, sync_entities)


def run_detect(db, rules_path, now: datetime | None = None, rules: RuleSet | None = None, ensure=True):
    return detect.run(db, rules or load_rules(rules_path), as_utc(now), ensure)


def run_notify(db, rules_path, now: datetime | None = None, artifact_sink=None) -> dict[str, int]:
    return notify.run(db, load_rules(rules_path), as_utc(now), artifact_sink)
