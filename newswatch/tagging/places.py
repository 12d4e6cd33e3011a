"""Where: the place an event happened, the place key it clusters on (road corridor, ADM1
region, country), and places whose name the text ties to another country."""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from newswatch.tagging.dates import WEEKDAYS
from newswatch.tagging.doc_index import doc_ents, doc_lowers, forget_sentence_ents, sentence_ents
from newswatch.tagging.gazetteer import Gazetteer
from newswatch.tagging.vocabulary import (
    AMBIGUOUS_PLACES,
    MODIFIER_WORDS,
    ROAD_WORDS,
    SPEECH_VERBS,
    STATE_PLACE_PREPS,
    STRIKE_VERBS,
    VENUE_VERBS,
)
from newswatch.taxonomy import NOT_ON_ROADS, TARGETING_TYPES, THEATRE_COUNTRY, VIOLENT_TYPES

PLACE_LABELS = ("PLACE", "ROAD")
# Types that happen along a road rather than at a point: a joint patrol "on the M4 highway near
# Ariha", "from Tronba to Ain al-Havr" runs on the road; the towns are stops on its route.
ALONG_ROADS = {"JOINT_PATROL"}
# Types whose place is where forces or weapons go, and the words naming where they come from.
SENT_TYPES = {"MIL_DEPLOYMENT"}
ORIGIN_WORDS = {"from", "via"}
# Verbs between a state and its event noun that make the state the doer ("Israel launches
# strikes", "Turkey carries out air strikes").
LEAD_VERBS = {
    "launches", "launched", "launch", "carries", "carried", "conducts", "conducted", "stages",
    "staged", "steps", "stepped", "intensifies", "intensified", "resumes", "resumed",
}  # fmt: skip
# Words that put an event around a city rather than in it ("near Damascus", "on the
# outskirts of Damascus", "the Damascus area"): where the city is an ADM1 of its own, the
# event is in the ADM1 around it (gazetteer `surroundings`).
AROUND_BEFORE = {
    "near",
    "around",
    "outside",
    "nearby",
    "vicinity",
    "outskirts",
    "countryside",
    "suburbs",
    "environs",
}
AROUND_AFTER = {"area", "countryside", "suburbs", "outskirts", "environs", "region", "province"}
# Between the cue and the city: "near the Syrian capital Damascus", "outskirts of Damascus".
AROUND_FILLERS = {"the", "of", "capital", "city", "syrian", "libyan", "'s", "’s"}


MAIN_PLACE_KEY = "newswatch_main_place"


def drop_ambiguous(doc: Doc) -> None:
    """Forget a place whose name the text ties to another country (Tripoli, Lebanon)."""
    lower = None
    kept = []
    ents = doc.ents  # read once: each read builds every entity's Span anew
    for ent in ents:
        cues = AMBIGUOUS_PLACES.get(ent.ent_id_)
        if cues:
            lower = lower if lower is not None else set(doc_lowers(doc))
        if cues and lower & set(cues):
            continue
        kept.append(ent)
    if len(kept) != len(ents):
        doc.ents = kept
        forget_sentence_ents(doc)
        doc.user_data.pop(MAIN_PLACE_KEY, None)


def road_reference(sent: Span, index: int, roads: list[list[str]]) -> str | None:
    """The road a sentence is on: named in it, or "the highway" when a neighbouring
    sentence names the road (news rarely repeats "M4" in every sentence)."""
    if roads[index]:
        return roads[index][0]
    if ROAD_WORDS.isdisjoint(doc_lowers(sent.doc)[sent.start : sent.end]):
        return None
    for other in (index - 1, index + 1):
        if 0 <= other < len(roads) and roads[other]:
            return roads[other][0]
    return None


def split_meeting(sent: Span, places: list[Span]) -> list[tuple[Span, str]]:
    """A sentence naming several venues with several dates holds several meetings:
    [(venue, the text about it)], or [] for one meeting."""
    venues = [p for p in places if p.label_ == "PLACE"]
    if len(venues) < 2:
        return []
    pairs = []
    for n, venue in enumerate(venues):
        end = venues[n + 1].start_char if n + 1 < len(venues) else sent.end_char
        chunk = sent.text[venue.start_char - sent.start_char : end - sent.start_char]
        if re.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", chunk, re.I):
            pairs.append((venue, chunk))
    return pairs if len(pairs) >= 2 else []


