"""Event status (taxonomy: reported, announced, postponed, denied, hypothetical) for the kinds
whose cue words describe something other than whether the event happened: the threatened or
alleged act of a threat or accusation, and a truce called for, proposed or offered."""

from __future__ import annotations

from datetime import date

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.stages.process import get_tagger

D = date(2020, 7, 1)


@pytest.fixture(scope="module")
def tagger():
    return get_tagger(SEEDS_DIR)


def _event(tagger, etype, title, text=""):
    events = [e for e in tagger.tag(title, text, D).events if e.type == etype]
    assert events, f"no {etype} in {title!r}"
    return events[0]


@pytest.mark.parametrize(
    "title",
    [
        "Erdogan threatened to destroy all terror nests in Afrin, Syria",
        "Turkey threatens to launch a new offensive against Kurdish fighters in northern Syria",
        "Russia warned Turkey that it would respond to any attack on its troops in Idlib, Syria",
    ],
)
def test_threat_is_reported_when_the_threat_is(tagger, title):
    # the modal words tell what is threatened; the threat itself is the news
    assert _event(tagger, "THREAT", title).status == "reported"


def test_accusation_of_a_possible_act_is_reported(tagger):
    title = "Syria accused Turkey of planning to seize more towns in Idlib"
    assert _event(tagger, "ACCUSATION", title).status == "reported"


def test_threat_denied_before_the_trigger_stays_denied(tagger):
    title = "Ankara denied it threatened to attack Russian troops in Idlib, Syria"
    events = [e for e in tagger.tag(title, "", D).events if e.type == "THREAT"]
    assert all(e.status == "denied" for e in events)


@pytest.mark.parametrize(
    "title",
    [
        "Haftar proposed a ceasefire in Libya",
        "Turkey and Russia called for a ceasefire in Libya",
    ],
)
def test_proposed_truce_is_announced(tagger, title):
    # taxonomy: CEASEFIRE is "a ceasefire called for, agreed, declared or broken (status says which)"
    assert _event(tagger, "CEASEFIRE", title).status == "announced"


@pytest.mark.parametrize(
    "title",
    ["Russia and Turkey could agree a ceasefire in Idlib, Syria", "Turkey may call for a ceasefire in Libya"],
)
def test_truce_in_doubt_stays_hypothetical(tagger, title):
    assert _event(tagger, "CEASEFIRE", title).status == "hypothetical"
