"""`newswatch demo`: the sample world through the real `monitor` flow, one simulated day at a time.

    from newswatch.demo.run import run_demo

    result = run_demo(workdir, days=None, on_day=..., on_alert=...)

What it does, in order:

1. Serves the bundled sample world (newswatch.demo.server.DemoServer) on 127.0.0.1 and
   writes a feed list for it (`<workdir>/feeds.yaml`).
2. Writes the project's alert rules (seeds/alerts.yaml) with the demo's own channels
   (`<workdir>/alerts.yaml`): the same rules, delivered to JSON Lines and Markdown files in
   the work folder instead of the terminal (the caller prints each alert itself) or any
   e-mail/chat URL of the user's environment.
3. For each simulated day: shows the world as at the end of that day and runs one Prefect
   flow run of `flows.monitor.monitor` with `now` = the end of the day and
   `allow_private_hosts=True` (the loopback server; the setting is a flow parameter, so it
   is on for these runs only, never in the environment).
4. Writes the HTML report over the whole simulated month (newswatch.report.build_report).

One flow run per simulated day, not one for the whole month: measured on the 2-core machine
this was built on (shared, load 6-9), the 30 days took ~100 s through the stages without
Prefect and ~150 s as 30 flow runs, i.e. ~1.5 s of fixed cost per flow run against 2-6 s of
work per day; Prefect's start-up (its API server: newswatch.prefect_server's background
server, or a temporary one) is paid once either way and overlaps with loading the tagger
here. So each day stays its own run in Prefect's UI, as in production.

Prefect is imported inside the functions only (the library imports no Prefect at import time).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from newswatch.config import DEFAULT_RULES, SEEDS_DIR

DEMO_CHANNELS = {"jsonl": "alerts.jsonl", "markdown": "alerts.md"}


@dataclass
class DayResult:
    day: date
    index: int  # 1-based
    total: int
    new_articles: int
    events: int
    alerts: list[dict[str, Any]]
    seconds: float


@dataclass
class DemoResult:
    workdir: Path
    db: Path
    feeds: Path
    rules: Path
    report: Path | None
    days: list[DayResult] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    startup_seconds: float = 0.0

    @property
    def articles(self) -> int:
        return sum(d.new_articles for d in self.days)


def write_demo_rules(workdir: Path, rules_path: str | Path = DEFAULT_RULES) -> Path:
    """The project's alert rules with the demo's channels: JSON Lines and Markdown files in
    `workdir`, no terminal (the demo prints each alert itself) and no Apprise URL."""
    with open(rules_path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    doc["channels"] = {
        name: {"type": name, "path": str(workdir / filename)} for name, filename in DEMO_CHANNELS.items()
    }
    doc.setdefault("defaults", {})["channels"] = list(DEMO_CHANNELS)
    for rule in doc.get("rules") or []:
        rule.pop("channels", None)
    out = workdir / "alerts.yaml"
    header = f"# The alert rules of {rules_path}, delivered to files in this folder (newswatch demo).\n"
    out.write_text(header + yaml.safe_dump(doc, sort_keys=False, width=110), encoding="utf-8")
    return out


def quiet_prefect_logs() -> None:
    """Prefect's INFO lines (every task) would bury the progress bar: warnings only."""
    import logging

    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs", "prefect.server", "httpx", "uvicorn"):
        logging.getLogger(name).setLevel(logging.WARNING)


def start_prefect() -> str:
    """Start (or reach) the Prefect API before the first day, so the wait is visible and
    not counted against day 1. Returns the API URL ('' for a temporary server)."""
    from prefect.client.orchestration import get_client

    from newswatch.prefect_server import ensure_api

    api = ensure_api() or ""
    with _use_api(api), get_client(sync_client=True) as client:
        client.api_healthcheck()
        return api or str(client.api_url)


@contextlib.contextmanager
def _use_api(url: str | None):
    """Run the flows against the API server started above. Prefect was imported (by the
    flows) while the server was starting, before PREFECT_API_URL was set: without this it
    would start a temporary server of its own on the same database ("database is locked").

    The demo's flow runs are throw-away and alone on their warehouse, so two costs of a
    scheduled cycle are dropped (about a second per simulated day): the flow-run heartbeat
    (prefect_server.without_heartbeat) and the "network" tag of the fetch tasks (a
    concurrency slot round trip per fetch task; nothing else competes for the demo's
    127.0.0.1)."""
    from newswatch.prefect_server import without_heartbeat
    from newswatch.settings import current_settings, use_settings

    with without_heartbeat(url), use_settings(current_settings().override(fetch_tags=[])):
        yield


