"""The monitoring flows: ingest, process, detect, notify, and `monitor` (all four)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from newswatch.config import DEFAULT_FEEDS, DEFAULT_RULES, SEEDS_DIR, FetchSettings, default_db
from tasks import detect as detect_tasks
from tasks import ingest as ingest_tasks
from tasks import notify as notify_tasks
from tasks import process as process_tasks


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


@flow(name="ingest", log_prints=True)
def ingest(
    feeds: str = DEFAULT_FEEDS,
    db: str = default_db(),
    allow_private_hosts: bool = False,
    force: bool = False,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Poll the due feeds, fetch and extract new pages, store articles and fetch records."""
    now = _now(now)
    settings = FetchSettings.from_env(allow_private_hosts=allow_private_hosts)
    specs = ingest_tasks.load_feed_list(feeds, db)
    due, states = ingest_tasks.select_due_feeds(specs, db, now, force)
    fetches = ingest_tasks.fetch_feeds(due, states, settings)
    outcomes = ingest_tasks.parse_feeds(due, fetches)
    pairs = ingest_tasks.find_new_items(outcomes, db)
    feed_items = [(o.feed, i) for o, items in pairs for i in items]
    pages = ingest_tasks.fetch_pages([i for _f, i in feed_items], settings)
    rows = ingest_tasks.extract_pages(feed_items, pages, now)
    report = ingest_tasks.store_ingest(db, pairs, rows, states, now)
    report.feeds_total = len(specs)
    return {
        "feeds_total": report.feeds_total,
        "feeds_polled": report.feeds_polled,
        "fetch_status": dict(report.fetch_status),
        "feeds_failed": report.feeds_failed,
        "new_articles": report.new_articles,
        "copies": report.copies,
        "extraction": dict(report.extraction),
    }


@flow(name="process")
def process(db: str = default_db(), seeds_dir: str = str(SEEDS_DIR), batch_size: int = 500) -> dict[str, int]:
    """Tag pending articles: theatre tags, entity mentions, events."""
    return process_tasks.tag_pending(db, seeds_dir, batch_size)


@flow(name="detect")
def detect(
    db: str = default_db(), rules: str = DEFAULT_RULES, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Cluster new events into happenings and raise alerts for recurrences."""
    now = _now(now)
    touched = detect_tasks.cluster_events(db)
    matched = detect_tasks.evaluate_rules(db, rules, touched, now)
    return detect_tasks.record_alerts(db, rules, matched, now)


@flow(name="notify")
def notify(db: str = default_db(), rules: str = DEFAULT_RULES, now: datetime | None = None) -> dict[str, int]:
    """Deliver pending alerts to their channels (the outbox)."""
    return notify_tasks.deliver_outbox(db, rules, _now(now))


def cycle_markdown(
    ingest_report: dict[str, Any],
    processed: dict[str, int],
    alerts: list[dict[str, Any]],
    delivered: dict[str, int],
) -> str:
    events = Counter({k.split(":", 1)[1]: v for k, v in processed.items() if k.startswith("event:")})
    lines = [
        "# newswatch cycle",
        "",
        f"- feeds polled: {ingest_report['feeds_polled']} of {ingest_report['feeds_total']}",
        f"- fetch results: {ingest_report['fetch_status'] or 'none'}",
        f"- new articles: {ingest_report['new_articles']} ({ingest_report['copies']} copies); "
        f"text from {ingest_report['extraction'] or 'nothing new'}",
        f"- articles tagged: {processed.get('articles', 0)}; events: {processed.get('events', 0)}",
        f"- events by type: {dict(events.most_common()) or 'none'}",
        f"- new alerts: {len(alerts)}; deliveries: {delivered or 'none'}",
    ]
    if ingest_report["feeds_failed"]:
        lines += ["", "## Feed failures", ""]
        lines += [f"- {name}: {err}" for name, err in sorted(ingest_report["feeds_failed"].items())]
    if alerts:
        lines += ["", "## Alerts", ""] + [f"- [{a['severity']}] {a['summary']}" for a in alerts]
    return "\n".join(lines) + "\n"


@flow(name="monitor")
def monitor(
    feeds: str = DEFAULT_FEEDS,
    db: str = default_db(),
    rules: str = DEFAULT_RULES,
    seeds_dir: str = str(SEEDS_DIR),
    allow_private_hosts: bool = False,
    force: bool = False,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One monitoring cycle: ingest, process, detect, notify (as subflows)."""
    now = _now(now)
    ingest_report = ingest(feeds=feeds, db=db, allow_private_hosts=allow_private_hosts, force=force, now=now)
    processed = process(db=db, seeds_dir=seeds_dir)
    alerts = detect(db=db, rules=rules, now=now)
    delivered = notify(db=db, rules=rules, now=now)
    summary = cycle_markdown(ingest_report, processed, alerts, delivered)
    create_markdown_artifact(markdown=summary, key="newswatch-cycle", description="Cycle summary")
    if alerts:
        create_table_artifact(
            key="newswatch-alerts-table",
            table=[
                {
                    "severity": a["severity"],
                    "rule": a["rule"],
                    "summary": a["summary"],
                    "alert_id": a["alert_id"],
                }
                for a in alerts
            ],
            description="Alerts raised by this cycle",
        )
    get_run_logger().info(
        "cycle done: %d new articles, %d events, %d alerts",
        ingest_report["new_articles"],
        processed.get("events", 0),
        len(alerts),
    )
    return {
        "ingest": ingest_report,
        "process": processed,
        "alerts": [{k: a[k] for k in ("alert_id", "rule", "severity", "summary")} for a in alerts],
        "delivered": delivered,
        "summary": summary,
    }
