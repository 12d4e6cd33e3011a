"""`newswatch demo`: a month of a sample world through the real pipeline, offline, in minutes."""

from __future__ import annotations

import os
import shlex
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from newswatch.cli.app import app
from newswatch.cli.common import QuietOpt, UserError, echo, err, progress_bar

SQL_EXAMPLES = (
    (
        "happenings per theatre and type",
        "SELECT theatre, type, sum(n_clusters) AS happenings FROM v_daily_counts "
        "GROUP BY ALL ORDER BY happenings DESC LIMIT 10",
    ),
    (
        "each recurrence and the earlier occurrence it repeats",
        "SELECT first_date, type, region_id, earlier_date, days_between FROM v_recurrences "
        "ORDER BY first_date",
    ),
    (
        "feeds: articles, and when each last brought something new",
        "SELECT name, articles, new_items, last_new_item_at FROM v_feed_health ORDER BY articles DESC",
    ),
)
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}


def _duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _alert_line(alert: dict[str, Any]) -> str:
    summary = " ".join(str(alert["summary"]).split())
    if len(summary) > 96:
        summary = summary[:95] + "…"
    return f"  {alert['day']:%m-%d}  {alert['severity']:<6}  {alert['kind']:<11}  {summary}"


def _pick_alert(alerts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The alert to suggest with `alerts show`: the M4 joint-patrol recurrence when it fired,
    else the most severe recurrence, else the most severe alert."""
    for alert in alerts:
        if alert["rule"] == "joint-patrol-attacked-again":
            return alert
    ranked = sorted(alerts, key=lambda a: (a["kind"] != "recurrence", SEVERITY_ORDER.get(a["severity"], 9)))
    return ranked[0] if ranked else None


def next_steps(result) -> list[str]:
    db = shlex.quote(str(result.db))
    lines = ["", "Try next:"]
    pick = _pick_alert(result.alerts)
    lines.append(f"  newswatch alerts list --db {db}")
    if pick:
        lines.append(f"  newswatch alerts show {pick['alert_id'][:12]} --db {db}")
        lines.append(f"      # why it fired: {pick['summary'][:70]}…")
    for what, query in SQL_EXAMPLES:
        lines.append(f"  newswatch sql {shlex.quote(query)} --db {db}")
        lines.append(f"      # {what}")
    if result.report:
        lines.append(f"  open the report in a browser (no network needed): {result.report}")
    lines += [
        "",
        f"Everything the demo wrote is in {result.workdir} (warehouse, feeds.yaml, alerts.yaml, "
        "alerts.jsonl, alerts.md, report.html); delete it when done.",
    ]
    return lines


@app.command()
def demo(
    days: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=30,
            help="Only the first N simulated days (the whole month is 30). Example: --days 10",
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Warehouse file to create (must not exist; default: newswatch.duckdb in the work folder). "
            "Example: --db /tmp/demo.duckdb",
            show_default=False,
        ),
    ] = None,
    workdir: Annotated[
        str | None,
        typer.Option(
            "--dir",
            help="Work folder for the feed list, rules, alert files and report "
            "(default: a new temporary folder). Example: --dir /tmp/newswatch-demo",
            show_default=False,
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> int:
    """Run a month of a bundled sample world through the real pipeline, offline, in a few minutes.

    A local server on 127.0.0.1 serves 14 invented outlets (30 days, 300+ articles: wire copies,
    re-reports, recurrences, a near-miss, a burst, talks postponed then held, a feed that goes
    silent). The real `monitor` flow runs once per simulated day with a simulated clock into a
    throw-away warehouse; each alert is printed as it fires; the HTML report is written at the end.

    Example: newswatch demo            (or: newswatch demo --days 14 --dir /tmp/nw-demo)
    """
    # Prefect's INFO lines (one per task) would bury the progress bar; set before Prefect loads.
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # A first start migrates Prefect's database: on a busy 2-core machine that exceeds the
    # 20 s Prefect allows its temporary server by default.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    from newswatch.demo.run import run_demo

    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="newswatch-demo-"))
    if db and Path(db).exists():
        raise UserError(f"{db} exists; the demo writes a fresh warehouse — give a new --db path")
    if not db and (folder / "newswatch.duckdb").exists():
        raise UserError(f"{folder} already holds a demo warehouse — give another --dir or delete it")
    note = err()
    note.print(
        "newswatch demo: a sample world of 14 outlets and 30 simulated days (2026-03-01..30), served "
        "on 127.0.0.1; the real `monitor` flow runs once per simulated day into a throw-away "
        f"warehouse in {folder}.",
        highlight=False,
    )
    note.print(
        "Reaching Prefect: PREFECT_API_URL, else the local background server (started on first use, "
        "reused later; 'newswatch server status')…",
        highlight=False,
    )

    with progress_bar("starting", None, quiet=quiet) as update:

        def on_start(n_days: int) -> None:
            update(completed=0, total=n_days, description="simulated day 1")

        def on_alert(alert: dict[str, Any]) -> None:
            echo(_alert_line(alert))

        def on_day(d) -> None:
            nxt = f"simulated day {d.index + 1}" if d.index < d.total else "writing the report"
            update(completed=d.index, description=nxt)

        result = run_demo(folder, db=db, days=days, on_start=on_start, on_day=on_day, on_alert=on_alert)

    by_sev: dict[str, int] = {}
    for alert in result.alerts:
        by_sev[alert["severity"]] = by_sev.get(alert["severity"], 0) + 1
    severities = ", ".join(f"{n} {s}" for s, n in sorted(by_sev.items(), key=lambda x: SEVERITY_ORDER[x[0]]))
    echo("")
    echo(
        f"Done in {_duration(result.seconds)} (Prefect start-up {_duration(result.startup_seconds)}): "
        f"{len(result.days)} simulated days, {result.articles} articles, "
        f"{len(result.alerts)} alerts ({severities or 'none'})."
    )
    if result.report:
        echo(f"Report: {result.report}")
    for line in next_steps(result):
        echo(line)
    return 0
