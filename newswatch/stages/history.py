"""The stages over history, with a simulated clock: replay (archives through ingest's
store, process and detect), backfill (re-tag stored articles, then cluster) and backtest
(what the rules would have raised; reads only). Replay and backfill record alerts
but never deliver them: history is not news."""

from __future__ import annotations

import contextlib
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from newswatch import ingest, replay
from newswatch.alert_rules import RuleSet
from newswatch.clock import now_utc
from newswatch.config import SEEDS_DIR
from newswatch.locking import cycle_lock
from newswatch.stages import detect, process
from newswatch.stages.ingest import COPY_WINDOW, feed_row
from newswatch.tagging.batch import entity_rows
from warehouse.db import holding
from warehouse.store import Warehouse

HOLD_SECONDS = 5.0  # how long a replay keeps one warehouse connection before letting go


def run_replay(
    paths, db, rules: RuleSet, seeds_dir=SEEDS_DIR, batch_days: float = 1.0, progress=None
) -> replay.ReplayReport:
    """Replay archives in time order with a simulated clock (the end of each batch)."""
    items = replay.collect(paths)
    wh = Warehouse(db)
    wh.ensure()
    feeds = {r.feed.url: r.feed for r in items}
    wh.sync_feeds(feed_row(f, tags=["replay"]) | {"language": None} for f in feeds.values())
    report = replay.ReplayReport(items=len(items))
    wh.sync_entities(entity_rows(process.get_tagger(seeds_dir).gaz))
    held = contextlib.ExitStack()
    held_since = 0.0
    try:
        for end, batch in replay.day_batches(items, timedelta(days=batch_days)):
            # One connection and one transaction for several simulated days instead of ~22
            # opens, checkpointing closes and ~7 commits per day; let go every few seconds
            # so a user's query (another process) can get in between. A replay stopped
            # half-way loses at most those seconds: run again, it skips what is stored.
            if time.monotonic() - held_since > HOLD_SECONDS:
                held.close()
                held.enter_context(holding(db, one_transaction=True))
                held_since = time.monotonic()
            known = wh.known_urls([r.item.link for r in batch])
            rows = replay.rows_for(batch, known, end)
            report.copies += ingest.mark_copies(rows, wh.copy_candidates(end - COPY_WINDOW))
            report.new_articles += wh.load_ingest([], rows, [])
            report.events += process.run(db, seeds_dir, sync_entities=False).get("events", 0)
            report.alerts += detect.run(db, rules, end, ensure=False, deliver=False)  # history is not news
            report.batches += 1
            if progress:
                progress(end, report)
    finally:
        held.close()
    return report


def backtest(db, rules: RuleSet, since=None) -> list[dict[str, Any]]:
    """What the rules (every kind) would have raised over the stored history, in time order,
    exactly as a replay of it records them; reads only (newswatch.stages.backtest)."""
    from newswatch.stages.backtest import backtest as simulate

    return simulate(db, rules, since)


def run_backfill(
    db,
    since: datetime,
    seeds_dir=SEEDS_DIR,
    rules: RuleSet | None = None,
    batch_size: int = 500,
    raise_alerts: bool = False,
    progress=None,
) -> dict[str, Any]:
    """Re-tag stored articles published since `since` with the current gazetteer and rules,
    without fetching anything, then cluster the new events. Idempotent: events keep their
    ids, so a second run adds nothing. Alerts for the history are recorded only when asked
    (`newswatch backtest` shows what the rules say without recording anything)."""
    with cycle_lock(db):
        return _backfill(db, since, seeds_dir, rules, batch_size, raise_alerts, progress)


def _backfill(db, since, seeds_dir, rules, batch_size, raise_alerts, progress) -> dict[str, Any]:
    process.prepare_tagging(db, seeds_dir)
    wh = Warehouse(db)
    total, done = wh.count_articles_since(since), 0
    totals: Counter = Counter()
    cursor: tuple = (since, "")
    while True:
        page = wh.articles_page(since, cursor, batch_size)
        if not page:
            break
        totals.update(process.store_tags(db, [process.tag_batch(page, seeds_dir)]))
        cursor = (page[-1]["published_at"], page[-1]["article_id"])
        done += len(page)
        if progress:
            progress(done, total)
    touched = detect.cluster_pending(db)
    alerts: list[dict[str, Any]] = []
    if raise_alerts and rules is not None:
        now = now_utc()
        matched = detect.evaluate_rules(db, rules, touched, now)
        alerts = detect.record_alerts(db, rules, matched, now, deliver=False)  # recorded, never sent
    return {
        "articles": done,
        "events": totals.get("events", 0),
        "clusters_touched": len(touched),
        "alerts": len(alerts),
    }
