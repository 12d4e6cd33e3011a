"""Tag stored articles into tag, mention and event rows (pure: rows in, rows out)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from newswatch.tagging.tagger import Tagger


@dataclass
class TaggingBatch:
    article_ids: list[str] = field(default_factory=list)
    tags: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "articles": len(self.article_ids),
            "tags": len(self.tags),
            "mentions": len(self.mentions),
            "events": len(self.events),
        }

    def totals(self) -> dict[str, int]:
        """counts() and `event:<TYPE>` per event type."""
        out = self.counts()
        for e in self.events:
            key = f"event:{e['type']}"
            out[key] = out.get(key, 0) + 1
        return out

    @classmethod
    def merge(cls, batches: list[TaggingBatch]) -> TaggingBatch:
        merged = cls()
        for b in batches:
            merged.article_ids += b.article_ids
            merged.tags += b.tags
            merged.mentions += b.mentions
            merged.events += b.events
        return merged


def tag_articles(tagger: Tagger, articles: list[dict[str, Any]]) -> TaggingBatch:
    batch = TaggingBatch()
    for art in articles:
        published = art.get("published_at") or datetime.now(UTC)
        result = tagger.tag(
            art.get("title") or "",
            art.get("text") or art.get("summary") or "",
            published.date(),
            art.get("language"),
        )
        aid = art["article_id"]
        batch.article_ids.append(aid)
        batch.tags += [{"article_id": aid, "tag": t, "score": s} for t, s in result.tags.items()]
        batch.mentions += [
            {"article_id": aid, "entity_id": m.entity_id, "count": m.count, "in_title": m.in_title}
            for m in result.mentions
        ]
        seen: set[str] = set()
        for ev in result.events:
            eid = ev.event_id(aid)
            if eid in seen:
                continue
            seen.add(eid)
            batch.events.append(
                {
                    "event_id": eid,
                    "article_id": aid,
                    "type": ev.type,
                    "actors": ev.actors,
                    "targets": ev.targets,
                    "place_id": ev.place_id,
                    "region_id": ev.region_id,
                    "country": ev.country,
                    "event_date": ev.event_date,
                    "date_precision": ev.date_precision,
                    "status": ev.status,
                    "mediation": ev.mediation,
                    "sentence": ev.sentence,
                    "trigger": ev.trigger,
                    "confidence": ev.confidence,
                    "recurrence_key": ev.recurrence_key,
                    "parties": ev.parties,
                }
            )
    return batch


def entity_rows(gazetteer) -> list[dict[str, Any]]:
    return [
        {
            "entity_id": e.id,
            "kind": e.kind,
            "name": e.name,
            "country": e.country,
            "feature": e.feature,
            "adm1": e.adm1,
            "lat": e.lat,
            "lon": e.lon,
            "role": e.role,
        }
        for e in gazetteer.entities.values()
    ]
