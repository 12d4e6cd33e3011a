"""Headline grammar: event types that the trigger rules miss in the telegraphic style of
headlines and one-line feed descriptions.

* Casualty-led headlines are typed by their cause through the trigger rules ("Blast kills 5
  in Azaz": BOMBING; "US raid kills ISIS leader": KILLING); a town named before "bombing"
  ("Azaz bombing kills 7") is a BOMBING there. A generic "attack" with a death toll typed as
  KILLING was tried and dropped: it lowered precision on the held-out half.
* Cross-border strikes: "Israel strikes Damascus airport", "Israeli raids on Syria's
  Damascus", "US attacks hit targets in Syria": a state striking a place in another country
  does so from the air (AIRSTRIKE), unless artillery, rockets or a bomb are named. A violent
  cause in a clause after "after"/"following"/"in retaliation for" is the earlier event, not
  the strike's weapon ("Israel launches strikes on Syria after rocket fire").
* A theatre place as the modifier of "strike" is where the strike was ("Syria strike").
* Missiles (and no rockets, artillery or mortars) that a state fires at a place in another
  country are an air strike: stand-off missiles from aircraft ("Israeli missiles hit
  Damascus"). Headlines only: in body sentences missiles stay SHELLING, as in the taxonomy
  table and the invented gold set. When neither the headline nor the description calls the
  attack one from the air, the missile fire is SHELLING after all (streams GUIDE adjudication:
  "missile attack/fire" with no air word is SHELLING; events.EventAssembler._missile_fire).
* "<state> protests over ... by <other party>" is a formal protest (ACCUSATION), not a street
  protest: it needs the verb's preposition and another party after it.
* A headline that names its strike as one from the air ("air attacks", "raids", "jets") and a
  description whose shelling is by missiles alone ("Israel fired missiles on Damascus's Kafr
  Sousa") report one air strike: the description's SHELLING is dropped. After a bare
  "strikes" headline the missiles stay a SHELLING (the invented set's convention).
* "<party> says <other> struck its drone" (its, their, our: what the speaker owns) is the
  victim's claim, an ACCUSATION, and the violence is not typed as well.
* "<party> sanctions <object>" is the verb ("EU sanctions Syrian officials"): SANCTION. The
  noun ("US sanctions on Syria", "US sanctions hurt recovery") is left to the trigger rules.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from newswatch.tagging.doc_index import sentence_ents
from newswatch.tagging.gazetteer import Gazetteer
from newswatch.tagging.parties import is_modifier
from newswatch.tagging.places import COMPASS
from newswatch.tagging.triggers import TriggerHit
from newswatch.taxonomy import VIOLENT_TYPES

STRIKE_WORDS = {
    "strike", "strikes", "struck", "attack", "attacks", "attacked", "hit", "hits", "raid", "raids",
    "raided", "pound", "pounds", "pounded", "bomb", "bombs", "bombed", "target", "targets", "targeted",
}  # fmt: skip
# Words that open the clause of an earlier event ("... after rocket fire", "in retaliation for").
EARLIER_EVENT_WORDS = {"after", "following", "retaliation", "response", "revenge", "avenge"}
# Words after "strike(s)" that make it another verb ("strikes deal", "strikes back").
STRIKE_NOUNS = {"strike", "strikes", "airstrike", "airstrikes", "raid", "raids"}
NOT_AFTER_STRIKE = {
    "deal",
    "a",
    "an",
    "agreement",
    "accord",
    "back",
    "gold",
    "oil",
    "balance",
    "tone",
    "note",
}
STRIKE_COUNTRIES = {"SYR", "LBY"}
# "<party> says <other> struck its drone": the victim's claim (ACCUSATION).
CLAIM_VERBS = {"says", "said", "claims", "claimed", "accuses", "accused", "alleges", "alleged"}
CLAIM_STRIKE_WORDS = {"shot", "downed", "harassed", "harass", "harasses", "rammed", "intercepted"}
OWN_WORDS = {"its", "their", "our"}
# Words that may stand between a striking state and its strike ("Israel carries out strikes").
STRIKE_LEADS = {
    "launches",
    "launched",
    "carries",
    "carried",
    "out",
    "conducts",
    "conducted",
    "stages",
    "new",
    "fresh",
}
RAID_WORDS = {"raid", "raids", "raided"}
# A raid by forces on the ground is not an air strike ("US forces capture ISIS official in
# Syria raid").
GROUND_FORCE_WORDS = {
    "forces", "troops", "commandos", "commando", "special", "soldiers", "helicopter", "helicopters",
    "ground", "marines",
}  # fmt: skip
BOMBING_NOUNS = {"bombing", "bombings"}
MISSILE_WORDS = {"missile", "missiles"}
AIR_WORDS = {
    "airstrike", "airstrikes", "air-strike", "air-strikes", "raid", "raids", "jets", "warplanes",
    "aircraft", "drone", "drones", "bombers", "helicopter", "helicopters",
}  # fmt: skip
GROUND_FIRE_WORDS = {
    "rocket", "rockets", "artillery", "mortar", "mortars", "shell", "shells", "shelled", "shelling",
    "howitzer", "howitzers", "grad", "katyusha",
}  # fmt: skip
# Headline words of a retrospective or a list of many events, not one event.
RETROSPECTIVE_WORDS = {"timeline", "timelines", "chronology"}
PROTEST_VERBS = {"protests", "protest"}
SANCTION_VERBS = {"sanctions", "blacklists"}
# How far after a striking state its target may be named ("Turkey strikes Kurdish militant
# targets in Syria").
TARGET_WINDOW = 6
PROTEST_PREPS = {"over", "to", "against", "at"}


def words_between(sent: Span, start: int, end: int) -> int:
    """Words between two tokens, a hyphenated compound and a compass word not counted
    ("strikes Iran-linked facilities in eastern Syria": three words before Syria)."""
    doc = sent.doc
    hyphens = {i for i in range(start + 1, end) if doc[i].text == "-"}
    skip = hyphens | {i + 1 for i in hyphens} | {i for i in range(start + 1, end) if doc[i].lower_ in COMPASS}
    return end - start - 1 - len(skip)


def _words(text: str) -> set[str]:
    return {w.strip(".,;:'\"‘’“”()").lower() for w in text.split()}


def says_from_the_air(headline: str) -> bool:
    """The headline names the attack as one from the air ("Israeli raids on Damascus",
    "Israel conducts air attacks"), not a bare "strikes"."""
    words = _words(headline)
    return bool(words & AIR_WORDS) or "air" in words


def restates_air_strike(sentence: str) -> bool:
    """A description sentence whose shelling is by missiles alone ("Israel fired missiles on
    Damascus's Kafr Sousa") retells the air strike its headline names as one from the air."""
    words = _words(sentence)
    return bool(words & MISSILE_WORDS) and not words & GROUND_FIRE_WORDS


# "air defences intercepted the missiles" names the defence, not the attack
AIR_DEFENCE = ("air defence", "air defense", "air-defence", "air-defense")


def names_air_attack(text: str) -> bool:
    """The text calls an attack one from the air ("air raid", "jets", "drone strike")."""
    lower = text.lower()
    for phrase in AIR_DEFENCE:
        lower = lower.replace(phrase, " ")
    words = _words(lower)
    return (
        bool(words & AIR_WORDS) or "air" in words or any(w.startswith("air") and "strike" in w for w in words)
    )


def missile_fire_only(text: str) -> bool:
    """Missiles or rockets are named and the attack is nowhere called one from the air
    (GUIDE adjudication: "missile attack/fire" with no air word is SHELLING). Missiles in a
    clause about an earlier event ("in response to rocket attacks", "after rocket fire") are
    that event's, not the attack's means."""
    means = re.sub(
        r"\b(?:after|following|response to|retaliation for|revenge for)\b[^,;:.]*", " ", text, flags=re.I
    )
    return bool(_words(means) & (MISSILE_WORDS | {"rocket", "rockets"})) and not names_air_attack(text)


def fire_trigger(trigger: str) -> bool:
    """An AIRSTRIKE trigger that may name missile fire: no air word, no "strike"."""
    return not names_air_attack(trigger) and "strike" not in trigger.lower()


class HeadlineGrammar:
    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer

    def extend(self, sent: Span, hits: dict[str, TriggerHit]) -> dict[str, TriggerHit]:
        """The trigger rules' hits for a headline, plus what headline grammar adds. A
        retrospective ("Israeli attacks on Syria in the past year: Timeline") reports none."""
        if any(t.lower_ in RETROSPECTIVE_WORDS for t in sent):
            return {}
        hits = self._extend(sent, hits)
        claim = self._victim_claim(sent)
        if claim is None or not VIOLENT_TYPES & hits.keys():
            return hits
        out = {t: h for t, h in hits.items() if t not in VIOLENT_TYPES}
        out.setdefault("ACCUSATION", TriggerHit("ACCUSATION", sent.doc[claim].text, claim))
        return out

    def _victim_claim(self, sent: Span) -> int | None:
        """ "US says Russian aircraft struck its drone": a party says another struck what is
        its own (its, their, our). The victim's claim is the news, an ACCUSATION; the strike
        is as the victim tells it. The speech verb's token, or None."""
        doc = sent.doc
        for ent in self._ents(sent):
            i = ent.end
            if i >= sent.end or doc[i].lower_ not in CLAIM_VERBS:
                continue
            window = range(i + 1, min(sent.end, i + 10))
            for j in window:
                if doc[j].lower_ in STRIKE_WORDS | CLAIM_STRIKE_WORDS and any(
                    doc[k].lower_ in OWN_WORDS for k in range(j + 1, min(sent.end, j + 3))
                ):
                    return i
        return None

    def _extend(self, sent: Span, hits: dict[str, TriggerHit]) -> dict[str, TriggerHit]:
        hits = self.retype_missiles(sent, hits)
        if "ACCUSATION" not in hits:
            protest = self._formal_protest(sent)
            if protest is not None:
                hits = {**hits, "ACCUSATION": TriggerHit("ACCUSATION", sent.doc[protest].text, protest)}
        if "SANCTION" not in hits:
            verb = self._sanctions_verb(sent)
            if verb is not None:
                hits = {**hits, "SANCTION": TriggerHit("SANCTION", sent.doc[verb].text, verb)}
        if not VIOLENT_TYPES & hits.keys():
            bombing = self._place_before(sent, BOMBING_NOUNS, kinds=("place",))
            if bombing is not None:
                return {**hits, "BOMBING": TriggerHit("BOMBING", sent.doc[bombing].text, bombing)}
        if any(t in VIOLENT_TYPES and not self._earlier_event(sent, h.token) for t, h in hits.items()):
            return hits
        strike = self._cross_border(sent)
        if strike is None:
            strike = self._place_before(sent, STRIKE_NOUNS, kinds=("place", "state"), noun=True)
        if strike is not None:
            return {**hits, "AIRSTRIKE": TriggerHit("AIRSTRIKE", sent.doc[strike].text, strike)}
        return hits

    def retype_missiles(self, sent: Span, hits: dict[str, TriggerHit]) -> dict[str, TriggerHit]:
        """A SHELLING by missiles alone that a state fires at a place in another country is an
        AIRSTRIKE ("Israeli missiles fired at targets near Damascus")."""
        hit = hits.get("SHELLING")
        if hit is None or "AIRSTRIKE" in hits:
            return hits
        doc = sent.doc
        near = {doc[i].lower_ for i in range(max(sent.start, hit.token - 6), min(sent.end, hit.token + 7))}
        if not near & MISSILE_WORDS or near & GROUND_FIRE_WORDS:
            return hits
        if not self._foreign_target(sent, hit.token):
            return hits
        out = {t: h for t, h in hits.items() if t != "SHELLING"}
        out["AIRSTRIKE"] = TriggerHit("AIRSTRIKE", hit.text, hit.token)
        return out

    def _country(self, ent: Span) -> str | None:
        gent = self.gaz.get(ent.ent_id_) if ent.ent_id_ else None
        return gent.country if gent is not None else None

    def _ents(self, sent: Span) -> list[Span]:
        return [
            e for e in sentence_ents(sent) if e.ent_id_ and not is_modifier(e) and self.gaz.get(e.ent_id_)
        ]

    def _foreign_target(self, sent: Span, token: int) -> bool:
        """The nearest state (or capital) before `token` and a place or state in another
        country after it."""
        ents = self._ents(sent)
        before = [e for e in ents if e.end <= token and self._striker_kind(e)]
        if not before:
            return False
        striker = self._country(before[-1])
        return any(
            e.start > token and self.gaz.get(e.ent_id_).kind in ("state", "place")
            and self._country(e) not in (None, striker)
            for e in ents
        )  # fmt: skip

    def _striker_kind(self, ent: Span) -> bool:
        gent = self.gaz.get(ent.ent_id_)
        return gent.kind == "state" or gent.feature == "capital"

    @staticmethod
    def _earlier_event(sent: Span, token: int) -> bool:
        """The trigger lies in a clause about an earlier event ("... after rocket fire")."""
        doc = sent.doc
        return any(doc[i].lower_ in EARLIER_EVENT_WORDS for i in range(sent.start, token))

    def _place_before(
        self, sent: Span, nouns: set[str], kinds: tuple[str, ...], noun: bool = False
    ) -> int | None:
        """The token of one of `nouns` right after a place of Syria or Libya that modifies it
        ("Azaz bombing", "Syria strike"); with `noun`, not when a verb use follows
        ("Syria strikes deal")."""
        doc = sent.doc
        for ent in self._ents(sent):
            i = ent.end
            if i >= sent.end or doc[i].lower_ not in nouns:
                continue
            gent = self.gaz.get(ent.ent_id_)
            if gent.kind not in kinds or gent.country not in STRIKE_COUNTRIES:
                continue
            if ent.start > sent.start and doc[ent.start - 1].lower_ in ("to", "from"):
                continue  # "flights to Syria strike" is not it; "in/on Syria strike" is
            if noun and i + 1 < sent.end and doc[i + 1].lower_ in NOT_AFTER_STRIKE:
                continue
            if noun and doc[i].lower_ in RAID_WORDS and any(t.lower_ in GROUND_FORCE_WORDS for t in sent):
                continue
            return i
        return None

    def _formal_protest(self, sent: Span) -> int | None:
        """ "Russia protests over 'provocative actions' by US forces": a party by its name,
        the verb, a preposition, and another party after it."""
        doc = sent.doc
        ents = self._ents(sent)
        for n, ent in enumerate(ents):
            i = ent.end
            if (
                i + 1 >= sent.end
                or doc[i].lower_ not in PROTEST_VERBS
                or doc[i + 1].lower_ not in PROTEST_PREPS
            ):
                continue
            gent = self.gaz.get(ent.ent_id_)
            by_name = gent.kind in ("person", "org") or ent.text.lower() == gent.name.lower()
            if not by_name and gent.feature != "capital":
                continue  # "Iranians protest", "Syrians protest": people in the street
            if any(self._country(o) != gent.country for o in ents[n + 1 :] if o.start > i):
                return i
        return None

    @staticmethod
    def _leads_to(sent: Span, end: int, strike: int) -> bool:
        """The striker ends right before the strike word, or before words that lead to it."""
        doc = sent.doc
        return (
            end <= strike
            and strike - end <= 3
            and all(doc[i].lower_ in STRIKE_LEADS for i in range(end, strike))
        )

    def _sanctions_verb(self, sent: Span) -> int | None:
        """A party right before "sanctions" followed by its object: a name or a number."""
        doc = sent.doc
        for ent in self._ents(sent):
            i = ent.end
            if i + 1 >= sent.end or doc[i].lower_ not in SANCTION_VERBS:
                continue
            if self.gaz.get(ent.ent_id_).kind not in ("state", "org", "person"):
                continue
            nxt = doc[i + 1]
            if nxt.is_title or nxt.like_num or nxt.ent_type_:
                return i
        return None

    def _cross_border(self, sent: Span) -> int | None:
        """The token of a strike word between a state (the striker) and a place in another
        country (the target): "Israel strikes Damascus airport", "Israeli raids on Syria"."""
        ents = self._ents(sent)
        ground_raid = any(t.lower_ in GROUND_FORCE_WORDS for t in sent)
        for tok in sent:
            if tok.lower_ not in STRIKE_WORDS:
                continue
            if tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ in NOT_AFTER_STRIKE:
                continue  # "Syria strikes deal with Jordan", "Turkey strikes back"
            if tok.lower_ in RAID_WORDS and ground_raid:
                continue
            before = [e for e in ents if e.end <= tok.i and self._leads_to(sent, e.end, tok.i)]
            striker = next((e for e in before if self.gaz.get(e.ent_id_).kind == "state"), None)
            if striker is None:
                continue
            after = [
                e for e in ents if e.start > tok.i and words_between(sent, tok.i, e.start) < TARGET_WINDOW
            ]
            target = next(
                (
                    e
                    for e in after
                    if self.gaz.get(e.ent_id_).kind in ("state", "place")
                    and self._country(e) not in (None, self._country(striker))
                ),
                None,
            )
            if target is not None:
                return tok.i
        return None
