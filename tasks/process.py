"""Process tasks: the steps of newswatch.stages.process as Prefect tasks.

`tag-batch` is the only step that may run in another process (a Dask worker, see
flows/scaling.py): it takes articles and returns rows, and loads the tagger itself (once per
process). Reading and storing stay in the flow's process, next to the single warehouse writer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newswatch.stages import process as stage

if TYPE_CHECKING:  # the tagger (spaCy) is imported only when there is something to tag
    from newswatch.tagging.batch import TaggingBatch

LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="prepare-tagging", **LOCAL)
def prepare_tagging(db: str, seeds_dir: str) -> int:
    """Load the tagger, migrate the warehouse and sync the gazetteer's entities."""
    return stage.prepare_tagging(db, seeds_dir)


@task(name="read-pending", **LOCAL)
def read_pending(db: str, limit: int) -> list[dict[str, Any]]:
    articles = stage.read_pending(db, limit)
    get_run_logger().info("%d articles to tag", len(articles))
    return articles


@task(name="tag-batch", **LOCAL)
def tag_batch(articles: list[dict[str, Any]], seeds_dir: str) -> TaggingBatch:
    return stage.tag_batch(articles, seeds_dir)


@task(name="store-tags", **LOCAL)
def store_tags(db: str, batches: list[TaggingBatch]) -> dict[str, int]:
    """Store the batches' tags, mentions and events in one transaction."""
    totals = stage.store_tags(db, batches)
    get_run_logger().info("stored tags of %d articles: %d events", totals["articles"], totals["events"])
    return totals
