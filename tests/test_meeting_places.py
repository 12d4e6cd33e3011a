"""Where a meeting or a deal is placed (streams guide: "For meetings, where the meeting is
held ... null when the text gives no place"): a call is held nowhere, the sides named before
the trigger and the topic after "on"/"over" are not the venue; a visit's destination and a
venue after "in" are (invented headlines)."""

from __future__ import annotations

from datetime import date

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.stages.process import get_tagger


@pytest.fixture(scope="module")
def tagger():
    return get_tagger(SEEDS_DIR)


def _places(tagger, title: str, text: str = "", etype: str = "MEETING") -> list[str | None]:
    result = tagger.tag(title, text, date(2023, 5, 1))
    return [e.place_id for e in result.events if e.type == etype]


@pytest.mark.parametrize(
    "title, text",
    [
        (
            "Erdogan and Putin discuss Syria in phone call",
            "Turkish President Tayyip Erdogan and Russian President Vladimir Putin discussed the "
            "situation in Syria in a phone call on Tuesday, the Turkish presidency said.",
        ),
        ("Putin and Raisi hold phone talks on Idlib", ""),
    ],
)
def test_a_phone_call_has_no_place(tagger, title, text):
    assert _places(tagger, title, text) == [None]


@pytest.mark.parametrize(
    "title",
    [
        "Turkey, Russia hold talks on grain corridor",
        "Russia-Turkey talks end without a date for the next round",
        "Iran's foreign minister meets Lavrov",
    ],
)
def test_the_sides_named_before_a_meeting_are_not_its_venue(tagger, title):
    assert _places(tagger, title) == [None]


def test_the_sides_named_before_a_deal_are_not_its_place(tagger):
    assert _places(tagger, "Iran and Russia to sign cooperation agreement", etype="AGREEMENT") == [None]


def test_the_topic_of_talks_is_not_their_venue(tagger):
    assert _places(tagger, "Erdogan and Putin hold talks on Idlib") == [None]


@pytest.mark.parametrize(
    "title, place",
    [
        ("Putin to visit Iran next week, Kremlin says", "state:irn"),
        ("Kremlin says Putin to visit Turkey soon", "state:tur"),
        ("Erdogan to host Putin and Raisi in Istanbul", "place:istanbul"),
        ("Erdogan, Putin to meet in Sochi", "place:sochi"),
        ("Erdogan and Putin hold talks on Idlib in Sochi", "place:sochi"),
    ],
)
def test_a_visit_s_destination_or_a_named_venue_places_a_meeting(tagger, title, place):
    assert _places(tagger, title) == [place]


@pytest.mark.parametrize(
    "title, place",
    [
        ("Al-Sharaa met Vladimir Putin at the Kremlin on Wednesday", "place:moscow"),
        ("Syrian President al-Sharaa meets Trump at the White House", "place:washington"),
    ],
)
def test_talks_at_a_seat_of_government_are_held_in_its_city(tagger, title, place):
    assert _places(tagger, title) == [place]
