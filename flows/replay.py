"""The `replay` flow: archives through the whole pipeline with a simulated clock.

Snapshot folders (`<ISO time>_*.xml` per feed) or JSON Lines item streams are replayed in
time order, batched by simulated day; nothing is fetched. Alerts are recorded, not sent.
"""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newswatch.alert_rules import load_rules
from newswatch.locking import cycle_lock
from newswatch.settings import current_settings
from newswatch.stages.history import run_replay


@task(name="replay-archives", cache_policy=NO_CACHE, persist_result=False)
def replay_archives(paths: list[str], db: str, rules: str, seeds_dir: str, batch_days: float) -> dict:
    logger = get_run_logger()

    def progress(end, report) -> None:
        if report.batches % 30 == 0:
            logger.info(
                "%s: %d articles, %d events, %d alerts",
                end.date(),
                report.new_articles,
                report.events,
                len(report.alerts),
            )

    with cycle_lock(db):
        report = run_replay(paths, db, load_rules(rules), seeds_dir, batch_days, progress=progress)
    return {
        "items": report.items,
        "batches": report.batches,
        "new_articles": report.new_articles,
        "copies": report.copies,
        "events": report.events,
        "alerts": len(report.alerts),
    }


@flow(name="replay")
def replay(
    paths: list[str],
    db: str | None = None,
    rules: str | None = None,
    seeds_dir: str | None = None,
    batch_days: float = 1.0,
) -> dict:
    """Replay archives (snapshot folders or JSON Lines streams) with a simulated clock."""
    s = current_settings()
    result = replay_archives(paths, db or s.db, rules or s.rules, seeds_dir or s.seeds_dir, batch_days)
    get_run_logger().info(
        "replayed %(items)d items: %(new_articles)d articles, %(events)d events, %(alerts)d alerts", result
    )
    return result