def is_modifier(ent: Span, words: frozenset[str] | set[str] = MODIFIER_WORDS) -> bool:
    """ "Turkish-backed", "Russian-made", "pro-Turkish": a state used as a qualifier (`words`:
    the participles after the hyphen that make it one)."""
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].text == "-" and doc[ent.end + 1].lower_ in words:
        return True
    return ent.start >= 2 and doc[ent.start - 1].text == "-" and doc[ent.start - 2].lower_ == "pro"


def is_speaker(ent: Span) -> bool:
    """ "Tehran says", "the Pentagon said", "Moscow has claimed": a place as the source of a
    statement is not where anything happened."""
    doc = ent.doc
    i = ent.end
    if i < len(doc) and doc[i].lower_ in ("has", "have", "had", "also"):
        i += 1
    return i < len(doc) and doc[i].lower_ in SPEECH_VERBS


# A correspondent's line ("Al Jazeera's X reports from Tripoli", "reporting from Benghazi",
# "our correspondent in Damascus", "has more from Idlib") names where the reporter is, not
# where the news happened (taxonomy.md: an event's place is where it happened).
REPORTER_VERBS = {"reports", "reported"}
CORRESPONDENT_WORDS = {"correspondent", "correspondents", "reporter"}
POSSESSIVES = {"our", "'s", "’s", "his", "her", "its", "their"}


def is_reporter_place(ent: Span) -> bool:
    """ "X reports from Tripoli", ", reporting from Benghazi", "X has more from Idlib", "our
    correspondent in Damascus", "Al Jazeera's correspondent in Idlib": where the reporter is.
    "Reports from Idlib say ..." and "a reporter (was killed) in Idlib" name where the news is."""
    doc = ent.doc
    if ent.start < 3:
        return False
    before, word, prev = doc[ent.start - 1].lower_, doc[ent.start - 2].lower_, doc[ent.start - 3]
    if before == "from":
        if word in REPORTER_VERBS:  # a named reporter: "Mahmoud Abdelwahed reports from"
            return prev.text[:1].isupper() and not prev.is_sent_start
        if word == "reporting":
            return prev.text in (",", "is", "was", "–", "-")
        return word == "more" and prev.lower_ in ("has", "have")
    return before == "in" and word in CORRESPONDENT_WORDS and prev.lower_ in POSSESSIVES


RELATIVE_PRONOUNS = {"who", "whom", "whose", "which", "that"}
# Parts of a country the gazetteer has no id for: "in northwest Syria", "on central, west
# Syria" are placed in the country.
COMPASS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "far", ",", "-", "and",
}  # fmt: skip


def word_before(ent: Span, floor: int) -> str:
    """The word before a place, past words naming a part of it ("in north-east Syria": in)
    and past the countries listed before it ("in Iraq and Syria": in)."""
    doc = ent.doc
    i = ent.start - 1
    while i > floor:
        if doc[i].lower_ in COMPASS:
            i -= 1
        elif doc[i].ent_type_ == "STATE" and doc[i + 1].lower_ in (",", "and"):
            while i > floor and doc[i].ent_iob_ == "I":
                i -= 1
            i -= 1  # the whole listed country
        else:
            break
    return doc[i].lower_ if i >= floor else ""


def in_relative_clause(ent: Span, trigger_token: int) -> bool:
    """A place after the trigger with a relative pronoun between them."""
    doc = ent.doc
    return ent.start > trigger_token and any(
        doc[i].lower_ in RELATIVE_PRONOUNS for i in range(trigger_token + 1, ent.start)
    )


def around_city(ent: Span) -> bool:
    """ "near Damascus", "near the Syrian capital Damascus", "the outskirts of Damascus",
    "Syria's Damascus area": the text places something around the city, not in it."""
    doc = ent.doc
    i = ent.start - 1
    while i >= 0 and doc[i].lower_ in AROUND_FILLERS and doc[i].lower_ not in AROUND_BEFORE:
        i -= 1
    if i >= 0 and doc[i].lower_ in AROUND_BEFORE:
        return True
    j = ent.end
    if j < len(doc) and doc[j].lower_ in ("'s", "’s"):
        j += 1
    return j < len(doc) and doc[j].lower_ in AROUND_AFTER


