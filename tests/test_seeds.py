"""Seed files are validated on load and bad entries get errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswatch.alert_rules import load_rules
from newswatch.config import SEEDS_DIR
from newswatch.seeds import SeedError, load_feeds
from newswatch.tagging.event_rules import load_event_rules
from newswatch.tagging.gazetteer import load_gazetteer


def test_shipped_seeds_load():
    feeds = load_feeds(SEEDS_DIR / "feeds.yaml")
    assert len(feeds) >= 25
    assert any("news.google.com/rss/search" in f.url for f in feeds)
    gaz = load_gazetteer(SEEDS_DIR / "gazetteer")
    assert len(gaz) >= 600
    for must in (
        "place:idlib",
        "place:ariha",
        "place:jisr-al-shughur",
        "road:m4",
        "org:tip",
        "person:erdogan",
        "adm1:syr-idlib",
        "place:sirte",
        "place:al-watiya",
    ):
        assert must in gaz.entities, must
    assert gaz.region_of("place:saraqib") == "adm1:syr-idlib"
    assert load_rules(SEEDS_DIR / "alerts.yaml").by_kind("recurrence")
    assert "MEETING_POSTPONED" in load_event_rules(SEEDS_DIR / "event_rules.yaml").types


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "feeds:\n  - url: https://a.example/rss\n  - name: no url\n",
            "feeds.yaml:3: feed entry needs a 'url'",
        ),
        (
            "feeds:\n  - url: ftp://a.example/rss\n",
            "feeds.yaml:2: url 'ftp://a.example/rss' must be an http(s)",
        ),
        ("feeds:\n  - {url: 'https://a.example/x', tags: nope}\n", "feeds.yaml:2: tags must be a list"),
        ("feeds:\n  - url: https://a.example/x\n  - url: https://a.example/x\n", "duplicate url"),
        ("feeds:\n  - url: https://a.example/x\n    colour: red\n", "unknown key(s) ['colour']"),
        ("feeds: [\n", "invalid YAML"),
        ("items: []\n", "expected a top-level 'feeds:' list"),
    ],
)
def test_bad_feed_lists_are_explained(tmp_path, text, message):
    path = tmp_path / "feeds.yaml"
    path.write_text(text)
    with pytest.raises(SeedError) as err:
        load_feeds(path)
    assert message in str(err.value)


def test_bad_gazetteer_entry_is_explained(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "entities:\n  - {id: place:a, kind: place, name: A, adm1: adm1:nowhere}\n"
    )
    with pytest.raises(SeedError, match=r"x.yaml:2: place:a: adm1 'adm1:nowhere' is not a known"):
        load_gazetteer(tmp_path)


def test_bad_rule_is_explained(tmp_path):
    path = tmp_path / "alerts.yaml"
    path.write_text(
        "channels: {t: {type: terminal}}\nrules:\n  - {name: r1, kind: recurrence, types: [BOMB]}\n"
    )
    with pytest.raises(SeedError, match=r"alerts.yaml:3: r1: unknown event type 'BOMB'"):
        load_rules(path)


def test_check_all_reports_problems_with_file_and_line(tmp_path):
    from newswatch.seeds import Problem, check_all

    assert check_all(SEEDS_DIR, SEEDS_DIR / "alerts.yaml", SEEDS_DIR / "feeds.yaml") == []
    seeds = tmp_path / "seeds"
    (seeds / "gazetteer").mkdir(parents=True)
    gazetteer = "entities:\n  - {id: place:a, kind: place, name: A, lat: north}\n"
    (seeds / "gazetteer" / "x.yaml").write_text(gazetteer)
    (seeds / "event_rules.yaml").write_text(
        "types:\n  BOMBING:\n    phrases: [ied]\n"
        "    combos:\n      - {triggers: [x], context: [y], window: soon}\n"
    )
    rules = tmp_path / "alerts.yaml"
    rules.write_text("channels:\n  t: {type: terminal, max_per_hour: lots}\nrules: []\n")
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(
        "feeds:\n  - url: https://a.example/rss\n  - {url: https://b.example/rss, language: 7}\n"
    )
    problems = check_all(seeds, rules, feeds)
    assert [(Path(p.file).name, p.line) for p in problems] == [
        ("feeds.yaml", 3),
        ("alerts.yaml", 2),
        ("event_rules.yaml", 5),
        ("x.yaml", 2),
    ]
    assert "language must be a code" in problems[0].message
    assert "max_per_hour" in problems[1].message
    assert "window" in problems[2].message
    assert "lat 'north' is not a coordinate" in problems[3].message
    assert all(isinstance(p, Problem) and str(p).startswith(p.file) for p in problems)


def test_event_rules_keep_every_field(tmp_path):
    path = tmp_path / "event_rules.yaml"
    path.write_text(
        "suppress_window: 5\n"
        "types:\n  BOMBING:\n    phrases: [' IED ']\n    needs_party: true\n    min_parties: 1\n"
        "    exclude: [took hold]\n    suppresses: [AIRSTRIKE]\n"
        "    combos:\n      - {triggers: [blast], context: [road], window: 4}\n"
        "status_cues:\n  postponed: [put off]\n"
        "party_of:\n  org:sana: null\n  org:hts: hts\n"
        "topic_cues: [war]\nrelation_cues: [talks]\nperson_nouns: [refugee]\n"
    )
    rules = load_event_rules(path)
    t = rules.types["BOMBING"]
    assert (t.phrases, t.needs_party, t.min_parties, t.exclude, t.suppresses) == (
        ["ied"],
        True,
        1,
        ["took hold"],
        ["AIRSTRIKE"],
    )
    assert (t.combos[0].triggers, t.combos[0].context, t.combos[0].window) == (["blast"], {"road"}, 4)
    assert rules.status_cues == {"postponed": ["put off"]}
    assert rules.party_of == {"org:sana": None, "org:hts": "hts"}
    assert (rules.topic_cues, rules.relation_cues, rules.person_nouns, rules.suppress_window) == (
        ["war"],
        ["talks"],
        ["refugee"],
        5,
    )
    path.write_text("types:\n  BOMBING:\n    phrases: [ied]\n    colour: red\n")
    with pytest.raises(SeedError, match=r"event_rules.yaml:3: BOMBING: unknown key\(s\) \['colour'\]"):
        load_event_rules(path)
