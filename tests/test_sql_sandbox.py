"""`newswatch sql` is read-only and sandboxed: every file, extension and settings attack is
refused with one clear line; folders named with --allow-files work."""

from __future__ import annotations

import duckdb
import pytest

from tests.fixtures.sql_attacks import ATTACKS, assert_nothing_written, make_other
from warehouse.sql_sandbox import (
    SqlRefused,
    json_value,
    open_sandbox,
    run_statements,
    text_value,
)


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute(
        "CREATE TABLE alerts AS SELECT range AS n, [range, 1] AS l, {'k': range} AS s FROM range(2500)"
    )
    con.close()
    return path


@pytest.fixture()
def other(tmp_path):
    return make_other(tmp_path)


@pytest.mark.parametrize("attack", ATTACKS)
def test_attacks_are_refused_with_one_line(db, other, tmp_path, attack):
    sql = attack.format(other=other, tmp=tmp_path, table="alerts")
    with open_sandbox(db) as con, pytest.raises((SqlRefused, duckdb.Error)) as info:
        run_statements(con, sql)
    message = str(info.value)
    if isinstance(info.value, SqlRefused):
        assert "\n" not in message and message.startswith("refused")
    else:  # DuckDB's own refusal of writes on a read-only file
        assert "read-only" in message.lower() or "read only" in message.lower()
    assert_nothing_written(tmp_path, other)


def test_refusal_happens_before_any_statement_runs(db, tmp_path):
    with open_sandbox(db, allow_dirs=[tmp_path]) as con, pytest.raises(SqlRefused):
        run_statements(con, f"COPY (SELECT 1) TO '{tmp_path}/first.csv'; LOAD json")
    assert not (tmp_path / "first.csv").exists()


def test_allowed_folder_reads_and_writes(db, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "places.csv").write_text("place,label\nplace:idlib,Idlib\n")
    with open_sandbox(db, allow_dirs=[folder]) as con:
        results = run_statements(
            con,
            f"SELECT label FROM read_csv('{folder}/places.csv');"
            f"COPY (SELECT n FROM alerts LIMIT 3) TO '{folder}/n.parquet' (FORMAT parquet)",
        )
        assert results[0].rows == [("Idlib",)]
        with pytest.raises(SqlRefused):  # still nothing outside the folder
            run_statements(con, f"SELECT * FROM read_csv('{folder}/../../../etc/passwd')")
    assert (folder / "n.parquet").stat().st_size > 0


def test_several_statements_run_in_order_and_rows_are_capped(db):
    with open_sandbox(db) as con:
        results = run_statements(con, "SELECT 1 AS a; SELECT n FROM alerts ORDER BY n", limit=100)
    assert [r.columns for r in results] == [["a"], ["n"]]
    assert len(results[1].rows) == 100 and results[1].total == 2500 and results[1].truncated == 2400
    with open_sandbox(db) as con:
        (everything,) = run_statements(con, "SELECT n FROM alerts", limit=None)
    assert everything.total == 2500 and everything.truncated == 0


def test_duckdb_errors_keep_their_hint_and_caret(db):
    with open_sandbox(db) as con, pytest.raises(duckdb.CatalogException) as info:
        run_statements(con, "SELECT * FROM alert")
    text = str(info.value)
    assert 'Did you mean "alerts"' in text and "LINE 1" in text and "^" in text


def test_lists_and_structs_are_json_not_reprs(db):
    with open_sandbox(db) as con:
        (result,) = run_statements(con, "SELECT l, s FROM alerts WHERE n = 7")
    row = result.rows[0]
    assert text_value(row[0]) == "[7, 1]" and text_value(row[1]) == '{"k": 7}'
    assert json_value(row[1]) == {"k": 7}


def test_missing_warehouse_is_not_created(tmp_path):
    with pytest.raises(FileNotFoundError), open_sandbox(tmp_path / "nope" / "w.duckdb"):
        pass
    assert not (tmp_path / "nope").exists()


def test_now_sets_the_clock_the_sql_sees_and_stays_sandboxed(db, tmp_path):
    """A question about 'the last week' asked of a replayed warehouse as of its own time."""
    from datetime import UTC, datetime

    clock = datetime(2026, 3, 30, 12, 0, tzinfo=UTC)
    with open_sandbox(db, now=clock) as con:
        (res,) = run_statements(
            con,
            "SELECT now(), current_timestamp, current_date, today(), "
            "now() - INTERVAL 7 DAY AS week_ago, get_current_timestamp()",
        )
        assert res.rows[0][:4] == (clock, clock, clock.date(), clock.date())
        assert res.rows[0][4] == datetime(2026, 3, 23, 12, 0, tzinfo=UTC)
        with pytest.raises(SqlRefused):  # the clock does not unlock anything
            run_statements(con, f"COPY (SELECT now()) TO '{tmp_path}/x.csv'")
    with open_sandbox(db) as con:  # without it, the real clock
        (res,) = run_statements(con, "SELECT now()")
        assert res.rows[0][0].year >= 2026 and res.rows[0][0] != clock
