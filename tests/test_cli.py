"""The CLI against a real warehouse file: sql, migrate, schema, errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from newswatch.cli import main
from warehouse import migrate


@pytest.fixture
def warehouse_db(db):
    migrate(db)
    return db


def test_sql_prints_a_table(warehouse_db, capsys):
    assert main(["sql", "SELECT 1 AS one, 'x' AS letter", "--db", warehouse_db]) == 0
    out = capsys.readouterr().out
    assert "one" in out and "letter" in out and "(1 row)" in out


def test_sql_json_and_csv(warehouse_db, tmp_path, capsys):
    assert main(["sql", "SELECT 2 AS n", "--db", warehouse_db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 2}]
    out = tmp_path / "q.csv"
    assert main(["sql", "SELECT 3 AS n", "--db", warehouse_db, "--format", "csv", "--out", str(out)]) == 0
    assert out.read_text().splitlines() == ["n", "3"]


def test_sql_is_read_only(warehouse_db, capsys):
    assert main(["sql", "DELETE FROM articles", "--db", warehouse_db]) == 2
    assert "read-only" in capsys.readouterr().err.lower()


def test_bad_sql_keeps_duckdbs_whole_message_without_a_traceback(warehouse_db):
    proc = subprocess.run(
        [sys.executable, "-m", "newswatch.cli", "sql", "SELEC nonsense", "--db", warehouse_db],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("newswatch: error: SQL error:")
    assert "Traceback" not in proc.stderr
    assert "LINE 1: SELEC nonsense" in proc.stderr and "^^^^^" in proc.stderr  # DuckDB's caret kept


def test_missing_warehouse_is_explained(tmp_path, capsys):
    missing = tmp_path / "none.duckdb"
    assert main(["sql", "SELECT 1", "--db", str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"newswatch: error: no warehouse at {missing} — run 'newswatch migrate --db {missing}' or pass --db\n"
    )
    assert not missing.exists()


def test_migrate_status_and_schema(db, capsys):
    assert main(["migrate", "--db", db]) == 0
    assert "001_core.sql" in capsys.readouterr().out
    assert main(["migrate", "--db", db]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["migrate", "--status", "--db", db]) == 0
    assert "applied" in capsys.readouterr().out
    assert main(["schema", "events", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "recurrence_key" in out and "TYPE|PLACEKEY|PARTIES" in out


def test_every_user_table_and_column_is_documented(warehouse_db):
    import duckdb

    with duckdb.connect(warehouse_db, read_only=True) as con:
        missing = con.execute(
            "SELECT c.table_name, c.column_name FROM duckdb_columns() c "
            "JOIN duckdb_tables() t ON t.table_oid = c.table_oid "
            "WHERE NOT t.internal AND (c.comment IS NULL OR c.comment = '')"
        ).fetchall()
        tables = con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE comment IS NULL OR comment = ''"
        ).fetchall()
    assert tables == []
    assert [m for m in missing if m[0] != "schema_migrations"] == []
