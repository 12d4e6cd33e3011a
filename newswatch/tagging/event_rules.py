"""Event trigger rules (seeds/event_rules.yaml), validated on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newswatch.seeds import SeedError, load_yaml, strip_lines
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
    # How far (tokens) a type's trigger suppresses the types in its `suppresses` list.
    suppress_window: int = 8


def _words(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SeedError(f"{where}: expected a list of non-empty strings")
    return [v.strip().lower() for v in value]


def load_event_rules(path: str | Path) -> EventRules:
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("types"), dict):
        raise SeedError(f"{path}:1: expected a 'types:' mapping")
    types: dict[str, TypeRule] = {}
    for name, body in doc["types"].items():
        if name == "__line__":
            continue
        where = f"{path}:{body.get('__line__', '?') if isinstance(body, dict) else '?'}"
        if name not in EVENT_TYPES:
            raise SeedError(f"{where}: unknown event type {name!r}; known: {', '.join(EVENT_TYPES)}")
        if not isinstance(body, dict):
            raise SeedError(f"{where}: {name} must be a mapping")
        rule = TypeRule(
            type=name,
            needs_party=bool(body.get("needs_party", False)),
            min_parties=int(body.get("min_parties", 0)),
        )
        rule.phrases = _words(body.get("phrases") or [], f"{where}: {name}.phrases")
        for combo in body.get("combos") or []:
            cw = f"{path}:{combo.get('__line__', '?')}: {name}.combos"
            rule.combos.append(
                Combo(
                    triggers=_words(combo.get("triggers"), cw),
                    context=set(_words(combo.get("context"), cw)),
                    window=int(combo.get("window", 8)),
                )
            )
        rule.exclude = _words(body.get("exclude") or [], f"{where}: {name}.exclude")
        rule.suppresses = list(body.get("suppresses") or [])
        for other in rule.suppresses:
            if other not in EVENT_TYPES:
                raise SeedError(f"{where}: {name}.suppresses names unknown type {other!r}")
        types[name] = rule
    cues = strip_lines(doc.get("status_cues") or {})
    for status in cues:
        if status not in STATUSES:
            raise SeedError(f"{path}: status_cues: unknown status {status!r}")
    party_of = strip_lines(doc.get("party_of") or {})
    return EventRules(
        types=types,
        status_cues={k: _words(v, f"{path}: status_cues.{k}") for k, v in cues.items()},
        party_of=party_of,
        topic_cues=_words(doc.get("topic_cues") or [], f"{path}: topic_cues"),
        relation_cues=_words(doc.get("relation_cues") or [], f"{path}: relation_cues"),
        person_nouns=_words(doc.get("person_nouns") or [], f"{path}: person_nouns"),
        suppress_window=int(doc.get("suppress_window", 8)),
    )
