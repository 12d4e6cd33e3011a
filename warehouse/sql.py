"""SQL built from a table's declaration (warehouse/tables.py): the bulk loads' statements.

Every fixed statement is a named query (queries/<name>.sql); only statements whose table
and columns vary are built here. Names come from the declarations, never from input.
"""

from __future__ import annotations

from collections.abc import Sequence


def _cols(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def insert_new(table: str, columns: Sequence[str], keys: Sequence[Sequence[str]]) -> str:
    """Insert the rows of `_batch` whose keys are not in the table yet (an anti-join: DuckDB's
    ON CONFLICT path slows down badly as the table grows, benchmarks/warehouse.py)."""
    new_only = " AND ".join(
        f"NOT EXISTS (SELECT 1 FROM {table} t WHERE " + " AND ".join(f't."{k}" = b."{k}"' for k in key) + ")"
        for key in keys
    )
    cols = _cols(columns)
    return f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch b WHERE {new_only}"


def insert_all(table: str, columns: Sequence[str]) -> str:
    """Insert every row of `_batch` (the caller knows none is stored; a key that is fails)."""
    cols = _cols(columns)
    return f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch"


def upsert(table: str, columns: Sequence[str], conflict: str) -> str:
    """Insert the rows of `_batch`, `ON CONFLICT <conflict>`."""
    cols = _cols(columns)
    return f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _batch ON CONFLICT {conflict}"


def count_rows(table: str) -> str:
    return f"SELECT count(*) FROM {table}"
