"""Retention, compaction, restore: keeping a warehouse small and safe over months.

`vacuum(db, keep)` drops the text (and feed summary) of articles published before
`now - keep` and the fetch log of that age; articles keep their row (title, URL, source,
hashes), and events, clusters, alerts and deliveries are never touched, so every alert's
explanation still resolves. DuckDB does not give freed blocks back to the file system
(an UPDATE even grows the file until the next writes reuse them), so with `compact=True`
(the default) the warehouse is then copied into a fresh file (`COPY FROM DATABASE`: tables,
views, constraints, comments, the migration record) which atomically replaces the old one.
Compaction needs free disk space for one more copy while it runs.

`restore(backup, db)` puts a backup made by `newswatch backup` back in place after checking
it opens and carries the migration record; the replaced file is kept beside it as
`<db>.before-restore`.

Both hold the cycle lock, so no cycle writes meanwhile.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb

from newswatch.clock import as_utc
from newswatch.locking import cycle_lock
from warehouse.db import connect, named_query, transaction


class RetentionError(ValueError):
    """A retention or restore request that cannot be carried out; the message says why."""


@dataclass
class VacuumReport:
    cutoff: datetime
    texts_dropped: int = 0
    fetches_deleted: int = 0
    size_before: int = 0
    size_after: int = 0
    kept: dict[str, Any] = field(default_factory=dict)
    compacted: bool = False


def vacuum(
    db: str | Path, keep: timedelta, now: datetime | None = None, compact: bool = True
) -> VacuumReport:
    if keep <= timedelta(0):
        raise RetentionError(f"--keep must be a positive span such as 365d (got {keep})")
    db = Path(db)
    if not db.exists():
        raise RetentionError(f"warehouse {db} does not exist")
    report = VacuumReport(cutoff=as_utc(now) - keep)
    with cycle_lock(db):
        report.size_before = db.stat().st_size
        with connect(db) as con:
            with transaction(con):
                report.texts_dropped = con.execute(
                    named_query("vacuum_drop_text"), [report.cutoff]
                ).fetchone()[0]
                report.fetches_deleted = con.execute(
                    named_query("vacuum_old_fetches"), [report.cutoff]
                ).fetchone()[0]
            con.execute("CHECKPOINT").fetchall()
            cur = con.execute(named_query("vacuum_counts"))
            report.kept = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
        if compact:
            compact_file(db)
            report.compacted = True
        report.size_after = db.stat().st_size
    return report


def compact_file(db: str | Path) -> None:
    """Rewrite the warehouse into a fresh file and swap it in (caller holds the cycle lock)."""
    db = Path(db)
    tmp = db.with_name(db.name + ".compact.tmp")
    tmp.unlink(missing_ok=True)
    with connect(db) as con:
        source = con.execute("SELECT current_database()").fetchone()[0]
        con.execute(f"ATTACH '{_sql_path(tmp)}' AS newswatch_compact")
        try:
            con.execute(f'COPY FROM DATABASE "{source}" TO newswatch_compact')
            con.execute("CHECKPOINT newswatch_compact")
        finally:
            con.execute("DETACH newswatch_compact")
    _fsync(tmp)
    os.replace(tmp, db)
    _fsync(db.parent)


def restore(backup: str | Path, db: str | Path) -> Path | None:
    """Replace the warehouse with `backup`; returns where the replaced file was kept."""
    backup, db = Path(backup), Path(db)
    if not backup.exists():
        raise RetentionError(f"backup {backup} does not exist")
    if backup.resolve() == db.resolve():
        raise RetentionError("the backup is the warehouse itself — name the backup file")
    try:
        with duckdb.connect(str(backup), read_only=True) as con:
            con.execute("SELECT count(*) FROM schema_migrations").fetchall()
    except duckdb.Error as exc:
        raise RetentionError(f"{backup} is not a newswatch warehouse backup ({exc})") from None
    with cycle_lock(db):
        kept = None
        tmp = db.with_name(db.name + ".restore.tmp")
        db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(backup, tmp)
        _fsync(tmp)
        if db.exists():
            kept = db.with_name(db.name + ".before-restore")
            os.replace(db, kept)
        wal = Path(f"{db}.wal")
        if wal.exists():  # a WAL of the replaced file must not be replayed onto the backup
            os.replace(wal, Path(f"{kept or db}.wal.before-restore"))
        os.replace(tmp, db)
        _fsync(db.parent)
    return kept


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
