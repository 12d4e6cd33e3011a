"""Who: the parties a sentence names (gazetteer actors, states, capitals used for their
state), which of them act and which are acted on, and the party each entity stands for."""

from __future__ import annotations

from bisect import bisect_left

import numpy as np
from spacy.attrs import LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc, Span

from newswatch.tagging.doc_index import doc_ents, sentence_ents
from newswatch.tagging.event_rules import EventRules, TypeRule
from newswatch.tagging.gazetteer import Gazetteer
from newswatch.tagging.places import is_modifier, is_speaker
from newswatch.tagging.vocabulary import (
    ACTOR_NOUNS,
    BACK_REFERENCES,
    CLAUSE_BREAKS,
    MEETING_VERBS,
    MODEL_PARTY_LABELS,
    MODIFIER_WORDS,
    MULTILATERAL_MEETINGS,
    NOT_OBJECTS,
    NOT_SUBJECTS,
    PLACE_NOUNS,
    PLACE_PREPS,
    VERB_PARTICLES,
)
from newswatch.taxonomy import SYMMETRIC_TYPES, TARGETING_TYPES

PARTY_KINDS = {"person", "org", "armed_group", "state"}
GROUP_KINDS = ("org", "armed_group")

# Unnamed Syrian Kurdish forces ("Kurdish forces", "Kurdish-led fighters", "Syrian Kurd forces",
# "Kurdish and Sunni Arab forces", "the US military's Kurdish partners"): the recurrence gold's
# convention (tests/gold/recurrence_guardian/README.md, "Parties") keys them as the id the text
# names (YPG or SDF), else org:ypg facing Turkey and org:sdf fighting or holding ISIS.
KURDISH_WORDS = {"kurdish", "kurd", "kurds"}
KURDISH_FORCE_NOUNS = {
    "forces", "force", "fighters", "militia", "militias", "units", "troops", "partners", "allies",
    "guerrillas", "groups", "group", "proxies", "army", "militants", "insurgents", "rebels",
}  # fmt: skip
KURDISH_BETWEEN = {"-", "led", "and", "arab", "sunni", "dominated", "armed", "allied", "syrian"}
# Iraqi Kurdistan: its Kurdish forces are the Peshmerga, not the YPG/SDF.
IRAQI_KURDISH_WORDS = {"peshmerga", "krg", "erbil", "sulaymaniyah"}
IRAQI_KURDISH_PAIRS = {
    ("kurdistan", "region"), ("kurdistan", "regional"), ("iraqi", "kurd"), ("iraqi", "kurds"),
    ("iraqi", "kurdish"), ("iraqi", "kurdistan"),
}  # fmt: skip
# A nationality before one of these nouns is who a civilian or volunteer is ("a British
# film-maker", "a British former IT worker"), not a side of the event (taxonomy: parties are
# states and armed or political actors; a volunteer killed with a Kurdish unit keys the unit).
CIVILIAN_NOUNS = {
    "man", "woman", "men", "women", "boy", "girl", "teenager", "teenagers", "maker", "filmmaker",
    "volunteer", "volunteers", "national", "nationals", "citizen", "citizens", "worker", "workers",
    "journalist", "journalists", "photographer", "reporter", "student", "students", "doctor",
    "nurse", "jihadist", "jihadists", "tourist", "tourists", "hostage", "hostages", "activist",
    "militants", "mother", "father", "son", "daughter", "medic", "teacher", "grandfather", "resident",
    "residents",
}  # fmt: skip
CIVILIAN_SKIP = {
    "former", "young", "retired", "elderly", "aid", "freelance", "-", "born", "it", "film", "female",
}  # fmt: skip
# "Kurdish forces fighting Islamic State", "went to Syria to fight against Islamic State": the
# enemy of a fight that is not the event's own trigger is background, not a side of the event.
FIGHT_WORDS = {
    "fight", "fights", "fighting", "fought", "battle", "battling", "combat", "combating", "combatting",
}  # fmt: skip
KURDISH_CONTEXT_KEY = "newswatch_kurdish_context"
KURDISH_TEXT_KEY = "newswatch_names_kurds"
# "the UN-recognised government", "Iranian-affiliated facilities": like "Turkish-backed"
# (places.is_modifier), the body or state only qualifies what is named, it is not a side.
QUALIFIER_WORDS = {
    "recognised", "recognized", "affiliated", "sanctioned", "mandated", "appointed", "designated",
}  # fmt: skip
PARTY_QUALIFIER_WORDS = frozenset(MODIFIER_WORDS | QUALIFIER_WORDS)


