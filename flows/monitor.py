"""The monitoring flows: ingest, process, detect, notify, and `monitor` (all four).

Each stage is a plain function composing its tasks; the stage flows run one stage, and
`monitor` runs the four stages' tasks in one flow run. (No subflows: in Prefect 3.9 every
flow run costs about a second of fixed overhead, the join of its heartbeat thread.)
Every flow that reads feeds or the warehouse takes `feeds`/`db` paths with the CLI's defaults.

With Dask configured when the flows are imported (flows/scaling.py) `monitor`, `ingest` and
`process` run on a Dask task runner, and only the pure CPU tasks (extract-pages, tag-batch)
are submitted to it; everything else, every warehouse write included, runs in the flow's
process.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.states import Cancelled
from prefect.utilities.annotations import quote

from flows.scaling import cpu_task_runner, distributed
from newswatch.config import DEFAULT_FEEDS, DEFAULT_RULES, SEEDS_DIR, FetchSettings, default_db
from newswatch.locking import CycleBusy, cycle_lock
from tasks import detect as detect_tasks
from tasks import ingest as ingest_tasks
from tasks import notify as notify_tasks
from tasks import process as process_tasks

# None (Prefect's default thread pool) unless NEWSWATCH_DASK / NEWSWATCH_DASK_ADDRESS is set.
CPU_RUNNER = cpu_task_runner()
# Large task inputs (pages, parsed items, rows, articles) are passed as `quote(...)`: Prefect
# then does not walk them looking for upstream futures, which costs seconds per 1,000 pages.
EXTRACT_CHUNK = 100  # pages per extract-pages task when extraction is distributed
TAG_FANOUT = 8  # tag-batch tasks in flight per round when tagging is distributed


def _now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now if now.tzinfo else now.replace(tzinfo=UTC)


# -- the stages ------------------------------------------------------------------------------


def run_ingest_stage(
    feeds: str, db: str, allow_private_hosts: bool, force: bool, now: datetime
) -> dict[str, Any]:
    settings = FetchSettings.from_env(allow_private_hosts=allow_private_hosts)
    specs = ingest_tasks.load_feed_list(feeds, db)
    staged_new = ingest_tasks.load_staged(db)
    due, states = ingest_tasks.select_due_feeds(specs, db, now, force)
    fetches = ingest_tasks.fetch_feeds(due, states, settings)
    outcomes = ingest_tasks.parse_feeds(due, quote(fetches))
    pairs = ingest_tasks.find_new_items(quote(outcomes), db)
    feed_items = [(o.feed, i) for o, items in pairs for i in items]
    pages = ingest_tasks.fetch_pages(quote([i for _f, i in feed_items]), settings)
    if distributed() and len(feed_items) > EXTRACT_CHUNK:
        # chunks are not quote()d: prefect-dask hands quoted inputs to the task still wrapped
        chunks = [
            (feed_items[i : i + EXTRACT_CHUNK], pages[i : i + EXTRACT_CHUNK])
            for i in range(0, len(feed_items), EXTRACT_CHUNK)
        ]
        futures = [ingest_tasks.extract_pages.submit(items, chunk, now) for items, chunk in chunks]
        rows = [row for f in futures for row in f.result()]
    else:
        rows = ingest_tasks.extract_pages(quote(feed_items), quote(pages), now)
    report = ingest_tasks.store_ingest(db, quote(pairs), quote(rows), states, now)
    report.feeds_total = len(specs)
    report.new_articles += staged_new
    return {
        "feeds_total": report.feeds_total,
        "feeds_polled": report.feeds_polled,
        "fetch_status": dict(report.fetch_status),
        "feeds_failed": report.feeds_failed,
        "new_articles": report.new_articles,
        "copies": report.copies,
        "staged": report.staged,
        "extraction": dict(report.extraction),
    }


def run_process_stage(db: str, seeds_dir: str, batch_size: int = 500) -> dict[str, int]:
    """Rounds of read-pending -> tag-batch (one per `batch_size` articles; in parallel on
    Dask) -> store-tags (one transaction per round), until nothing is pending."""
    process_tasks.prepare_tagging(db, seeds_dir)
    fanout = TAG_FANOUT if distributed() else 1
    totals: Counter = Counter()
    while True:
        articles = process_tasks.read_pending(db, batch_size * fanout)
        if not articles:
            break
        batches = [articles[i : i + batch_size] for i in range(0, len(articles), batch_size)]
        if fanout > 1:
            futures = [process_tasks.tag_batch.submit(b, seeds_dir) for b in batches]
            results = [f.result() for f in futures]
        else:
            results = [process_tasks.tag_batch(quote(b), seeds_dir) for b in batches]
        totals.update(process_tasks.store_tags(db, quote(results)))
    get_run_logger().info("tagged %d articles: %d events", totals.get("articles", 0), totals.get("events", 0))
    return dict(totals)


def run_detect_stage(db: str, rules: str, now: datetime) -> list[dict[str, Any]]:
    touched = detect_tasks.cluster_events(db)
    matched = detect_tasks.evaluate_rules(db, rules, quote(touched), now)
    return detect_tasks.record_alerts(db, rules, quote(matched), now)


# -- one stage at a time ---------------------------------------------------------------------


@flow(name="ingest", log_prints=True, task_runner=CPU_RUNNER)
def ingest(
    feeds: str = DEFAULT_FEEDS,
    db: str = default_db(),
    allow_private_hosts: bool = False,
    force: bool = False,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Poll the due feeds, fetch and extract new pages, store articles and fetch records."""
    return run_ingest_stage(feeds, db, allow_private_hosts, force, _now(now))


