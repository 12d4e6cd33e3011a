"""Close the flow run of a cycle that was killed mid-run.

A cycle killed by SIGKILL, the OOM killer or a power cut never reports its end, so its flow
run stays "Running" in Prefect forever. The cycle lock knows better: the next cycle to take
it finds the note the killed one left in the lock's holder file (a clean exit clears it)
and, if Prefect still shows that run as running, marks it Crashed with the reason. Only the
run that held this warehouse's lock is touched, never a run of another machine or warehouse.
"""

from __future__ import annotations

import re
from uuid import UUID

from prefect import get_run_logger
from prefect.client.orchestration import get_client
from prefect.runtime import flow_run
from prefect.states import Crashed

from newswatch.locking import note_holder, take_previous_holder

_RUN_ID = re.compile(r"flow run ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


def abandoned_run_id(note: str) -> UUID | None:
    """The flow run id in a holder note ('pid 12, flow run <uuid>'), if any."""
    found = _RUN_ID.search(note or "")
    return UUID(found.group(1)) if found else None


def claim_and_close_abandoned(db: str) -> UUID | None:
    """Write this run's id into the lock's holder note; mark the previous holder's run
    Crashed if Prefect still shows it running. Returns the id of a run it closed. Never
    fails the cycle: this is bookkeeping."""
    current = flow_run.get_id()
    if current:
        note_holder(db, f"flow run {current}")
    previous = abandoned_run_id(take_previous_holder(db))
    if previous is None or str(previous) == str(current):
        return None
    logger = get_run_logger()
    try:
        with get_client(sync_client=True) as client:
            run = client.read_flow_run(previous)
            if run.state is None or run.state.is_final():
                return None
            reason = f"the process running this cycle died (the next cycle found the lock on {db} free)"
            client.set_flow_run_state(previous, Crashed(message=reason), force=True)
    except Exception as exc:  # an unknown or deleted run, the API briefly away: not worth a failed cycle
        logger.info("could not check the previous cycle's flow run %s: %s", previous, exc)
        return None
    logger.warning("flow run %s of a killed cycle was still 'Running': marked Crashed", previous)
    return previous
