"""Replay real snapshots of three feeds (888 over 18 months; every third polling moment, 301
snapshots) through the ingest path.

Each snapshot is served by the FixtureServer on 127.0.0.1 and fetched for real (with a
content ETag, so an unchanged feed answers 304); parsing, new-item selection, extraction
and storage are the cycle's own functions. Article pages are not fetched: their links point
to the internet, which tests never reach, so every article keeps the feed's text
(`pages=[None] * n`), exactly as `newswatch.stages.ingest.run` does for links it cannot fetch.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from lxml import etree

from newswatch.config import FetchSettings
from newswatch.feeds import normalise_link
from newswatch.stages import ingest as stage
from warehouse.db import holding

FEEDS = ("bbc", "wsj", "aljazeeraenglish")
ATOM = "{http://www.w3.org/2005/Atom}"
SETTINGS = FetchSettings(allow_private_hosts=True, retries=0, total_timeout=10.0)
# Every third polling moment of the 18 months: the same feeds and span, ~3,500 links polled
# again and again, a feed unchanged between polls (answered 304); all 379 moments (888
# snapshots) cost a minute for the same checks.
EVERY = 3


def _snapshot_time(path: Path) -> datetime:
    return datetime.strptime(path.name.split("_")[0], "%Y%m%dT%H%M%S%z")


def _links_by_hand(data: bytes) -> set[str]:
    """Item links read with lxml (RSS <item><link>, Atom <entry><link rel=alternate>)."""
    root = etree.fromstring(data, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    links = [el.text or "" for el in root.iter("item") for el in el.findall("link")]
    for entry in root.iter(f"{ATOM}entry"):
        links += [
            el.get("href", "")
            for el in entry.findall(f"{ATOM}link")
            if el.get("rel", "alternate") == "alternate"
        ]
    return {normalise_link(link.strip()) for link in links if link.strip()}


def _rows(db: str, sql: str) -> list[tuple]:
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


def _poll(db: str, feeds, now: datetime):
    """One cycle's ingest for these feeds, as newswatch.stages.ingest.run runs it, minus page fetches."""
    due, states = stage.due_feeds(feeds, db, now, force=True)
    outcomes = stage.parse_feeds(due, stage.fetch_feeds(due, states, SETTINGS))
    outcomes_items = stage.new_items(outcomes, db)
    flat = [(o.feed, i) for o, items in outcomes_items for i in items]
    rows = stage.extract_pages(flat, [None] * len(flat), now)
    return stage.store_ingest(db, outcomes_items, rows, states, now)


@pytest.mark.slow
def test_replay_snapshots_stores_each_link_once(corpus, server, db, tmp_path):
    root = corpus / "feeds/snapshots/gesab001_headlines"
    snapshots = {name: sorted((root / name).glob("*.xml")) for name in FEEDS}
    assert sum(len(s) for s in snapshots.values()) == 888

    started = time.perf_counter()
    moments = sorted({_snapshot_time(p) for paths in snapshots.values() for p in paths})[::EVERY]
    chosen = set(moments)
    ticks: dict[datetime, list[tuple[str, bytes]]] = defaultdict(list)
    expected: set[str] = set()
    for name, paths in snapshots.items():
        for path in paths:
            if _snapshot_time(path) in chosen:
                data = path.read_bytes()
                ticks[_snapshot_time(path)].append((name, data))
                expected |= _links_by_hand(data)
    served = sum(len(t) for t in ticks.values())
    # by hand: how often a feed's snapshot is byte-identical to the one polled before it
    unchanged, previous = 0, {}
    for when in moments:
        for name, data in ticks[when]:
            unchanged += previous.get(name) == data
            previous[name] = data
    parsed_by_hand = time.perf_counter() - started

    feeds_yaml = tmp_path / "feeds.yaml"
    feeds_yaml.write_text(
        "feeds:\n" + "".join(f"  - url: {server.url}/{n}.xml\n    name: {n}\n" for n in FEEDS)
    )
    feeds = {f.name: f for f in stage.prepare_feeds(feeds_yaml, db)}

    statuses: defaultdict[str, int] = defaultdict(int)
    new_total = 0
    with holding(db):  # one connection for the ~100 polls (each would open the file ~5 times)
        for when in sorted(ticks):
            for name, data in ticks[when]:
                etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
                server.route(f"/{name}.xml", data, content_type="application/xml", headers={"ETag": etag})
            report = _poll(db, [feeds[name] for name, _data in ticks[when]], when)
            new_total += report.new_articles
            for status, count in report.fetch_status.items():
                statuses[status] += count
            assert not report.feeds_failed, report.feeds_failed
    replayed = time.perf_counter() - started - parsed_by_hand

    urls = [r[0] for r in _rows(db, "SELECT url FROM articles")]
    print(
        f"\n{len(ticks)} polls of {served} snapshots: {len(expected)} unique links by hand, "
        f"{len(urls)} articles stored, fetch statuses {dict(statuses)}; "
        f"lxml count {parsed_by_hand:.1f}s, replay {replayed:.1f}s"
    )
    assert len(urls) == len(set(urls)) == len(expected) == new_total
    assert set(urls) == expected
    assert served >= 300 and unchanged > 0
    assert statuses["ok"] == served - unchanged and statuses["not_modified"] == unchanged
    assert _rows(db, "SELECT count(*) FROM fetches")[0][0] == served
    assert {r[0] for r in _rows(db, "SELECT DISTINCT extraction FROM articles")} <= {
        "feed_content",
        "feed_summary",
        "title_only",
    }

    # Re-polling the last snapshots stores nothing: first via ETag (304), then in full.
    last = max(ticks)
    again = _poll(db, list(feeds.values()), last)
    assert again.new_articles == 0 and set(again.fetch_status) == {"not_modified"}
    for name in FEEDS:
        server.route(f"/{name}.xml", previous[name], content_type="application/xml")
    full = _poll(db, list(feeds.values()), last)
    assert full.new_articles == 0 and full.fetch_status == {"ok": 3}
    assert _rows(db, "SELECT count(*) FROM articles")[0][0] == len(expected)
