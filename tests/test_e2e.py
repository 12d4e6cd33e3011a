"""End to end: real HTTP on 127.0.0.1, real Prefect flow runs, a real DuckDB file."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pytest

from tests.fixtures import e2e_stories as fx

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _serve(server, slugs: list[str]) -> None:
    for slug in slugs:
        story = fx.STORIES[slug]
        server.route(f"/{story['feed']}/{slug}.html", fx.page_html(slug))
    for feed in fx.FEEDS:
        server.route(
            f"/{feed}/rss.xml",
            fx.feed_xml(feed, slugs, server.url),
            content_type="application/rss+xml; charset=utf-8",
        )


def _feed_list(tmp_path, server) -> str:
    path = tmp_path / "feeds.yaml"
    path.write_text(
        "feeds:\n"
        + "".join(
            f"  - url: {server.url}/{feed}/rss.xml\n    name: {name}\n    language: en\n"
            for feed, name in fx.FEEDS.items()
        )
    )
    return str(path)


def _rows(db: str, sql: str) -> list[tuple]:
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


def _count(db: str, table: str) -> int:
    return _rows(db, f"SELECT count(*) FROM {table}")[0][0]


def test_two_cycles_raise_one_recurrence_alert_and_a_third_adds_nothing(tmp_path, server, db):
    from flows.monitor import monitor

    feeds = _feed_list(tmp_path, server)
    _serve(server, fx.DAY1_STORIES)
    monitor(
        feeds=feeds, db=db, allow_private_hosts=True, now=datetime.fromisoformat("2026-03-02T18:00:00+00:00")
    )

    assert _count(db, "articles") == 4
    urls = [r[0] for r in _rows(db, "SELECT url FROM articles")]
    assert all("utm_" not in u for u in urls), "tracking parameters must be removed"
    assert {r[0] for r in _rows(db, "SELECT DISTINCT extraction FROM articles")} == {"trafilatura"}
    tags = dict(
        _rows(
            db,
            "SELECT a.title, list(t.tag ORDER BY t.tag) FROM articles a "
            "LEFT JOIN article_tags t USING (article_id) GROUP BY a.title",
        )
    )
    assert "syria" in tags[fx.STORIES["levant-bomb-ariha"]["title"]]
    assert "turkey-russia-iran" in tags[fx.STORIES["levant-talks-postponed"]["title"]]
    football = tags[fx.STORIES["anatolia-football"]["title"]] or []
    assert not {"syria", "libya", "turkey-russia-iran"} & set(t for t in football if t)
    bombings = _rows(db, "SELECT cluster_id, region_id, event_date FROM events WHERE type = 'BOMBING'")
    assert len(bombings) >= 2 and {r[1] for r in bombings} == {"road:m4"}
    assert len({r[0] for r in bombings}) == 1, "two outlets on one bomb are one event cluster"
    assert _rows(db, "SELECT n_sources FROM event_clusters WHERE type = 'BOMBING'") == [(2,)]
    assert _rows(db, "SELECT count(*) FROM events WHERE type = 'MEETING_POSTPONED'")[0][0] >= 1
    assert _count(db, "alerts") == 0

    _serve(server, fx.DAY4_STORIES)
    monitor(
        feeds=feeds, db=db, allow_private_hosts=True, now=datetime.fromisoformat("2026-03-05T18:00:00+00:00")
    )
    assert _count(db, "articles") == 5
    alerts = _rows(db, "SELECT kind, rule, cluster_id, explanation FROM alerts")
    assert len(alerts) == 1
    kind, rule, cluster_id, explanation = alerts[0]
    assert kind == "recurrence"
    exp = json.loads(explanation)
    assert exp["new"]["date"] == "2026-03-05" and exp["new"]["type"] == "BOMBING"
    assert [e["date"] for e in exp["earlier"]] == ["2026-03-02"]
    assert len(exp["earlier"][0]["sources"]) == 2
    assert "jisr" in json.dumps(exp["new"]["sources"]).lower()
    assert (tmp_path / "data" / "alerts.md").read_text().count("### ") == 1
    assert _rows(db, "SELECT count(*) FROM deliveries WHERE status = 'sent'")[0][0] == 3

    before = {t: _count(db, t) for t in ("articles", "events", "event_clusters", "alerts", "deliveries")}
    monitor(
        feeds=feeds,
        db=db,
        allow_private_hosts=True,
        force=True,
        # a later cycle (fetches are stamped with the cycle's clock, so a re-run at the very same
        # instant is the same fetch)
        now=datetime.fromisoformat("2026-03-05T18:15:00+00:00"),
    )
    after = {t: _count(db, t) for t in before}
    assert after == before
    assert (tmp_path / "data" / "alerts.md").read_text().count("### ") == 1, "no alert sent twice"
    assert _count(db, "fetches") == 6


def test_private_hosts_are_refused_by_default_and_recorded(tmp_path, server, db):
    from flows.monitor import monitor

    feeds = _feed_list(tmp_path, server)
    _serve(server, fx.DAY1_STORIES)
    result = monitor(feeds=feeds, db=db, now=datetime.fromisoformat("2026-03-02T18:00:00+00:00"))
    statuses = _rows(db, "SELECT status, error FROM fetches")
    assert [s for s, _e in statuses] == ["refused", "refused"]
    assert all("127.0.0.1" in e for _s, e in statuses)
    assert server.requests == [], "nothing may be sent to a refused address"
    assert result["ingest"]["feeds_failed"]
