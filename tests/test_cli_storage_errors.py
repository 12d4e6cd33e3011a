"""A full disk or a read-only warehouse folder is one line that says so and what to do (the
real cases run in tests/test_crash_safety.py: a tmpfs filled up, a read-only bind mount)."""

from __future__ import annotations

import errno

from newswatch.cli import _storage_problem


def test_read_only_folder():
    exc = OSError(errno.EROFS, "Read-only file system", "/data/w.duckdb.cycle.lock")
    line = _storage_problem(exc)
    assert "read-only" in line and "/data/w.duckdb.cycle.lock" in line and "--db" in line
    assert "Errno" not in line


def test_full_disk_from_the_os_and_from_duckdb():
    assert "no space left" in _storage_problem(OSError(errno.ENOSPC, "No space left on device", "/d/x"))
    duckdb_like = RuntimeError(
        'Failed to commit: Could not write file "w.duckdb.wal": No space left on device'
    )
    assert "newswatch vacuum" in _storage_problem(duckdb_like)


def test_other_errors_are_not_storage_problems():
    assert _storage_problem(ValueError("bad value")) is None
    assert _storage_problem(OSError(errno.ECONNREFUSED, "Connection refused")) is None
