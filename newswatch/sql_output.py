"""Run an analyst's SQL in the sandbox and render the results (CSV, JSON, Markdown).

The sandbox itself is warehouse.sql_sandbox; this module turns its results into text and
its refusals and DuckDB's errors into one `SqlUserError` each (DuckDB's text kept whole:
the hint, `Did you mean`, the LINE 1 caret).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from warehouse.sql_sandbox import StatementResult, json_value, text_value


class SqlUserError(Exception):
    """The query failed or was refused; the message is what the user needs to see."""


def run(
    db: str | Path,
    sql: str,
    *,
    limit: int | None,
    allow_dirs: list[Path] = (),
    parquet_out: Path | None = None,
    wait_s: float = 5.0,
    now=None,
) -> list[StatementResult]:
    import duckdb

    from warehouse.sql_sandbox import SqlRefused, open_sandbox, run_statements, split_statements

    try:
        if parquet_out is not None:
            statements = split_statements(sql)
            if len(statements) != 1:
                raise SqlUserError("--format parquet takes one SELECT statement")
            inner = statements[0].query.strip().rstrip(";")
            target = str(Path(parquet_out).resolve()).replace("'", "''")
            sql = f"COPY ({inner}) TO '{target}' (FORMAT parquet)"
            allow_paths = [parquet_out]
        else:
            allow_paths = []
        with open_sandbox(db, allow_dirs=allow_dirs, allow_paths=allow_paths, wait_s=wait_s, now=now) as con:
            return run_statements(con, sql, limit=limit)
    except SqlRefused as exc:
        raise SqlUserError(str(exc)) from None
    except duckdb.Error as exc:
        text = str(exc).strip()
        if "read-only" in text.lower() or "read only" in text.lower():
            raise SqlUserError(
                f"refused: {text.splitlines()[0]} — `newswatch sql` is read-only; "
                "change data with the pipeline's commands"
            ) from None
        raise SqlUserError(f"SQL error: {text}") from None


CLOCK_WORDS = re.compile(
    r"\b(now|today|get_current_timestamp|transaction_timestamp)\s*\(|\bcurrent_(date|timestamp)\b", re.I
)


def clock_hint(db: str | Path, results: list[StatementResult], now_given: bool) -> str | None:
    """When a question about "the last week" comes back empty from a warehouse whose data
    ends well before today (a replay, the demo), say how to ask it as of the warehouse's
    own time; None otherwise."""
    from datetime import UTC, datetime, timedelta

    from warehouse.db import connect, named_query

    empty = [r for r in results if r.columns and not r.rows and CLOCK_WORDS.search(r.sql)]
    if now_given or not empty:
        return None
    with connect(db, read_only=True) as con:
        newest = con.execute(named_query("newest_data")).fetchone()[0]
    if newest is None or newest > datetime.now(UTC) - timedelta(days=1):
        return None
    return (
        f"note: the warehouse's newest data is from {newest:%Y-%m-%d %H:%M} UTC; to ask as of "
        f"then, add --now {newest:%Y-%m-%dT%H:%M}"
    )


def count_note(result: StatementResult, limit_flag: bool = True) -> str:
    n = len(result.rows)
    note = f"({n} row{'s' if n != 1 else ''}"
    if result.truncated:
        note += f"; {result.truncated} more not shown — --limit N or --all for more"
    return note + ")"


def render(results: list[StatementResult], fmt: str) -> str:
    """csv/json/markdown text of the results (each statement with rows, in order)."""
    shown = [r for r in results if r.columns]
    if fmt == "json":
        data = [[dict(zip(r.columns, json_value(list(row)), strict=True)) for row in r.rows] for r in shown]
        return json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=1) + "\n"
    parts = []
    for r in shown:
        if fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf, lineterminator="\n")
            writer.writerow(r.columns)
            writer.writerows([[text_value(v) for v in row] for row in r.rows])
            parts.append(buf.getvalue())
        elif fmt == "markdown":
            parts.append(markdown_table(r.columns, r.rows))
        else:
            raise ValueError(fmt)
    return "\n".join(parts)


def _md(value) -> str:
    return text_value(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(columns: list[str], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(_md(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
