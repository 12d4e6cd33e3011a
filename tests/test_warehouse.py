"""The warehouse as a product: migrations that keep rows, exports, backups, and safe use
by two real processes at once (DuckDB allows one writer)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from newswatch.cli import main
from newswatch.locking import CycleBusy, cycle_lock
from tests.fixtures.rows import NOW
from tests.fixtures.rows import article_row as _article
from warehouse import WarehouseBusy, connect, migrate, migration_status, staging
from warehouse.db import available_migrations
from warehouse.exports import export_parquet
from warehouse.store import Warehouse


def _hold_lock_process(db: str, seconds: float, read_only: bool = False) -> subprocess.Popen:
    """Another real process holding the warehouse file open (a user's query, or a writer)."""
    code = textwrap.dedent(f"""
        import duckdb, sys, time
        con = duckdb.connect({db!r}, read_only={read_only})
        print("holding", flush=True)
        time.sleep({seconds})
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_upgrade_from_migration_1_keeps_every_row(db):
    migrate(db, target=1)
    wh = Warehouse(db)
    wh.sync_feeds(
        [{"feed_id": "f1", "url": "https://news.example/rss", "name": "N", "language": "en", "tags": ["x"]}]
    )
    wh.load_ingest([], [_article(n) for n in range(50)], [])
    with connect(db, read_only=True) as con:
        before = con.execute("SELECT * FROM articles ORDER BY article_id").fetchall()
    applied = migrate(db)
    assert applied and applied[0].startswith("002_")
    assert all(applied_at for _v, _n, applied_at in migration_status(db))
    with connect(db, read_only=True) as con:
        after = con.execute("SELECT * FROM articles ORDER BY article_id").fetchall()
        versions = [r[0] for r in con.execute("SELECT version FROM schema_migrations ORDER BY 1").fetchall()]
        assert con.execute("SELECT count(*) FROM v_articles").fetchall()[0][0] == 50
    assert after == before
    assert versions == [m.version for m in available_migrations()]


def test_a_failing_migration_leaves_nothing_half_done(db, monkeypatch, tmp_path):
    migrate(db)
    bad = tmp_path / "migrations"
    bad.mkdir()
    for m in available_migrations():
        (bad / m.path.name).write_text(m.path.read_text())
    (bad / "999_broken.sql").write_text("CREATE TABLE half_done (x INTEGER);\nSELECT * FROM no_such_table;")
    monkeypatch.setattr("warehouse.db.MIGRATIONS_DIR", bad)
    with pytest.raises(duckdb.Error):
        migrate(db)
    with connect(db, read_only=True) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        versions = {r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall()}
    assert "half_done" not in tables and 999 not in versions


def test_export_writes_parquet_readable_without_duckdb(db, tmp_path):
    migrate(db)
    Warehouse(db).load_ingest([], [_article(n) for n in range(10)], [])
    out = tmp_path / "export"
    exported = {t: (path, rows) for t, path, rows in export_parquet(db, out)}
    assert exported["articles"][1] == 10
    table = pq.read_table(out / "articles")  # Hive-partitioned folder, read by pyarrow alone
    assert table.num_rows == 10 and "day" in table.column_names
    assert pq.read_table(out / "entities.parquet").num_rows == 0


def test_backup_is_a_consistent_copy(db, tmp_path):
    migrate(db)
    Warehouse(db).load_ingest([], [_article(n) for n in range(5)], [])
    copy = tmp_path / "backup.duckdb"
    assert main(["backup", "--db", db, "--out", str(copy)]) == 0
    with duckdb.connect(str(copy), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 5


def test_write_waits_for_a_reader_then_stages_the_batch_and_the_next_cycle_loads_it(db):
    from newswatch.stages.ingest import load_staged, store_ingest

    migrate(db)
    holder = _hold_lock_process(db, seconds=30, read_only=True)
    try:
        wh = Warehouse(db, wait_s=0.5)
        with pytest.raises(WarehouseBusy, match="in use by another process"):
            wh.load_ingest([], [_article(1)], [])
        report = store_ingest_with_wait(db, store_ingest)
        assert report.staged and staging.staged(db, "ingest")
    finally:
        holder.kill()
        holder.wait()
    assert load_staged(db) == 1
    assert staging.staged(db, "ingest") == []
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT url FROM articles").fetchall() == [("https://news.example/1",)]
    assert load_staged(db) == 0  # loading twice adds nothing


def store_ingest_with_wait(db, store_ingest):
    import os

    os.environ["NEWSWATCH_WRITE_WAIT"] = "0.5"
    try:
        return store_ingest(db, [], [_article(1)], {}, NOW)
    finally:
        del os.environ["NEWSWATCH_WRITE_WAIT"]


def test_a_query_meeting_the_writer_says_so_plainly(db):
    migrate(db)
    holder = _hold_lock_process(db, seconds=30)
    try:
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "newswatch.cli", "sql", "SELECT 1", "--db", db, "--wait", "1"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 3  # the CLI's "busy, try again" code (a user mistake is 2)
    assert "pipeline is writing" in proc.stderr and "Traceback" not in proc.stderr
    assert waited >= 1.0  # it retried before giving up
    assert main(["sql", "SELECT 1 AS ok", "--db", db]) == 0  # and works once the writer is gone


def test_two_cycles_cannot_run_at_once(db):
    code = textwrap.dedent(f"""
        import time
        from newswatch.locking import cycle_lock
        with cycle_lock({db!r}):
            print("locked", flush=True)
            time.sleep(30)
    """)
    first = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    try:
        assert first.stdout.readline().strip() == "locked"
        with pytest.raises(CycleBusy, match="another newswatch cycle"), cycle_lock(db):
            pass
        # no Prefect API given: a run that reached Prefect before the lock would start the
        # background server (its state folder under PREFECT_HOME)
        prefect_home = Path(db).parent / "prefect-home"
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update(PREFECT_HOME=str(prefect_home), NEWSWATCH_PREFECT_SERVER="background")
        proc = subprocess.run(
            [sys.executable, "-m", "newswatch.cli", "run", "--db", db],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert proc.returncode == 75 and "another newswatch cycle" in proc.stderr
        assert not (prefect_home / "newswatch-server").exists(), "Prefect was started before the lock"
    finally:
        first.kill()
        first.wait()
        if (Path(db).parent / "prefect-home" / "newswatch-server").exists():
            subprocess.run([sys.executable, "-m", "newswatch.cli", "server", "stop"], env=env, timeout=60)
    with cycle_lock(db):  # free again once the first is gone
        pass


def test_backfill_retags_without_fetching_and_is_idempotent(db, capsys):
    from newswatch.stages import process

    migrate(db)
    text = (
        "A roadside bomb exploded on Monday as a joint Russian-Turkish patrol drove along the M4 "
        "highway near Ariha in Idlib province, damaging a Russian armoured vehicle."
    )
    Warehouse(db).load_ingest(
        [], [_article(1, title="Bomb hits joint patrol on M4", text=text, text_hash="bomb")], []
    )
    process.run(db)
    with connect(db, read_only=True) as con:
        before = con.execute("SELECT event_id, type FROM events ORDER BY 1").fetchall()
    assert "BOMBING" in {t for _e, t in before}
    for _ in range(2):
        assert main(["backfill", "--since", "2026-03-01", "--db", db, "--quiet"]) == 0
        assert "re-tagged 1 articles" in capsys.readouterr().out
        with connect(db, read_only=True) as con:
            assert con.execute("SELECT event_id, type FROM events ORDER BY 1").fetchall() == before


def test_table_declarations_match_the_migrations(db):
    """warehouse/tables.py declares each loaded column once; the DDL must have it."""
    from warehouse.tables import LOADED

    migrate(db)
    with connect(db, read_only=True) as con:
        for table in LOADED:
            have = dict(con.execute(f"SELECT name, type FROM pragma_table_info('{table.name}')").fetchall())
            missing = [c for c in table.column_names if c not in have]
            assert not missing, (table.name, missing)


def test_transaction_rolls_back(db):
    from warehouse import transaction

    migrate(db)
    with connect(db) as con:
        with contextlib.suppress(RuntimeError), transaction(con):
            con.execute("INSERT INTO entities (entity_id, kind, name) VALUES ('x', 'org', 'X')")
            raise RuntimeError("boom")
        assert con.execute("SELECT count(*) FROM entities").fetchall()[0][0] == 0
