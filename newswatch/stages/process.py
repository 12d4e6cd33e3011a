"""The process stage: tag pending articles (theatre tags, entity mentions, events) in
batches; each round's results are stored in one transaction.

`run` is the stage, assembled once; the Prefect flow passes steps that run each step as
a task and tag batches in parallel on Dask.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from newswatch.clock import now_utc
from newswatch.config import SEEDS_DIR
from warehouse.store import Warehouse

if TYPE_CHECKING:
    from newswatch.tagging.batch import TaggingBatch
    from newswatch.tagging.tagger import Tagger

# The tagger (spaCy, ~1.5 s to import) is imported when there is something to tag, not
# with this module: a cycle with nothing new never loads it (flows/steps.py).
_TAGGERS: dict[tuple[str, str | None], Tagger] = {}


def get_tagger(seeds_dir: str | Path = SEEDS_DIR, model: str | None = None) -> Tagger:
    """One tagger per seeds folder and model (per process); the model defaults to
    NEWSWATCH_SPACY_MODEL."""
    from newswatch.tagging.spacy_pipeline import default_model
    from newswatch.tagging.tagger import Tagger

    model = model or default_model()
    key = (str(seeds_dir), model)
    if key not in _TAGGERS:
        _TAGGERS[key] = Tagger.from_seeds(seeds_dir, model)
    return _TAGGERS[key]


# -- the steps ---------------------------------------------------------------------------


def prepare_tagging(db, seeds_dir) -> int:
    """Load the tagger, migrate the warehouse and sync the gazetteer's entities."""
    from newswatch.tagging.batch import entity_rows

    rows = entity_rows(get_tagger(seeds_dir).gaz)
    wh = Warehouse(db)
    wh.ensure()
    wh.sync_entities(rows)
    return len(rows)


def read_pending(db, limit: int) -> list[dict[str, Any]]:
    return Warehouse(db).articles_to_tag(limit)


def tag_batch(articles: list[dict[str, Any]], seeds_dir) -> TaggingBatch:
    from newswatch.tagging.batch import tag_articles

    return tag_articles(get_tagger(seeds_dir), articles)


def tag_batches(batches: list[list[dict[str, Any]]], seeds_dir) -> list[TaggingBatch]:
    return [tag_batch(b, seeds_dir) for b in batches]


def store_tags(db, batches: list[TaggingBatch]) -> dict[str, int]:
    """Store the batches' tags, mentions and events in one transaction; returns counts
    (articles, tags, mentions, events, and `event:<TYPE>` per type)."""
    from newswatch.tagging.batch import TaggingBatch

    merged = TaggingBatch.merge(batches)
    Warehouse(db).load_tagging(merged.article_ids, merged.tags, merged.mentions, merged.events, now_utc())
    return merged.totals()


# -- the stage ---------------------------------------------------------------------------

PLAIN_STEPS = SimpleNamespace(
    prepare_tagging=prepare_tagging,
    read_pending=read_pending,
    tag_batches=tag_batches,
    store_tags=store_tags,
)


def run(
    db,
    seeds_dir=SEEDS_DIR,
    batch_size: int = 500,
    sync_entities: bool = True,
    fanout: int = 1,
    steps: Any = PLAIN_STEPS,
) -> dict[str, int]:
    """Rounds of read-pending -> tag `fanout` batches of `batch_size` -> store (one
    transaction per round), until nothing is pending. The gazetteer's entities are synced
    first unless `sync_entities` is False (a replay syncs them once)."""
    if sync_entities:
        steps.prepare_tagging(db, seeds_dir)
    totals: Counter = Counter()
    while True:
        articles = steps.read_pending(db, batch_size * fanout)
        if not articles:
            break
        batches = [articles[i : i + batch_size] for i in range(0, len(articles), batch_size)]
        totals.update(steps.store_tags(db, steps.tag_batches(batches, seeds_dir)))
    return dict(totals)
