"""Digest task: read a period's alerts, events and feed health (warehouse.reports, read-only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from warehouse import reports

LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="read-digest", **LOCAL)
def read_digest(db: str, since: datetime, until: datetime, max_events: int = 30) -> dict[str, Any]:
    data = reports.digest(db, since, until, max_events)
    if data["missing"]:
        get_run_logger().warning("warehouse %s does not exist yet: empty digest", db)
    else:
        get_run_logger().info("digest: %d alerts, %d event groups", len(data["alerts"]), len(data["events"]))
    return data
