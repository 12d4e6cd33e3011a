"""Batches that could not be written (the warehouse was busy past the bound) wait on disk
beside the warehouse and are loaded first by the next cycle, so nothing fetched is lost.

Each batch is one Arrow IPC file (the format the load path already uses): one row whose
columns are the batch's parts, each a list of rows; the parts that are loaded tables keep
the table's declared schema (warehouse/tables.py). No pickle: reading a staged file never
runs code.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc

from newswatch.locking import process_alive
from warehouse import tables

SUFFIX = ".arrow"
# The parts whose rows are a loaded table's rows: staged with that table's schema.
SCHEMAS: dict[str, tables.Table] = {"fetches": tables.FETCHES, "articles": tables.ARTICLES}


def staging_dir(db: str | Path) -> Path:
    return Path(f"{db}.staging")


def _column(part: str, rows: Sequence[dict[str, Any]]) -> pa.Array:
    table = SCHEMAS.get(part)
    if table is None:
        return pa.array([list(rows)])
    struct = pa.struct(list(table.schema))
    return pa.array([[{c: row.get(c) for c in table.columns} for row in rows]], type=pa.list_(struct))


def to_arrow(payload: dict[str, Sequence[dict[str, Any]]]) -> pa.Table:
    """A batch (part -> rows) as a one-row Arrow table."""
    return pa.table({part: _column(part, rows) for part, rows in payload.items()})


def stage(db: str | Path, kind: str, payload: dict[str, Sequence[dict[str, Any]]]) -> Path:
    folder = staging_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{time.time_ns()}_{os.getpid()}_{kind}{SUFFIX}"
    tmp = path.with_suffix(".tmp")
    table = to_arrow(payload)
    with tmp.open("wb") as fh:
        with pa.ipc.new_file(fh, table.schema) as writer:
            writer.write_table(table)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.rename(path)  # atomic: a half-written batch is never picked up
    return path


def discard_partial(db: str | Path) -> list[Path]:
    """Remove batches whose writing was cut short: a process killed inside `stage` leaves
    its `.tmp` file, which is never loaded and was never removed. Only files whose writer
    (the pid in the name) is gone; their articles were never stored and are fetched again."""
    folder = staging_dir(db)
    gone = []
    for path in sorted(folder.glob("*.tmp")) if folder.is_dir() else []:
        parts = path.stem.split("_")
        if len(parts) == 3 and parts[1].isdigit() and not process_alive(int(parts[1])):
            path.unlink(missing_ok=True)
            gone.append(path)
    return gone


def staged(db: str | Path, kind: str) -> list[Path]:
    folder = staging_dir(db)
    return sorted(folder.glob(f"*_{kind}{SUFFIX}")) if folder.is_dir() else []


def read(path: Path) -> dict[str, list[dict[str, Any]]]:
    with pa.memory_map(str(path), "r") as source:
        rows = pa.ipc.open_file(source).read_all().to_pylist()
    return rows[0] if rows else {}
