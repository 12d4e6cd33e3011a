"""One cycle at a time per warehouse: an advisory file lock beside the DuckDB file.

A schedule overlap (a slow cycle still running when the next starts) must not make two
writers race; the second waits a bounded time for the first, then exits with a message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path


class CycleBusy(Exception):
    """Another newswatch cycle holds this warehouse."""


_HELD: dict[Path, int] = {}  # locks this process holds, so nesting (CLI -> flow) works


@contextlib.contextmanager
def cycle_lock(db: str | Path, wait_s: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's cycle lock; re-entrant within one process."""
    path = Path(f"{db}.cycle.lock").resolve()
    if _HELD.get(path):
        _HELD[path] += 1
        try:
            yield
        finally:
            _HELD[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait_s
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = path.read_text().strip() or "another process"
                    raise CycleBusy(
                        f"another newswatch cycle ({holder}) is running on {db}; "
                        "this one exits without doing anything (it will run on the next schedule)"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}".encode())
        _HELD[path] = 1
        yield
    finally:
        _HELD.pop(path, None)
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
