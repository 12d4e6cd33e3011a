"""Warehouse-wide commands: export, backup, replay, backtest, backfill."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newswatch.cli.app import app
from newswatch.cli.common import (
    SEVERITY_STYLE,
    DbOpt,
    JsonOpt,
    QuietOpt,
    RulesOpt,
    UserError,
    db_path,
    echo,
    err,
    print_json,
    print_table,
    progress_bar,
    rules_path,
    time_arg,
)
from newswatch.config import SEEDS_DIR


@app.command()
def export(
    out: Annotated[
        Path, typer.Option(help="Output folder. Example: --out exports/2026-03", show_default=False)
    ],
    since: Annotated[
        str | None,
        typer.Option(help="Only rows dated on or after this day. Example: --since 2026-02 (or 30d)"),
    ] = None,
    quiet: QuietOpt = False,
    db: DbOpt = None,
) -> int:
    """Write every table as Parquet (partitioned by date for the large ones).

    Example: newswatch export --out exports/ --since 2026-02-01
    """
    from warehouse.exports import export_parquet, export_tables

    path = db_path(db)
    start = time_arg(since, "--since")
    lines = []
    with progress_bar("exporting", len(export_tables(path)), quiet=quiet) as advance:
        for table, target, rows in export_parquet(path, out, start.date() if start else None):
            lines.append(f"{table:<16} {rows:>8} rows -> {target}")
            advance(advance=1, description=table)
    for line in lines:
        echo(line)
    return 0


@app.command()
def backup(
    out: Annotated[
        Path,
        typer.Option(
            help="Backup file to write. Example: --out backups/newswatch.duckdb", show_default=False
        ),
    ],
    db: DbOpt = None,
) -> int:
    """Write a consistent copy of the warehouse file.

    Example: newswatch backup --out backups/2026-03-08.duckdb
    """
    from warehouse.exports import backup as write_backup

    path = db_path(db)
    if Path(out).resolve() == Path(path).resolve():
        raise UserError("--out is the warehouse itself — name another file")
    size = write_backup(path, out)
    echo(f"backed up {path} to {out} ({size / 1e6:.1f} MB)")
    return 0


@app.command()
def replay(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Snapshot folders or .jsonl / .jsonl.gz files. Example: archive/2026-02.jsonl.gz",
            show_default=False,
        ),
    ],
    rules: RulesOpt = None,
    batch_days: Annotated[
        float, typer.Option(help="Simulated time per batch (days). Example: --batch-days 0.5")
    ] = 1.0,
    quiet: QuietOpt = False,
    db: DbOpt = None,
) -> int:
    """Replay archives through the pipeline with a simulated clock; fetches nothing.

    Example: newswatch replay archive/streams/*.jsonl.gz --db replay.duckdb
    """
    rules = rules_path(rules)
    from newswatch.alert_rules import load_rules
    from newswatch.locking import cycle_lock
    from newswatch.stages.history import run_replay

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(missing)}")
    ruleset = load_rules(rules)
    path = db_path(db, must_exist=False)
    # Count first so the bar has a total: the batches (simulated days with items) the replay
    # will run, from the same reading of the archives (parsing them is a small part of a replay).
    from datetime import timedelta

    from newswatch.replay import collect, day_batches

    with progress_bar("reading the archives", None, quiet=quiet):
        total = sum(1 for _ in day_batches(collect([str(p) for p in paths]), timedelta(days=batch_days)))
    with cycle_lock(path), progress_bar("replaying (batches)", total, quiet=quiet) as advance:
        report = run_replay(
            [str(p) for p in paths],
            path,
            ruleset,
            SEEDS_DIR,
            batch_days,
            progress=lambda end, rep: advance(
                completed=rep.batches,
                description=f"{end:%Y-%m-%d} articles {rep.new_articles} alerts {len(rep.alerts)}",
            ),
        )
    echo(
        f"replayed {report.items} items in {report.batches} batches: {report.new_articles} new "
        f"articles ({report.copies} copies), {report.events} events, {len(report.alerts)} alerts"
    )
    by_kind: dict[str, int] = {}
    for alert in report.alerts:
        by_kind[alert["rule"]] = by_kind.get(alert["rule"], 0) + 1
    for rule, n in sorted(by_kind.items()):
        echo(f"  {rule}: {n}")
    return 0


@app.command()
def backtest(
    rules: RulesOpt = None,
    since: Annotated[
        str | None, typer.Option(help="Only clusters from this day on. Example: --since 2026-02 (or 90d)")
    ] = None,
    json: JsonOpt = False,
    db: DbOpt = None,
) -> int:
    """Run the alert rules over the stored history; sends and stores nothing.

    Every kind is simulated day by day except feed_health (a warehouse does not keep the
    feeds' state as it was at each moment): such rules are named on stderr as not backtested.

    Example: newswatch backtest --since 90d --rules seeds/alerts.yaml
    """
    rules = rules_path(rules)
    from newswatch.alert_rules import load_rules
    from newswatch.stages.backtest import NOT_SIMULATED
    from newswatch.stages.history import backtest as run_backtest

    path = db_path(db)
    start = time_arg(since, "--since")
    ruleset = load_rules(rules)
    fired = run_backtest(path, ruleset, start.date() if start else None)
    skipped = [r for r in ruleset.rules if r.kind in NOT_SIMULATED]
    if skipped:
        err().print(
            "not backtested: "
            + ", ".join(f"{r.name} ({r.kind})" for r in skipped)
            + " — a warehouse does not keep the feeds' state as it was at each moment, so "
            + "/".join(sorted({r.kind for r in skipped}))
            + " rules cannot be replayed",
            markup=False,
            highlight=False,
        )
    if json:
        print_json(fired)
        return 0
    rows = [(a["created_for"], a["rule"], a["severity"], a["summary"]) for a in fired]
    print_table(
        ["date", "rule", "severity", "summary"],
        rows,
        max_width=110,
        styles={"severity": SEVERITY_STYLE},
        footer=False,
        keep=("date", "rule", "severity"),
    )
    echo(f"{len(fired)} alerts would have fired (nothing was sent or stored)")
    return 0


@app.command()
def backfill(
    since: Annotated[
        str,
        typer.Option(
            help="Articles published on or after this time. Example: --since 2026-02 (or 30d)",
            show_default=False,
        ),
    ],
    rules: RulesOpt = None,
    batch_size: Annotated[
        int, typer.Option(help="Articles per batch. Example: --batch-size 200", min=1)
    ] = 500,
    alerts: Annotated[
        bool,
        typer.Option(
            "--alerts",
            help="Also record alerts for the history (delivered by the next notify). Example: --alerts",
        ),
    ] = False,
    quiet: QuietOpt = False,
    db: DbOpt = None,
) -> int:
    """Re-tag stored articles with the current seeds and rules, then cluster (idempotent).

    Fetches nothing.

    Example: newswatch backfill --since 2026-01-01 --alerts
    """
    rules = rules_path(rules)
    from newswatch.alert_rules import load_rules
    from newswatch.stages.history import run_backfill

    path = db_path(db)
    start = time_arg(since, "--since")
    ruleset = load_rules(rules) if alerts else None
    with progress_bar("re-tagging", None, quiet=quiet) as advance:
        result = run_backfill(
            path,
            start,
            SEEDS_DIR,
            ruleset,
            batch_size,
            alerts,
            lambda done, total: advance(completed=done, total=total),
        )
    echo(
        f"re-tagged {result['articles']} articles: {result['events']} events, "
        f"{result['clusters_touched']} clusters touched, {result['alerts']} alerts recorded"
    )
    return 0
