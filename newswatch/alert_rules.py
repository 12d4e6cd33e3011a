"""Alert rules and delivery channels (seeds/alerts.yaml), validated with clear errors."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, with_config

from newswatch.seeds import SeedError, load_yaml, strip_lines, validate_entry
from newswatch.taxonomy import EVENT_TYPES, FAMILIES, THEATRES

RULE_KINDS = ("recurrence", "burst", "first_seen", "meeting", "feed_health")
SEVERITIES = ("info", "low", "medium", "high")
CHANNEL_TYPES = ("terminal", "jsonl", "markdown", "apprise", "artifact")
MODES = ("immediate", "hourly", "daily")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hdw]?)\s*$")


def parse_max_age(value: Any) -> float | None:
    """A channel's max_age in hours: a number of hours, or "36h", "2d", "1w"; None or 0 for
    no limit. Raises ValueError for anything else."""
    if value is None or value is False:
        return None
    if isinstance(value, bool):
        raise ValueError(f"max_age {value!r}: give hours or a duration such as 48h or 2d")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"max_age {value!r} must not be negative")
        return float(value) or None
    m = _AGE.match(str(value))
    if not m:
        raise ValueError(f"max_age {value!r}: give hours or a duration such as 48h or 2d")
    hours = float(m.group(1)) * {"": 1, "h": 1, "d": 24, "w": 168}[m.group(2)]
    return hours or None


@with_config(ConfigDict(extra="forbid"))
@dataclass
class Channel:
    name: str
    type: str
    path: str | None = None
    url_env: str | None = None
    url_secret: str | None = None  # name of a Prefect Secret block holding the URL
    mode: str = "immediate"
    max_per_hour: int = 30
    # Alerts whose happening is older than this (hours, or "48h", "3d"; 0 or none: no
    # limit), relative to the cycle's clock, are recorded but never sent on this channel.
    max_age: float | str | None = 48

    @property
    def max_age_hours(self) -> float | None:
        return parse_max_age(self.max_age)

    @property
    def secret_source(self) -> str:
        if self.url_secret:
            return f"Prefect Secret block {self.url_secret!r}"
        return f"environment variable {self.url_env}"

    def apprise_url(self) -> str | None:
        """The secret URL, read only when sending: from the environment, or from a Prefect
        Secret block (imported lazily: the library does not need Prefect otherwise)."""
        if self.url_secret:
            from prefect.blocks.system import Secret

            try:
                return str(Secret.load(self.url_secret).get())
            except ValueError:
                return None
        return os.environ.get(self.url_env) if self.url_env else None


@with_config(ConfigDict(extra="forbid"))
@dataclass
class Rule:
    name: str
    kind: str
    types: list[str] = field(default_factory=list)
    theatres: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    match_parties: bool = True
    min_sources: int = 1
    min_parties: int = 0
    min_confidence: float = 0.0
    lookback_days: int = 60
    min_gap_days: int = 1
    quiet_days: int = 30
    window_days: int = 7
    min_count: int = 3
    threshold: float = 3.0
    baseline_windows: int = 8
    failures: int = 5
    silent_factor: float = 8.0
    cooldown_hours: float = 0.0
    severity: str = "medium"
    channels: list[str] = field(default_factory=list)


@dataclass
class RuleSet:
    rules: list[Rule]
    channels: dict[str, Channel]

    def by_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if r.kind == kind]


_RULE_KEYS = set(Rule.__dataclass_fields__) | {"family", "__line__"}


def _rule(raw: dict[str, Any], defaults: dict[str, Any], where: str, channels: set[str]) -> Rule:
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise SeedError(f"{where}: unknown key(s) {sorted(unknown)}")
    data = {**defaults, **{k: v for k, v in raw.items() if k not in ("__line__", "family")}}
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise SeedError(f"{where}: rule needs a 'name' of lower-case letters, digits, - and _")
    if data.get("kind") not in RULE_KINDS:
        raise SeedError(f"{where}: {name}: kind must be one of {', '.join(RULE_KINDS)}")
    types = list(data.get("types") or [])
    for family in raw.get("family") and [raw["family"]] or []:
        if family not in FAMILIES:
            raise SeedError(f"{where}: {name}: unknown family {family!r}; known: {sorted(FAMILIES)}")
        types += FAMILIES[family]
    data["types"] = types
    for t in types:
        if t not in EVENT_TYPES:
            raise SeedError(f"{where}: {name}: unknown event type {t!r}")
    for t in data.get("theatres") or []:
        if t not in THEATRES:
            raise SeedError(f"{where}: {name}: unknown theatre {t!r}")
    if data.get("severity", "medium") not in SEVERITIES:
        raise SeedError(f"{where}: {name}: severity must be one of {', '.join(SEVERITIES)}")
    for ch in data.get("channels") or []:
        if ch not in channels:
            raise SeedError(f"{where}: {name}: channel {ch!r} is not defined under 'channels:'")
    path, _, line = where.rpartition(":")
    return validate_entry(Rule, data, path, label=name, line=line)


def load_rules(path: str | Path, channel_env: dict[str, str] | None = None) -> RuleSet:
    """Read and validate alert rules. `channel_env` (channel -> variable holding its URL;
    default: the `[channels]` of the settings, newswatch.toml) replaces a channel's url_env."""
    if channel_env is None:
        from newswatch.settings import current_settings

        channel_env = current_settings().channels
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise SeedError(f"{path}:1: expected a top-level 'rules:' list")
    for key in ("channels", "defaults"):
        if not isinstance(doc.get(key) or {}, dict):
            raise SeedError(f"{path}:{doc.get('__line__', 1)}: '{key}:' must be a mapping")
    channels: dict[str, Channel] = {}
    raw_channels = doc.get("channels") or {}
    doc_lines = {k: v.get("__line__", "?") for k, v in raw_channels.items() if isinstance(v, dict)}
    for name, body in strip_lines(raw_channels).items():
        if not isinstance(body, dict) or body.get("type") not in CHANNEL_TYPES:
            raise SeedError(f"{path}: channel {name!r}: type must be one of {', '.join(CHANNEL_TYPES)}")
        if body.get("mode", "immediate") not in MODES:
            raise SeedError(f"{path}: channel {name!r}: mode must be one of {', '.join(MODES)}")
        if "url" in body:
            raise SeedError(
                f"{path}: channel {name!r}: put secret URLs in the environment "
                "and name the variable with url_env (or a Prefect Secret block with url_secret)"
            )
        if name in channel_env:
            body = {**body, "url_env": channel_env[name], "url_secret": None}
        where = doc_lines.get(name, "?")
        channels[name] = validate_entry(Channel, {**body, "name": name}, path, f"channel {name!r}", where)
        try:
            parse_max_age(channels[name].max_age)
        except ValueError as exc:
            raise SeedError(f"{path}:{where}: channel {name!r}: {exc}") from None
    defaults = strip_lines(doc.get("defaults") or {})
    rules, names = [], set()
    for raw in doc["rules"]:
        where = f"{path}:{raw.get('__line__', '?') if isinstance(raw, dict) else '?'}"
        if not isinstance(raw, dict):
            raise SeedError(f"{where}: each rule must be a mapping")
        rule = _rule(raw, defaults, where, set(channels))
        if rule.name in names:
            raise SeedError(f"{where}: duplicate rule name {rule.name!r}")
        names.add(rule.name)
        rules.append(rule)
    return RuleSet(rules=rules, channels=channels)
