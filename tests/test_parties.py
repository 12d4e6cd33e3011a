"""Who the parties of an event are (issue 10, section 4: recurrence keys). The conventions are
the recurrence gold's (tests/gold/recurrence_guardian/README.md and
tests/gold/recurrence_snapshots/README.md, "Parties"). Every sentence here is invented for the test."""

from __future__ import annotations

from datetime import date

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.tagging.tagger import Tagger


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.from_seeds(SEEDS_DIR)


def parties(tagger: Tagger, title: str, text: str = "", etype: str | None = None) -> set[str]:
    events = tagger.tag(title, text, date(2024, 3, 5), require_theatre=False).events
    found = [e for e in events if etype is None or e.type == etype]
    assert found, f"no {etype or ''} event in {title!r}: {[e.type for e in events]}"
    return set(found[0].parties)


def sentence_mentions(tagger: Tagger, text: str) -> list[str]:
    doc = tagger.nlp(text)
    return [eid for _span, eid in tagger.parties.mentions(next(iter(doc.sents)))]


# Unnamed Syrian Kurdish forces


def test_unnamed_kurdish_forces_holding_off_isis_are_the_sdf(tagger):
    got = parties(
        tagger,
        "Kurdish fighters clashed with Islamic State militants near Raqqa in Syria",
        etype="ARMED_CLASH",
    )
    assert "org:sdf" in got


def test_unnamed_kurdish_forces_facing_turkey_are_the_ypg(tagger):
    got = parties(tagger, "Turkish troops clashed with Syrian Kurdish forces near Afrin", etype="ARMED_CLASH")
    assert "org:ypg" in got
    assert "state:syr" not in got  # "Syrian" says whose Kurds they are, not a second side


def test_kurdish_forces_take_the_id_the_text_names(tagger):
    text = "The group's fighters belong to the Kurdish People's Protection Units (YPG)."
    doc = tagger.nlp(f"Kurdish forces clashed with Islamic State near Raqqa in Syria.\n\n{text}")
    assert "org:ypg" in [eid for _s, eid in tagger.parties.mentions(next(iter(doc.sents)))]


def test_kurdish_led_and_arab_forces_are_one_party(tagger):
    assert "org:sdf" in sentence_mentions(tagger, "Raqqa in Syria fell to Kurdish-led and Arab forces.")


def test_iraqi_kurdish_forces_are_not_the_ypg_or_sdf(tagger):
    for text in (
        "Kurdish forces clashed with Iraqi troops near Kirkuk.",
        "Kurdish forces clashed with Islamic State near Erbil, the Peshmerga said, as Syria watched.",
    ):
        got = sentence_mentions(tagger, text)
        assert "org:ypg" not in got and "org:sdf" not in got, text


def test_kurdish_forces_need_a_syrian_text(tagger):
    got = sentence_mentions(tagger, "Kurdish forces clashed with Islamic State fighters.")
    assert "org:ypg" not in got and "org:sdf" not in got


def test_kurdish_civilians_are_no_party(tagger):
    got = sentence_mentions(tagger, "Kurdish activists in Syria said the town was calm.")
    assert "org:ypg" not in got and "org:sdf" not in got


# Nationalities that are not sides


def test_a_volunteers_nationality_is_no_party(tagger):
    got = parties(tagger, "A British film-maker has been killed in Raqqa in Syria", etype="KILLING")
    assert "state:gbr" not in got
    got = parties(tagger, "A British former IT worker has been killed in Raqqa in Syria", etype="KILLING")
    assert "state:gbr" not in got


def test_a_states_soldiers_keep_their_state(tagger):
    assert "state:gbr" in sentence_mentions(tagger, "British soldiers were killed in Syria.")
    assert "state:rus" in sentence_mentions(tagger, "Russian fighter jets struck Idlib.")


def test_a_state_before_a_group_says_whose_group_it_is(tagger):
    got = sentence_mentions(tagger, "Syria's Kurdish People's Protection Units (YPG) held the town.")
    assert "org:ypg" in got and "state:syr" not in got


def test_the_enemy_of_a_background_fight_is_no_party(tagger):
    got = parties(
        tagger,
        "A British man who went to Syria to fight Islamic State has been killed in Raqqa",
        etype="KILLING",
    )
    assert "org:isis" not in got and "state:gbr" not in got


