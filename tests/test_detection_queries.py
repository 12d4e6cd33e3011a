"""The detection stage's bounded reads on a real DuckDB warehouse, checked against answers
computed independently in Python: earlier clusters of a batch (one join for all new
clusters, bounded by the look-back), feed health from the fetch log (one pass), and the
tagging load's fresh-article path (no anti-join) next to re-tagging."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, date, datetime, timedelta

import pytest

from newswatch.taxonomy import recurrence_places, recurrence_types
from warehouse import connect
from warehouse.store import DetectionStore, Warehouse

TYPES = ["AIRSTRIKE", "SHELLING", "BOMBING", "MEETING", "PROTEST"]
PLACES = ["adm1:syr-idlib", "road:m4", "state:syr", "adm1:lby-sirte", "state:tur"]


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "w.duckdb"
    Warehouse(path).ensure()
    return path


def _clusters(n: int, rng: random.Random) -> list[dict]:
    start = date(2025, 1, 1)
    out = []
    for i in range(n):
        first = start + timedelta(days=rng.randrange(400))
        t, p = rng.choice(TYPES), rng.choice(PLACES)
        out.append(
            {
                "cluster_id": f"c{i:04d}",
                "type": t,
                "region_id": p,
                "first_date": first,
                "parties": ["state:rus"],
            }
        )
    return out


def test_earlier_clusters_of_a_batch_are_each_clusters_window_of_its_kind_and_place(db):
    rng = random.Random(7)
    stored = _clusters(600, rng)
    with connect(db) as con:
        con.executemany(
            "INSERT INTO event_clusters (cluster_id, type, region_id, recurrence_key, first_date, last_date, "
            "first_seen_at, last_seen_at, n_events, n_articles, n_sources, parties) "
            "VALUES (?, ?, ?, ?, ?, ?, now(), now(), 1, 1, 1, ?)",
            [
                (
                    c["cluster_id"],
                    c["type"],
                    c["region_id"],
                    f"{c['type']}|{c['region_id']}",
                    c["first_date"],
                    c["first_date"],
                    c["parties"],
                )
                for c in stored
            ],
        )
    new = rng.sample(stored, 40)
    lookback = 45
    found = DetectionStore(db).earlier_clusters_batch(new, lookback)
    for cluster in new:
        expected = sorted(
            (
                (c["first_date"], c["cluster_id"])
                for c in stored
                if c["type"] in recurrence_types(cluster["type"])
                and c["region_id"] in recurrence_places(cluster["region_id"])
                and cluster["first_date"] - timedelta(days=lookback)
                <= c["first_date"]
                < cluster["first_date"]
            ),
        )
        got = [(c["first_date"], c["cluster_id"]) for c in found.get(cluster["cluster_id"], [])]
        assert got == expected, cluster
    assert any(found.values())  # the data has recurrences to find


def test_feed_health_reads_the_latest_fetch_first_fetch_and_rhythm(db):
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    Warehouse(db).sync_feeds(
        [
            {"feed_id": f"f{i}", "url": f"https://f{i}.example/rss", "name": f"F{i}", "tags": []}
            for i in range(3)
        ]
    )
    fetches = [  # f0: new items every 3 h, then an error; f1: an error, then ok (error NULL); f2: none
        ("f0", t0 + timedelta(hours=h), "ok", None, 2) for h in (0, 3, 6, 9)
    ] + [
        ("f0", t0 + timedelta(hours=10), "timeout", "read timed out", 0),
        ("f1", t0, "timeout", "read timed out", 0),
        ("f1", t0 + timedelta(hours=5), "ok", None, 1),
    ]
    with connect(db) as con:
        con.executemany(
            "INSERT INTO fetches (feed_id, fetched_at, status, error, new_items) VALUES (?, ?, ?, ?, ?)",
            fetches,
        )
    state = {r["feed_id"]: r for r in DetectionStore(db).feed_health_state()}
    assert set(state) == {"f0", "f1", "f2"}
    for feed in ("f0", "f1"):
        own = sorted(f for f in fetches if f[0] == feed)
        assert (state[feed]["last_status"], state[feed]["last_error"]) == (own[-1][2], own[-1][3])
        assert state[feed]["first_fetch_at"] == own[0][1]
        with_news = [f[1] for f in own if f[4] > 0]
        gaps = [(b - a).total_seconds() / 3600 for a, b in zip(with_news, with_news[1:], strict=False)]
        assert state[feed]["rhythm_hours"] == (statistics.median(gaps) if gaps else None)
    assert state["f1"]["last_error"] is None  # the latest fetch succeeded: its NULL error, not the old one
    assert state["f2"]["last_status"] is None and state["f2"]["first_fetch_at"] is None


def _article(i: int) -> dict:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return {
        "article_id": f"a{i}",
        "feed_id": "f0",
        "url": f"https://x.example/{i}",
        "source": "x.example",
        "title": f"T{i}",
        "text": "text",
        "published_at": at,
        "fetched_at": at,
        "extraction": "feed_summary",
    }


def test_tagging_new_articles_then_retagging_replaces_but_keeps_clustered_events(db):
    wh = Warehouse(db)
    wh.sync_feeds([{"feed_id": "f0", "url": "https://x.example/rss", "name": "X", "tags": []}])
    wh.load_ingest([], [_article(1), _article(2)], [])
    now = datetime(2026, 1, 2, tzinfo=UTC)
    event = {
        "event_id": "e1",
        "article_id": "a1",
        "type": "AIRSTRIKE",
        "region_id": "adm1:syr-idlib",
        "event_date": date(2026, 1, 1),
        "date_precision": "day",
        "status": "reported",
        "confidence": 0.9,
        "recurrence_key": "AIRSTRIKE|adm1:syr-idlib",
        "actors": [],
        "targets": [],
        "parties": [],
        "mediation": False,
        "sentence": "s",
    }
    tags = [
        {"article_id": "a1", "tag": "syria", "score": 0.9},
        {"article_id": "a2", "tag": "libya", "score": 0.5},
    ]
    mentions = [{"article_id": "a1", "entity_id": "state:syr", "count": 2, "in_title": True}]
    wh.load_tagging(["a1", "a2"], tags, mentions, [event], now)  # fresh: plain inserts
    with connect(db) as con:
        con.execute("UPDATE events SET cluster_id = 'c1', clustered_at = now() WHERE event_id = 'e1'")
    # re-tagging a1 (a backfill): its tags and mentions are replaced, its clustered event kept
    wh.load_tagging(
        ["a1"], [{"article_id": "a1", "tag": "turkey-russia-iran", "score": 0.7}], [], [event], now
    )
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT article_id, tag FROM article_tags ORDER BY 1").fetchall() == [
            ("a1", "turkey-russia-iran"),
            ("a2", "libya"),
        ]
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == 0
        assert con.execute("SELECT event_id, cluster_id FROM events").fetchall() == [("e1", "c1")]
        assert con.execute("SELECT count(*) FROM articles WHERE tagged_at IS NULL").fetchone()[0] == 0
