"""One cycle at a time per warehouse: an advisory file lock beside the DuckDB file
(`filelock`, an OS-level lock released when the process dies, even by SIGKILL).

A schedule overlap (a slow cycle still running when the next starts) must not make two
writers race; the second waits a bounded time for the first, then exits with a message.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout


class CycleBusy(Exception):
    """Another newswatch cycle holds this warehouse."""


_HELD: dict[Path, int] = {}  # locks this process holds, so nesting (CLI -> flow) works
_PREVIOUS: dict[Path, str] = {}  # what the holder file said when this process took the lock


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (one of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _holder_file(lock_path: Path) -> Path:
    return lock_path.with_name(lock_path.name + ".holder")


@contextlib.contextmanager
def cycle_lock(db: str | Path, wait_s: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's cycle lock; re-entrant within one process (any thread)."""
    path = _lock_path(db)
    if _HELD.get(path):
        _HELD[path] += 1
        try:
            yield
        finally:
            _HELD[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    # preserve_lock_file: a lock file removed by a waiter would let a third process lock a new
    # file while the holder still holds the old one
    lock = FileLock(path, thread_local=False, preserve_lock_file=True)
    try:
        lock.acquire(timeout=max(wait_s, 0.0), poll_interval=0.2)
    except Timeout:
        try:
            holder = _holder_file(path).read_text().strip() or "another process"
        except OSError:
            holder = "another process"
        raise CycleBusy(
            f"another newswatch cycle ({holder}) is running on {db}; "
            "this one exits without doing anything (it will run on the next schedule)"
        ) from None
    try:
        # the last holder's note survives it (a killed cycle never clears it): kept for
        # take_previous_holder(), which lets the flow close a run that was killed mid-cycle
        with contextlib.suppress(OSError):
            _PREVIOUS[path] = _holder_file(path).read_text().strip()
        with contextlib.suppress(OSError):
            _holder_file(path).write_text(f"pid {os.getpid()}")
        _HELD[path] = 1
        yield
    finally:
        _HELD.pop(path, None)
        # released cleanly: nothing of ours to close next time; a dead holder's note that no
        # one took (a replay or a vacuum held the lock, not a cycle) is passed on
        unclaimed = _PREVIOUS.pop(path, "")
        with contextlib.suppress(OSError):
            _holder_file(path).write_text(unclaimed)
        lock.release()


def _lock_path(db: str | Path) -> Path:
    return Path(f"{db}.cycle.lock").resolve()


def note_holder(db: str | Path, note: str) -> None:
    """Add `note` (e.g. the flow run id) to the holder file of a lock this process holds."""
    path = _lock_path(db)
    if _HELD.get(path):
        with contextlib.suppress(OSError):
            _holder_file(path).write_text(f"pid {os.getpid()}, {note}")


def take_previous_holder(db: str | Path) -> str:
    """The note the holder before this process left ('' after a clean release): a note
    still there means that holder died holding the lock. Taking it means the caller deals
    with it; a note not taken is kept for the next holder."""
    return _PREVIOUS.pop(_lock_path(db), "")
