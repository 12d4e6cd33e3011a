"""Event trigger rules (seeds/event_rules.yaml), validated on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, field_validator

from newswatch.seeds import SeedError, SeedModel, load_yaml, validate_entry
from newswatch.taxonomy import EVENT_TYPES, STATUSES


@dataclass
class Combo:
    triggers: list[str]
    context: set[str]
    window: int


@dataclass
class TypeRule:
    type: str
    phrases: list[str] = field(default_factory=list)
    combos: list[Combo] = field(default_factory=list)
    suppresses: list[str] = field(default_factory=list)
    # Token sequences that cancel a trigger they overlap ("took hold" is not "took").
    exclude: list[str] = field(default_factory=list)
    # A trigger with one of these words within the window is not this type ("rescue teams
    # deployed", "warns of disease outbreak", "pulls out of grain deal").
    exclude_near: list[Combo] = field(default_factory=list)
    needs_party: bool = False
    min_parties: int = 0


@dataclass
class EventRules:
    types: dict[str, TypeRule]
    status_cues: dict[str, list[str]]
    party_of: dict[str, str]
    # Words that show a text is about war or politics; a theatre tag needs one of them
    # (or an event, or an armed group/person of the theatre) so that "Aleppo pepper" or a
    # football match in Benghazi stays untagged.
    topic_cues: list[str] = field(default_factory=list)
    # Words that make a sentence naming two of Turkey, Russia and Iran about their relations.
    relation_cues: list[str] = field(default_factory=list)
    # Nouns after which a nationality word is a person's nationality ("Syrian refugee").
    person_nouns: list[str] = field(default_factory=list)
    # Words that make migration the subject: a Syria or Libya named only by its state name in
    # such a text is where people fled from or sailed from, not the war's news.
    migration_cues: list[str] = field(default_factory=list)
    # How far (tokens) a type's trigger suppresses the types in its `suppresses` list.
    suppress_window: int = 8
    # Verbs (and the nouns spelt like them) whose every form a trigger may take.
    inflect: list[str] = field(default_factory=list)
    # Nouns whose singular and plural a trigger may take (not their verb forms).
    nouns: list[str] = field(default_factory=list)


# English inflection of trigger words. A trigger written in one form ("bolstered",
# "air strikes", "took hold") also matches the other forms of its verb when the verb is in
# the seed's `inflect` list: headlines use the present ("Turkey sends troops"), bodies the
# past ("sent"), captions the participle ("Three killed in ..."), and the noun is often the
# verb's form ("strike"/"strikes", "clash"/"clashes", "attack"/"attacks").
# Irregular verbs: (3rd person, past, participle, -ing).
IRREGULAR: dict[str, tuple[str, str, str, str]] = {
    "bring": ("brings", "brought", "brought", "bringing"),
    "break": ("breaks", "broke", "broken", "breaking"),
    "blow": ("blows", "blew", "blown", "blowing"),
    "fight": ("fights", "fought", "fought", "fighting"),
    "fly": ("flies", "flew", "flown", "flying"),
    "hit": ("hits", "hit", "hit", "hitting"),
    "hold": ("holds", "held", "held", "holding"),
    "meet": ("meets", "met", "met", "meeting"),
    "overrun": ("overruns", "overran", "overrun", "overrunning"),
    "put": ("puts", "put", "put", "putting"),
    "retake": ("retakes", "retook", "retaken", "retaking"),
    "send": ("sends", "sent", "sent", "sending"),
    "shoot": ("shoots", "shot", "shot", "shooting"),
    "slay": ("slays", "slew", "slain", "slaying"),
    "speak": ("speaks", "spoke", "spoken", "speaking"),
    "strike": ("strikes", "struck", "struck", "striking"),
    "take": ("takes", "took", "taken", "taking"),
    "withdraw": ("withdraws", "withdrew", "withdrawn", "withdrawing"),
    "overtake": ("overtakes", "overtook", "overtaken", "overtaking"),
    "sweep": ("sweeps", "swept", "swept", "sweeping"),
    "bid": ("bids", "bid", "bid", "bidding"),
    "lead": ("leads", "led", "led", "leading"),
    "swear": ("swears", "swore", "sworn", "swearing"),
    "beat": ("beats", "beat", "beaten", "beating"),
    "set": ("sets", "set", "set", "setting"),
    "cut": ("cuts", "cut", "cut", "cutting"),
    "fall": ("falls", "fell", "fallen", "falling"),
    "freeze": ("freezes", "froze", "frozen", "freezing"),
    "sit": ("sits", "sat", "sat", "sitting"),
    "begin": ("begins", "began", "begun", "beginning"),
    "say": ("says", "said", "said", "saying"),
}
# A final -l doubled before -ed/-ing: always (stressed last syllable) or in British spelling
# beside the American one ("cancelled" and "canceled").
_DOUBLE_L = {"patrol", "control", "repel", "expel", "compel", "propel", "rebel"}
_BRITISH_L = {"cancel", "travel", "signal", "label", "fuel", "model", "level", "channel", "shovel"}
_VOWELS = set("aeiou")


def _s_form(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _doubles_final(word: str) -> bool:
    """One syllable ending consonant-vowel-consonant ("ban", "ship"): the consonant doubles."""
    if len(word) < 3 or word[-1] in _VOWELS or word[-1] in "wxy":
        return False
    groups = sum(1 for i, c in enumerate(word) if c in _VOWELS and (i == 0 or word[i - 1] not in _VOWELS))
    return groups == 1 and word[-2] in _VOWELS and word[-3] not in _VOWELS


def verb_forms(lemma: str) -> list[str]:
    """A verb's forms: lemma, -s, past, participle, -ing (a multi-word verb inflects its
    first word: "shoot down" -> "shot down")."""
    first, _, rest = lemma.partition(" ")
    tail = f" {rest}" if rest else ""
    if first in IRREGULAR:
        forms = [first, *IRREGULAR[first]]
    elif first in _BRITISH_L or first in _DOUBLE_L:
        doubled = first + "l"
        forms = [first, first + "s", doubled + "ed", doubled + "ing"]
        if first in _BRITISH_L:
            forms += [first + "ed", first + "ing"]
    elif first.endswith("e"):
        ing = first + "ing" if first.endswith(("ee", "ye", "oe")) else first[:-1] + "ing"
        forms = [first, first + "s", first + "d", ing]
    elif first.endswith("y") and first[-2] not in _VOWELS:
        forms = [first, _s_form(first), first[:-1] + "ied", first + "ing"]
    else:
        stem = first + first[-1] if _doubles_final(first) else first
        forms = [first, _s_form(first), stem + "ed", stem + "ing"]
    return list(dict.fromkeys(f + tail for f in forms))


def inflection_table(lemmas: list[str], nouns: list[str] = ()) -> dict[str, list[str]]:
    """{form: all forms of its word}: a verb's five forms, a noun's two (one-word lemmas)."""
    table: dict[str, list[str]] = {}
    groups = [verb_forms(lemma) for lemma in lemmas] + [[noun, _s_form(noun)] for noun in nouns]
    for forms in groups:
        for form in forms:
            table.setdefault(form, [])
            table[form] = list(dict.fromkeys(table[form] + forms))
    return table


def inflected(phrases: list[str], table: dict[str, list[str]]) -> list[str]:
    """The phrases plus each with one of its words in every other form of that word's verb
    ("jets bombed" -> "jets bomb", "jets bombs", "jets bombing")."""
    out = list(phrases)
    for phrase in phrases:
        words = phrase.split()
        for i, word in enumerate(words):
            for form in table.get(word, ()):
                out.append(" ".join([*words[:i], form, *words[i + 1 :]]))
    return list(dict.fromkeys(out))


def _words(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SeedError(f"{where}: expected a list of non-empty strings")
    return [v.strip().lower() for v in value]


def _word_list(value: Any) -> list[str]:
    value = [] if value is None else value
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("expected a list of non-empty strings")
    return [v.strip().lower() for v in value]


Words = Annotated[list[str], BeforeValidator(_word_list)]


class ComboEntry(SeedModel):
    missing: ClassVar[dict[str, str]] = {
        "triggers": "expected a list of non-empty strings",
        "context": "expected a list of non-empty strings",
    }
    triggers: Words
    context: Words
    window: int = 8


class TypeEntry(SeedModel):
    phrases: Words = Field(default_factory=list)
    combos: list[ComboEntry] = Field(default_factory=list)
    suppresses: list[str] = Field(default_factory=list)
    exclude: Words = Field(default_factory=list)
    exclude_near: list[ComboEntry] = Field(default_factory=list)
    needs_party: bool = False
    min_parties: int = 0

    @field_validator("combos", "suppresses", "exclude_near", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @field_validator("suppresses")
    @classmethod
    def _known_types(cls, value: list[str]) -> list[str]:
        for other in value:
            if other not in EVENT_TYPES:
                raise ValueError(f"suppresses names unknown type {other!r}")
        return value


def _type_entry(path: str | Path, name: Any, body: Any, forms: dict[str, list[str]]) -> TypeRule:
    where = f"{path}:{body.get('__line__', '?') if isinstance(body, dict) else '?'}"
    if name not in EVENT_TYPES:
        raise SeedError(f"{where}: unknown event type {name!r}; known: {', '.join(EVENT_TYPES)}")
    if not isinstance(body, dict):
        raise SeedError(f"{where}: {name} must be a mapping")
    entry = validate_entry(TypeEntry, body, path, label=str(name))

    def combo(c: ComboEntry) -> Combo:
        return Combo(triggers=inflected(c.triggers, forms), context=set(c.context), window=c.window)

    return TypeRule(
        type=name,
        phrases=inflected(entry.phrases, forms),
        combos=[combo(c) for c in entry.combos],
        suppresses=list(entry.suppresses),
        exclude=inflected(entry.exclude, forms),
        exclude_near=[combo(c) for c in entry.exclude_near],
        needs_party=entry.needs_party,
        min_parties=entry.min_parties,
    )


class EventRulesFile(SeedModel):
    """seeds/event_rules.yaml apart from `types` (validated entry by entry)."""

    types: dict[Any, Any]
    status_cues: dict[str, Words] = Field(default_factory=dict)
    party_of: dict[str, str | None] = Field(default_factory=dict)  # null: never a party
    topic_cues: Words = Field(default_factory=list)
    relation_cues: Words = Field(default_factory=list)
    person_nouns: Words = Field(default_factory=list)
    migration_cues: Words = Field(default_factory=list)
    suppress_window: int = 8
    inflect: Words = Field(default_factory=list)
    nouns: Words = Field(default_factory=list)

    @field_validator("status_cues", "party_of", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("status_cues")
    @classmethod
    def _known_statuses(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for status in value:
            if status not in STATUSES:
                raise ValueError(f"status_cues: unknown status {status!r}")
        return value


def load_event_rules(path: str | Path) -> EventRules:
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("types"), dict):
        raise SeedError(f"{path}:1: expected a 'types:' mapping")
    top = validate_entry(EventRulesFile, doc, path)
    forms = inflection_table(top.inflect, top.nouns)
    bodies = {name: body for name, body in doc["types"].items() if name != "__line__"}
    types = {name: _type_entry(path, name, body, forms) for name, body in bodies.items()}
    return EventRules(
        types=types,
        status_cues=top.status_cues,
        party_of=top.party_of,
        topic_cues=top.topic_cues,
        relation_cues=top.relation_cues,
        person_nouns=top.person_nouns,
        migration_cues=top.migration_cues,
        suppress_window=top.suppress_window,
        inflect=top.inflect,
        nouns=top.nouns,
    )
