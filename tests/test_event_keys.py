"""Recurrence keys of events from real-style headlines (issue 10, sections 3 and 4): the place
and the parties a key is built from. Every headline here is invented for the test."""

from __future__ import annotations

from datetime import date

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.tagging.tagger import Tagger
from newswatch.taxonomy import VIOLENT_TYPES


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.from_seeds(SEEDS_DIR)


def violent(tagger: Tagger, title: str, text: str = ""):
    found = [
        e
        for e in tagger.tag(title, text, date(2024, 3, 5), require_theatre=False).events
        if e.type in VIOLENT_TYPES
    ]
    assert found, f"no violent event in {title!r}"
    return found[0]


def test_violence_naming_no_place_is_in_the_theatre_country_of_a_party(tagger):
    ev = violent(tagger, "Three Syrian soldiers killed in Israeli missile attack")
    assert ev.region_id == "state:syr"
    assert ev.recurrence_key.split("|")[1] == "state:syr"
    assert ev.place_from_context  # not named as a place: adds no theatre weight


def test_a_named_place_wins_over_the_party_country(tagger):
    ev = violent(tagger, "Three Syrian soldiers killed in Israeli missile attack near Damascus")
    assert ev.region_id == "adm1:syr-rif-dimashq"


def test_violence_with_no_theatre_party_stays_unplaced(tagger):
    ev = violent(tagger, "Three Iranian soldiers killed in Israeli missile attack")
    assert ev.region_id == "unknown"
