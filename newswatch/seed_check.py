"""Validate every seed and rule file at once: what `newswatch rules check` and `doctor` report.

Each loader raises SeedError naming the file and line; this collects one result per file
instead of stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newswatch.config import DEFAULT_FEEDS, DEFAULT_RULES, SEEDS_DIR


@dataclass(frozen=True)
class Check:
    what: str  # "alert rules", "event rules", "gazetteer", "feed list"
    path: str
    ok: bool
    detail: str  # "12 rules" or the loader's message (file:line: problem)


def check_seeds(
    feeds: str | Path = DEFAULT_FEEDS,
    rules: str | Path = DEFAULT_RULES,
    seeds_dir: str | Path = SEEDS_DIR,
) -> list[Check]:
    from newswatch.alert_rules import load_rules
    from newswatch.seeds import load_feeds
    from newswatch.tagging.event_rules import load_event_rules
    from newswatch.tagging.gazetteer import load_gazetteer

    seeds_dir = Path(seeds_dir)

    def count(obj, *names) -> int | None:
        for name in names:
            value = getattr(obj, name, None)
            if value is not None:
                try:
                    return len(value)
                except TypeError:
                    continue
        return None

    jobs = [
        ("alert rules", str(rules), lambda: load_rules(rules), ("rules",), "rules"),
        (
            "event rules",
            str(seeds_dir / "event_rules.yaml"),
            lambda: load_event_rules(seeds_dir / "event_rules.yaml"),
            ("types", "rules"),
            "event types",
        ),
        (
            "gazetteer",
            str(seeds_dir / "gazetteer"),
            lambda: load_gazetteer(seeds_dir / "gazetteer"),
            ("entities", "by_id"),
            "entities",
        ),
        ("feed list", str(feeds), lambda: load_feeds(feeds), (), "feeds"),
    ]
    results = []
    for what, path, load, attrs, noun in jobs:
        try:
            obj = load()
        except (ValueError, OSError) as exc:  # SeedError is a ValueError
            results.append(Check(what, path, False, " ".join(str(exc).split())))
            continue
        n = len(obj) if isinstance(obj, list) else count(obj, *attrs)
        results.append(Check(what, path, True, f"{n} {noun}" if n is not None else "valid"))
    return results
