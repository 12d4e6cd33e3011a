"""Keeping a warehouse over months: vacuum (retention and compaction) and restore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newswatch.cli.app import app
from newswatch.cli.common import DbOpt, UserError, db_path, echo, time_arg


@app.command()
def vacuum(
    keep: Annotated[
        str, typer.Option(help="Keep article text this long. Example: --keep 365d (also 52w)")
    ] = "365d",
    no_compact: Annotated[
        bool,
        typer.Option(
            "--no-compact",
            help="Skip rewriting the file (faster; frees no disk space). Example: --no-compact",
        ),
    ] = False,
    now: Annotated[
        str | None, typer.Option(help="The clock (tests, replays). Example: --now 2026-03-01")
    ] = None,
    db: DbOpt = None,
) -> int:
    """Drop old article text and fetch log (older than --keep), then compact the file.

    Every article row, event, happening, alert and delivery is kept.

    Example: newswatch vacuum --keep 365d
    """
    from newswatch.retention import RetentionError
    from newswatch.retention import vacuum as run_vacuum

    path = db_path(db)
    clock = time_arg(now, "--now")
    cutoff = time_arg(keep, "--keep", now=clock)
    if cutoff is None or not keep.strip()[:1].isdigit():
        raise UserError(f"--keep {keep!r}: give a span such as 365d or 52w")
    try:
        report = run_vacuum(path, (clock or _now()) - cutoff, now=clock, compact=not no_compact)
    except RetentionError as exc:
        raise UserError(str(exc)) from None
    echo(
        f"text dropped from {report.texts_dropped} articles before {report.cutoff:%Y-%m-%d}, "
        f"{report.fetches_deleted} fetch records deleted"
    )
    echo("kept: " + ", ".join(f"{k} {v}" for k, v in report.kept.items()))
    echo(
        f"{path}: {report.size_before / 1e6:.1f} MB -> {report.size_after / 1e6:.1f} MB"
        + ("" if report.compacted else " (not compacted)")
    )
    return 0


@app.command()
def restore(
    backup: Annotated[
        Path, typer.Argument(help="A file written by `newswatch backup`. Example: backups/w.duckdb")
    ],
    db: DbOpt = None,
) -> int:
    """Put a backup back in place of the warehouse (the replaced file is kept beside it).

    Example: newswatch restore backups/2026-03-08.duckdb
    """
    from newswatch.retention import RetentionError
    from newswatch.retention import restore as run_restore

    path = db_path(db)
    try:
        kept = run_restore(backup, path)
    except RetentionError as exc:
        raise UserError(str(exc)) from None
    echo(f"restored {path} from {backup}" + (f"; the replaced file is {kept}" if kept else ""))
    return 0


def _now():
    from newswatch.clock import now_utc

    return now_utc()
