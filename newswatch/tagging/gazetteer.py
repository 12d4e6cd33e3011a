"""The gazetteer: entities with stable ids, kinds, countries, regions and aliases.

Loaded from `seeds/gazetteer/*.yaml` and validated; every problem is reported with its
file and line, so a curator can fix the data without reading code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from newswatch.seeds import SeedError, load_yaml
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
_ALLOWED = {
    "id",
    "kind",
    "name",
    "country",
    "feature",
    "adm1",
    "lat",
    "lon",
    "aliases",
    "theatres",
    "role",
    "note",
    "__line__",
}


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


def _check_entity(raw: dict, where: str) -> Entity:
    unknown = set(raw) - _ALLOWED
    if unknown:
        raise SeedError(f"{where}: unknown key(s) {sorted(unknown)}")
    eid = raw.get("id")
    if not isinstance(eid, str) or not _ID.match(eid):
        raise SeedError(f"{where}: id {eid!r} must look like 'place:idlib' (prefix:slug)")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise SeedError(f"{where}: {eid}: kind {kind!r} must be one of {sorted(KINDS)}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SeedError(f"{where}: {eid}: needs a 'name'")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not re.fullmatch(r"[A-Z]{3}", country)):
        raise SeedError(f"{where}: {eid}: country {country!r} must be an ISO 3166 alpha-3 code")
    feature = raw.get("feature")
    if feature is not None and feature not in FEATURES:
        raise SeedError(f"{where}: {eid}: feature {feature!r} not in {sorted(FEATURES)}")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise SeedError(f"{where}: {eid}: aliases must be a list of strings")
    theatres = raw.get("theatres") or []
    if not isinstance(theatres, list) or any(t not in THEATRES for t in theatres):
        raise SeedError(f"{where}: {eid}: theatres must be a list of {THEATRES}")
    lat, lon = raw.get("lat"), raw.get("lon")
    for label, value, bound in (("lat", lat, 90), ("lon", lon, 180)):
        if value is not None and (not isinstance(value, int | float) or abs(value) > bound):
            raise SeedError(f"{where}: {eid}: {label} {value!r} is not a coordinate")
    return Entity(
        id=eid,
        kind=kind,
        name=name.strip(),
        country=country,
        feature=feature,
        adm1=raw.get("adm1"),
        lat=lat,
        lon=lon,
        aliases=[a for a in aliases if a.strip()],
        theatres=list(theatres),
        role=raw.get("role"),
    )


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
            ent = _check_entity(raw, where)
            if ent.id in entities:
                raise SeedError(f"{where}: duplicate id {ent.id} (first at {origin[ent.id]})")
            entities[ent.id] = ent
            origin[ent.id] = where
    for ent in entities.values():
        if ent.adm1 and ent.adm1 not in entities:
            raise SeedError(f"{origin[ent.id]}: {ent.id}: adm1 {ent.adm1!r} is not a known entity")
    return Gazetteer(entities)
