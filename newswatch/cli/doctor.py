"""`newswatch doctor`."""

from __future__ import annotations

from newswatch.cli.app import app
from newswatch.cli.common import (
    DbOpt,
    FeedsOpt,
    JsonOpt,
    RulesOpt,
    db_path,
    feeds_path,
    out,
    print_json,
    rules_path,
)

STYLE = {"ok": "green", "warn": "yellow", "fail": "bold red"}


@app.command()
def doctor(
    feeds: FeedsOpt = None,
    rules: RulesOpt = None,
    json: JsonOpt = False,
    db: DbOpt = None,
) -> int:
    """Check the set-up, one line per check with what to do (secrets are never printed).

    Warehouse present, writable and migrated; seeds and rules valid; channel URLs parse;
    Prefect API reachable (or a server will start); feed hosts resolve. Exit 1 on a failure.

    Example: newswatch doctor --db data/newswatch.duckdb
    """
    feeds = feeds_path(feeds)
    rules = rules_path(rules)
    from dataclasses import asdict

    from newswatch.doctor import run_checks

    findings = run_checks(db_path(db, must_exist=False), feeds, rules)
    if json:
        print_json([asdict(f) for f in findings])
    else:
        from rich.markup import escape

        console = out()
        for f in findings:
            console.print(
                f"[{STYLE[f.status]}]{f.status:<4}[/] {escape(f.check):<20} {escape(f.detail)}",
                soft_wrap=True,
            )
    return 1 if any(f.status == "fail" for f in findings) else 0
