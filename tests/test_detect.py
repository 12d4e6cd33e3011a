"""Same event vs recurrence, and the other alert kinds, as plain functions (no server)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from newswatch import alert_kinds, clustering
from newswatch.alert_rules import Rule
from newswatch.alerts import earlier_matches, in_cooldown, rule_matches_cluster, same_sides

T = datetime(2026, 3, 2, 9, tzinfo=UTC)
ARIHA = (35.81, 36.61)
JISR = (35.81, 36.32)
BENGHAZI = (32.12, 20.07)


def _event(
    n,
    day,
    precision="day",
    place="place:ariha",
    coords=ARIHA,
    parties=("state:rus", "state:tur"),
    type_="BOMBING",
    region="road:m4",
    published=None,
):
    return {
        "event_id": f"e{n}",
        "type": type_,
        "region_id": region,
        "parties": list(parties),
        "event_date": day,
        "date_precision": precision,
        "place_id": place,
        "lat": coords[0],
        "lon": coords[1],
        "published_at": published or datetime.combine(day, T.timetz()),
        "recurrence_key": f"{type_}|{region}|{'+'.join(parties)}",
    }


def test_outlets_reporting_one_bomb_form_one_cluster():
    d1 = date(2026, 3, 2)
    events = [
        _event(1, d1),
        _event(2, d1),
        _event(3, d1 + timedelta(days=1), precision="article"),
        _event(4, d1, parties=("state:rus",)),
    ]
    clusters: list[clustering.Cluster] = []
    assignment = clustering.cluster_events(events, clusters)
    assert len(clusters) == 1 and len(set(assignment.values())) == 1


def test_explicit_dates_two_days_apart_are_never_one_event():
    clusters: list[clustering.Cluster] = []
    clustering.cluster_events([_event(1, date(2026, 3, 2)), _event(2, date(2026, 3, 4))], clusters)
    assert len(clusters) == 2


def test_far_apart_places_are_never_one_event():
    clusters: list[clustering.Cluster] = []
    d1 = date(2026, 3, 2)
    clustering.cluster_events(
        [_event(1, d1), _event(2, d1, place="place:benghazi", coords=BENGHAZI)], clusters
    )
    assert len(clusters) == 2


def test_a_late_undated_re_report_joins_the_original():
    clusters: list[clustering.Cluster] = []
    d1 = date(2026, 3, 2)
    clustering.cluster_events(
        [_event(1, d1), _event(2, d1 + timedelta(days=5), precision="article")], clusters
    )
    assert len(clusters) == 1
    assert clusters[0].first_date == d1 == clusters[0].last_date


def test_different_sides_do_not_join():
    clusters: list[clustering.Cluster] = []
    d1 = date(2026, 3, 2)
    clustering.cluster_events([_event(1, d1), _event(2, d1, parties=("org:hts", "state:syr"))], clusters)
    assert len(clusters) == 2


def _in_report(event, article_id):
    return {**event, "article_id": article_id}


def test_an_undated_mention_of_another_kind_retells_its_reports_dated_news():
    # "Army shells HTS-held villages on Wednesday ... the army said it targeted launch sites
    # used to attack its positions": one report of one happening, not an armed clash of its own
    # that a later clash would repeat (taxonomy: same event vs recurrence).
    d1 = date(2026, 1, 7)
    hts_army = ("org:hts", "state:syr")
    shelling = _in_report(_event(1, d1, type_="SHELLING", region="adm1:syr-idlib", parties=()), "a1")
    mention = _in_report(
        _event(2, d1, "article", type_="ARMED_CLASH", region="adm1:syr-idlib", parties=hts_army), "a1"
    )
    clusters: list[clustering.Cluster] = []
    assignment = clustering.cluster_events([mention, shelling], clusters)
    assert len(clusters) == 1 and clusters[0].type == "SHELLING"
    assert assignment["e1"] == assignment["e2"]
    # in another report, or dated by its own report, it is a happening of its own
    other = _in_report(mention, "a2")
    dated = _in_report(_event(3, d1, type_="ARMED_CLASH", region="adm1:syr-idlib", parties=hts_army), "a1")
    for event in (other, dated):
        clusters = []
        clustering.cluster_events([shelling, event], clusters)
        assert sorted(c.type for c in clusters) == ["ARMED_CLASH", "SHELLING"]
    # other sides: not the same happening
    rivals = _in_report({**mention, "parties": ["state:tur"]}, "a1")
    clusters = []
    clustering.cluster_events([_in_report({**shelling, "parties": list(hts_army)}, "a1"), rivals], clusters)
    assert len(clusters) == 2


def test_postponements_cluster_by_the_day_they_are_reported():
    event = _event(
        1,
        date(2026, 3, 8),
        type_="MEETING_POSTPONED",
        region="any",
        published=datetime(2026, 3, 2, 10, tzinfo=UTC),
    )
    clustering.normalise_for_clustering(event)
    assert event["event_date"] == date(2026, 3, 2) and event["date_precision"] == "article"


def _cluster(cid, day, parties=("state:rus", "state:tur"), type_="BOMBING", region="road:m4", **extra):
    return {
        "cluster_id": cid,
        "type": type_,
        "region_id": region,
        "first_date": day,
        "parties": list(parties),
        "recurrence_key": f"{type_}|{region}",
        "n_sources": 2,
        "confidence": 0.9,
        "theatres": ["syria"],
        **extra,
    }


def test_recurrence_needs_an_earlier_day_same_sides_and_the_window():
    rule = Rule(name="r", kind="recurrence", lookback_days=30, min_gap_days=1)
    new = _cluster("c2", date(2026, 3, 5))
    same_day = _cluster("c1", date(2026, 3, 5))
    earlier = _cluster("c0", date(2026, 3, 2))
    other_sides = _cluster("c3", date(2026, 3, 1), parties=("org:hts", "state:syr"))
    too_old = _cluster("c4", date(2026, 1, 1))
    assert earlier_matches(rule, new, [same_day, earlier, other_sides, too_old]) == [earlier]


def test_sides_must_share_two_parties_when_both_name_two():
    assert same_sides(["state:rus", "state:tur"], ["state:rus", "state:tur", "state:lby"])
    assert not same_sides(["state:irn", "state:tur"], ["state:rus", "state:tur"])
    assert same_sides(["state:tur"], ["state:rus", "state:tur"])
    assert same_sides([], ["state:rus"])


def test_at_country_level_the_host_is_no_side_even_when_one_report_names_it():
    # "Israeli strikes in Syria" (host only as the place) vs "Israel strikes Syrian army posts"
    assert same_sides(["state:isr"], ["state:isr", "state:syr"], host="state:syr", coarse=True)
    assert not same_sides(["state:usa"], ["state:isr", "state:syr"], host="state:syr", coarse=True)
    assert not same_sides(["state:syr"], ["state:isr", "state:syr"], host="state:syr", coarse=True)
    # at a governorate one side naming the host still counts it as a side
    assert not same_sides(["org:hts", "state:rus"], ["state:rus", "state:syr", "state:tur"], host="state:syr")


def test_cooldown_folds_a_split_happening_into_one_alert():
    rule = Rule(name="r", kind="recurrence", cooldown_hours=72)
    alerted = _cluster("c1", date(2026, 3, 5))
    assert in_cooldown(rule, _cluster("c2", date(2026, 3, 6)), alerted)
    assert not in_cooldown(rule, _cluster("c3", date(2026, 3, 12)), alerted)
    assert not in_cooldown(rule, _cluster("c4", date(2026, 3, 6), region="adm1:syr-idlib"), alerted)


def test_cooldown_spares_a_violent_happening_whose_reports_give_another_day():
    # a Turkish drone strike on the SDF near Amuda on Saturday, another near Tal Hamis on
    # Tuesday: both reports give their day, three days apart, so they are two strikes
    # (clustering never joins explicit days 2+ apart), and the second is news again
    rule = Rule(name="r", kind="recurrence", cooldown_hours=72)
    hasakah = {"type_": "AIRSTRIKE", "region": "adm1:syr-hasakah", "parties": ("org:sdf", "state:tur")}
    amuda = _cluster("c1", date(2026, 1, 24), day_date=date(2026, 1, 24), **hasakah)
    tal_hamis = _cluster("c2", date(2026, 1, 27), day_date=date(2026, 1, 27), **hasakah)
    assert not in_cooldown(rule, tal_hamis, amuda)
    # a day apart, or a report dated only by its publication: maybe one strike told twice
    assert in_cooldown(rule, _cluster("c3", date(2026, 1, 25), day_date=date(2026, 1, 25), **hasakah), amuda)
    assert in_cooldown(rule, _cluster("c4", date(2026, 1, 27), day_date=None, **hasakah), amuda)
    # a postponement's day is that of the meeting it calls off: the cooldown holds
    talks = {"type_": "MEETING_POSTPONED", "region": "any", "parties": ("state:rus", "state:tur")}
    first = _cluster("c5", date(2026, 1, 11), day_date=date(2026, 1, 14), **talks)
    again = _cluster("c6", date(2026, 1, 12), day_date=date(2026, 1, 20), **talks)
    assert in_cooldown(rule, again, first)


def test_cooldown_reads_a_cluster_naming_only_the_host_as_unknown_sides():
    # "Turkey encircles Afrin" tagged {syr} alerted; a Turkish missile on a convoy in Afrin the
    # same day, tagged {tur, ypg}, is the same happening told differently: one alert
    rule = Rule(name="r", kind="recurrence", cooldown_hours=72)
    aleppo = {"type_": "SHELLING", "region": "adm1:syr-aleppo"}
    alerted = _cluster("c1", date(2018, 3, 16), parties=("state:syr",), **aleppo)
    convoy = _cluster("c2", date(2018, 3, 16), parties=("org:ypg", "state:tur"), **aleppo)
    assert in_cooldown(rule, convoy, alerted)
    assert in_cooldown(rule, alerted, convoy)
    # named sides still decide: Israel's strike is not Turkey's shelling told again
    israel = _cluster("c3", date(2018, 3, 17), parties=("state:isr", "state:syr"), **aleppo)
    assert not in_cooldown(rule, israel, convoy)
    # and a later strike outside the cooldown alerts again
    assert not in_cooldown(rule, _cluster("c4", date(2018, 3, 25), parties=("state:syr",), **aleppo), convoy)


def test_rule_filters():
    cluster = _cluster("c1", date(2026, 3, 5))
    assert rule_matches_cluster(Rule(name="r", kind="recurrence", types=["BOMBING"]), cluster)
    assert not rule_matches_cluster(Rule(name="r", kind="recurrence", types=["AIRSTRIKE"]), cluster)
    assert not rule_matches_cluster(Rule(name="r", kind="recurrence", theatres=["libya"]), cluster)
    assert not rule_matches_cluster(Rule(name="r", kind="recurrence", min_sources=3), cluster)
    assert not rule_matches_cluster(Rule(name="r", kind="recurrence", min_confidence=0.95), cluster)
    assert not rule_matches_cluster(Rule(name="r", kind="recurrence", actors=["org:hts"]), cluster)


def test_burst_compares_with_its_own_baseline():
    rule = Rule(name="b", kind="burst", window_days=7, baseline_windows=8, min_count=4, threshold=3.0)
    rows = [
        {
            "type": "AIRSTRIKE",
            "region_id": "adm1:syr-idlib",
            "current": 9,
            "baseline_total": 8,
            "current_ids": [],
        },
        {
            "type": "SHELLING",
            "region_id": "adm1:syr-idlib",
            "current": 9,
            "baseline_total": 64,
            "current_ids": [],
        },
        {"type": "BOMBING", "region_id": "road:m4", "current": 3, "baseline_total": 0, "current_ids": []},
    ]
    alerts = alert_kinds.burst_alerts(rule, rows, date(2026, 3, 8), {}, T)
    assert [json.loads(a["explanation"])["key"] for a in alerts] == ["AIRSTRIKE|adm1:syr-idlib"]
    again = alert_kinds.burst_alerts(rule, rows, date(2026, 3, 8), {}, T + timedelta(hours=1))
    assert again[0]["alert_id"] == alerts[0]["alert_id"]  # same key and window: same alert


def test_feed_health_failing_and_silent_feeds():
    rule = Rule(name="f", kind="feed_health", failures=5, silent_factor=8)
    feeds = [
        {
            "feed_id": "a",
            "name": "Failing",
            "url": "u",
            "consecutive_failures": 6,
            "last_success_at": T - timedelta(days=2),
            "last_error": "timeout",
        },
        {
            "feed_id": "b",
            "name": "Silent",
            "url": "u",
            "consecutive_failures": 0,
            "rhythm_hours": 2.0,
            "last_new_item_at": T - timedelta(hours=30),
        },
        {
            "feed_id": "c",
            "name": "Fine",
            "url": "u",
            "consecutive_failures": 1,
            "rhythm_hours": 2.0,
            "last_new_item_at": T - timedelta(hours=3),
        },
    ]
    alerts = alert_kinds.feed_health_alerts(rule, feeds, T)
    assert [json.loads(a["explanation"])["feed"] for a in alerts] == ["Failing", "Silent"]
    assert all(a["kind"] == "feed_health" and a["cluster_id"] is None for a in alerts)


def test_first_seen_needs_quiet_and_enough_history():
    rule = Rule(name="q", kind="first_seen", quiet_days=30)
    cluster = _cluster("c1", date(2026, 3, 5), sources=[])
    assert alert_kinds.first_seen_alert(rule, cluster, [], date(2026, 1, 1), {}, T)
    assert alert_kinds.first_seen_alert(rule, cluster, [], date(2026, 2, 20), {}, T) is None
    assert (
        alert_kinds.first_seen_alert(
            rule, cluster, [_cluster("c0", date(2026, 2, 20))], date(2026, 1, 1), {}, T
        )
        is None
    )


def test_meeting_held_after_postponement():
    rule = Rule(name="m", kind="meeting", lookback_days=60)
    held = _cluster("c9", date(2026, 3, 20), type_="MEETING", region="state:rus")
    postponed = [
        _cluster("p1", date(2026, 3, 2), type_="MEETING_POSTPONED", region="any"),
        _cluster(
            "p2",
            date(2026, 3, 1),
            parties=("state:irn", "state:tur"),
            type_="MEETING_POSTPONED",
            region="any",
        ),
    ]
    alert = alert_kinds.meeting_held_alert(rule, held, postponed, {}, T)
    assert alert and json.loads(alert["explanation"])["postponed"] == ["2026-03-02"]


def test_a_happening_read_two_ways_in_one_report_takes_the_same_type_whatever_its_ids():
    # One report read as SHELLING (headline) and AIRSTRIKE (a body's "hit"), same place and
    # day: the cluster takes its first event's type. The ids are hashes of the link, which
    # in the demo carries a random port, so the founding event must not depend on them.
    def report(port, ids):
        url = f"http://127.0.0.1:{port}/wire.example/2026/03/29/artillery-fire-hits-area"
        return [
            {
                **_event(ids[0], date(2026, 3, 29), type_="SHELLING", region="adm1:syr-idlib"),
                "url": url,
                "sentence": "Artillery fire hits Maarrat Misrin area",
            },
            {
                **_event(ids[1], date(2026, 3, 29), type_="AIRSTRIKE", region="adm1:syr-idlib"),
                "url": url,
                "sentence": "Artillery fire hit positions near Maarrat Misrin on Sunday.",
            },
        ]

    types = set()
    for port, ids in ((40511, (1, 2)), (38127, (9, 3))):
        clusters: list[clustering.Cluster] = []
        clustering.cluster_events(report(port, ids), clusters)
        assert len(clusters) == 1
        types.add(clusters[0].type)
    assert types == {"AIRSTRIKE"}  # the same reading founds the happening in both runs


def test_touched_clusters_are_read_in_an_order_of_their_content_not_their_ids():
    a = {
        "first_date": date(2026, 3, 29),
        "type": "SHELLING",
        "region_id": "adm1:syr-idlib",
        "place_id": None,
        "recurrence_key": "k",
        "cluster_id": "c000",
    }
    b = {**a, "type": "AIRSTRIKE", "cluster_id": "cfff"}
    assert sorted([a, b], key=clustering.cluster_order) == [b, a]
    assert (
        sorted([{**a, "cluster_id": "cfff"}, {**b, "cluster_id": "c000"}], key=clustering.cluster_order)[0][
            "type"
        ]
        == "AIRSTRIKE"
    )