def token_positions(doc: Doc, words: set[str]) -> list[int]:
    """Indexes of the tokens whose lower-case form is one of `words`, from the doc's token
    array (no Python Token objects: a walk over every token cost a seventh of the tagging
    time on full articles)."""
    lowers = doc.to_array(LOWER)
    return np.flatnonzero(np.isin(lowers, [hash_string(w) for w in words])).tolist()


def qualifier(ent: Span) -> bool:
    """ "Turkish-backed", "UN-recognised", "Iranian-affiliated": a body or state used as a
    qualifier of what is named, not a side (places.is_modifier with the party words too)."""
    return is_modifier(ent, PARTY_QUALIFIER_WORDS)


def civilian_nationality(ent: Span) -> bool:
    """ "A British film-maker", "a British former IT worker", "two American journalists": the
    state names who a civilian or volunteer is, not a side of the event."""
    doc = ent.doc
    j = ent.end
    while j < len(doc) and j - ent.end < 4:
        word = doc[j].lower_
        if word in CIVILIAN_NOUNS:
            return True
        if word not in CIVILIAN_SKIP:
            # one unknown modifier before the noun ("IT worker", "aid worker")
            nxt = doc[j + 1].lower_ if j + 1 < len(doc) else ""
            return doc[j].is_alpha and not doc[j].ent_type_ and nxt in CIVILIAN_NOUNS
        j += 1
    return False


# "Iraqi militias", "Syrian rebels", "Chadian rebels", "Syrian opposition fighters", "Russian
# mercenaries": armed groups from a country are not its state (taxonomy: states and armed
# groups are different parties; the gold keys them name:rebels, name:russian-mercenaries, ...).
NON_STATE_NOUNS = {
    "militia", "militias", "militiamen", "rebel", "rebels", "insurgents", "insurgent", "jihadists",
    "jihadist",
    "militants", "militant", "opposition", "factions", "faction", "gunmen", "mercenaries", "mercenary",
    "fighters", "tribes", "tribesmen", "smugglers", "traffickers", "paramilitaries", "paramilitary",
}  # fmt: skip
NON_STATE_MODIFIERS = {
    "shia",
    "shiite",
    "sunni",
    "armed",
    "opposition",
    "rebel",
    "tribal",
    "arab",
    "islamist",
}
AIRCRAFT_NOUNS = {"jet", "jets", "plane", "planes", "aircraft", "bomber", "bombers"}


def nonstate_nationality(ent: Span) -> bool:
    """ "Iraqi militias", "Syrian rebel factions", "Russian fighters" (not "Russian fighter jets"):
    the state names where an armed group comes from, the group is not the state."""
    doc = ent.doc
    j = ent.end
    if (
        j < len(doc)
        and doc[j].lower_ in NON_STATE_MODIFIERS
        and j + 1 < len(doc)
        and doc[j + 1].lower_ in NON_STATE_NOUNS
    ):
        j += 1
    if j >= len(doc) or doc[j].lower_ not in NON_STATE_NOUNS:
        return False
    return not (j + 1 < len(doc) and doc[j + 1].lower_ in AIRCRAFT_NOUNS)


def qualifies(ent: Span, group_starts: set[int]) -> bool:
    """ "Syrian Kurdish forces", "Syria's YPG", "British Isis militants": a state right before
    an organisation or armed group says whose it is, not a second party."""
    doc = ent.doc
    j = ent.end
    if j < len(doc) and doc[j].lower_ in ("'s", "’s"):
        j += 1
    return j in group_starts


# "US strikes Iran-linked sites", "US strikes on Iran-backed militias", "pro-Iranian forces":
# struck by the US, these are the Revolutionary Guard's (recurrence_streams gold, "Parties":
# US strikes on "Iran-backed / Iran-linked / IRGC-linked" sites use org:irgc; Israeli strikes
# key the IRGC only when it is named).
IRAN_LINK_WORDS = {"backed", "linked", "aligned", "affiliated", "allied", "supported", "sponsored"}
IRAN_LINKED_NOUNS = {
    "sites", "site", "facilities", "facility", "targets", "positions", "militias", "militia", "groups",
    "forces", "fighters", "proxies", "bases", "depots", "headquarters",
}  # fmt: skip


