"""Load and validate seed files (feed lists, gazetteer, alert rules) with clear errors.

Errors name the file and line: "seeds/feeds.yaml:14: feed entry needs a 'url'".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, field_validator

from newswatch.ids import feed_id_for

M = TypeVar("M")


class SeedError(ValueError):
    """A seed file is malformed; the message names the file and line."""


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line number under '__line__'."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: str | Path) -> Any:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeedError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise SeedError(f"{path}: not UTF-8 ({exc})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise SeedError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None


def strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value


class SeedModel(BaseModel):
    """Base of the seed-file models: unknown keys are errors; `validate_entry` turns
    pydantic's errors into one SeedError naming the file and line."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    # messages for a missing required key, by field name
    missing: ClassVar[dict[str, str]] = {}


def _line_of(raw: Any, loc: tuple) -> Any:
    """The line of the innermost mapping on `loc` inside `raw` (YAML keeps '__line__')."""
    line = raw.get("__line__") if isinstance(raw, dict) else None
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "__line__" in node:
            line = node["__line__"]
    return line


@functools.cache
def _adapter(model: type) -> TypeAdapter:
    return TypeAdapter(model)


def _fields(model: type) -> list[str]:
    names = getattr(model, "model_fields", None) or getattr(model, "__dataclass_fields__", {})
    return sorted(names)


def validate_entry(model: type[M], raw: Any, path: str | Path, label: str = "", line: Any = None) -> M:
    """`raw` (a YAML mapping with '__line__') validated by `model` (a SeedModel or a
    dataclass with pydantic config); else SeedError "path:line: label: message" (the line
    of the innermost mapping at fault)."""
    if line is None:
        line = raw.get("__line__", "?") if isinstance(raw, dict) else "?"
    try:
        return _adapter(model).validate_python(strip_lines(raw))
    except ValidationError as exc:
        errors = exc.errors()
        extra = sorted(
            str(e["loc"][-1])
            for e in errors
            if e["type"] in ("extra_forbidden", "unexpected_keyword_argument")
        )
        prefix = f"{label}: " if label else ""
        if extra:
            raise SeedError(
                f"{path}:{line}: {prefix}unknown key(s) {extra}; allowed: {_fields(model)}"
            ) from None
        err = errors[0]
        field_line = _line_of(raw, err["loc"]) or line
        name = ".".join(str(p) for p in err["loc"])
        missing = getattr(model, "missing", {})
        if err["type"] == "missing" and name in missing:
            message = missing[name]
        elif err["type"] == "missing":
            message = f"needs a {name!r}"
        elif err["type"] == "value_error":
            message = str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
        else:
            message = f"{name}: {err['msg']}" if name else err["msg"]
        raise SeedError(f"{path}:{field_line}: {prefix}{message}") from None


class FeedEntry(SeedModel):
    """One entry of a feed list."""

    missing: ClassVar[dict[str, str]] = {"url": "feed entry needs a 'url'"}
    url: str
    name: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    robots: bool = True  # false: fetch this feed's pages without asking robots.txt

    @field_validator("url", mode="before")
    @classmethod
    def _http_url(cls, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError("feed entry needs a 'url'")
        value = value.strip()
        try:
            parts = urlsplit(value)
            ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        except ValueError:
            ok = False
        if not ok:
            raise ValueError(f"url {value!r} must be an http(s) URL with a host")
        return value

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> Any:
        return None if value is None or value == "" else str(value)

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: Any) -> Any:
        if value is not None and (not isinstance(value, str) or not 2 <= len(value) <= 8):
            raise ValueError("language must be a code such as 'en'")
        return value

    @field_validator("tags", mode="before")
    @classmethod
    def _tags(cls, value: Any) -> Any:
        value = value or []
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise ValueError("tags must be a list of strings")
        return tuple(value)


@dataclass(frozen=True)
class FeedSpec:
    url: str
    name: str
    language: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    robots: bool = True  # honour robots.txt for this feed's pages (newswatch/robots.py)

    @property
    def feed_id(self) -> str:
        return feed_id_for(self.url)


def load_feeds(path: str | Path) -> list[FeedSpec]:
    """Read a feed list: a top-level `feeds:` list of {url, name?, language?, tags?, robots?}."""
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("feeds"), list):
        raise SeedError(f"{path}:1: expected a top-level 'feeds:' list")
    feeds: list[FeedSpec] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(doc["feeds"], start=1):
        if not isinstance(entry, dict):
            raise SeedError(f"{path}: feed #{position} must be a mapping with a 'url'")
        line = entry.get("__line__", "?")
        feed = validate_entry(FeedEntry, entry, path)
        if feed.url in seen:
            raise SeedError(f"{path}:{line}: duplicate url {feed.url!r} (first at line {seen[feed.url]})")
        seen[feed.url] = line
        name = feed.name or urlsplit(feed.url).hostname
        feeds.append(
            FeedSpec(url=feed.url, name=str(name), language=feed.language, tags=feed.tags, robots=feed.robots)
        )
    return feeds


@dataclass(frozen=True)
class Problem:
    """One problem in a seed or rule file, for `newswatch rules check`."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


_WHERE = re.compile(r"^(?P<file>.+?):(?P<line>\d+|\?):\s*(?P<message>.*)$", re.S)


def _problem(exc: SeedError, default_file: str | Path) -> Problem:
    text = str(exc)
    m = _WHERE.match(text)
    if m:
        line = m.group("line")
        return Problem(m.group("file"), int(line) if line.isdigit() else None, m.group("message"))
    file, sep, message = text.partition(": ")
    if sep and Path(file).name:
        return Problem(file, None, message)
    return Problem(str(default_file), None, text)


def check_all(seeds_dir: str | Path, rules_path: str | Path, feeds_path: str | Path) -> list[Problem]:
    """Validate the gazetteer and event rules under `seeds_dir`, the alert rules and the
    feed list; every problem found (the first in each file set), with file and line."""
    from newswatch.alert_rules import load_rules
    from newswatch.tagging.event_rules import load_event_rules
    from newswatch.tagging.gazetteer import load_gazetteer

    seeds_dir = Path(seeds_dir)
    checks = [
        (load_feeds, Path(feeds_path)),
        (lambda p: load_rules(p, channel_env={}), Path(rules_path)),
        (load_event_rules, seeds_dir / "event_rules.yaml"),
        (load_gazetteer, seeds_dir / "gazetteer"),
    ]
    problems = []
    for load, path in checks:
        try:
            load(path)
        except SeedError as exc:
            problems.append(_problem(exc, path))
    return problems
