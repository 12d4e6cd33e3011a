"""`newswatch migrate` and `newswatch schema`."""

from __future__ import annotations

import difflib
from typing import Annotated

import typer

from newswatch.cli.app import app
from newswatch.cli.common import DbOpt, JsonOpt, UserError, db_path, echo, print_json, print_table


@app.command()
def migrate(
    status: Annotated[
        bool,
        typer.Option(
            "--status", help="List migrations and whether applied; change nothing. Example: --status"
        ),
    ] = False,
    json: Annotated[
        bool,
        typer.Option("--json", help="With --status: the list as JSON, for scripts. Example: --status --json"),
    ] = False,
    db: DbOpt = None,
) -> int:
    """Create the warehouse or apply its pending migrations (the one command that creates it).

    Example: newswatch migrate --db data/newswatch.duckdb
    """
    from warehouse import migrate as apply
    from warehouse import migration_status

    if json and not status:
        raise UserError(
            "--json lists the migrations: use it with --status — e.g. newswatch migrate --status --json"
        )
    if status:
        path = db_path(db)
        if json:
            print_json(
                [
                    {"version": v, "name": n, "applied": a is not None, "applied_at": a}
                    for v, n, a in migration_status(path)
                ]
            )
            return 0
        for version, name, applied in migration_status(path):
            echo(f"{version:03d}_{name:<30} {'applied ' + str(applied) if applied else 'pending'}")
        return 0
    applied = apply(db_path(db, must_exist=False))
    echo("applied: " + ", ".join(applied) if applied else "warehouse is up to date")
    return 0


@app.command()
def schema(
    table: Annotated[
        str | None,
        typer.Argument(help="Only this table or view. Example: v_alerts", show_default=False),
    ] = None,
    json: JsonOpt = False,
    db: DbOpt = None,
) -> int:
    """Print the tables, views and their documented columns.

    Example: newswatch schema events
    """
    from warehouse import reports

    objects = reports.schema(db_path(db))
    if table is not None:
        names = [name for name, _c, _cols in objects]
        if table not in names:
            near = difflib.get_close_matches(table, names, n=3, cutoff=0.5)
            hint = f"did you mean {', '.join(near)}? " if near else ""
            raise UserError(f"no table or view {table!r} — {hint}list them with 'newswatch schema'")
        objects = [o for o in objects if o[0] == table]
    if json:
        print_json(
            [
                {
                    "name": n,
                    "comment": c,
                    "columns": [{"name": a, "type": t, "comment": d} for a, t, d in cols],
                }
                for n, c, cols in objects
            ]
        )
        return 0
    for name, comment, cols in objects:
        echo(f"{name}: {comment or ''}")
        print_table(["column", "type", "comment"], cols, wide=True, footer=False)
        echo()
    return 0
