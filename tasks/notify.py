"""Notify task: newswatch.stages.notify as one Prefect task, delivering the outbox; each
channel's failure is recorded and retried later."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from newswatch.stages import notify as stage


def _artifact(markdown: str) -> None:
    create_markdown_artifact(
        markdown=markdown, key="newswatch-alerts", description="Alerts delivered by this run"
    )


# A channel that is down is recorded in the outbox and retried by a later run, so the task
# itself has no retries; the timeout bounds a hung SMTP server or webhook. No "network" tag:
# each tagged task run costs a concurrency-slot round trip to the Prefect API, and the
# outbox sends few requests to few hosts.
@task(name="deliver-outbox", timeout_seconds=300, cache_policy=NO_CACHE, persist_result=False)
def deliver_outbox(db: str, rules, now) -> dict[str, int]:
    counts = stage.run(db, rules, now, artifact_sink=_artifact)
    get_run_logger().info("deliveries: %s", counts or "nothing pending")
    return counts
