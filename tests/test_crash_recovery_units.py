"""Focused tests for the root causes the SIGKILL trials (tests/test_crash_safety.py) found,
each small enough to run in the normal suite."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.fixtures.rows import NOW, article_row
from warehouse import connect, migrate, staging
from warehouse.store import Warehouse


def _article(n: int, **extra) -> dict:
    # copies found by text hash only: the rows' SimHashes would make every small n a near copy
    return article_row(n, **{"simhash": None, **extra})


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "w.duckdb")
    migrate(path)
    return path


def _writer_process(db: str) -> subprocess.Popen:
    """Another process holding the warehouse read-write, as a user's `duckdb` shell does:
    DuckDB then lets no other process open the file, not even to read."""
    code = textwrap.dedent(f"""
        import duckdb, time
        con = duckdb.connect({db!r})
        print("holding", flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_a_batch_meeting_a_writer_is_staged_then_loaded_with_its_copies_marked(db, monkeypatch):
    """The cycle read the earlier articles (to mark copies) before its write, outside the
    'stage when busy' guard: with a writer holding the file that read failed, the cycle
    died and its batch was not staged (found by the crash test's staging trials)."""
    from newswatch.stages.ingest import load_staged, store_ingest

    Warehouse(db).load_ingest([], [_article(1)], [])
    monkeypatch.setenv("NEWSWATCH_WRITE_WAIT", "0.3")
    holder = _writer_process(db)
    try:
        batch = [_article(2, text_hash="h1"), _article(3)]  # 2 copies article 1
        report = store_ingest(db, [], batch, {}, NOW)
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert report.staged and len(staging.staged(db, "ingest")) == 1
    assert load_staged(db) == 2
    assert staging.staged(db, "ingest") == []
    with connect(db, read_only=True) as con:
        rows = con.execute("SELECT article_id, copy_of FROM articles ORDER BY 1").fetchall()
    assert rows == [("a0001", None), ("a0002", "a0001"), ("a0003", None)]


def test_a_batch_cut_short_by_a_kill_is_removed_and_a_live_writers_is_kept(db):
    """A cycle killed inside `stage` (SIGKILL between writing and renaming its batch) left
    a `.tmp` file that nothing ever removed; the next load removes it, but never the
    `.tmp` of a writer that is still alive."""
    from newswatch.stages.ingest import load_staged

    code = textwrap.dedent(f"""
        import os, signal
        from warehouse import staging
        os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)  # killed mid-write
        staging.stage({db!r}, "ingest", {{"fetches": [], "articles": [], "feeds": []}})
    """)
    child = subprocess.run([sys.executable, "-c", code], timeout=120)
    assert child.returncode == -9
    folder = staging.staging_dir(db)
    (cut,) = folder.glob("*.tmp")
    live = folder / f"1_{os.getpid()}_ingest.tmp"  # a batch this (live) process is writing
    live.write_bytes(b"")
    assert load_staged(db) == 0
    assert not cut.exists() and live.exists()
    assert staging.staged(db, "ingest") == []
