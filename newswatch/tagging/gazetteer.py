"""The gazetteer: entities with stable ids, kinds, countries, regions and aliases.

Loaded from `seeds/gazetteer/*.yaml` and validated; every problem is reported with its
file and line, so a curator can fix the data without reading code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, model_validator

from newswatch.seeds import SeedError, SeedModel, load_yaml, validate_entry
from newswatch.taxonomy import THEATRES

KINDS = {"person", "org", "armed_group", "state", "place", "road"}
FEATURES = {
    "adm1",
    "capital",
    "city",
    "town",
    "village",
    "district",
    "base",
    "airport",
    "crossing",
    "mountain",
    "landmark",
    "port",
    "oilfield",
    "region",
    "neighbourhood",
    "dam",
    "island",
    "camp",
    "prison",
    "river",
    "plain",
    "lake",
}
_ID = re.compile(r"^(person|org|state|place|adm1|road):[a-z0-9][a-z0-9\-]*$")


@dataclass
class Entity:
    id: str
    kind: str
    name: str
    country: str | None = None
    feature: str | None = None
    adm1: str | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: list[str] = field(default_factory=list)
    theatres: list[str] = field(default_factory=list)
    role: str | None = None
    # For a city that is an ADM1 of its own (Damascus): the ADM1 around it, where "near
    # Damascus", "the Damascus area" or "its outskirts" happen (Rif Dimashq).
    surroundings: str | None = None

    @property
    def is_place(self) -> bool:
        return self.kind in ("place", "road")


@dataclass
class Gazetteer:
    entities: dict[str, Entity]

    def __getitem__(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def state_for_country(self, iso3: str | None) -> str | None:
        if not iso3:
            return None
        sid = f"state:{iso3.lower()}"
        return sid if sid in self.entities else None

    def region_of(self, entity_id: str) -> str | None:
        """ADM1 id of a place (itself for an ADM1), else None."""
        ent = self.entities.get(entity_id)
        if ent is None:
            return None
        if ent.feature == "adm1":
            return ent.id
        return ent.adm1

    def __len__(self) -> int:
        return len(self.entities)


def fold(text: str) -> str:
    """Lower-case and strip diacritics, for alias comparison (Erdoğan == erdogan)."""
    text = text.replace("ı", "i").replace("İ", "I")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class EntityEntry(SeedModel):
    """One gazetteer entry, as written in seeds/gazetteer/*.yaml."""

    id: str
    kind: str
    name: str
    country: str | None = None
    feature: str | None = None
    adm1: str | None = None
    lat: float | None = None
    lon: float | None = None
    aliases: list[str] = Field(default_factory=list)
    theatres: list[str] = Field(default_factory=list)
    role: str | None = None
    surroundings: str | None = None
    note: Any = None

    @model_validator(mode="before")
    @classmethod
    def _check(cls, raw: Any) -> Any:
        if not isinstance(raw, dict):
            raise ValueError("each entity must be a mapping")
        eid = raw.get("id")
        if not isinstance(eid, str) or not _ID.match(eid):
            raise ValueError(f"id {eid!r} must look like 'place:idlib' (prefix:slug)")
        kind = raw.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise ValueError(f"{eid}: kind {kind!r} must be one of {sorted(KINDS)}")
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{eid}: needs a 'name'")
        country = raw.get("country")
        if country is not None and (not isinstance(country, str) or not re.fullmatch(r"[A-Z]{3}", country)):
            raise ValueError(f"{eid}: country {country!r} must be an ISO 3166 alpha-3 code")
        feature = raw.get("feature")
        if feature is not None and (not isinstance(feature, str) or feature not in FEATURES):
            raise ValueError(f"{eid}: feature {feature!r} not in {sorted(FEATURES)}")
        aliases = raw.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError(f"{eid}: aliases must be a list of strings")
        theatres = raw.get("theatres") or []
        if not isinstance(theatres, list) or any(
            not isinstance(t, str) or t not in THEATRES for t in theatres
        ):
            raise ValueError(f"{eid}: theatres must be a list of {THEATRES}")
        for label, bound in (("lat", 90), ("lon", 180)):
            value = raw.get(label)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float) or abs(value) > bound
            ):
                raise ValueError(f"{eid}: {label} {value!r} is not a coordinate")
        for label in ("adm1", "role", "surroundings"):
            if raw.get(label) is not None and not isinstance(raw[label], str):
                raise ValueError(f"{eid}: {label} must be a string")
        return {
            **raw,
            "name": name.strip(),
            "aliases": [a for a in aliases if a.strip()],
            "theatres": theatres,
        }

    def entity(self) -> Entity:
        return Entity(**self.model_dump(exclude={"note"}))


def load_gazetteer(directory: str | Path) -> Gazetteer:
    """Load every *.yaml in `directory`; raise SeedError naming file and line on bad data."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise SeedError(f"{directory}: no gazetteer *.yaml files found")
    entities: dict[str, Entity] = {}
    origin: dict[str, str] = {}
    for path in files:
        doc = load_yaml(path)
        if not isinstance(doc, dict) or not isinstance(doc.get("entities"), list):
            raise SeedError(f"{path}:1: expected a top-level 'entities:' list")
        for raw in doc["entities"]:
            where = f"{path}:{raw.get('__line__', '?') if isinstance(raw, dict) else '?'}"
            if not isinstance(raw, dict):
                raise SeedError(f"{where}: each entity must be a mapping")
            ent = validate_entry(EntityEntry, raw, path).entity()
            if ent.id in entities:
                raise SeedError(f"{where}: duplicate id {ent.id} (first at {origin[ent.id]})")
            entities[ent.id] = ent
            origin[ent.id] = where
    for ent in entities.values():
        if ent.adm1 and ent.adm1 not in entities:
            raise SeedError(f"{origin[ent.id]}: {ent.id}: adm1 {ent.adm1!r} is not a known entity")
        around = entities.get(ent.surroundings) if ent.surroundings else None
        if ent.surroundings and (around is None or around.feature != "adm1"):
            raise SeedError(
                f"{origin[ent.id]}: {ent.id}: surroundings {ent.surroundings!r} is not a known ADM1"
            )
    return Gazetteer(entities)
