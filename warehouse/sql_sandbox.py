"""The analyst's SQL: read-only, no file or network access, no extensions, locked settings.

`newswatch sql` runs strangers' SQL text (pasted from a blog, a colleague, a saved query)
against a file that holds months of work. DuckDB's own switches make that safe: the
warehouse is opened read-only, `enable_external_access` is off (no read_csv/glob/COPY TO/
ATTACH/EXPORT/INSTALL outside the allowed folders), autoloading of extensions is off, and
the configuration is locked so a statement cannot turn any of it back on. `--allow-files
DIR` adds folders an analyst wants to read CSVs from or write Parquet into
(`allowed_directories`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from warehouse.db import open_with_retry

DEFAULT_ROW_LIMIT = 1000
# Statement kinds an analyst's query never needs; refused before DuckDB sees them so the
# message says why (LOAD/INSTALL would otherwise fail or, for built-in extensions, pass).
REFUSED = {
    duckdb.StatementType.LOAD: "loading or installing extensions is off in `newswatch sql`",
    duckdb.StatementType.ATTACH: "attaching other databases is off in `newswatch sql`",
    duckdb.StatementType.DETACH: "detaching databases is off in `newswatch sql`",
    duckdb.StatementType.EXPORT: "EXPORT DATABASE is off in `newswatch sql`; use `newswatch export`",
}


class SqlRefused(Exception):
    """The sandbox refused a statement (file access, extensions, writes): one line, with the fix."""


@dataclass
class StatementResult:
    sql: str
    columns: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    total: int = 0  # rows the statement returned before the cap

    @property
    def truncated(self) -> int:
        return self.total - len(self.rows)


@contextlib.contextmanager
def open_sandbox(
    db: str | Path,
    allow_dirs: list[str | Path] = (),
    allow_paths: list[str | Path] = (),
    wait_s: float = 30.0,
    now: dt.datetime | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The warehouse opened for an analyst's SQL; `now` sets the clock the SQL sees
    (`set_clock`)."""
    path = Path(db)
    if not path.is_file():
        raise FileNotFoundError(str(path))
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    con = open_with_retry(path, read_only=True, wait_s=wait_s, config=config)
    try:
        dirs = [str(Path(d).resolve()) + "/" for d in allow_dirs]
        con.execute("SET TimeZone = 'UTC'")
        if now is not None:
            set_clock(con, now)
        if dirs:
            con.execute("SET allowed_directories = ?", [dirs])
        if allow_paths:
            con.execute("SET allowed_paths = ?", [[str(Path(p).resolve()) for p in allow_paths]])
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        yield con
    finally:
        con.close()


CLOCK_FUNCTIONS = ("now", "current_timestamp", "get_current_timestamp", "transaction_timestamp")
DATE_FUNCTIONS = ("current_date", "today")


def set_clock(con: duckdb.DuckDBPyConnection, now: dt.datetime) -> None:
    """Make `now()`, `current_timestamp`, `current_date`, `today()` (and their aliases) return
    `now` for this connection: temporary macros shadow the built-ins. A question written
    for a live warehouse ("recurrences in the last week") can then be asked of a replayed or
    demo warehouse as of its own time (`newswatch sql --now 2026-03-30`)."""
    stamp = now.astimezone(dt.UTC).isoformat()  # digits, '-', ':', '+', 'T': nothing to quote
    for name in CLOCK_FUNCTIONS:
        con.execute(f"CREATE TEMP MACRO {name}() AS TIMESTAMPTZ '{stamp}'")
    for name in DATE_FUNCTIONS:
        con.execute(f"CREATE TEMP MACRO {name}() AS DATE '{stamp[:10]}'")


def split_statements(sql: str) -> list[duckdb.Statement]:
    try:
        return list(duckdb.extract_statements(sql))
    except duckdb.Error as exc:
        raise duckdb.ParserException(str(exc)) from None


def run_statements(
    con: duckdb.DuckDBPyConnection, sql: str, limit: int | None = DEFAULT_ROW_LIMIT
) -> list[StatementResult]:
    """Run each statement in order; a statement's rows are capped at `limit` (None: all)."""
    statements = split_statements(sql)
    if not statements:
        raise SqlRefused("no SQL statement given")
    for stmt in statements:  # refuse before running anything
        if stmt.type in REFUSED:
            raise SqlRefused(f"refused: {REFUSED[stmt.type]} ({stmt.query.strip()[:60]})")
    results = []
    for stmt in statements:
        try:
            cur = con.execute(stmt.query)
        except duckdb.PermissionException as exc:
            first = str(exc).splitlines()[0].removeprefix("Permission Error: ")
            raise SqlRefused(
                f"refused: {first.rstrip('.')} — `newswatch sql` reads only the warehouse; "
                "pass --allow-files DIR to read or write files under DIR"
            ) from None
        except duckdb.InvalidInputException as exc:
            if "read-only" in str(exc) or "locked" in str(exc):
                raise SqlRefused(
                    f"refused: {str(exc).splitlines()[0]} (the warehouse is read-only here)"
                ) from None
            raise
        result = StatementResult(sql=stmt.query.strip())
        if cur.description is not None:
            result.columns = [d[0] for d in cur.description]
            fetched = cur.fetchmany(limit + 1) if limit is not None else cur.fetchall()
            result.rows = fetched[:limit] if limit is not None else fetched
            result.total = len(fetched)
            if limit is not None and len(fetched) > limit:
                result.total += len(cur.fetchall())  # count the rest without keeping them
        results.append(result)
    return results


def json_value(value: Any) -> Any:
    """A cell as JSON-ready data: lists and structs stay structured, dates become ISO text."""
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def text_value(value: Any) -> str:
    """A cell as text for CSV and tables: lists and structs as JSON, not Python reprs."""
    if value is None:
        return ""
    if isinstance(value, dict | list | tuple):
        return json.dumps(json_value(value), ensure_ascii=False)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)
