"""Process tasks: read pending articles, tag them in batches (pure, CPU), store the results.

`tag-batch` is the only step that may run in another process (a Dask worker, see
flows/scaling.py): it takes articles and returns rows, and loads the tagger itself (once per
process). Reading and storing stay in the flow's process, next to the single warehouse writer.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newswatch import cycle
from newswatch.process import TaggingBatch, entity_rows, tag_articles
from warehouse.store import Warehouse

LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="prepare-tagging", **LOCAL)
def prepare_tagging(db: str, seeds_dir: str) -> int:
    """Load the tagger, migrate the warehouse and sync the gazetteer's entities."""
    tagger = cycle.get_tagger(seeds_dir)
    rows = entity_rows(tagger.gaz)
    wh = Warehouse(db)
    wh.ensure()
    wh.sync_entities(rows)
    return len(rows)


@task(name="read-pending", **LOCAL)
def read_pending(db: str, limit: int) -> list[dict[str, Any]]:
    articles = Warehouse(db).articles_to_tag(limit)
    get_run_logger().info("%d articles to tag", len(articles))
    return articles


@task(name="tag-batch", **LOCAL)
def tag_batch(articles: list[dict[str, Any]], seeds_dir: str) -> TaggingBatch:
    return tag_articles(cycle.get_tagger(seeds_dir), articles)


@task(name="store-tags", **LOCAL)
def store_tags(db: str, batches: list[TaggingBatch]) -> dict[str, int]:
    """Store the batches' tags, mentions and events in one transaction."""
    merged = TaggingBatch()
    for b in batches:
        merged.article_ids += b.article_ids
        merged.tags += b.tags
        merged.mentions += b.mentions
        merged.events += b.events
    Warehouse(db).load_tagging(
        merged.article_ids, merged.tags, merged.mentions, merged.events, cycle.now_utc()
    )
    totals: Counter = Counter(merged.counts())
    totals.update(f"event:{e['type']}" for e in merged.events)
    get_run_logger().info("stored tags of %d articles: %d events", totals["articles"], totals["events"])
    return dict(totals)