def iran_linked_targets(sent: Span, after: int) -> list[str]:
    """org:irgc once when the sentence names Iran-linked sites or forces after the trigger."""
    doc = sent.doc
    for i in range(after, sent.end - 2):
        first, dash, last = (doc[i + k].lower_ for k in range(3))
        if dash != "-":
            continue
        linked = first in ("iran", "iranian") and last in IRAN_LINK_WORDS
        pro_iranian = first == "pro" and last in ("iran", "iranian")
        if (linked or pro_iranian) and i + 3 < sent.end and doc[i + 3].lower_ in IRAN_LINKED_NOUNS:
            return ["org:irgc"]
    return []


# "attacks on US forces in Iraq and Syria": several countries after a place preposition say
# where, not who (the event's own country is its place key; the other is no side).
LIST_PLACE_PREPS = {"in", "inside", "across", "throughout", "within", "into"}


def listed_places(ents: list[Span], states: set[int]) -> set[int]:
    """Starts of the states in a list of two or more governed by a place preposition."""
    doc = ents[0].doc if ents else None
    out: set[int] = set()
    run: list[Span] = []

    def close() -> None:
        first = run[0] if run else None
        if len(run) >= 2 and first.start > 0 and doc[first.start - 1].lower_ in LIST_PLACE_PREPS:
            out.update(e.start for e in run)

    for ent in ents:
        if ent.start not in states:
            close()
            run = []
            continue
        gap = doc[run[-1].end : ent.start] if run else None
        if run and not (len(gap) == 1 and gap[0].lower_ in ("and", ",", "or")):
            close()
            run = []
        run.append(ent)
    close()
    return out


def fought_against(ent: Span, trigger_token: int) -> bool:
    """ "... forces fighting (against) Islamic State": the party is the object of a fight word
    that is not the event's trigger."""
    doc = ent.doc
    j = ent.start - 1
    while j >= 0 and doc[j].lower_ in ("the", "against", "a"):
        j -= 1
    return j >= 0 and j != trigger_token and doc[j].lower_ in FIGHT_WORDS


AFTER_WORDS = {"after", "following"}
AFTER_PHRASE_MAX = 6  # tokens between "after"/"following" and "by"


def in_after_phrase(ent: Span, trigger_token: int) -> bool:
    """ "press ahead after (a) failed truce offer by Egypt", "following calls by Moscow": a
    party in an "after/following <noun phrase> by <party>" phrase belongs to that other
    happening, not to the event (taxonomy.md: an event's parties are its own sides) - unless
    the phrase holds the event's trigger ("after an attack by the IS" names the attacker)."""
    doc = ent.doc
    by = ent.start - 1
    while by > 0 and doc[by].lower_ == "the":
        by -= 1
    if by < 1 or doc[by].lower_ != "by":
        return False
    for j in range(by - 1, max(by - 1 - AFTER_PHRASE_MAX, -1), -1):
        tok = doc[j]
        if tok.text in (",", ";", ":", "(", ")") or tok.lower_ in ("by", "and", "but", "as", "while"):
            return False
        if tok.lower_ in AFTER_WORDS:
            return not (j <= trigger_token < ent.end)
    return False


def refers_back(sent: Span) -> bool:
    """The sentence's subject is a pronoun or a definite description ("The group",
    "He", "The ministry"): its actor is the one named just before."""
    first = sent[0].lower_ if len(sent) else ""
    return first in BACK_REFERENCES


def generic_actor(sent: Span, trigger_token: int) -> bool:
    """A party the gazetteer does not know: a trained model's PERSON/ORG/GPE/NORP entity,
    or an office-holder noun ("the President", "the army") before the trigger."""
    if any(e.label_ in MODEL_PARTY_LABELS and not e.ent_id_ for e in sentence_ents(sent)):
        return True
    first = sent[0]
    if first.is_title and first.lower_ not in NOT_SUBJECTS and not first.ent_type_:
        return True  # a lede's proper-noun subject: "Peru has issued an ultimatum"
    return any(t.lower_ in ACTOR_NOUNS for t in sent.doc[sent.start : trigger_token])


