"""Load and validate seed files (feed lists, gazetteer, alert rules) with clear errors.

Errors name the file and line: "seeds/feeds.yaml:14: feed entry needs a 'url'".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from newswatch.ids import feed_id_for


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


@dataclass(frozen=True)
class FeedSpec:
    url: str
    name: str
    language: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def feed_id(self) -> str:
        return feed_id_for(self.url)


_FEED_KEYS = {"url", "name", "language", "tags"}


def load_feeds(path: str | Path) -> list[FeedSpec]:
    """Read a feed list: a top-level `feeds:` list of {url, name?, language?, tags?}."""
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("feeds"), list):
        raise SeedError(f"{path}:1: expected a top-level 'feeds:' list")
    feeds: list[FeedSpec] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(doc["feeds"], start=1):
        if not isinstance(entry, dict):
            raise SeedError(f"{path}: feed #{position} must be a mapping with a 'url'")
        line = entry.get("__line__", "?")
        where = f"{path}:{line}"
        unknown = set(entry) - _FEED_KEYS - {"__line__"}
        if unknown:
            raise SeedError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_FEED_KEYS)}")
        url = entry.get("url")
        if not isinstance(url, str) or not url.strip():
            raise SeedError(f"{where}: feed entry needs a 'url'")
        url = url.strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SeedError(f"{where}: url {url!r} must be an http(s) URL with a host")
        if url in seen:
            raise SeedError(f"{where}: duplicate url {url!r} (first at line {seen[url]})")
        seen[url] = line
        name = entry.get("name") or parts.hostname
        language = entry.get("language")
        if language is not None and (not isinstance(language, str) or not 2 <= len(language) <= 8):
            raise SeedError(f"{where}: language must be a code such as 'en'")
        tags = entry.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise SeedError(f"{where}: tags must be a list of strings")
        feeds.append(FeedSpec(url=url, name=str(name), language=language, tags=tuple(tags)))
    return feeds
