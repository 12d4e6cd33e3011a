"""Notify task: deliver the outbox; each channel's failure is recorded and retried later."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from newswatch import cycle


def _artifact(markdown: str) -> None:
    create_markdown_artifact(
        markdown=markdown, key="newswatch-alerts", description="Alerts delivered by this run"
    )


@task(name="deliver-outbox", cache_policy=NO_CACHE, persist_result=False)
def deliver_outbox(db: str, rules_path: str, now) -> dict[str, int]:
    counts = cycle.run_notify(db, rules_path, now, artifact_sink=_artifact)
    get_run_logger().info("deliveries: %s", counts or "nothing pending")
    return counts
