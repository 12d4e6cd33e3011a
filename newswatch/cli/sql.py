"""`newswatch sql`: the analyst's SQL through warehouse.sql_sandbox (read-only, no file or
network access outside --allow-files folders, no extensions, locked settings)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newswatch.cli.app import app
from newswatch.cli.common import DbOpt, UserError, db_path, echo, print_json, print_table, time_arg


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"
    parquet = "parquet"


@app.command()
def sql(
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="SQL",
            help="The SQL; several statements separated by ';' run in order. "
            'Example: "SELECT kind, count(*) FROM alerts GROUP BY kind"',
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the SQL from a file. Example: --file q.sql")
    ] = None,
    query: Annotated[
        str | None,
        typer.Option(
            "--query",
            "-q",
            help="Run a saved query by name (see --list-queries). Example: --query recurrences-last-week",
        ),
    ] = None,
    list_queries: Annotated[
        bool,
        typer.Option(
            "--list-queries",
            help="List the saved queries and exit (--format json for scripts). Example: --list-queries",
        ),
    ] = False,
    format: Annotated[
        Format, typer.Option("--format", help="Output format. Example: --format csv")
    ] = Format.table,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the result to this file. Example: --out result.parquet"),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(help="Rows shown per statement; the rest are counted. Example: --limit 50", min=1),
    ] = 1000,
    all_rows: Annotated[bool, typer.Option("--all", help="No row cap. Example: --all")] = False,
    wide: Annotated[
        bool, typer.Option("--wide", help="Never cut cells; wrap them whole. Example: --wide")
    ] = False,
    allow_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--allow-files",
            help="Let the SQL read and write files under this folder (repeatable). "
            "Example: --allow-files ./shared",
        ),
    ] = None,
    now: Annotated[
        str | None,
        typer.Option(
            metavar="TIME",
            help="The clock the SQL sees: now(), current_date and the like return this time, so "
            "a question about 'the last week' can be asked of a replayed or demo warehouse. "
            "Example: --now 2026-03-30",
        ),
    ] = None,
    wait: Annotated[
        float,
        typer.Option(help="Seconds to wait while the pipeline is writing. Example: --wait 30"),
    ] = 5.0,
    db: DbOpt = None,
) -> int:
    """Run read-only SQL against the warehouse, sandboxed.

    Files and extensions are off unless a folder is named with --allow-files; DuckDB's
    whole error (hint, caret) is shown.

    Example: newswatch sql "SELECT rule, count(*) FROM alerts GROUP BY rule" --format markdown
    """
    from newswatch import sql_output
    from warehouse import saved_queries

    if list_queries:
        queries = saved_queries.all_queries()
        if format is Format.json:
            print_json([{"name": q.name, "question": q.title, "path": str(q.path)} for q in queries])
            return 0
        rows = [(q.name, q.title) for q in queries]
        print_table(["name", "question"], rows, footer=False, keep=("name",))
        return 0
    given = [x for x in (text is not None, file is not None, query is not None) if x]
    if len(given) != 1:
        raise UserError(
            "give the SQL, --file FILE or --query NAME (one of them) — e.g. newswatch sql 'SELECT 1'"
        )
    if file is not None:
        if not file.is_file():
            raise UserError(f"--file {file}: no such file")
        text = file.read_text(encoding="utf-8")
    elif query is not None:
        try:
            text = saved_queries.get(query).sql
        except KeyError as exc:
            raise UserError(exc.args[0]) from None
    if format is Format.parquet and out is None:
        raise UserError("--format parquet needs --out FILE — e.g. --out result.parquet")
    missing = [str(d) for d in allow_files or [] if not d.is_dir()]
    if missing:
        raise UserError(f"--allow-files {missing[0]}: no such folder — name an existing folder")
    path = db_path(db)
    clock = time_arg(now, "--now")
    results = sql_output.run(
        path,
        text,
        limit=None if all_rows or out is not None else limit,
        allow_dirs=list(allow_files or []),
        parquet_out=out if format is Format.parquet else None,
        wait_s=wait,
        now=clock,
    )
    _show(results, format, out, wide)
    hint = sql_output.clock_hint(path, results, now_given=clock is not None)
    if hint:
        import sys

        sys.stderr.write(hint + "\n")
    return 0


def _show(results, format: Format, out: Path | None, wide: bool) -> None:
    from newswatch import sql_output

    if format is Format.parquet:
        echo(f"wrote {out}")
        return
    if format is Format.table and out is None:
        for i, result in enumerate(results):
            if i:
                echo()
            if not result.columns:
                echo(f"ok: {result.sql[:60]}")
                continue
            print_table(
                result.columns,
                result.rows,
                wide=wide,
                footer=False,
                more_hint="--wide shows every column, as do --format csv and json; or name fewer",
            )
            note = sql_output.count_note(result, limit_flag=True)
            echo(note)
        return
    rendered = sql_output.render(results, format.value)
    if out is not None:
        out.write_text(rendered, encoding="utf-8")
        n = sum(len(r.rows) for r in results)
        echo(f"wrote {n} row{'s' if n != 1 else ''} to {out}")
    else:
        echo(rendered.rstrip("\n"))
        cut = [r for r in results if r.truncated]
        if cut:
            import sys

            sys.stderr.write(sql_output.count_note(cut[0], limit_flag=True) + "\n")
