"""Event typing: which event types a sentence reports, by which trigger, with which status.

`TriggerTyper` is the rule-based typer over seeds/event_rules.yaml (phrases, trigger +
context combos, exclusions, suppression between types, status cue words). Another typer
(headline grammar, a learned model) can stand beside it: the event assembler only needs
`sentence_types`, `status` and `direct_types` (see `EventTyper`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Protocol

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span

from newswatch.tagging.doc_index import doc_lowers, sentence_ents, sentence_matches
from newswatch.tagging.event_rules import EventRules
from newswatch.tagging.places import PLACE_LABELS
from newswatch.tagging.vocabulary import CLAUSE_BREAKS, NEGATIONS, STATUS_AFTER, STATUS_BEFORE
from newswatch.taxonomy import VIOLENT_TYPES

# Combo context markers that stand for a gazetteer entity named after the trigger:
# "@place" ("took Saraqib"), "@person" ("receives Assad").
ENTITY_CONTEXT = {"@place": PLACE_LABELS, "@person": ("PERSON",)}


@dataclass(frozen=True)
class TriggerHit:
    """The first trigger of one event type in a sentence."""

    type: str
    text: str
    token: int  # index of its first token in the doc


class EventTyper(Protocol):
    def sentence_types(self, sent: Span) -> dict[str, TriggerHit]: ...

    def status(self, sent: Span, etype: str, trigger_token: int | None = None) -> str: ...

    def direct_types(self, sent: Span) -> set[str]: ...


class TriggerTyper:
    """Event types from trigger phrases and combos (seeds/event_rules.yaml)."""

    def __init__(self, nlp: Language, rules: EventRules):
        self.nlp = nlp
        self.rules = rules
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.combo_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exclude_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.combos: dict[str, tuple[str, set[str], int]] = {}
        for rule in rules.types.values():
            if rule.phrases:
                self.phrase_matcher.add(rule.type, [nlp.make_doc(p) for p in rule.phrases])
            for n, combo in enumerate(rule.combos):
                key = f"{rule.type}#{n}"
                self.combos[key] = (rule.type, combo.context, combo.window)
                self.combo_matcher.add(key, [nlp.make_doc(p) for p in combo.triggers])
            if rule.exclude:
                self.exclude_matcher.add(rule.type, [nlp.make_doc(p) for p in rule.exclude])
        for status, cues in rules.status_cues.items():
            self.cue_matcher.add(status, [nlp.make_doc(c) for c in cues])
        # {type: [(trigger token sequences, words that cancel them, window)]}
        self.excluded_near = {
            rule.type: [
                ({tuple(t.split()) for t in c.triggers}, c.context, c.window) for c in rule.exclude_near
            ]
            for rule in rules.types.values()
            if rule.exclude_near
        }

    def _matches(self, sent: Span, name: str):
        return sentence_matches(sent, name, getattr(self, name))

    def _name(self, match_id: int) -> str:
        return self.nlp.vocab.strings[match_id]

    def direct_types(self, sent: Span) -> set[str]:
        """Types a trigger phrase names by itself (not through a combo)."""
        return {self._name(m) for m, *_ in self._matches(sent, "phrase_matcher")}

    def sentence_types(self, sent: Span) -> dict[str, TriggerHit]:
        """{type: its first trigger} for the event types in a sentence."""
        doc = sent.doc
        return {
            t: TriggerHit(t, doc[ms[0][0] : ms[0][1]].text, ms[0][0])
            for t, ms in self.trigger_spans(sent).items()
        }

    def trigger_spans(self, sent: Span) -> dict[str, list[tuple[int, int, int, int]]]:
        """{type: [(start, end, scope_start, scope_end)]} trigger matches in a sentence.

        `scope` widens a combo match to the context word that licensed it ("talks ...
        called off"), so that suppression covers the whole phrase. Matchers called on a
        Span return offsets into the whole Doc.
        """
        spans = self._candidate_spans(sent)
        if not spans:
            return spans
        found = self._without_excluded(sent, spans)
        return self._suppress(found)

    def _candidate_spans(self, sent: Span) -> defaultdict[str, list[tuple[int, int, int, int]]]:
        doc = sent.doc
        spans: defaultdict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
        for match_id, start, end in self._matches(sent, "phrase_matcher"):
            spans[self._name(match_id)].append((start, end, start, end))
        ents = None
        for match_id, start, end in self._matches(sent, "combo_matcher"):
            etype, context, window = self.combos[self._name(match_id)]
            lo, hi = max(sent.start, start - window), min(sent.end, end + window)
            best = None
            lowers = doc_lowers(doc)
            for i in range(lo, hi):
                if start <= i < end:
                    continue
                word = lowers[i]
                pair = f"{word} {lowers[i + 1]}" if i + 1 < hi else ""
                hit = word in context or (pair and pair in context)
                if hit and (best is None or abs(i - start) < abs(best - start)):
                    best = i
            for marker, labels in ENTITY_CONTEXT.items():
                if best is None and marker in context:
                    if ents is None:
                        ents = [(e.start, e.label_) for e in sentence_ents(sent)]
                    best = next((p for p, label in ents if label in labels and end <= p < hi), None)
            if best is not None:
                spans[etype].append((start, end, min(start, best), max(end, best + 1)))
        return spans

    def _without_excluded(self, sent: Span, spans) -> dict[str, list[tuple[int, int, int, int]]]:
        doc = sent.doc
        # A format named after its meetings ("Astana talks", "Arab League summit") is a
        # meeting trigger at its end; other triggers inside a name are not triggers.
        inside = [(e.start, e.end, e.label_) for e in sentence_ents(sent) if e.ent_id_]
        excluded: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for match_id, start, end in self._matches(sent, "exclude_matcher"):
            excluded[self._name(match_id)].append((start, end))

        def keep(etype: str, start: int, end: int) -> bool:
            if any(
                a <= start and end <= b and not _names_meeting(etype, end, b, lab) for a, b, lab in inside
            ):
                return False  # "Accord" in "Government of National Accord"
            if self._near_excluded(sent, etype, start, end):
                return False  # "rescue teams were deployed"
            if any(start < b and a < end for a, b in excluded.get(etype, ())):
                return False  # "took hold", "deal with", "highways meet"
            if etype not in SPEECH_TYPES and _after_demand_modal(sent, start):
                return False  # "X must agree to", "should withdraw from", "must be ready to": a demand
            if etype not in DEMANDABLE_KEEP and _demanded(sent, start):
                return False  # "demanded an admission that forces murdered": what is demanded
            if _background_phrase(sent, start, end):
                return False  # "following the partial peace deal, ...": a time anchor
            if _in_relative_clause(sent, start):
                return False  # "Macedonia, which is preparing an offensive": background
            if etype not in SPEECH_TYPES and _named_as_cause(sent, start):
                return False  # "retaliation for recent air raids": the cause, not new news
            if _attributive_participle(sent, start, end):
                return False  # "a reopened border crossing": an adjective, not the act
            if _compared_to(sent, start):
                return False  # "worse than the bombardment", "I thought it was an airstrike"
            if start > sent.start and _compound_modifier(doc[start - 1]):
                return False  # "quake-hit Syria", "a UN-brokered deal": an adjective
            # "no agreement", "will not withdraw", "never met": a negated trigger
            return not (start > sent.start and doc[start - 1].lower_ in NEGATIONS)

        def licensed_inside_exclusion(etype: str, m: tuple[int, int, int, int]) -> bool:
            # "A US helicopter raid ... targeted": a context word inside an excluded phrase of
            # the same type ("helicopter raid" is no air strike) licenses nothing
            context = m[2] if m[2] < m[0] else m[3] - 1 if m[3] > m[1] else None
            return context is not None and any(a <= context < b for a, b in excluded.get(etype, ()))

        found = {
            t: [m for m in ms if keep(t, m[0], m[1]) and not licensed_inside_exclusion(t, m)]
            for t, ms in spans.items()
        }
        found = _without_replied_to(sent, found)
        if found.get("ACCUSATION") and found.get("MEETING"):
            found["MEETING"] = [
                m for m in found["MEETING"] if not _criticised_visit(sent, found["ACCUSATION"], m[0])
            ]
        return {t: sorted(ms) for t, ms in found.items() if ms}

    def _near_excluded(self, sent: Span, etype: str, start: int, end: int) -> bool:
        rules = self.excluded_near.get(etype)
        if not rules:
            return False
        doc = sent.doc
        words = tuple(t.lower_ for t in doc[start:end])
        for triggers, context, window in rules:
            if words not in triggers:
                continue
            lo, hi = max(sent.start, start - window), min(sent.end, end + window)
            if any(doc[i].lower_ in context for i in range(lo, hi) if not start <= i < end):
                return True
        return False

    def _suppress(self, found: dict[str, list[tuple[int, int, int, int]]]):
        """A type's trigger cancels nearby triggers of the types it `suppresses`."""
        window = self.rules.suppress_window
        for etype, matches in list(found.items()):
            rule = self.rules.types.get(etype)
            for other in rule.suppresses if rule else []:
                if other not in found:
                    continue
                rest = [
                    m
                    for m in found[other]
                    if not any(m[0] < b + window and a - window < m[1] for _s, _e, a, b in matches)
                ]
                if rest:
                    found[other] = rest
                else:
                    found.pop(other)
        return found

    def status(self, sent: Span, etype: str, trigger_token: int | None = None) -> str:
        """Status from cue words near the trigger (its clause: 10 tokens before, 5 after)."""
        if etype == "MEETING_POSTPONED":
            return "postponed"
        lo, hi = sent.start, sent.end
        if trigger_token is not None:
            lo, hi = (
                max(sent.start, trigger_token - STATUS_BEFORE),
                min(sent.end, trigger_token + STATUS_AFTER),
            )
        hits = {self._name(m) for m, s, e in self._matches(sent, "cue_matcher") if lo <= s and e <= hi}
        for status in ("denied", "hypothetical", "announced"):
            if status in hits:
                return status
        return "reported"


def _compound_modifier(before) -> bool:
    """A trigger glued by a hyphen to the word before it ("quake-hit", "UN-brokered",
    "war-torn") is the second half of an adjective, not a verb or noun of an event."""
    return before.text == "-" and not before.whitespace_ and before.i > 0 and not before.nbor(-1).whitespace_


# A trigger right after "must"/"should" is what someone demands, not what happened (CAMEO 10
# DEMAND: "must agree to changes", "should withdraw its troops"); speech acts keep their type
# ("must be condemned" stays a criticism).
DEMAND_MODALS = {"must", "should"}
SPEECH_TYPES = {"ACCUSATION", "THREAT"}


def _after_demand_modal(sent: Span, start: int) -> bool:
    """A trigger right after "must"/"should", or after "must be"/"should be" ("the US must be
    ready to mediate"): what someone demands."""
    doc = sent.doc
    if start > sent.start and doc[start - 1].lower_ in DEMAND_MODALS:
        return True
    return start - 1 > sent.start and doc[start - 1].lower_ == "be" and doc[start - 2].lower_ in DEMAND_MODALS


# A demand verb's complement is what someone demands, not what happened (CAMEO 10 DEMAND:
# "demanded an immediate admission that forces murdered ...", "urged Russia to halt attacks on
# Idlib"), however far into the clause the trigger stands. The clause ends at a clause break or
# at a word that opens news of its own ("demands a probe after an air strike"). Speech acts keep
# their type, and so does the one type the taxonomy counts when demanded: a ceasefire called
# for (CEASEFIRE). Talks demanded are no meeting held (CAMEO 106 DEMAND MEETING).
DEMAND_VERBS = {
    "demand", "demands", "demanded", "demanding", "urge", "urges", "urged", "urging",
}  # fmt: skip
DEMAND_CLAUSE_ENDS = {
    "after", "as", "amid", "over", "following", "since", "despite", "when", "while", "because", "and", "but",
}  # fmt: skip
DEMANDABLE_KEEP = SPEECH_TYPES | {"CEASEFIRE"}


def in_clause_before(
    sent: Span, start: int, words: set[str], stops: set[str] = frozenset(), reach: int | None = None
) -> bool:
    """A word of `words` before token `start` in its clause: the scan goes back to the
    sentence's start (or `reach` tokens) and stops at a clause break or a word of `stops`."""
    doc = sent.doc
    first = sent.start if reach is None else max(sent.start, start - reach)
    for i in range(start - 1, first - 1, -1):
        word = doc[i].lower_
        if word in CLAUSE_BREAKS or word in stops:
            return False
        if word in words:
            return True
    return False


def _demanded(sent: Span, start: int) -> bool:
    """A trigger after a demand verb of its own clause (no clause break or clause opener between)."""
    return in_clause_before(sent, start, DEMAND_VERBS, DEMAND_CLAUSE_ENDS)


# A noun phrase after a time preposition and set off by a comma ("following the partial peace
# deal, he has taken steps", "after the ceasefire, talks resumed") dates the news by an earlier
# event: it is background, not the news itself.
TIME_PREPS = {"following", "after", "since"}
DETERMINERS = {"the", "a", "an", "last", "this", "that", "its", "their"}


def _background_phrase(sent: Span, start: int, end: int) -> bool:
    doc = sent.doc
    if end >= sent.end or doc[end].text not in (",", ";"):
        return False
    for i in range(start - 1, max(sent.start, start - 4) - 1, -1):
        word = doc[i].lower_
        if word in CLAUSE_BREAKS:
            return False
        if word in DETERMINERS and i > sent.start and doc[i - 1].lower_ in TIME_PREPS:
            return True
    return False


# Relative pronouns that open a clause describing a noun already named ("Macedonia which is
# preparing an offensive", "a plant which was hit by a missile attack"). Not "that", which is
# also the complementiser of reported speech ("said that jets struck").
RELATIVE_PRONOUNS = {"which", "who", "whom", "whose"}
RELATIVE_REACH = 6


def _in_relative_clause(sent: Span, start: int) -> bool:
    """A trigger within RELATIVE_REACH tokens after a restrictive relative pronoun (no comma
    before it, no clause break between): the clause picks out a participant (background), it
    is not the sentence's news."""
    doc = sent.doc
    for i in range(start - 1, max(sent.start, start - RELATIVE_REACH) - 1, -1):
        word = doc[i].lower_
        if word in CLAUSE_BREAKS:
            return False
        if word in RELATIVE_PRONOUNS:
            # ", which was shelved": a clause set off by a comma adds news of its own
            return not (i > sent.start and doc[i - 1].text in CLAUSE_BREAKS)
    return False


# An act named as the cause of another ("in retaliation for", "revenge for", "reprisal for")
# is background (taxonomy: an event mentioned as a cause is not news); the news is the act
# it explains. Speech acts keep their type. Not "in response to", which also introduces
# replies to speech and statements.
CAUSE_OPENERS = {"retaliation", "revenge", "reprisal"}
CAUSE_REACH = 5


def _named_as_cause(sent: Span, start: int) -> bool:
    """A trigger within CAUSE_REACH tokens after a cause opener, no clause break between."""
    doc = sent.doc
    for i in range(start - 1, max(sent.start + 1, start - CAUSE_REACH) - 1, -1):
        if doc[i].lower_ in CLAUSE_BREAKS:
            return False
        if doc[i].lower_ == "for" and doc[i - 1].lower_ in CAUSE_OPENERS:
            return True
    return False


# A trigger a few words after a comparison ("worse than the bombardment", "I thought it was an
# airstrike", "like a war zone") is what something is likened to, not what happened (GUIDE:
# earthquake stories name no violent event when survivors compare the quake to the war).
COMPARISON_OPENERS = {("than", "the"), ("than", "a"), ("than", "an"), ("like", "a"), ("like", "an"),
    ("like", "the"), ("it", "was")}  # fmt: skip
COMPARISON_REACH = 3


def _compared_to(sent: Span, start: int) -> bool:
    doc = sent.doc
    for i in range(start - 1, max(sent.start + 1, start - COMPARISON_REACH) - 1, -1):
        if doc[i].lower_ in CLAUSE_BREAKS:
            return False
        pair = (doc[i - 1].lower_, doc[i].lower_)
        thought = i - 2 >= sent.start and doc[i - 2].lower_ in ("thought", "think")
        if pair in COMPARISON_OPENERS and (pair[0] != "it" or thought):
            return True
    return False


ARTICLES = {"a", "an", "the"}


def _without_replied_to(sent: Span, found: dict) -> dict:
    """A violent act that another violent act of the sentence answers ("The US military struck a
    site in Syria ... in response to rocket attacks on American forces") is the cause, told
    as background: only the reply is the sentence's news (taxonomy: a cause is not news)."""
    doc = sent.doc
    opens = [
        i + 3
        for i in range(sent.start, sent.end - 3)
        if (doc[i].lower_, doc[i + 1].lower_, doc[i + 2].lower_) == ("in", "response", "to")
    ]
    if not opens:
        return found
    violent = [m[0] for t, ms in found.items() if t in VIOLENT_TYPES for m in ms]
    out = {}
    for etype, ms in found.items():
        kept = [
            m
            for m in ms
            if etype not in VIOLENT_TYPES
            or not any(
                o <= m[0] < o + CAUSE_REACH
                and not any(doc[k].lower_ in CLAUSE_BREAKS for k in range(o, m[0]))
                and any(v < o - 3 for v in violent)
                for o in opens
            )
        ]
        if kept:
            out[etype] = kept
    return out


def _attributive_participle(sent: Span, start: int, end: int) -> bool:
    """A one-word past participle between an article and its noun ("a reopened border
    crossing", "the captured town") describes the noun: the act is not reported here."""
    doc = sent.doc
    return (
        end - start == 1
        and doc[start].lower_.endswith("ed")
        and start > sent.start
        and doc[start - 1].lower_ in ARTICLES
        and end < sent.end
        and doc[end].is_alpha
        and not doc[end].is_stop
    )


# A meeting or visit named as what a party criticises ("Syria condemns US general's visit to
# the northeast"): the criticism is the news (GUIDE: s1785 is one ACCUSATION).
POSSESSIVES = {"'s", "’s", "'", "’"}
CRITICISED_REACH = 5


def _criticised_visit(sent: Span, accusations, start: int) -> bool:
    doc = sent.doc
    return any(
        end <= start
        and start - end <= CRITICISED_REACH
        and any(doc[i].lower_ in POSSESSIVES for i in range(end, start))
        and not any(doc[i].lower_ in CLAUSE_BREAKS for i in range(end, start))
        for _s, end, _a, _b in accusations
    )


def _names_meeting(etype: str, end: int, name_end: int, label: str) -> bool:
    return etype in ("MEETING", "MEETING_POSTPONED") and end == name_end and label == "ORG"
