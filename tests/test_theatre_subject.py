"""Migration as the subject: a Syria or Libya named only by its state name in a story about
migrants or refugees is where people fled or sailed from (the labelling guide's hard negative),
while a place, an actor or an event of the theatre keeps the tag. Headlines written for this test."""

from __future__ import annotations

from datetime import date

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.stages.process import get_tagger

D = date(2023, 5, 1)


@pytest.fixture(scope="module")
def tagger():
    return get_tagger(SEEDS_DIR)


@pytest.mark.parametrize(
    "title, text, theatre",
    [
        (
            "Italian navy rescues migrants after boat from Libya capsizes",
            "Military ships searched all night.",
            "libya",
        ),
        (
            "Syrian refugee opens a bakery in Hamburg",
            "She left Syria in 2015 and now employs twelve people.",
            "syria",
        ),
        (
            "Asylum seekers from Syria wait at the Greek border",
            "Police said 300 people had gathered.",
            "syria",
        ),
    ],
)
def test_migration_with_only_the_state_name_is_not_the_theatre(tagger, title, text, theatre):
    assert theatre not in tagger.tag(title, text, D).tags


@pytest.mark.parametrize(
    "title, text, theatre",
    [
        (
            "Refugees flee as regime shelling hits Idlib",
            "Thousands of families left Maarat al-Numan.",
            "syria",
        ),
        ("Haftar's forces detain migrants in Benghazi", "The LNA said it had arrested smugglers.", "libya"),
        ("Russian jets strike Syria as refugees mass at the border", "Air raids hit villages.", "syria"),
    ],
)
def test_a_place_actor_or_event_of_the_theatre_keeps_it(tagger, title, text, theatre):
    assert theatre in tagger.tag(title, text, D).tags


def test_the_state_name_alone_without_migration_still_tags(tagger):
    assert "libya" in tagger.tag("Libya's rival governments agree on election date", "", D).tags
