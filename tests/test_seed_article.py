"""The article the project started from must yield its theatres and key events."""

from __future__ import annotations

from datetime import date

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.stages.process import get_tagger


@pytest.fixture(scope="module")
def seed_result(corpus):
    title, body = (corpus / "seed" / "idlib_mediation_article.txt").read_text().split("\n", 1)
    # The piece ran on Wednesday 1 July 2020 (Zarif was in Moscow "on Wednesday").
    return get_tagger(SEEDS_DIR).tag(title, body, date(2020, 7, 1))


def _find(events, type_, **want):
    for ev in events:
        if ev.type != type_:
            continue
        parties = set(ev.actors) | set(ev.targets) | set(ev.parties)
        if all((set(v) <= parties) if k == "parties" else getattr(ev, k) == v for k, v in want.items()):
            return ev
    return None


def test_theatre_tags(seed_result):
    assert {"syria", "libya", "turkey-russia-iran"} <= set(seed_result.tags)


def test_meeting_postponed_russia_turkey(seed_result):
    ev = _find(seed_result.events, "MEETING_POSTPONED", parties={"state:rus", "state:tur"})
    assert ev is not None and ev.status == "postponed"


def test_airstrike_on_tip_in_idlib(seed_result):
    ev = next(
        (
            e
            for e in seed_result.events
            if e.type == "AIRSTRIKE"
            and "org:tip" in e.targets + e.parties
            and e.region_id in ("adm1:syr-idlib", "road:m4")
        ),
        None,
    )
    assert ev is not None
    assert {"state:rus", "state:syr"} & set(ev.actors + ev.parties)


def test_bombing_on_m4_against_russian_vehicle(seed_result):
    ev = _find(seed_result.events, "BOMBING", region_id="road:m4")
    assert ev is not None
    assert "state:rus" in ev.parties
    assert ev.event_date == date(2020, 6, 30)  # "Tuesday morning" before Wed 1 July
