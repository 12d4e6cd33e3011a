"""Exports that any tool can read without the DuckDB file, and consistent backups."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from warehouse.db import connect

# Large tables are partitioned by a day column (Hive style: table/day=YYYY-MM-DD/*.parquet).
PARTITIONED = {
    "articles": "CAST(coalesce(published_at, fetched_at) AS DATE)",
    "events": "event_date",
    "fetches": "CAST(fetched_at AS DATE)",
}
DATED = {"event_clusters": "first_date", "alerts": "CAST(created_at AS DATE)"}


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def export_parquet(
    db: str | Path, out: str | Path, since: date | None = None
) -> Iterator[tuple[str, Path, int]]:
    """Write every table as Parquet; yields (table, path, rows)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with connect(db, read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY 1"
            ).fetchall()
        ]
        for table in tables:
            day = PARTITIONED.get(table) or DATED.get(table)
            where = f"WHERE {day} >= DATE '{since.isoformat()}'" if since and day else ""
            rows = con.execute(f"SELECT count(*) FROM {table} {where}").fetchall()[0][0]
            if table in PARTITIONED:
                target = out / table
                if target.exists():
                    shutil.rmtree(target)
                if rows:
                    con.execute(
                        f"COPY (SELECT *, {PARTITIONED[table]} AS day FROM {table} {where}) "
                        f"TO '{_sql_path(target)}' (FORMAT parquet, PARTITION_BY (day))"
                    ).fetchall()
            else:
                target = out / f"{table}.parquet"
                con.execute(
                    f"COPY (SELECT * FROM {table} {where}) TO '{_sql_path(target)}' (FORMAT parquet)"
                ).fetchall()
            yield table, target, rows


def backup(db: str | Path, out: str | Path) -> int:
    """Copy the warehouse while holding its write lock, after a CHECKPOINT, so no write is
    in flight and the copy needs no WAL. Returns the copy's size in bytes."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with connect(db) as con:
        con.execute("CHECKPOINT").fetchall()
        tmp = out.with_suffix(out.suffix + ".tmp")
        shutil.copyfile(db, tmp)
        tmp.replace(out)
    return out.stat().st_size


def export_tables(db: str | Path) -> list[str]:
    """The tables `export_parquet` writes, in its order."""
    with connect(db, read_only=True) as con:
        return [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT internal ORDER BY 1"
            ).fetchall()
        ]
