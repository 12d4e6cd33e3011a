"""One explanation structure for every alert kind, rendered as text, Markdown, HTML and
JSON; one alert per happening; channel max_age; meeting postponements (pure, no DuckDB)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import lxml.html

from newswatch import alert_kinds
from newswatch import alert_render as R
from newswatch.alert_rules import Rule, parse_max_age
from newswatch.alerts import build_recurrence_alert, merge_same_happening, outbox_rows, render_text

NOW = datetime(2026, 3, 10, 12, tzinfo=UTC)
NAMES = {"state:rus": "Russia", "state:tur": "Turkey", "state:irn": "Iran", "adm1:syr-idlib": "Idlib"}


def _src(aid, outlet, day, parties=("state:rus", "state:tur"), copy_of=None, url=None):
    return {
        "article_id": aid,
        "source": outlet,
        "title": f"<b>{outlet}</b> report_{aid}",
        "url": url or f"https://{outlet.lower().replace(' ', '-')}.example/{aid}",
        "published_at": f"{day}T08:00:00Z",
        "parties": list(parties),
        "copy_of": copy_of,
    }


def _cluster(cid, type_, region, day, sources, parties=("state:rus", "state:tur"), sentence="It happened."):
    return {
        "cluster_id": cid,
        "type": type_,
        "region_id": region,
        "recurrence_key": f"{type_}|{region}|" + "+".join(parties),
        "first_date": date.fromisoformat(day),
        "parties": list(parties),
        "place_id": None,
        "n_articles": len([s for s in sources if not s.get("copy_of")]),
        "n_sources": len({s["source"] for s in sources if not s.get("copy_of")}),
        "confidence": 0.9,
        "sentence": sentence,
        "article_ids": [s["article_id"] for s in sources if not s.get("copy_of")],
        "sources": sources,
    }


def _recurrence():
    shared = _src("a0", "Wire One", "2026-02-01")
    earlier = [
        _cluster("c0", "BOMBING", "adm1:syr-idlib", "2026-02-01", [shared]),
        # the same report behind a second earlier cluster: its link is cited once
        _cluster(
            "c1", "BOMBING", "adm1:syr-idlib", "2026-02-20", [shared, _src("a1", "Paper", "2026-02-20")]
        ),
    ]
    new = _cluster(
        "c2",
        "BOMBING",
        "adm1:syr-idlib",
        "2026-03-09",
        [_src("a2", "Paper", "2026-03-09"), _src("a3", "Copycat", "2026-03-09", copy_of="a2")],
        sentence="An IED hit the patrol.",
    )
    rule = Rule(name="bombs-again", kind="recurrence", severity="high")
    return rule, new, earlier


def test_recurrence_explanation_has_every_part_and_folds_copies():
    rule, new, earlier = _recurrence()
    alert = build_recurrence_alert(rule, new, earlier, NAMES, NOW)
    exp = json.loads(alert["explanation"])
    assert exp["version"] == 2 and exp["independent_sources"] == 1
    assert exp["new"]["sentence"] == "An IED hit the patrol." and exp["new"]["parties"] == [
        "Russia",
        "Turkey",
    ]
    [original] = exp["new"]["sources"]
    assert original["source"] == "Paper" and [c["source"] for c in original["copies"]] == ["Copycat"]
    urls = [s["url"] for e in exp["earlier"] for s in e["sources"]]
    assert len(urls) == len(set(urls)) == 2  # earlier-source lists do not repeat links
    assert [e["date"] for e in exp["earlier"]] == ["2026-02-01", "2026-02-20"]
    assert alert["happened_on"] == date(2026, 3, 9)


def test_text_has_no_markdown_escapes_markdown_escapes_html_escapes_everything():
    rule, new, earlier = _recurrence()
    alert = build_recurrence_alert(rule, new, earlier, NAMES, NOW)
    text = render_text(alert)
    assert "\\" not in text and "BOMBING|adm1:syr-idlib|state:rus+state:tur" in text
    assert "days since previous 17" in text and "<b>Paper</b> report_a2" in text and "copy:" in text
    md = alert["markdown"]
    assert "`BOMBING|adm1:syr-idlib|state:rus+state:tur`" in md and "\\<b\\>Paper" in md
    html = R.render_html(alert["explanation"])
    doc = lxml.html.fromstring(f"<div>{html}</div>")
    assert not doc.xpath("//b[contains(., 'Paper')]") and "<b>Paper</b>" in doc.text_content()
    assert len(doc.xpath("//a[@href]")) == 4  # new + its copy + two distinct earlier links
    assert (
        json.loads(R.render_json(alert["explanation"], alert_id="x"))["explanation"]["new"]["type"]
        == "BOMBING"
    )


def test_html_refuses_script_links():
    exp = R.explanation(
        rule="r",
        kind="recurrence",
        severity="low",
        key="k",
        summary="<script>alert(1)</script>",
        new={"type": "X", "sources": [{"source": "s", "title": "t", "url": "javascript:alert(1)"}]},
    )
    html = R.render_html(exp)
    assert "<script>" not in html and "javascript:" not in html.split("nolink")[0]
    assert 'href="javascript' not in html


def test_postponed_talks_summary_says_again_with_parties_not_in_any():
    rule = Rule(name="talks", kind="recurrence")
    p0 = _cluster("p0", "MEETING_POSTPONED", "any", "2026-02-01", [_src("b0", "A", "2026-02-01")])
    p1 = _cluster("p1", "MEETING_POSTPONED", "any", "2026-03-01", [_src("b1", "B", "2026-03-01")])
    summary = build_recurrence_alert(rule, p1, [p0], NAMES, NOW)["summary"]
    assert (
        summary.startswith("MEETING_POSTPONED again (Russia, Turkey): 2026-03-01") and " any" not in summary
    )


def test_meeting_counts_distinct_postponements_between_the_same_sides():
    rule = Rule(name="held", kind="meeting", lookback_days=60)
    postponed = [  # one postponement reported on three days, then a second one
        _cluster(f"p{i}", "MEETING_POSTPONED", "any", d, [_src(f"q{i}", f"Outlet {i}", d)])
        for i, d in enumerate(["2026-02-01", "2026-02-02", "2026-02-03", "2026-02-20"])
    ]
    other_sides = _cluster(
        "px",
        "MEETING_POSTPONED",
        "any",
        "2026-02-25",
        [_src("qx", "Other", "2026-02-25", parties=("state:irn", "state:tur"))],
        parties=("state:irn", "state:tur"),
    )
    held = _cluster("m", "MEETING", "state:tur", "2026-03-05", [_src("h", "Paper", "2026-03-05")])
    alert = alert_kinds.meeting_held_alert(rule, held, postponed + [other_sides], NAMES, NOW)
    exp = json.loads(alert["explanation"])
    assert "after 2 postponement(s)" in alert["summary"]
    assert [(e["date"], e["to"]) for e in exp["earlier"]] == [
        ("2026-02-01", "2026-02-03"),
        ("2026-02-20", "2026-02-20"),
    ]
    cited = {s["url"] for e in exp["earlier"] for s in e["sources"]}
    assert not any("other.example" in u for u in cited)  # Iran-Turkey talks are other talks


def test_every_kind_renders_the_same_parts():
    rule_fs = Rule(name="fs", kind="first_seen", quiet_days=30)
    c = _cluster("c9", "SHELLING", "adm1:syr-idlib", "2026-03-09", [_src("z", "Paper", "2026-03-09")])
    last = _cluster("c8", "SHELLING", "adm1:syr-idlib", "2026-01-01", [_src("y", "Wire", "2026-01-01")])
    fs = alert_kinds.first_seen_alert(rule_fs, c, [], date(2025, 1, 1), NAMES, NOW, last)
    burst = alert_kinds.burst_alerts(
        Rule(name="b", kind="burst", min_count=2, threshold=1.0),
        [
            {
                "type": "SHELLING",
                "region_id": "adm1:syr-idlib",
                "current": 2,
                "baseline_total": 0,
                "current_ids": ["c8", "c9"],
            }
        ],
        date(2026, 3, 10),
        NAMES,
        NOW,
        {"c8": last, "c9": c},
    )[0]
    feed = alert_kinds.feed_health_alerts(
        Rule(name="f", kind="feed_health", failures=2),
        [
            {
                "feed_id": "f1",
                "name": "Feed",
                "url": "https://feed.example/rss",
                "consecutive_failures": 3,
                "last_error": "HTTP 500",
            }
        ],
        NOW,
    )[0]
    for alert in (fs, burst, feed):
        exp = json.loads(alert["explanation"])
        assert exp["new"]["sources"] and exp["reasons"][0]["kind"] == alert["kind"]
        text = render_text(alert)
        assert "sources:" in text and "https://" in text and "\\" not in text
        assert "https://" in alert["markdown"]
    assert json.loads(fs["explanation"])["earlier"][0]["date"] == "2026-01-01"
    assert json.loads(burst["explanation"])["baseline"]["count"] == 2


def test_one_happening_two_kinds_is_one_alert_naming_both():
    rule, new, earlier = _recurrence()
    rec = build_recurrence_alert(rule, new, earlier, NAMES, NOW)
    fs = alert_kinds.first_seen_alert(
        Rule(name="fs", kind="first_seen", quiet_days=1), new, [], date(2025, 1, 1), NAMES, NOW
    )
    other = _cluster("c3", "SHELLING", "adm1:syr-idlib", "2026-03-09", [_src("a2", "Paper", "2026-03-09")])
    fs2 = alert_kinds.first_seen_alert(
        Rule(name="fs2", kind="first_seen", quiet_days=1), other, [], date(2025, 1, 1), NAMES, NOW
    )
    out = merge_same_happening([(rec, new), (fs, new), (fs2, other)])  # same cluster; a shared report
    assert [a["alert_id"] for a in out] == [rec["alert_id"]]
    exp = json.loads(out[0]["explanation"])
    assert [r["kind"] for r in exp["reasons"]] == ["recurrence", "first_seen", "first_seen"]
    assert "; also first_seen: First BOMBING" in out[0]["summary"]


def test_outbox_skips_channels_older_than_max_age():
    alerts = [
        {"alert_id": "old", "rule": "r", "happened_on": date(2026, 3, 1)},
        {"alert_id": "new", "rule": "r", "happened_on": date(2026, 3, 9)},
        {"alert_id": "feed", "rule": "r", "happened_on": None},
    ]
    rows = outbox_rows(alerts, {"r": ["terminal", "archive"]}, NOW, {"terminal": 48.0, "archive": None})
    assert {(r["alert_id"], r["channel"]) for r in rows} == {
        ("new", "terminal"),
        ("feed", "terminal"),
        ("old", "archive"),
        ("new", "archive"),
        ("feed", "archive"),
    }
    assert parse_max_age("2d") == 48 and parse_max_age(0) is None and parse_max_age("36h") == 36


def test_legacy_explanations_still_render():
    legacy = {
        "rule": "x",
        "kind": "meeting",
        "severity": "low",
        "key": "k",
        "held": "2026-01-02",
        "postponed": ["2026-01-01"],
        "sources": [{"source": "S", "title": "T", "url": "https://s.example/1"}],
    }
    text = R.render_text(legacy, "Talks held")
    assert "2026-01-01" in text and "https://s.example/1" in text


def test_feed_paragraphs_keep_their_sentence_separator():
    from newswatch.extract import html_to_text

    text = html_to_text("<p>Two were reportedly killed</p><p>An Israeli airstrike hit Kiswah.</p>")
    assert "killedAn" not in text and "killed\nAn Israeli" in text