def _start_prefect_into(box: dict[str, Any]) -> None:
    try:
        box["api"] = start_prefect()
    except BaseException as exc:  # re-raised in the caller's thread
        box["error"] = exc


def run_demo(
    workdir: str | Path,
    *,
    db: str | Path | None = None,
    days: int | None = None,
    report: bool = True,
    rules_path: str | Path = DEFAULT_RULES,
    on_start: Callable[[int], None] | None = None,
    on_day: Callable[[DayResult], None] | None = None,
    on_alert: Callable[[dict[str, Any]], None] | None = None,
) -> DemoResult:
    """Run the sample world through `monitor`, day by day, into a fresh warehouse.

    `days` limits the run to the world's first N days. `db` defaults to
    `<workdir>/newswatch.duckdb` and must not exist yet (the demo never writes into a
    warehouse that holds anything else). Callbacks: `on_start(n_days)` once Prefect is up,
    `on_alert(alert)` for each new alert (alert_id, rule, kind, severity, summary, day) and
    `on_day(DayResult)` after each day's flow run.
    """
    from newswatch.alert_rules import load_rules
    from newswatch.demo.server import DemoServer
    from newswatch.demo.world import day_end, load_world

    started = time.monotonic()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = Path(db) if db else workdir / "newswatch.duckdb"
    if db_path.exists():
        raise FileExistsError(f"{db_path} exists; the demo writes a fresh warehouse — give a new --db")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    world = load_world()
    run_days = world.days[:days] if days else list(world.days)
    if not run_days:
        raise ValueError("--days must be at least 1")
    rules_file = write_demo_rules(workdir, rules_path)
    kinds = {r.name: r.kind for r in load_rules(rules_file).rules}

    # Prefect's API server starts in a subprocess while this process imports the flows and
    # loads the tagger (spaCy): on two cores the two waits overlap instead of adding up.
    quiet_prefect_logs()
    prefect_up: dict[str, Any] = {}
    starter = threading.Thread(target=_start_prefect_into, args=(prefect_up,), name="prefect-start")
    starter.start()
    from flows.monitor import monitor
    from newswatch.stages.process import get_tagger

    quiet_prefect_logs()
    get_tagger(str(SEEDS_DIR))
    starter.join()
    if "error" in prefect_up:
        raise prefect_up["error"]
    result = DemoResult(workdir, db_path, workdir / "feeds.yaml", rules_file, None)
    result.startup_seconds = time.monotonic() - started
    if on_start:
        on_start(len(run_days))
    with _use_api(os.environ.get("PREFECT_API_URL")), DemoServer(world) as server:
        server.write_feeds_yaml(result.feeds)
        for i, day in enumerate(run_days, 1):
            t0 = time.monotonic()
            server.set_day(day)
            cycle = monitor(
                feeds=str(result.feeds),
                db=str(db_path),
                rules=str(rules_file),
                seeds_dir=str(SEEDS_DIR),
                allow_private_hosts=True,
                now=day_end(day),
            )
            if not isinstance(cycle, dict):  # a Cancelled state: another cycle holds the warehouse
                raise RuntimeError(f"the monitor flow did not run for {day}: {cycle}")
            fired = []
            for alert in cycle["alerts"]:
                alert = {**alert, "kind": kinds.get(alert["rule"], "?"), "day": day}
                fired.append(alert)
                if on_alert:
                    on_alert(alert)
            day_result = DayResult(
                day,
                i,
                len(run_days),
                cycle["ingest"]["new_articles"],
                cycle["process"].get("events", 0),
                fired,
                time.monotonic() - t0,
            )
            result.days.append(day_result)
            result.alerts += fired
            if on_day:
                on_day(day_result)
    if report:
        result.report = write_report(db_path, workdir / "report.html", run_days[0], run_days[-1])
    result.seconds = time.monotonic() - started
    return result


def write_report(db: str | Path, out: Path, first: date, last: date) -> Path:
    """The HTML report over the simulated days first..last (the clock at the end of `last`)."""
    from newswatch.demo.world import day_end
    from newswatch.report import build_report

    until = day_end(last)
    since = datetime.combine(first, datetime.min.time(), tzinfo=until.tzinfo)
    out.write_text(build_report(str(db), since, until, until), encoding="utf-8")
    return out
