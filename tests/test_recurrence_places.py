"""Recurrence on real news: which parties and places make "the same again" (pure functions,
invented example sentences)."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from newswatch.alerts import same_sides
from newswatch.seeds import SeedError
from newswatch.tagging.gazetteer import Entity, Gazetteer, load_gazetteer
from newswatch.tagging.places import Places, around_city, in_relative_clause
from newswatch.taxonomy import host_state, side


def test_host_state_is_read_from_the_place_key():
    assert host_state("state:syr") == "state:syr"
    assert host_state("adm1:syr-idlib") == "state:syr"
    assert host_state("adm1:lby-tripoli") == "state:lby"
    assert host_state("road:m4") is None
    assert host_state("unknown") is None
    assert host_state(None) is None


def test_libyas_recognised_government_is_the_state_as_syrias_is():
    assert side("org:gna") == side("org:gnu") == side("state:lby") == "state:lby"
    assert side("org:lna") == "org:lna"
    # "GNA forces press on towards Sirte" (Egypt's failed truce offer read as a party) and,
    # three days later, "government-backed forces push into Sirte"
    assert same_sides(["state:lby"], ["org:gna", "state:egy"], host="state:lby")
    assert same_sides(["org:gnu", "org:lna"], ["org:lna", "state:lby"], host="state:lby")
    # the government against the LNA is still not Russian mercenaries against the LNA
    assert not same_sides(["org:gna", "org:lna"], ["name:russian-mercenaries", "org:lna"], host="state:lby")
    # and at country level the government, being the host, leaves the LNA to decide
    assert not same_sides(["org:gna", "org:lna"], ["org:gna", "state:tur"], host="state:lby", coarse=True)


def test_the_state_both_happened_in_is_not_a_shared_side():
    # "Turkish forces kill ISIS chief in Syria" vs "US raid kills ISIS leader in Syria": both
    # name Syria only as where it happened; ISIS alone is one shared side of two
    turkey = ["org:isis", "state:syr", "state:tur"]
    usa = ["org:isis", "state:syr", "state:usa"]
    assert same_sides(turkey, usa)  # without the place, Syria counts as a second shared side
    assert not same_sides(turkey, usa, host="state:syr")
    # the same attacker at the same host still matches, with or without the host named
    assert same_sides(["state:isr", "state:syr"], ["state:isr", "state:syr"], host="state:syr")
    assert same_sides(["state:isr", "state:syr"], ["state:irn", "state:isr", "state:syr"], host="state:syr")
    # a host named by one side only is a real party there: the IRGC is not Syria
    assert not same_sides(["state:isr", "state:syr"], ["org:irgc", "state:isr"], host="state:syr")
    # another state's host changes nothing
    assert not same_sides(["org:isis", "state:tur"], ["org:isis", "state:usa"], host="state:lby")


# -- places: the place key of an event ------------------------------------------------------

NLP = spacy.blank("en")


def _gazetteer() -> Gazetteer:
    ents = [
        Entity("state:syr", "state", "Syria", country="SYR"),
        Entity("state:usa", "state", "United States", country="USA"),
        Entity("org:un", "org", "United Nations"),
        Entity("person:blinken", "person", "Antony Blinken", country="USA"),
        Entity("adm1:syr-damascus", "place", "Damascus Governorate", country="SYR", feature="adm1"),
        Entity("adm1:syr-rif-dimashq", "place", "Rif Dimashq", country="SYR", feature="adm1"),
        Entity(
            "place:damascus",
            "place",
            "Damascus",
            country="SYR",
            feature="capital",
            adm1="adm1:syr-damascus",
            surroundings="adm1:syr-rif-dimashq",
        ),
        Entity("place:homs", "place", "Homs", country="SYR", feature="city", adm1="adm1:syr-homs"),
        Entity("adm1:syr-homs", "place", "Homs Governorate", country="SYR", feature="adm1"),
    ]
    return Gazetteer({e.id: e for e in ents})


def _place(text: str, name: str, place_id: str) -> Span:
    """The doc of `text` with `name` as its one place entity."""
    doc = NLP(text)
    words = [t.text for t in doc]
    start = words.index(name.split()[0])
    span = Span(doc, start, start + len(name.split()), label="PLACE", span_id=place_id)
    doc.ents = [span]
    return doc.ents[0]


@pytest.mark.parametrize(
    "text",
    [
        "Jets struck targets near Damascus overnight",
        "A soldier was hurt near the Syrian capital Damascus",
        "Missiles hit the outskirts of Damascus",
        "Explosions were heard in the Damascus area",
        "Strikes hit Syria 's Damascus countryside",
    ],
)
def test_an_event_around_a_city_is_keyed_to_the_adm1_around_it(text):
    venue = _place(text, "Damascus", "place:damascus")
    assert around_city(venue)
    assert Places(_gazetteer()).key("place:damascus", "AIRSTRIKE", venue=venue) == (
        "adm1:syr-rif-dimashq",
        "SYR",
    )


@pytest.mark.parametrize(
    "text", ["A bus was bombed in Damascus on Monday", "Damascus said the missiles were shot down"]
)
def test_an_event_in_the_city_keeps_the_city_s_region(text):
    venue = _place(text, "Damascus", "place:damascus")
    assert not around_city(venue)
    assert Places(_gazetteer()).key("place:damascus", "BOMBING", venue=venue) == ("adm1:syr-damascus", "SYR")


def test_near_a_city_without_surroundings_keeps_its_region():
    venue = _place("Clashes broke out near Homs on Friday", "Homs", "place:homs")
    assert Places(_gazetteer()).key("place:homs", "ARMED_CLASH", venue=venue) == ("adm1:syr-homs", "SYR")


def test_a_measure_with_no_place_stated_is_keyed_where_it_was_issued():
    places = Places(_gazetteer())
    # "Washington announces new sanctions on Syrian officials": no place; issued by the US
    assert places.key(None, "SANCTION", issuer=["state:usa"]) == ("state:usa", None)
    # a person or an org of one country issues for it; the UN belongs to none
    assert places.key(None, "THREAT", issuer=["org:un", "person:blinken"]) == ("state:usa", None)
    assert places.key(None, "ACCUSATION", issuer=["org:un"]) == ("unknown", None)
    # the country stays the place's (it decides the theatre), only the key moves
    assert places.key("place:damascus", "SANCTION", issuer=["state:usa"]) == ("state:usa", "SYR")
    # violence is never keyed by who did it
    assert places.key(None, "AIRSTRIKE", issuer=["state:usa"]) == ("unknown", None)


def test_a_relative_clause_after_a_measure_does_not_place_it():
    doc = NLP("The US imposed a sanction on an officer who killed civilians in Damascus in 2013")
    doc.ents = [Span(doc, 10, 11, label="PLACE", span_id="place:damascus")]
    trigger = [t.text for t in doc].index("sanction")
    assert in_relative_clause(doc.ents[0], trigger)
    assert Places(_gazetteer()).best(list(doc.ents), "SANCTION", trigger) is None
    # violence keeps it: "an air strike that hit Damascus" is in Damascus
    assert Places(_gazetteer()).best(list(doc.ents), "AIRSTRIKE", trigger).ent_id_ == "place:damascus"


def test_surroundings_must_be_a_known_adm1(tmp_path):
    (tmp_path / "places.yaml").write_text(
        "entities:\n"
        "  - {id: place:town, kind: place, name: Town, country: SYR, surroundings: place:other}\n"
        "  - {id: place:other, kind: place, name: Other, country: SYR}\n",
        encoding="utf-8",
    )
    with pytest.raises(SeedError, match="surroundings"):
        load_gazetteer(tmp_path)


def test_at_country_level_the_sides_must_be_the_same_pair():
    # "Israeli strikes in Syria" again, placed only as Syria: the same pair recurs
    israel = ["state:isr", "state:syr"]
    assert same_sides(israel, ["state:isr", "state:syr"], host="state:syr", coarse=True)
    # a wider or an unknown side is enough at a governorate, not at country level
    wider = ["state:irn", "state:isr", "state:syr"]
    assert same_sides(israel, wider, host="state:syr")
    assert not same_sides(israel, wider, host="state:syr", coarse=True)
    assert same_sides(israel, [], host="state:syr")
    assert not same_sides(israel, [], host="state:syr", coarse=True)
    assert not same_sides(["state:syr"], ["state:syr"], host="state:syr", coarse=True)


def test_state_place_reads_past_the_part_of_the_country():
    gaz = _gazetteer()
    for text in ("Jets struck targets in northwest Syria", "Air attacks on central , west Syria wound three"):
        doc = NLP(text)
        start = [t.text for t in doc].index("Syria")
        doc.ents = [Span(doc, start, start + 1, label="STATE", span_id="state:syr")]
        trigger = [t.text for t in doc].index("struck" if "struck" in text else "attacks")
        assert Places(gaz).state_place(doc[:], "AIRSTRIKE", trigger) == "state:syr"


def test_the_article_s_main_place_near_a_city_is_the_place_around_it():
    gaz = _gazetteer()
    doc = NLP("Missiles fell near Damascus . Syria said the attack near Damascus hurt a soldier")
    starts = [i for i, t in enumerate(doc) if t.text == "Damascus"]
    doc.ents = [Span(doc, i, i + 1, label="PLACE", span_id="place:damascus") for i in starts]
    assert Places(gaz).main_place(doc) == "adm1:syr-rif-dimashq"
    doc = NLP("A bomb exploded in Damascus on Monday")
    doc.ents = [Span(doc, 4, 5, label="PLACE", span_id="place:damascus")]
    assert Places(gaz).main_place(doc) == "place:damascus"


def test_the_article_s_finer_place_refines_violence_only():
    # "Jets struck targets in Syria" in an article about Damascus: in Damascus; a deal "in
    # Syria" is not placed at the city the article names for something else
    gaz = _gazetteer()
    doc = NLP("Protests in Damascus . The deal was signed in Syria . Jets struck targets in Syria")
    words = [t.text for t in doc]
    for i, token in enumerate(doc):
        token.is_sent_start = i == 0 or words[i - 1] == "."
    ents = [
        Span(
            doc, words.index("Damascus"), words.index("Damascus") + 1, label="PLACE", span_id="place:damascus"
        )
    ]
    ents += [
        Span(doc, i, i + 1, label="STATE", span_id="state:syr") for i, w in enumerate(words) if w == "Syria"
    ]
    doc.ents = ents
    deal, strike = doc[4:11], doc[11:]
    assert Places(gaz).state_place(deal, "AGREEMENT", words.index("signed")) == "state:syr"
    assert Places(gaz).state_place(strike, "AIRSTRIKE", words.index("struck")) == "place:damascus"


def _places_doc(text: str, names: dict[str, str]):
    doc = NLP(text)
    doc.ents = [
        Span(doc, i, i + 1, label="PLACE", span_id=names[t.text])
        for i, t in enumerate(doc)
        if t.text in names
    ]
    return doc


@pytest.mark.parametrize(
    "line",
    [
        "Al Jazeera 's Zeina Khodr reports from Damascus .",
        "Our correspondent in Damascus has the story .",
        "Zeina Khodr , reporting from Damascus , says more raids are feared .",
        "Zeina Khodr has more from Damascus .",
    ],
)
def test_a_correspondents_city_is_not_the_article_s_place(line):
    # a video summary names the event's place once and the reporter's city in its last line
    gaz = _gazetteer()
    names = {"Homs": "place:homs", "Damascus": "place:damascus"}
    doc = _places_doc("Shelling hit a market . " + line, names)
    assert Places(gaz).main_place(doc) is None
    doc = _places_doc("Shelling hit a market in Homs . " + line, names)
    assert Places(gaz).main_place(doc) == "place:homs"
    reporter = [e for e in doc.ents if e.text == "Damascus"]
    assert Places(gaz).where(reporter) == []


def test_a_city_reported_on_stays_a_place():
    gaz = _gazetteer()
    names = {"Damascus": "place:damascus"}
    for text in (
        "Reports from Damascus describe a bomb blast .",
        "Unconfirmed reports from Damascus describe a bomb blast .",
        "A reporter was killed in Damascus .",
        "Two reporters in Damascus were detained .",
    ):
        doc = _places_doc(text, names)
        assert Places(gaz).where(list(doc.ents)) == list(doc.ents), text
        assert Places(gaz).main_place(doc) == "place:damascus", text


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit a market after the Damascus - based government moved .",
        "Shelling hit a market , pro - Damascus forces said .",
        "Shelling hit a market held by Damascus - backed fighters .",
    ],
)
def test_the_home_of_a_party_is_not_a_place(text):
    # "the Tripoli-based presidential council", "pro-Damascus forces": who, not where (GUIDE:
    # the place is where it happened)
    gaz = _gazetteer()
    doc = _places_doc(text, {"Damascus": "place:damascus"})
    assert Places(gaz).where(list(doc.ents)) == []
    assert Places(gaz).main_place(doc) is None
    doc = _places_doc(
        text.replace("a market", "a market in Homs"), {"Damascus": "place:damascus", "Homs": "place:homs"}
    )
    assert [e.text for e in Places(gaz).where(list(doc.ents))] == ["Homs"]
    assert Places(gaz).main_place(doc) == "place:homs"
