"""A cycle killed mid-run (SIGKILL, OOM) leaves its Prefect flow run "Running" forever; the
next cycle on the same warehouse finds the killed holder's note in the cycle lock's holder
file and marks that run Crashed. Real flow runs on the session's Prefect server."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from uuid import uuid4

import pytest

from flows.abandoned import abandoned_run_id
from newswatch.locking import cycle_lock, take_previous_holder

ROOT = Path(__file__).resolve().parent.parent


def test_the_run_id_is_read_from_a_holder_note():
    run = uuid4()
    assert abandoned_run_id(f"pid 12, flow run {run}") == run
    assert abandoned_run_id("pid 12") is None and abandoned_run_id("") is None


def test_a_clean_release_leaves_no_note_and_a_killed_holder_does(tmp_path):
    db = str(tmp_path / "w.duckdb")
    with cycle_lock(db):
        pass
    with cycle_lock(db):
        assert take_previous_holder(db) == "", "a clean release clears the note"
    code = textwrap.dedent(f"""
        import os
        from newswatch.locking import cycle_lock, note_holder
        with cycle_lock({db!r}):
            note_holder({db!r}, "flow run 00000000-0000-0000-0000-000000000001")
            os._exit(9)  # dies holding the lock: no finally runs
    """)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False, timeout=60)
    with cycle_lock(db):
        pass  # a holder that does not close runs (a replay, a vacuum) passes the note on
    with cycle_lock(db):
        assert take_previous_holder(db).endswith("flow run 00000000-0000-0000-0000-000000000001")
    with cycle_lock(db):
        assert take_previous_holder(db) == "", "a note taken is dealt with"


@pytest.mark.usefixtures("prefect_harness")
def test_the_next_cycle_marks_the_killed_cycles_run_crashed_and_leaves_finished_ones(tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.states import Completed, Running

    from flows.monitor import monitor

    db = str(tmp_path / "w.duckdb")
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text("feeds: []\n")
    with get_client(sync_client=True) as client:
        flow_id = client.create_flow(monitor)
        stuck = client.create_flow_run(monitor, parameters={"db": db}, state=Running())
        finished = client.create_flow_run(monitor, parameters={"db": db}, state=Running())
        client.set_flow_run_state(finished.id, Completed(), force=True)
    assert flow_id
    lock_file = Path(f"{db}.cycle.lock.holder")
    for previous, expect in ((stuck.id, "CRASHED"), (finished.id, "COMPLETED")):
        lock_file.write_text(
            f"pid {os.getpid() + 100000}, flow run {previous}"
        )  # as a killed cycle leaves it
        result = monitor(feeds=str(feeds), db=db, now=None)
        assert isinstance(result, dict)
        with get_client(sync_client=True) as client:
            state = client.read_flow_run(previous).state
        assert state.type.value == expect, (previous, state)
        assert lock_file.read_text() == "", "the cycle released the lock cleanly"
    with get_client(sync_client=True) as client:
        assert "died" in client.read_flow_run(stuck.id).state.message
