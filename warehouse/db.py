"""Connections with bounded waiting on DuckDB's single-writer lock, and migrations."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

HERE = Path(__file__).resolve().parent
MIGRATIONS_DIR = HERE / "migrations"
QUERIES_DIR = HERE / "queries"
_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class WarehouseBusy(Exception):
    """Another process holds the warehouse file (DuckDB allows one writer)."""


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


_HELD = threading.local()


def _held() -> dict[Path, duckdb.DuckDBPyConnection]:
    if not hasattr(_HELD, "cons"):
        _HELD.cons = {}
    return _HELD.cons


@contextlib.contextmanager
def holding(db: str | Path, *, one_transaction: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Keep one write connection open for the block: every `connect(db)` in this thread
    inside it (reads too) is served by it instead of opening and closing the file again.
    With `one_transaction`, the block is also one transaction: `transaction()` on the held
    connection joins it instead of committing on its own (all or nothing for the block).

    Opening a DuckDB file reads its metadata, closing a write connection checkpoints it and
    each COMMIT syncs the WAL: a replay day made ~22 opens and ~7 commits. Batch jobs that
    hold the cycle lock (replay) hold a connection for a few seconds at a time; cycles keep
    short connections so a user's query can slip in between."""
    key = Path(db).resolve()
    cons = _held()
    if key in cons:
        yield cons[key]
        return
    with connect(db) as con:
        cons[key] = con
        try:
            if not one_transaction:
                yield con
                return
            con.execute("BEGIN TRANSACTION")
            _OUTER.add(id(con))
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                _OUTER.discard(id(con))
            con.execute("COMMIT")
        finally:
            del cons[key]


_OUTER: set[int] = set()  # ids of held connections inside their block's one transaction


def open_with_retry(
    path: Path, *, read_only: bool, wait_s: float, config: dict | None = None
) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retrying while another process holds the file's lock (DuckDB allows
    one writer; any other process, even read-only, fails at once) until `wait_s` is spent."""
    deadline = time.monotonic() + wait_s
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.IOException as exc:
            if not _is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"the warehouse {path} is in use by another process "
                    f"(the pipeline is writing, or a query is open); gave up after {wait_s:.0f}s"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextlib.contextmanager
def connect(
    db: str | Path, *, read_only: bool = False, wait_s: float = 30.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, retrying while another process holds the lock.

    Write connections are meant to be short: open, load one batch, close. Inside
    `holding(db)` the held connection is used (and stays open).
    """
    path = Path(db)
    held = _held().get(path.resolve()) if _held() else None
    if held is not None:
        yield held
        return
    if read_only and not path.exists():
        raise FileNotFoundError(f"warehouse {path} does not exist (run `newswatch migrate` first)")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = open_with_retry(path, read_only=read_only, wait_s=wait_s)
    try:
        con.execute("SET TimeZone = 'UTC'")
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT around the block; ROLLBACK if it raises. On a connection held with
    `holding(db, one_transaction=True)` the block joins the held transaction."""
    if id(con) in _OUTER:
        yield con
        return
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def rows_as_dicts(cur) -> list[dict[str, Any]]:
    """A cursor's rows as {column: value} dicts."""
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def available_migrations() -> list[Migration]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise ValueError(f"migration file {path.name} is not named NNN_name.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise ValueError("two migrations share a version number")
    return found


def _ensure_migrations_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(named_query("create_schema_migrations"))


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    _ensure_migrations_table(con)
    return {row[0] for row in con.execute(named_query("applied_migrations")).fetchall()}


def migrate_connection(con: duckdb.DuckDBPyConnection, target: int | None = None) -> list[str]:
    """Apply pending migrations in order, each in one transaction with its record."""
    done = applied_versions(con)
    applied = []
    for migration in available_migrations():
        if migration.version in done or (target is not None and migration.version > target):
            continue
        with transaction(con):
            con.execute(migration.path.read_text(encoding="utf-8"))
            con.execute(named_query("record_migration"), [migration.version, migration.name])
        applied.append(migration.path.name)
    return applied


def migrate(db: str | Path, target: int | None = None) -> list[str]:
    with connect(db) as con:
        return migrate_connection(con, target)


def migration_status(db: str | Path) -> list[tuple[int, str, str | None]]:
    """[(version, name, applied_at or None)] for every known migration."""
    applied: dict[int, str] = {}
    if Path(db).exists():
        with connect(db, read_only=True) as con:
            tables = {r[0] for r in con.execute(named_query("table_names")).fetchall()}
            if "schema_migrations" in tables:
                rows = con.execute(named_query("migration_times")).fetchall()
                applied = {v: str(t) for v, t in rows}
    return [(m.version, m.name, applied.get(m.version)) for m in available_migrations()]


def named_query(name: str) -> str:
    """The text of warehouse/queries/<name>.sql."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.exists():
        raise KeyError(f"no named query {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")