class Places:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer

    def where(self, places: list[Span]) -> list[Span]:
        """The places a sentence names as locations: speakers, reporters and the home of a
        party ("the Tripoli-based government", "pro-Damascus forces") left out (GUIDE: the place
        is where it happened)."""
        return [p for p in places if not is_speaker(p) and not is_reporter_place(p) and not is_modifier(p)]

    def state_place(self, sent: Span, etype: str, trigger_token: int | None = None) -> str | None:
        """A country named as where the event happened, when the sentence names no finer
        place: after a place preposition ("killed in Syria", "raid on Syria"), as the object of
        a visit ("visits Syria"), or right before the event noun ("Syria strike", "Libya's
        ceasefire"). Only the country's name counts ("Israeli raids" names who, not where).
        Sanctions, accusations and threats are placed only where the text says "in"."""
        doc = sent.doc
        found = []
        for ent in sentence_ents(sent):
            gent = self.gaz.get(ent.ent_id_) if ent.ent_id_ else None
            if gent is None or gent.kind != "state" or ent.text.lower() != gent.name.lower():
                continue
            if is_modifier(ent):
                continue  # "strikes Iran-linked posts": a qualifier, not where
            before = word_before(ent, sent.start)
            after = ent.end
            if after < sent.end and doc[after].lower_ in ("'s", "’s"):
                after += 1
                if after < sent.end and doc[after].is_title and not doc[after].ent_type_:
                    continue  # "Azerbaijan's Aghdam district": a finer place the gazetteer lacks
            # named right before the event noun ("Syria strike", "Libya's ceasefire"), not
            # as the subject of a verb that leads to it ("Israel launches strikes on Syria")
            modifies = (
                trigger_token is not None
                and after <= trigger_token <= after + 2
                and not any(doc[i].lower_ in LEAD_VERBS for i in range(after, trigger_token))
            )
            by_word = True
            if etype in TARGETING_TYPES:
                ok = before in ("in", "inside")
            elif etype in VIOLENT_TYPES and before in STRIKE_VERBS:
                ok = True  # "Israeli missiles hit Syria": the country struck is where it happened
            else:
                by_word = before in STATE_PLACE_PREPS or before in VENUE_VERBS
                ok = by_word or modifies
            if ok and not is_speaker(ent):
                found.append((not by_word and etype in VIOLENT_TYPES, ent))
        if not found:
            return None
        if trigger_token is None:
            state = found[0][1].ent_id_
        else:
            # for violence a country after "in"/"on" beats one before the trigger, most
            # often the striker ("Israel hits militia posts in Syria")
            state = min(
                found, key=lambda f: (f[0], self._abroad(f[1], etype), abs(f[1].start - trigger_token))
            )[1].ent_id_
        # "air raids in northwest Syria ... attacks on Arri, west of Idlib city": the finer
        # place the article names in that country says where in it; a deal, a meeting or a
        # statement "in Syria" is not at the city the article names for something else
        finer = self.main_place(doc) if etype in VIOLENT_TYPES else None
        if finer and self.gaz[finer].country == self.gaz[state].country:
            return finer
        return state

    def _abroad(self, ent: Span, etype: str) -> bool:
        """Violence in a country outside the theatre, when the text also names one in it
        ("US troops attacked in Iraq and Syria": Syria)."""
        return etype in VIOLENT_TYPES and self.gaz[ent.ent_id_].country not in THEATRE_COUNTRY

    def named_place(self, ent: Span) -> str:
        """The place a mention names: the city, or the ADM1 around it for "near Damascus"."""
        gent = self.gaz.get(ent.ent_id_)
        if gent is not None and gent.surroundings and around_city(ent):
            return gent.surroundings
        return ent.ent_id_

    def issuer_state(self, actors: list[str]) -> str | None:
        """The state of the first actor that belongs to one (a state, or a person or body
        of one country); None when none does (the UN)."""
        for actor in actors:
            ent = self.gaz.get(actor)
            home = ent.id if ent is not None and ent.kind == "state" else None
            home = home or (self.gaz.state_for_country(ent.country) if ent is not None else None)
            if home:
                return home
        return None

    def theatre_state(self, parties: list[str]) -> str | None:
        """The state of the first party of Syria or Libya (the state, a person or body of it):
        where a violent event happened whose text names no place at all."""
        for party in parties:
            ent = self.gaz.get(party)
            if ent is not None and ent.country in THEATRE_COUNTRY:
                return self.gaz.state_for_country(ent.country)
        return None

    def rank(self, place_id: str | None, etype: str) -> tuple[int, int]:
        """How good a place is for an event: (abroad for violence, level); lower is better."""
        ent = self.gaz.get(place_id) if place_id else None
        if ent is None:
            return (2, 9)
        abroad = int(etype in VIOLENT_TYPES and ent.country not in THEATRE_COUNTRY)
        level = 5 if ent.kind == "state" else 4 if ent.kind == "road" else 3 if ent.feature == "adm1" else 1
        return (abroad, level)

    def main_place(self, doc: Doc) -> str | None:
        """The place in Syria or Libya the article names most: where an event happened
        when its sentence names none ("near Damascus" names the place around the city).
        Counted once per doc (event assembly asks for it in every sentence with a trigger)."""
        if MAIN_PLACE_KEY in doc.user_data:
            return doc.user_data[MAIN_PLACE_KEY]
        place_counts = Counter(
            self.named_place(e)
            for e in doc_ents(doc)
            if e.label_ in PLACE_LABELS and e.ent_id_ and not is_reporter_place(e) and not is_modifier(e)
        )
        main = next(
            (
                pid
                for pid, _n in place_counts.most_common()
                if (self.gaz.get(pid) and self.gaz.get(pid).country in THEATRE_COUNTRY)
            ),
            None,
        )
        doc.user_data[MAIN_PLACE_KEY] = main
        return main

    def best(self, places: list[Span], etype: str, trigger_token: int | None = None):
        """The most specific place named (a town beats a region beats a country; a road beats
        them all for a patrol, which runs along it); for
        violence a place in Syria or Libya beats one abroad, and the nearest to the trigger wins.
        A sanction, accusation or threat is not placed by a relative clause after it ("a
        sanction on an official who killed civilians in Damascus": the killing's place)."""
        if etype in TARGETING_TYPES and trigger_token is not None:
            places = [p for p in places if not in_relative_clause(p, trigger_token)]
        if etype in SENT_TYPES:
            # "flown from Hmeimim to al-Khadim", "fighters from Aleppo sent via Turkey": forces
            # sent are placed where they go (GUIDE), not where they come from or pass through
            going = [p for p in places if word_before(p, p.sent.start) not in ORIGIN_WORDS]
            places = going or places
        if not places:
            return None

        def rank(p: Span) -> tuple[int, int, int]:
            ent = self.gaz.get(p.ent_id_)
            if ent is None:
                return (1, 9, 0)
            abroad = int(etype in VIOLENT_TYPES and ent.country not in THEATRE_COUNTRY)
            if ent.kind == "state":
                level = 5
            elif ent.kind == "road":
                level = 0 if etype in ALONG_ROADS else 4
            elif ent.feature == "adm1":
                level = 3
            else:
                level = 1
            distance = abs(p.start - trigger_token) if trigger_token is not None and abroad == 0 else 0
            return (abroad, level, distance if etype in VIOLENT_TYPES else 0)

        return min(places, key=rank)

    def key(
        self,
        place_id: str | None,
        etype: str,
        road_id: str | None = None,
        venue: Span | None = None,
        issuer: list[str] | None = None,
    ) -> tuple[str, str | None]:
        """(place key, country) for clustering: the road corridor when one is named (not
        for talks), else the ADM1 region, else the country.

        `venue`, the words that named the place: "near Damascus" is keyed to the ADM1 around
        the city (gazetteer `surroundings`). `issuer`, the actors of a sanction, accusation or
        threat (or of an event whose sentence states no place): those are keyed where they were
        issued, the country of the first actor that has one ("US imposes sanctions" ->
        state:usa; "Turkey accuses the US ... inside Syria" -> state:tur, ALERTS.md key rule)."""
        region, country = self.named_key(place_id, etype, road_id)
        home = self.issuer_state(issuer) if etype in TARGETING_TYPES and issuer else None
        if home:  # the country stays the place's: it decides whether the event is in a theatre
            return home, country
        if venue is not None and place_id and venue.ent_id_ == place_id:
            ent = self.gaz.get(place_id)
            if ent is not None and ent.surroundings and around_city(venue):
                return ent.surroundings, country
        return region, country

    def named_key(
        self, place_id: str | None, etype: str, road_id: str | None = None
    ) -> tuple[str, str | None]:
        """(place key, country) of the place itself."""
        if road_id and etype not in NOT_ON_ROADS:
            road = self.gaz.get(road_id)
            return road_id, road.country if road else None
        if etype == "MEETING_POSTPONED":
            ent = self.gaz.get(place_id) if place_id else None
            return "any", ent.country if ent else None
        if not place_id:
            return "unknown", None
        ent = self.gaz.get(place_id)
        if ent is None:
            return "unknown", None
        if ent.kind == "road":
            return ent.id, ent.country
        if ent.kind == "state":
            return ent.id, ent.country
        if etype == "MEETING":
            return self.gaz.state_for_country(ent.country) or ent.id, ent.country
        region = self.gaz.region_of(ent.id)
        if region:
            return region, ent.country
        return self.gaz.state_for_country(ent.country) or ent.id, ent.country