def test_the_enemy_of_the_fight_that_is_the_event_stays(tagger):
    got = parties(tagger, "Syrian Kurdish forces are fighting Islamic State in Raqqa", etype="ARMED_CLASH")
    assert "org:isis" in got


# Libya's 2020 war


def test_haftar_stands_for_the_lna(tagger):
    assert tagger.parties.party("person:haftar") == "org:lna"
    assert tagger.parties.party("org:gna-forces") == "org:gna"
    got = parties(tagger, "Khalifa Haftar held talks with Vladimir Putin in Moscow", etype="MEETING")
    assert got == {"org:lna", "state:rus"}


def test_gna_forces_are_the_gna(tagger):
    got = parties(tagger, "GNA forces clashed with Haftar's forces near Sirte", etype="ARMED_CLASH")
    assert {"org:gna", "org:lna"} <= got
    assert "org:gna-forces" not in got


def test_a_recognising_body_is_no_party(tagger):
    got = sentence_mentions(
        tagger, "Libya's UN-recognised government retook the airbase from Haftar's forces."
    )
    assert "org:un" not in got
    assert "state:lby" in got and "org:lna" in got  # "Libya's" is not read as qualifying the UN
    got = sentence_mentions(tagger, "US jets struck Iranian-affiliated facilities in Syria.")
    assert "state:irn" not in got and "state:usa" in got


def test_iran_linked_sites_struck_by_the_us_are_the_irgc(tagger):
    got = parties(tagger, "US strikes Iran-linked sites in eastern Syria", etype="AIRSTRIKE")
    assert "org:irgc" in got and "state:usa" in got and "state:irn" not in got


def test_pro_iranian_fighters_struck_by_israel_stay_unnamed(tagger):
    got = parties(tagger, "Israeli air strike kills pro-Iranian fighters near Damascus", etype="AIRSTRIKE")
    assert "org:irgc" not in got and "state:irn" not in got


def test_countries_listed_as_where_are_no_sides(tagger):
    got = parties(
        tagger, "Iran-backed groups claim drone attack on US forces in Syria and Iraq", etype="AIRSTRIKE"
    )
    assert got == {"state:usa"}
    got = parties(tagger, "US forces were attacked with drones in Iraq and Syria", etype="AIRSTRIKE")
    assert "state:irq" not in got


def test_listed_countries_that_act_stay_sides(tagger):
    got = parties(tagger, "Russia, Turkey and Iran agreed on a ceasefire in Syria", etype="CEASEFIRE")
    assert {"state:rus", "state:tur", "state:irn"} <= got


def test_armed_groups_from_a_country_are_not_its_state(tagger):
    got = parties(tagger, "Iraqi militias claim drone attack on US base in Syria", etype="AIRSTRIKE")
    assert "state:irq" not in got and "state:usa" in got
    assert "state:syr" not in sentence_mentions(
        tagger, "Syrian rebel factions clashed with the SDF near Manbij."
    )


def test_a_states_fighter_jets_stay_the_state(tagger):
    assert "state:rus" in sentence_mentions(tagger, "Russian fighter jets struck rebels in Idlib.")


def test_kurdish_militants_facing_turkey_are_the_ypg(tagger):
    assert "org:ypg" in sentence_mentions(
        tagger, "Turkish jets struck Kurdish militants near Kobani in Syria."
    )
    assert "org:ypg" not in sentence_mentions(
        tagger, "Turkish jets struck Kurdish militants in northern Iraq."
    )


# "after <noun phrase> by <party>": a party of another happening


@pytest.mark.parametrize(
    ("title", "etype"),
    [
        (
            "Libya's government forces press ahead with Sirte offensive after failed truce offer by Egypt",
            "ARMED_CLASH",
        ),
        ("Turkish troops shelled Kurdish villages following a peace offer by Russia", "SHELLING"),
        ("Turkish jets struck Kurdish villages after a ceasefire proposal by Russia", "AIRSTRIKE"),
    ],
)
def test_a_party_of_an_earlier_happening_is_no_side(tagger, title, etype):
    got = parties(tagger, title, etype=etype)
    assert not got & {"state:egy", "state:rus"}


def test_the_party_of_an_after_phrase_that_holds_the_event_stays(tagger):
    # "after a rocket attack by the YPG": the rocket attack is the event and the YPG its side
    got = parties(tagger, "Turkish jets bombed Afrin after a rocket attack by the YPG", etype="SHELLING")
    assert "org:ypg" in got
