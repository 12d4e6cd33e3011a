"""`newswatch report`: the self-contained HTML report for a time window (newswatch.report)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from newswatch.cli.app import app
from newswatch.cli.common import DbOpt, UserError, db_path, echo, time_arg


@app.command()
def report(
    out: Annotated[
        str,
        typer.Option(help="Output HTML file ('-' for stdout). Example: --out reports/week.html"),
    ] = "report.html",
    since: Annotated[
        str, typer.Option(help="Start of the window. Example: --since 7d (or 2026-03-01, 36h, 2026-02)")
    ] = "7d",
    until: Annotated[
        str | None, typer.Option(help="End of the window (default: now). Example: --until 2026-03-31")
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(help="The clock for relative times (default: the real time). Example: --now 2026-03-30"),
    ] = None,
    db: DbOpt = None,
) -> int:
    """Write the HTML report of a period: one self-contained file that opens with no network.

    Headline counts, happenings per day by theatre and type, recurrence chains, a map of
    event places, every alert with its sources and earlier occurrences, feed health.

    Example: newswatch report --since 7d --out report.html
    """
    from newswatch.report import build_report

    path = db_path(db)
    clock = time_arg(now, "--now") or datetime.now(UTC)
    end = time_arg(until, "--until", clock) or clock
    start = time_arg(since, "--since", clock)
    if start >= end:
        raise UserError(
            f"--since {since} is not before --until ({start:%Y-%m-%d %H:%M} >= {end:%Y-%m-%d %H:%M} UTC)"
        )
    try:
        page = build_report(path, start, end, clock)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if out == "-":
        typer.echo(page, nl=False)
        return 0
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    echo(
        f"wrote {target} ({len(page.encode('utf-8')) // 1024} KB) "
        f"for {start:%Y-%m-%d %H:%M} .. {end:%Y-%m-%d %H:%M} UTC"
    )
    return 0
