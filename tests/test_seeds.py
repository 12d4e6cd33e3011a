"""Seed files are validated on load and bad entries get errors naming file and line."""

from __future__ import annotations

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
