"""Saved analyst queries: `warehouse/saved_queries/<name>.sql`, first line `-- <question>`.

`newswatch sql --query NAME` runs one; `--list-queries` lists them. The questions of
docs/warehouse.md are shipped here (the docs test runs them by name). A folder named by the
`queries_dir` setting (newswatch.toml, $NEWSWATCH_QUERIES_DIR) adds (or overrides) queries of
the same form.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from newswatch.settings import current_settings

FOLDER = Path(__file__).resolve().parent / "saved_queries"


@dataclass(frozen=True)
class SavedQuery:
    name: str
    title: str
    sql: str
    path: Path


def folders() -> list[Path]:
    extra = current_settings().queries_dir
    return [FOLDER] + ([Path(extra)] if extra else [])


def all_queries() -> list[SavedQuery]:
    found: dict[str, SavedQuery] = {}
    for folder in folders():
        for path in sorted(folder.glob("*.sql")):
            text = path.read_text(encoding="utf-8")
            first = text.splitlines()[0] if text else ""
            title = first.removeprefix("--").strip() if first.startswith("--") else ""
            found[path.stem] = SavedQuery(path.stem, title, text, path)
    return sorted(found.values(), key=lambda q: q.name)


def get(name: str) -> SavedQuery:
    """The saved query `name`; KeyError with a one-line message (and the nearest names)."""
    queries = {q.name: q for q in all_queries()}
    if name in queries:
        return queries[name]
    near = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = f"did you mean {', '.join(near)}? " if near else ""
    raise KeyError(f"no saved query {name!r} — {hint}see 'newswatch sql --list-queries'")