@flow(name="process", task_runner=CPU_RUNNER)
def process(db: str = default_db(), seeds_dir: str = str(SEEDS_DIR), batch_size: int = 500) -> dict[str, int]:
    """Tag pending articles: theatre tags, entity mentions, events."""
    return run_process_stage(db, seeds_dir, batch_size)


@flow(name="detect")
def detect(
    db: str = default_db(), rules: str = DEFAULT_RULES, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Cluster new events into happenings and raise alerts (recurrence and the other kinds)."""
    return run_detect_stage(db, rules, _now(now))


@flow(name="notify")
def notify(db: str = default_db(), rules: str = DEFAULT_RULES, now: datetime | None = None) -> dict[str, int]:
    """Deliver pending alerts to their channels (the outbox)."""
    return notify_tasks.deliver_outbox(db, rules, _now(now))


# -- the cycle -------------------------------------------------------------------------------


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
    if ingest_report.get("staged"):
        lines.append("- the warehouse was busy: this run's articles are staged for the next run")
    if ingest_report["feeds_failed"]:
        lines += ["", "## Feed failures", ""]
        lines += [f"- {name}: {err}" for name, err in sorted(ingest_report["feeds_failed"].items())]
    if alerts:
        lines += ["", "## Alerts", ""] + [f"- [{a['severity']}] {a['summary']}" for a in alerts]
    return "\n".join(lines) + "\n"


@flow(name="monitor", task_runner=CPU_RUNNER)
def monitor(
    feeds: str = DEFAULT_FEEDS,
    db: str = default_db(),
    rules: str = DEFAULT_RULES,
    seeds_dir: str = str(SEEDS_DIR),
    allow_private_hosts: bool = False,
    force: bool = False,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One monitoring cycle: ingest, process, detect, notify; publishes the cycle summary
    (Markdown artifact) and the new alerts (table artifact).

    One cycle at a time per warehouse (newswatch.locking): a run that finds another cycle
    on the same warehouse ends Cancelled without doing anything; the next schedule catches up.
    """
    args = (feeds, db, rules, seeds_dir, allow_private_hosts, force, _now(now))
    try:  # re-entrant: `newswatch run` already holds it when it starts this flow
        with cycle_lock(db):
            return _cycle(*args)
    except CycleBusy as exc:
        get_run_logger().warning("%s", exc)
        return Cancelled(message=str(exc))


def _cycle(
    feeds: str,
    db: str,
    rules: str,
    seeds_dir: str,
    allow_private_hosts: bool,
    force: bool,
    now: datetime,
) -> dict[str, Any]:
    ingest_report = run_ingest_stage(feeds, db, allow_private_hosts, force, now)
    processed = run_process_stage(db, seeds_dir)
    alerts = run_detect_stage(db, rules, now)
    delivered = notify_tasks.deliver_outbox(db, rules, now)
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