def dependency_roles(trigger, mentions) -> tuple[list[str], list[str]] | None:
    """With a trained parser: subjects (and "by" agents) of the trigger's verb are actors,
    its objects and passive subjects targets. None when no party hangs off that verb."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    actors: list[str] = []
    targets: list[str] = []
    for ent, eid in mentions:
        node = ent.root
        while node.head.i != node.i and node.head.i != verb.i:
            node = node.head
        if node.head.i != verb.i or node.i == verb.i:
            continue
        if node.dep_ in ("nsubj", "agent", "csubj"):
            actors.append(eid)
        elif node.dep_ in ("nsubjpass", "dobj", "obj", "pobj", "prep", "dative", "attr"):
            targets.append(eid)
    if not actors:
        return None
    actors = list(dict.fromkeys(actors))
    return actors, [t for t in dict.fromkeys(targets) if t not in actors]


def meets_someone(sent: Span, trigger_token: int) -> bool:
    """ "meets senior Arab lawmakers", "received a delegation", "attends the summit": a
    meeting verb with an object, or a summit, names its other side."""
    doc = sent.doc
    word = doc[trigger_token].lower_
    if word in MULTILATERAL_MEETINGS:
        return True
    if word not in MEETING_VERBS:
        return False
    i = trigger_token + 1
    if i < sent.end and doc[i].lower_ == "with":
        i += 1
    return i < sent.end and doc[i].is_alpha and doc[i].lower_ not in PLACE_PREPS | NOT_OBJECTS


class Parties:
    def __init__(self, gazetteer: Gazetteer, rules: EventRules):
        self.gaz = gazetteer
        self.party_of = rules.party_of

    def capital_party(self, ent: Span, as_target: bool = False) -> str | None:
        """Metonymy: "Ankara said", "Moscow blamed", "condemned by Damascus" -> the state.

        A capital counts as its state when it is not governed by a place preposition and not
        followed by a noun that makes it a place ("Damascus airport")."""
        gent = self.gaz.get(ent.ent_id_) if ent.ent_id_ else None
        if gent is None or gent.feature != "capital":
            return None
        doc = ent.doc
        before = doc[ent.start - 1].lower_ if ent.start > 0 and not doc[ent.start].is_sent_start else ""
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        if after in PLACE_NOUNS or (
            before in PLACE_PREPS and not (as_target and before in ("on", "against"))
        ):
            return None
        return self.gaz.state_for_country(gent.country)

    def mentions(self, sent: Span, etype: str | None = None) -> list[tuple[Span, str]]:
        """(mention, entity id) for the parties a sentence names, in order. For sanctions,
        accusations and threats "on Tehran" / "against Ankara" names the state targeted.
        Unnamed Syrian Kurdish forces count as the group they are; a state that only qualifies
        another party ("Syria's Kurdish YPG", "British Isis militants") or a civilian ("a
        British film-maker") is no party."""
        as_target = etype in TARGETING_TYPES
        kurdish = self.kurdish_forces(sent)
        taken = {i for span, _eid in kurdish for i in range(span.start, span.end)}
        ents = sentence_ents(sent)
        groups = [
            e
            for e in ents
            if (g := self.gaz.get(e.ent_id_)) is not None and g.kind in GROUP_KINDS and not (qualifier(e))
        ]
        group_starts = {e.start for e in groups} | {span.start for span, _eid in kurdish}
        states = {e.start for e in ents if (g := self.gaz.get(e.ent_id_)) is not None and g.kind == "state"}
        taken |= listed_places(ents, states)
        out = []
        for ent in ents:
            gent = self.gaz.get(ent.ent_id_) if ent.ent_id_ else None
            if gent is None or qualifier(ent) or ent.start in taken:
                continue
            if gent.kind == "state" and (
                qualifies(ent, group_starts) or civilian_nationality(ent) or nonstate_nationality(ent)
            ):
                continue
            if gent.kind in PARTY_KINDS:
                out.append((ent, gent.id))
            elif gent.kind == "place":
                state = self.capital_party(ent, as_target)
                if state:
                    out.append((ent, state))
        if kurdish:
            out = sorted(out + kurdish, key=lambda m: m[0].start)
        return out

    def kurdish_forces(self, sent: Span) -> list[tuple[Span, str]]:
        """ "Kurdish forces", "Kurdish-led fighters", "Syrian Kurd forces", "Kurdish and Sunni
        Arab forces" in a Syrian text: the YPG or the SDF (see KURDISH_FORCE_NOUNS). Never in a
        text about Iraqi Kurdistan or a sentence naming Iraq."""
        doc = sent.doc
        out: list[tuple[Span, str]] = []
        # where the text says "Kurd...": one pass over the doc instead of a walk over every
        # token of every sentence (the walk cost a seventh of the tagging time on full articles)
        at = doc.user_data.get(KURDISH_TEXT_KEY)
        if at is None:
            at = doc.user_data[KURDISH_TEXT_KEY] = token_positions(doc, KURDISH_WORDS)
        skip_to = sent.start
        for i in at[bisect_left(at, sent.start) : bisect_left(at, sent.end)]:
            if i < skip_to or doc[i].ent_type_:
                continue
            j = i + 1
            while j < sent.end and j - i <= 4 and doc[j].lower_ in KURDISH_BETWEEN:
                j += 1
            if j < sent.end and doc[j].lower_ in KURDISH_FORCE_NOUNS and not doc[j].ent_type_:
                eid = self.kurdish_id(sent)
                if eid is None:
                    return []
                start = i
                if start - 1 >= sent.start and doc[start - 1].lower_ == "syrian":
                    start -= 1
                elif start - 2 >= sent.start and doc[start - 1].lower_ in ("'s", "’s"):
                    start -= 2 if doc[start - 2].lower_ == "syria" else 0
                out.append((Span(doc, start, j + 1, label="ARMED_GROUP", span_id=eid), eid))
                skip_to = j + 1
        return out

    def kurdish_id(self, sent: Span) -> str | None:
        """Which group unnamed Kurdish forces are: the one the text names (YPG or SDF), else
        the YPG when the sentence (or else the text) names Turkey, else the SDF. None outside a
        Syrian text, in a text about Iraqi Kurdistan, or in a sentence naming Iraq."""
        doc = sent.doc
        ctx = doc.user_data.get(KURDISH_CONTEXT_KEY)
        if ctx is None:
            countries = set()
            named = set()
            for e in doc_ents(doc):
                g = self.gaz.get(e.ent_id_) if e.ent_id_ else None
                if g is not None:
                    countries.add(g.country)
                    if g.id in ("org:ypg", "org:sdf"):
                        named.add(g.id)
            iraqi = bool(token_positions(doc, IRAQI_KURDISH_WORDS)) or any(
                (doc[i].lower_, doc[i + 1].lower_) in IRAQI_KURDISH_PAIRS
                for i in token_positions(doc, {"kurdistan", "iraqi"})
                if i + 1 < len(doc)
            )
            ctx = (iraqi or "SYR" not in countries, named, "TUR" in countries)
            doc.user_data[KURDISH_CONTEXT_KEY] = ctx
        not_syrian, named, doc_turkey = ctx
        gents = [g for e in sentence_ents(sent) if (g := self.gaz.get(e.ent_id_)) is not None]
        here = {g.country for g in gents}
        if not_syrian or any(g.country == "IRQ" and g.kind in ("state", "place") for g in gents):
            return None
        if len(named) == 1:
            return next(iter(named))
        ids = {e.ent_id_ for e in sentence_ents(sent)}
        if "TUR" in here:
            return "org:ypg"
        if "org:isis" in ids:
            return "org:sdf"
        return "org:ypg" if doc_turkey else "org:sdf"

    def party(self, entity_id: str) -> str | None:
        """The side an entity stands for: a person for their state, an org or group for
        itself; None for places and for entities the rules say are never a party."""
        ent = self.gaz.get(entity_id)
        if ent is None or ent.kind not in PARTY_KINDS:
            return None
        if entity_id in self.party_of:
            return self.party_of[entity_id] or None  # null: never a party (news agencies)
        if ent.kind == "person":
            return self.gaz.state_for_country(ent.country) or entity_id
        return entity_id

    def roles(self, sent: Span, trigger_start: int, etype: str) -> tuple[list[str], list[str]]:
        """Actors and targets. For one-sided types the actor is who is named before the
        trigger in its clause ("..., Syrian and Russian jets raided TIP bases"), else the
        nearest party before it; a passive ("shot down by Syrian air defences") swaps roles."""
        doc = sent.doc
        trig = next((t.i for t in sent if t.idx >= trigger_start), sent.end - 1)
        mentions = [
            (e, eid)
            for e, eid in self.mentions(sent, etype)
            if not fought_against(e, trig) and not in_after_phrase(e, trig)
        ]
        if etype in SYMMETRIC_TYPES:
            return list(dict.fromkeys(eid for _e, eid in mentions)), []
        trig_end = trig + 1
        while trig_end < sent.end and doc[trig_end].lower_ in VERB_PARTICLES:
            trig_end += 1
        passive = trig_end < sent.end and doc[trig_end].lower_ == "by"
        clause_start = sent.start
        for i in range(trig - 1, sent.start - 1, -1):
            if doc[i].text in CLAUSE_BREAKS:
                clause_start = i + 1
                break
        if doc.has_annotation("DEP"):
            roles = dependency_roles(doc[trig], mentions)
            if roles is not None:
                return roles
        before = [(e, eid) for e, eid in mentions if e.end <= trig]
        after = [(e, eid) for e, eid in mentions if e.start >= trig_end]
        # A trigger that begins with its party ("Israeli strike on Damascus"): who did it.
        before += [(e, eid) for e, eid in mentions if e.start == trig and not passive]
        in_clause = [(e, eid) for e, eid in before if e.start >= clause_start]
        by_agent = [(e, eid) for e, eid in before if e.start > sent.start and doc[e.start - 1].lower_ == "by"]
        if passive:
            actors = [eid for e, eid in after if e.start <= trig_end + 6]
            targets = [eid for _e, eid in (in_clause or before[-1:])]
            others = [eid for e, eid in after if e.start > trig_end + 6]
        else:
            actors = [eid for _e, eid in (in_clause or before[-1:])]
            actors += [eid for _e, eid in by_agent]
            targets = [eid for _e, eid in after]
            others = []
        actors = list(dict.fromkeys(actors))
        if "state:usa" in actors and not passive:
            targets += iran_linked_targets(sent, trig_end)
        attributed = {eid for e, eid in after if self.attribution(e)}
        targets = [t for t in dict.fromkeys(targets + others) if t not in actors and t not in attributed]
        return actors, targets

    def attribution(self, ent: Span) -> bool:
        """ "..., the White Helmets said": a body (not a state) named after the event as its
        source, not as a side of it."""
        gent = self.gaz.get(ent.ent_id_)
        doc = ent.doc
        start = ent.start - 1 if ent.start > 0 and doc[ent.start - 1].lower_ == "the" else ent.start
        return (
            gent is not None
            and gent.kind in ("org", "person")
            and start > 0
            and doc[start - 1].text == ","
            and is_speaker(ent)
        )

    def enough(
        self,
        rule: TypeRule,
        parties: list[str],
        places: list[Span],
        sent: Span | None = None,
        trigger_token: int | None = None,
    ) -> bool:
        """A meeting needs two sides: two parties, or one party at a venue abroad, or one
        party that meets someone the gazetteer does not know ("Assad meets Arab lawmakers"),
        or one party at a summit (many sides by definition)."""
        if not rule.min_parties:
            return True
        sides = {self.party(p) for p in parties} - {None}
        if len(sides) >= rule.min_parties:
            return True
        if sides and sent is not None and trigger_token is not None and meets_someone(sent, trigger_token):
            return True
        if sides and sent is not None and "mediat" in sent.text.lower():
            return True  # a mediator implies the sides it mediates between
        countries = {self.gaz.get(p).country for p in parties if self.gaz.get(p)}
        venues = {self.gaz.get(p.ent_id_).country for p in places if self.gaz.get(p.ent_id_)}
        return bool(sides) and bool(venues - countries - {None})

    def actors_for_venue(self, actors: list[str], venue_id: str, all_venues: list[str]) -> list[str]:
        """Of several meetings in one sentence, the actors that belong to this venue."""
        venue_country = self.gaz.get(venue_id).country if self.gaz.get(venue_id) else None
        other = {self.gaz.get(v).country for v in all_venues if v != venue_id and self.gaz.get(v)}
        kept = []
        for a in actors:
            country = self.gaz.get(a).country if self.gaz.get(a) else None
            if country == venue_country or country not in other:
                kept.append(a)
        return kept
