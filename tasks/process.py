"""Process tasks: tag pending articles in batches and store the results."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newswatch import cycle


@task(name="tag-and-store", cache_policy=NO_CACHE, persist_result=False, retries=1, retry_delay_seconds=5)
def tag_pending(db: str, seeds_dir: str, batch_size: int = 500) -> dict[str, int]:
    totals = cycle.run_process(db, seeds_dir, batch_size)
    get_run_logger().info("tagged %d articles: %d events", totals.get("articles", 0), totals.get("events", 0))
    return totals
