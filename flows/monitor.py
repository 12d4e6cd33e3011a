"""The monitoring flows: ingest, process, detect, notify, and `monitor` (all four).

Each stage is assembled once, in newswatch/stages/; the flows run those same stage
functions with each step as a task (flows/steps.py). The stage flows run one stage, and
`monitor` runs the four stages' tasks in one flow run. (No subflows: in Prefect 3.9 every
flow run costs about a second of fixed overhead, the join of its heartbeat thread.)
Every flow that reads feeds or the warehouse takes `feeds`/`db` paths; not given, they come
from the settings when the flow runs (newswatch.settings: flags > env > newswatch.toml > defaults).

With Dask configured when the flows are imported (flows/scaling.py) `monitor`, `ingest` and
`process` run on a Dask task runner, and only the pure CPU tasks (extract-pages, tag-batch)
are submitted to it; everything else, every warehouse write included, runs in the flow's
process.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.states import Cancelled

from flows import steps
from flows.abandoned import claim_and_close_abandoned
from flows.scaling import cpu_task_runner
from newswatch.alert_rules import load_rules
from newswatch.clock import as_utc
from newswatch.config import FetchSettings
from newswatch.locking import CycleBusy, cycle_lock
from newswatch.settings import current_settings
from newswatch.stages import detect as detect_stage
from newswatch.stages import ingest as ingest_stage
from newswatch.stages import process as process_stage

# None (Prefect's default thread pool) unless NEWSWATCH_DASK / NEWSWATCH_DASK_ADDRESS is set.
CPU_RUNNER = cpu_task_runner()


# -- the stages, with their steps as tasks -----------------------------------------------------


def run_ingest_stage(
    feeds: str, db: str, allow_private_hosts: bool, force: bool, now: datetime
) -> dict[str, Any]:
    settings = FetchSettings.from_settings(current_settings(), allow_private_hosts=allow_private_hosts)
    return ingest_stage.run(feeds, db, settings, now, force, steps=steps.IngestTasks).as_dict()


def run_process_stage(db: str, seeds_dir: str, batch_size: int = 500) -> dict[str, int]:
    totals = process_stage.run(db, seeds_dir, batch_size, fanout=steps.tag_fanout(), steps=steps.ProcessTasks)
    get_run_logger().info("tagged %d articles: %d events", totals.get("articles", 0), totals.get("events", 0))
    return totals


def run_detect_stage(db: str, rules, now: datetime) -> list[dict[str, Any]]:
    return detect_stage.run(db, rules, now, ensure=False, steps=steps.DetectTasks)


# -- one stage at a time ---------------------------------------------------------------------


@flow(name="ingest", log_prints=True, task_runner=CPU_RUNNER)
def ingest(
    feeds: str | None = None,
    db: str | None = None,
    allow_private_hosts: bool = False,
    force: bool = False,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Poll the due feeds, fetch and extract new pages, store articles and fetch records."""
    s = current_settings()
    return run_ingest_stage(feeds or s.feeds, db or s.db, allow_private_hosts, force, as_utc(now))


@flow(name="process", task_runner=CPU_RUNNER)
def process(db: str | None = None, seeds_dir: str | None = None, batch_size: int = 500) -> dict[str, int]:
    """Tag pending articles: theatre tags, entity mentions, events."""
    s = current_settings()
    return run_process_stage(db or s.db, seeds_dir or s.seeds_dir, batch_size)


@flow(name="detect")
def detect(
    db: str | None = None, rules: str | None = None, now: datetime | None = None
) -> list[dict[str, Any]]:
    """Cluster new events into happenings and raise alerts (recurrence and the other kinds)."""
    s = current_settings()
    return run_detect_stage(db or s.db, load_rules(rules or s.rules), as_utc(now))


@flow(name="notify")
def notify(db: str | None = None, rules: str | None = None, now: datetime | None = None) -> dict[str, int]:
    """Deliver pending alerts to their channels (the outbox)."""
    s = current_settings()
    return steps.deliver_outbox(db or s.db, load_rules(rules or s.rules), as_utc(now))


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
    feeds: str | None = None,
    db: str | None = None,
    rules: str | None = None,
    seeds_dir: str | None = None,
    allow_private_hosts: bool = False,
    force: bool = False,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One monitoring cycle: ingest, process, detect, notify; publishes the cycle summary
    (Markdown artifact) and the new alerts (table artifact).

    One cycle at a time per warehouse (newswatch.locking): a run that finds another cycle
    on the same warehouse ends Cancelled without doing anything; the next schedule catches up.
    """
    s = current_settings()  # parameters not given: the settings (flags > env > newswatch.toml)
    feeds, db, rules, seeds_dir = feeds or s.feeds, db or s.db, rules or s.rules, seeds_dir or s.seeds_dir
    args = (feeds, db, rules, seeds_dir, allow_private_hosts, force, as_utc(now))
    try:  # re-entrant: `newswatch run` already holds it when it starts this flow
        with cycle_lock(db):
            claim_and_close_abandoned(db)
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
    rule_set = load_rules(rules)
    alerts = run_detect_stage(db, rule_set, now)
    delivered = steps.deliver_outbox(db, rule_set, now)
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
