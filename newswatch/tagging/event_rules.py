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


def _type_entry(path: str | Path, name: Any, body: Any) -> TypeRule:
    where = f"{path}:{body.get('__line__', '?') if isinstance(body, dict) else '?'}"
    if name not in EVENT_TYPES:
        raise SeedError(f"{where}: unknown event type {name!r}; known: {', '.join(EVENT_TYPES)}")
    if not isinstance(body, dict):
        raise SeedError(f"{where}: {name} must be a mapping")
    entry = validate_entry(TypeEntry, body, path, label=str(name))
    return TypeRule(
        type=name,
        phrases=entry.phrases,
        combos=[Combo(triggers=c.triggers, context=set(c.context), window=c.window) for c in entry.combos],
        suppresses=list(entry.suppresses),
        exclude=entry.exclude,
        exclude_near=[
            Combo(triggers=c.triggers, context=set(c.context), window=c.window) for c in entry.exclude_near
        ],
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
    types = {name: _type_entry(path, name, body) for name, body in doc["types"].items() if name != "__line__"}
    return EventRules(
        types=types,
        status_cues=top.status_cues,
        party_of=top.party_of,
        topic_cues=top.topic_cues,
        relation_cues=top.relation_cues,
        person_nouns=top.person_nouns,
        migration_cues=top.migration_cues,
        suppress_window=top.suppress_window,
    )
