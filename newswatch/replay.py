"""Replay archives through the whole pipeline with a simulated clock (no network).

Sources: folders of feed snapshots named `<ISO timestamp>_*.xml` in per-feed sub-folders,
or JSON Lines item streams (optionally gzipped) with `link`, `title`, `date_published` and
optional `description`/`text`/`source`. Items use their own text; nothing is fetched.
Items are replayed in time order, batched by simulated day: ingest, tag, detect.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newswatch import ingest
from newswatch.extract import Extraction, html_to_text
from newswatch.feeds import FeedItem, _parse_iso, normalise_link, parse_feed
from newswatch.seeds import FeedSpec

_SNAPSHOT_TIME = re.compile(r"^(\d{8}T\d{6}(?:Z|[+-]\d{4})?)")


@dataclass
class ReplayItem:
    feed: FeedSpec
    item: FeedItem
    seen_at: datetime  # when the archive saw it (snapshot time, else publication time)


@dataclass
class ReplayReport:
    items: int = 0
    batches: int = 0
    new_articles: int = 0
    copies: int = 0
    events: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)


def _snapshot_time(path: Path) -> datetime | None:
    match = _SNAPSHOT_TIME.match(path.name)
    if not match:
        return None
    raw = match.group(1)
    fmt = "%Y%m%dT%H%M%S%z" if raw[-5] in "+-" else "%Y%m%dT%H%M%S"
    dt = datetime.strptime(raw.replace("Z", ""), fmt.replace("%z", "") if raw.endswith("Z") else fmt)
    return (dt if dt.tzinfo else dt.replace(tzinfo=UTC)).astimezone(UTC)


def snapshot_items(folder: Path) -> Iterator[ReplayItem]:
    """Every item of every snapshot under `folder` (one sub-folder per feed)."""
    for path in sorted(folder.rglob("*.xml")):
        seen = _snapshot_time(path)
        if seen is None:
            continue
        feed = FeedSpec(url=f"replay:{path.parent.name}", name=path.parent.name)
        parsed = parse_feed(path.read_bytes(), fetched_at=seen)
        for item in parsed.items:
            yield ReplayItem(feed, item, seen)


def _open_text(path: Path):
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return path.open(encoding="utf-8", errors="replace")


def stream_items(path: Path) -> Iterator[ReplayItem]:
    """Items of a JSON Lines stream (link, title, date_published, description/text, source)."""
    with _open_text(path) as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            link = rec.get("link") or rec.get("url") or ""
            published = _parse_iso(rec.get("date_published") or rec.get("published"))
            if not link or published is None:
                continue
            source = rec.get("source") or path.stem.split(".")[0]
            feed_name = source if "://" not in source else path.name.split(".")[0]
            text = rec.get("text") or ""
            item = FeedItem(
                link=normalise_link(link),
                link_original=link,
                title=(rec.get("title") or "").strip(),
                summary=rec.get("description") or "",
                content=text,
                published_at=published,
                published_raw=rec.get("date_published"),
                date_source="feed",
                source_name=source if "://" not in source else None,
            )
            yield ReplayItem(FeedSpec(url=f"replay:{feed_name}", name=feed_name), item, published)


def collect(paths: list[str | Path]) -> list[ReplayItem]:
    items: list[ReplayItem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            if any(path.rglob("*.xml")):
                items.extend(snapshot_items(path))
            for stream in sorted(list(path.rglob("*.jsonl")) + list(path.rglob("*.jsonl.gz"))):
                items.extend(stream_items(stream))
        elif path.name.endswith((".jsonl", ".jsonl.gz")):
            items.extend(stream_items(path))
        else:
            raise FileNotFoundError(f"{path}: not a snapshot folder or a .jsonl(.gz) stream")
    items.sort(key=lambda r: (r.seen_at, r.item.link))
    return items


def day_batches(
    items: list[ReplayItem], batch: timedelta = timedelta(days=1)
) -> Iterator[tuple[datetime, list[ReplayItem]]]:
    """Group items by simulated time; yields (end of batch = the clock, items)."""
    if not items:
        return
    start = items[0].seen_at.replace(hour=0, minute=0, second=0, microsecond=0)
    current: list[ReplayItem] = []
    end = start + batch
    for rec in items:
        while rec.seen_at >= end:
            if current:
                yield end, current
                current = []
            end += batch
        current.append(rec)
    if current:
        yield end, current


def rows_for(batch: list[ReplayItem], known: set[str], now: datetime) -> list[dict[str, Any]]:
    """Article rows from archived items: their own text, never a fetched page."""
    rows, seen = [], set(known)
    for rec in batch:
        item = rec.item
        if not item.link or item.link in seen:
            continue
        seen.add(item.link)
        content, summary = html_to_text(item.content), html_to_text(item.summary)
        text = content or summary
        extraction = Extraction(
            text=text,
            extraction="feed_content" if content else ("feed_summary" if summary else "title_only"),
            note="replayed from an archive: feed text only",
        )
        rows.append(ingest.article_row(rec.feed, item, extraction, now))
    return rows
