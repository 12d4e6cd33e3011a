"""The monitoring pipeline's stages as plain functions: ingest -> process -> detect -> notify.

Each stage is assembled once, in its module's `run`; it reads its pending work from the
warehouse and writes its results back in short transactions, so a crash loses at most the
batch in flight and the next run picks up what was left. The Prefect flows (flows/) run
the same `run` functions, passing steps that make each step a task; `run_cycle` runs the
four stages without Prefect (benchmarks, tests). Replay, backfill and backtest
(stages/history.py) call the same stages with a simulated clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newswatch.alert_rules import load_rules
from newswatch.clock import as_utc
from newswatch.config import SEEDS_DIR, FetchSettings
from newswatch.locking import cycle_lock
from newswatch.stages import detect, ingest, notify, process


def run_cycle(
    feeds_path, db, settings: FetchSettings, rules_path, seeds_dir=SEEDS_DIR, now: datetime | None = None
) -> dict[str, Any]:
    """One monitoring cycle without Prefect (the `monitor` flow runs the same stages)."""
    now = as_utc(now)
    rules = load_rules(rules_path)
    with cycle_lock(db):
        report = ingest.run(feeds_path, db, settings, now)
        processed = process.run(db, seeds_dir)
        new_alerts = detect.run(db, rules, now)
        delivered = notify.run(db, rules, now)
    return {"ingest": report, "process": processed, "alerts": new_alerts, "delivered": delivered}
