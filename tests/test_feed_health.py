"""Feed health: adaptive polling, and a feed that keeps failing raises one feed_health alert."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from newswatch import ingest
from newswatch.alert_rules import load_rules
from newswatch.config import FetchSettings
from newswatch.stages import detect as detect_stage
from newswatch.stages import ingest as ingest_stage
from warehouse import connect

T0 = datetime(2026, 3, 2, 12, tzinfo=UTC)


def test_polling_adapts_within_bounds():
    state = {"poll_interval_s": 900}
    busy = ingest.next_poll(state, "ok", new_items=5, now=T0)
    assert busy["poll_interval_s"] == 600  # halved, floored at 10 minutes
    quiet = ingest.next_poll(state, "not_modified", new_items=0, now=T0)
    assert quiet["poll_interval_s"] == 1350 and quiet["consecutive_failures"] == 0
    failing = {"poll_interval_s": 900, "consecutive_failures": 0}
    for _ in range(12):
        failing = ingest.next_poll(failing, "timeout", new_items=0, now=T0)
    assert failing["poll_interval_s"] == 24 * 3600 and failing["consecutive_failures"] == 12
    assert failing["next_poll_at"] == T0 + timedelta(hours=24)
    assert not ingest.is_due({"next_poll_at": T0 + timedelta(minutes=5)}, T0)
    assert ingest.is_due({"next_poll_at": T0}, T0) and ingest.is_due(None, T0)


def test_a_failing_feed_raises_one_feed_health_alert_and_others_are_stored(tmp_path, server, db):
    server.route("/broken.xml", "oops", status=500)
    server.route(
        "/good.xml",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>G</title>'
        f"<item><title>One</title><link>{server.url}/1</link><description>x</description></item>"
        "</channel></rss>",
        content_type="application/rss+xml",
    )
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        f"feeds:\n  - {{url: '{server.url}/broken.xml', name: Broken}}\n"
        f"  - {{url: '{server.url}/good.xml', name: Good}}\n"
    )
    rules = tmp_path / "alerts.yaml"
    rules.write_text(
        "channels: {t: {type: terminal}}\nrules:\n"
        "  - {name: feed-down, kind: feed_health, failures: 3, channels: [t]}\n"
    )
    settings = FetchSettings(allow_private_hosts=True, retries=0)
    alerts = []
    for n in range(4):
        now = T0 + timedelta(hours=n)
        report = ingest_stage.run(str(feeds), db, settings, now, force=True)
        assert report.fetch_status["http_error"] == 1
        alerts += detect_stage.run(db, load_rules(rules), now)
    assert [a["kind"] for a in alerts] == ["feed_health"]
    assert "Broken failed 3 times in a row" in alerts[0]["summary"]
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 1
        assert con.execute("SELECT count(*) FROM alerts").fetchall()[0][0] == 1
        health = dict(con.execute("SELECT name, consecutive_failures FROM v_feed_health").fetchall())
    assert health == {"Broken": 4, "Good": 0}
    assert json.loads(alerts[0]["explanation"])["failures"] == 3
