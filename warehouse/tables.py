"""The columns the pipeline loads into each table, declared once with their Arrow types.

Loads (`warehouse.store`), their Arrow schemas and the idempotency keys derive from these
declarations; the DDL is in migrations/ (tests/test_warehouse.py checks every column
declared here exists there with a compatible type).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")
TEXT = pa.string()
TEXTS = pa.list_(pa.string())


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, pa.DataType]
    # Keys that identify a row for idempotent inserts (primary keys and UNIQUE columns).
    keys: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(self.columns)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(list(self.columns.items()))

    def to_arrow(self, rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> pa.Table:
        """Rows (dicts; missing keys are NULL) as an Arrow table of these columns."""
        names = list(columns or self.columns)
        arrays = [pa.array([row.get(c) for row in rows], type=self.columns[c]) for c in names]
        return pa.Table.from_arrays(arrays, names=names)


FEEDS = Table(
    "feeds",
    {"feed_id": TEXT, "url": TEXT, "name": TEXT, "language": TEXT, "tags": TEXTS},
)
ARTICLES = Table(
    "articles",
    {
        "article_id": TEXT,
        "feed_id": TEXT,
        "url": TEXT,
        "url_original": TEXT,
        "source": TEXT,
        "title": TEXT,
        "text": TEXT,
        "summary": TEXT,
        "published_at": TIMESTAMP,
        "published_raw": TEXT,
        "date_source": TEXT,
        "fetched_at": TIMESTAMP,
        "author": TEXT,
        "language": TEXT,
        "extraction": TEXT,
        "extraction_note": TEXT,
        "text_hash": TEXT,
        "simhash": pa.uint64(),
        "copy_of": TEXT,
    },
    keys=(("article_id",), ("url",)),
)
FETCHES = Table(
    "fetches",
    {
        "feed_id": TEXT,
        "fetched_at": TIMESTAMP,
        "status": TEXT,
        "http_status": pa.int32(),
        "error": TEXT,
        "bytes": pa.int64(),
        "duration_ms": pa.int32(),
        "items": pa.int32(),
        "new_items": pa.int32(),
        "bozo": TEXT,
    },
    keys=(("feed_id", "fetched_at"),),
)
ARTICLE_TAGS = Table(
    "article_tags", {"article_id": TEXT, "tag": TEXT, "score": pa.float64()}, keys=(("article_id", "tag"),)
)
MENTIONS = Table(
    "mentions",
    {"article_id": TEXT, "entity_id": TEXT, "count": pa.int32(), "in_title": pa.bool_()},
    keys=(("article_id", "entity_id"),),
)
EVENTS = Table(
    "events",
    {
        "event_id": TEXT,
        "article_id": TEXT,
        "type": TEXT,
        "actors": TEXTS,
        "targets": TEXTS,
        "place_id": TEXT,
        "region_id": TEXT,
        "country": TEXT,
        "event_date": pa.date32(),
        "date_precision": TEXT,
        "status": TEXT,
        "mediation": pa.bool_(),
        "sentence": TEXT,
        "trigger": TEXT,
        "confidence": pa.float64(),
        "recurrence_key": TEXT,
        "parties": TEXTS,
    },
    keys=(("event_id",),),
)
ENTITIES = Table(
    "entities",
    {
        "entity_id": TEXT,
        "kind": TEXT,
        "name": TEXT,
        "country": TEXT,
        "feature": TEXT,
        "adm1": TEXT,
        "lat": pa.float64(),
        "lon": pa.float64(),
        "role": TEXT,
    },
)
EVENT_CLUSTERS = Table(
    "event_clusters",
    {
        "cluster_id": TEXT,
        "type": TEXT,
        "region_id": TEXT,
        "recurrence_key": TEXT,
        "first_date": pa.date32(),
        "last_date": pa.date32(),
        "first_seen_at": TIMESTAMP,
        "last_seen_at": TIMESTAMP,
        "parties": TEXTS,
        "place_id": TEXT,
        "lat": pa.float64(),
        "lon": pa.float64(),
        "n_events": pa.int32(),
        "n_articles": pa.int32(),
        "n_sources": pa.int32(),
    },
)
ALERTS = Table(
    "alerts",
    {
        "alert_id": TEXT,
        "kind": TEXT,
        "rule": TEXT,
        "cluster_id": TEXT,
        "recurrence_key": TEXT,
        "severity": TEXT,
        "created_at": TIMESTAMP,
        "summary": TEXT,
        "explanation": TEXT,
        "markdown": TEXT,
        "happened_on": pa.date32(),
    },
    keys=(("alert_id",),),
)
DELIVERIES = Table(
    "deliveries",
    {
        "alert_id": TEXT,
        "channel": TEXT,
        "status": TEXT,
        "attempts": pa.int32(),
        "next_attempt_at": TIMESTAMP,
    },
    keys=(("alert_id", "channel"),),
)
LOADED = (
    FEEDS, ARTICLES, FETCHES, ARTICLE_TAGS, MENTIONS, EVENTS, ENTITIES, EVENT_CLUSTERS, ALERTS, DELIVERIES,
)  # fmt: skip
