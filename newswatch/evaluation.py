"""Score the tagger on labelled sets: per-tag and per-event-type precision, recall, F1.

Gold format (JSON Lines): {"id", "date", "title", "text", "tags": [...], "events": [{"type",
"actors", "targets", "place", "status"}]}. Event types are scored per item as sets (does
the item report an event of this type?), which is what an analyst filters on; a stricter
score also requires the place to agree at region level.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import field_validator

from newswatch.seeds import SeedError, SeedModel, load_yaml, validate_entry
from newswatch.settings import SEEDS_DIR
from newswatch.tagging.events import Event
from newswatch.tagging.tagger import Tagger
from newswatch.taxonomy import EVENT_TYPES, THEATRES


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)


@dataclass
class Report:
    name: str
    tags: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    types: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    placed: PRF = field(default_factory=PRF)
    errors: list[str] = field(default_factory=list)
    items: int = 0

    def micro(self, table: dict[str, PRF]) -> PRF:
        total = PRF()
        for prf in table.values():
            total.tp, total.fp, total.fn = total.tp + prf.tp, total.fp + prf.fp, total.fn + prf.fn
        return total


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SeedError(f"{path}:{n}: not JSON: {exc}") from None
        for key in ("id", "text", "tags", "events"):
            if key not in item:
                raise SeedError(f"{path}:{n}: missing {key!r}")
        items.append(item)
    return items


def _region(tagger: Tagger, place: str | None) -> str | None:
    if not place:
        return None
    return tagger.gaz.region_of(place) or place


def evaluate_tagging(items: list[dict[str, Any]], seeds_dir, tagger: Tagger | None = None) -> Report:
    from newswatch.stages.process import get_tagger

    tagger = tagger or get_tagger(seeds_dir)
    report = Report(name="gold")
    for item in items:
        report.items += 1
        published = date.fromisoformat(item.get("date") or "2020-01-01")
        result = tagger.tag(item.get("title", ""), item["text"], published)
        got_tags = {t for t in result.tags if t in THEATRES}
        want_tags = set(item["tags"])
        for tag in THEATRES:
            report.tags[tag].add(got_tags & {tag}, want_tags & {tag})
        got_types = {e.type for e in result.events}
        want_types = {e["type"] for e in item["events"]}
        for etype in got_types | want_types:
            report.types[etype].add(got_types & {etype}, want_types & {etype})
        got_placed = {(e.type, _region(tagger, e.place_id)) for e in result.events}
        want_placed = {(e["type"], _region(tagger, e.get("place"))) for e in item["events"]}
        report.placed.add(got_placed, want_placed)
        if got_tags != want_tags:
            report.errors.append(
                f"{item['id']} tags: got {sorted(got_tags)} want {sorted(want_tags)}"
                f" | {item.get('title', '')[:70]}"
            )
        if got_types != want_types:
            report.errors.append(
                f"{item['id']} types: extra {sorted(got_types - want_types)} missing "
                f"{sorted(want_types - got_types)} | {item.get('title', '')[:70]}"
            )
    return report


# PLOVER categories our types map to (taxonomy.md), the first being the usual one. PLOVER
# codes conventional military force as FIGHT and unconventional violence as ASSAULT; an air
# strike or a shelling may be coded either way, so both count for the violent types.
PLOVER_OF: dict[str, tuple[str, ...]] = {
    "AIRSTRIKE": ("FIGHT", "ASSAULT"),
    "SHELLING": ("FIGHT", "ASSAULT"),
    "BOMBING": ("ASSAULT", "FIGHT"),
    "KILLING": ("ASSAULT", "FIGHT"),
    "SHOOTDOWN": ("FIGHT", "ASSAULT"),
    "ARMED_CLASH": ("FIGHT", "ASSAULT"),
    "TERRITORY_CHANGE": ("FIGHT",),
    "MIL_DEPLOYMENT": ("MOBILIZE",),
    "MEETING": ("CONSULT",),
    "CEASEFIRE": ("AGREE",),
    "AGREEMENT": ("AGREE",),
    "SANCTION": ("SANCTION",),
    "ACCUSATION": ("DISAPPROVE",),
    "THREAT": ("THREATEN",),
    "JOINT_PATROL": ("COOPERATE",),
}
# The PLOVER categories scored: those our types are meant to find. (COOPERATE, REJECT and
# RETREAT are far broader in PLOVER than joint patrols, postponed talks or ceasefires.)
PLOVER_COVERED = {"ASSAULT", "FIGHT", "MOBILIZE", "CONSULT", "AGREE", "SANCTION", "DISAPPROVE", "THREATEN"}


def plover_category(events, gold: str | None = None) -> str | None:
    """One PLOVER category for a sentence, as PLOVER codes one event per sentence: the
    event whose trigger comes first (the main clause's verb), skipping denied events (a
    meeting "refused" is not a CONSULT). With `gold`, a violent type counts as either
    ASSAULT or FIGHT."""
    kept = [e for e in events if e.status != "denied" and e.type in PLOVER_OF]
    if not kept:
        return None
    first = min(kept, key=lambda e: (e.sentence_index // 10, e.sentence.lower().find(e.trigger.lower())))
    if first.type == "MEETING" and first.status in ("announced", "hypothetical"):
        return "AGREE"  # "will visit", "would meet": PLOVER codes a promise to meet as AGREE
    options = PLOVER_OF[first.type]
    return gold if gold in options else options[0]


def evaluate_plover(path: str | Path, seeds_dir, tagger: Tagger | None = None) -> Report:
    """Score event types on PLOVER-labelled sentences (PLOVER_GSR_CAMEO.json), on the PLOVER
    categories we cover: each sentence is one item, scored as a set of at most one category."""
    from newswatch.stages.process import get_tagger

    tagger = tagger or get_tagger(seeds_dir)
    report = Report(name="plover")
    for rec in json.loads(Path(path).read_text(encoding="utf-8")):
        gold = rec.get("event")
        if gold == "DOCUMENT" or not rec.get("text"):
            continue
        published = date.fromisoformat(rec.get("date") or "2000-01-01")
        events = tagger.tag("", rec["text"], published, require_theatre=False).events
        category = plover_category(events, gold)
        got = {category} & PLOVER_COVERED if category else set()
        want = {gold} & PLOVER_COVERED
        if not got and not want:
            continue
        report.items += 1
        for cat in got | want:
            report.types[cat].add(got & {cat}, want & {cat})
        if got != want:
            report.errors.append(f"{rec['id']}: got {sorted(got)} want {sorted(want)} | {rec['text'][:90]}")
    return report


def format_report(report: Report, show_errors: bool = False) -> str:
    lines = [f"{report.name}: {report.items} items"]

    def table(title: str, rows: dict[str, PRF]) -> None:
        lines.append(f"\n{title:<20} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}")
        for key in sorted(rows):
            p = rows[key]
            lines.append(
                f"{key:<20} {p.precision:6.3f} {p.recall:6.3f} {p.f1:6.3f} {p.tp:5d} {p.fp:5d} {p.fn:5d}"
            )
        m = report.micro(rows)
        lines.append(
            f"{'micro':<20} {m.precision:6.3f} {m.recall:6.3f} {m.f1:6.3f} {m.tp:5d} {m.fp:5d} {m.fn:5d}"
        )

    if report.tags:
        table("theatre tag", report.tags)
    table("event type", report.types)
    if report.placed.tp + report.placed.fn:
        p = report.placed
        lines.append(f"\nevent type + region: P {p.precision:.3f} R {p.recall:.3f} F1 {p.f1:.3f}")
    if show_errors:
        lines += ["", f"errors ({len(report.errors)}):"] + [f"  {e}" for e in report.errors]
    return "\n".join(lines)


# -- recall on real articles known to be about a theatre ---------------------------------------


@dataclass
class RecallReport:
    tag: str
    items: int = 0
    hits: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.hits / self.items if self.items else 0.0


def read_guardian_zip(path: str | Path) -> list[dict[str, str]]:
    """Rows (date, text, source) of the Guardian Syria sample: a zip holding one CSV."""
    import csv
    import io
    import zipfile

    rows: list[dict[str, str]] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.lower().endswith(".csv"):
                continue
            with zf.open(name) as fh:
                reader = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8", newline=""))
                rows.extend({k.strip().lower(): (v or "") for k, v in row.items() if k} for row in reader)
    return rows


def evaluate_recall(
    rows: list[dict[str, str]], tag: str, seeds_dir, tagger: Tagger | None = None, language: str | None = None
) -> RecallReport:
    """Share of articles that get `tag` when every one of them is about that theatre."""
    from newswatch.stages.process import get_tagger

    tagger = tagger or get_tagger(seeds_dir)
    report = RecallReport(tag=tag)
    for n, row in enumerate(rows):
        text = row.get("text") or ""
        if not text.strip():
            continue
        try:
            published = date.fromisoformat((row.get("date") or "")[:10])
        except ValueError:
            published = date(2000, 1, 1)
        report.items += 1
        result = tagger.tag(row.get("title", ""), text, published, language=language)
        if tag in result.tags:
            report.hits += 1
        else:
            report.misses.append(f"{n}: {text[:100]!r}")
    return report


def evaluate_guardian(path: str | Path, seeds_dir, tagger: Tagger | None = None) -> RecallReport:
    """Recall of the `syria` tag on the Guardian SDF/Syria sample (249 articles, 2017-2019)."""
    return evaluate_recall(read_guardian_zip(path), "syria", seeds_dir, tagger)


# -- the seed article ----------------------------------------------------------------------------

# The expected events are data shipped with the package (seeds/), so `eval tagging --seed`
# works from any install; tests/test_tagging.py checks the tagger against the same file.
SEED_EXPECTED_FILE = SEEDS_DIR / "seed_article_expected.yaml"
_EVENT_FIELDS = frozenset(f.name for f in dataclasses.fields(Event))


class Expected(SeedModel):
    """One event the seed article must yield: type, parties that must be among its
    actors/targets/parties, regions it may be keyed to, and other fields it must have
    (a list of values: any one of them)."""

    name: str
    type: str
    parties: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    checks: dict[str, Any] = {}

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in EVENT_TYPES:
            raise ValueError(f"type {value!r} is not an event type ({', '.join(EVENT_TYPES)})")
        return value

    @field_validator("checks")
    @classmethod
    def _event_fields(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - _EVENT_FIELDS)
        if unknown:
            raise ValueError(f"checks: {unknown} are not event fields ({', '.join(sorted(_EVENT_FIELDS))})")
        return {k: frozenset(v) if isinstance(v, list) else v for k, v in value.items()}

    def matches(self, ev: Event) -> bool:
        if ev.type != self.type:
            return False
        if not self.parties <= set(ev.actors) | set(ev.targets) | set(ev.parties):
            return False
        if self.regions and ev.region_id not in self.regions:
            return False
        for key, want in self.checks.items():
            got = getattr(ev, key)
            ok = got in want if isinstance(want, frozenset) else got == want
            if not ok:
                return False
        return True


@dataclass(frozen=True)
class SeedArticle:
    """The seed article's publication date (relative dates resolve against it) and the
    events it must yield."""

    published: date
    events: tuple[Expected, ...]


def load_seed_expectations(path: str | Path = SEED_EXPECTED_FILE) -> SeedArticle:
    """The expected events of the seed article; SeedError "file:line: ..." when malformed."""
    doc = load_yaml(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        raise SeedError(f"{path}:1: expected 'published: DATE' and an 'events:' list")
    published = doc.get("published")
    if type(published) is not date:
        raise SeedError(f"{path}:1: 'published' must be a date such as 2020-07-01")
    events, seen = [], {}
    for position, entry in enumerate(doc["events"], start=1):
        if not isinstance(entry, dict):
            raise SeedError(f"{path}: event #{position} must be a mapping with 'name' and 'type'")
        expected = validate_entry(Expected, entry, path, label=f"event #{position}")
        line = entry["__line__"]
        if expected.name in seen:
            first = seen[expected.name]
            raise SeedError(f"{path}:{line}: duplicate name {expected.name!r} (first at line {first})")
        seen[expected.name] = line
        events.append(expected)
    return SeedArticle(published, tuple(events))


def seed_article_report(
    path: str | Path, seeds_dir, tagger: Tagger | None = None, expected: SeedArticle | None = None
):
    """(tags, found, missing) for the seed article: `found` pairs each expected event's name
    with the event that matched it."""
    from newswatch.stages.process import get_tagger

    expected = expected or load_seed_expectations()
    tagger = tagger or get_tagger(seeds_dir)
    title, body = Path(path).read_text(encoding="utf-8").split("\n", 1)
    result = tagger.tag(title, body, expected.published)
    found, missing = [], []
    for exp in expected.events:
        ev = next((e for e in result.events if exp.matches(e)), None)
        (found.append((exp.name, ev)) if ev else missing.append(exp.name))
    return result.tags, found, missing


def format_seed_report(tags, found, missing) -> str:
    lines = [
        f"seed article: tags {sorted(t for t in tags if t in THEATRES)}",
        f"found {len(found)}/{len(found) + len(missing)}",
    ]
    for name, ev in found:
        lines.append(
            f"  + {name}: {ev.type} {ev.actors}->{ev.targets} {ev.place_id} {ev.event_date} {ev.status}"
        )
    for name in missing:
        lines.append(f"  - {name}")
    return "\n".join(lines)


# -- the independent gold sets (tests/gold/streams, tests/gold/articles) -----------------------


class OutOfFoldRelevance:
    """Stands in for the relevance classifier on the tune half: each item's out-of-fold
    score (from a model that did not see it), so tune figures are not in-sample."""

    def __init__(self, by_text: dict[str, float]):
        self.by_text = by_text

    @staticmethod
    def key(title: str, text: str) -> str:
        return (title or "").strip() or (text or "").strip()[:200]

    def scores(self, title: str, text: str) -> dict[str, float]:
        return {"about": self.by_text.get(self.key(title, text), 0.0)}


def gold_set_reports(
    gold_dir: str | Path, corpus_dir: str | Path, kind: str, seeds_dir=None
) -> dict[str, Report]:
    """{split: Report} for a stream or article gold set, tune with out-of-fold relevance."""
    from newswatch.config import SEEDS_DIR
    from newswatch.gold_sets import SPLITS, load_article_gold, load_stream_gold, read_jsonl

    seeds_dir = seeds_dir or SEEDS_DIR
    loader = load_stream_gold if kind == "streams" else load_article_gold
    oof_path = Path(gold_dir).parent / "streams" / "relevance_oof.jsonl"
    oof = {r["gid"]: r["scores"]["about"] for r in read_jsonl(oof_path)} if oof_path.exists() else {}
    reports = {}
    for split in SPLITS:
        items = loader(gold_dir, corpus_dir, split=split)
        tagger = Tagger.from_seeds(seeds_dir)
        if split == "tune" and tagger.relevance is not None:
            keyed = {
                OutOfFoldRelevance.key(i["title"], i["text"]): oof[i["id"]] for i in items if i["id"] in oof
            }
            tagger.relevance = OutOfFoldRelevance(keyed)
        report = evaluate_tagging(items, seeds_dir, tagger=tagger)
        report.name = f"{kind}/{split}"
        reports[split] = report
    return reports


def format_split_report(kind: str, split: str, report: Report, show_errors: bool = False) -> str:
    cells = [
        f"{t} P {p.precision:.2f} R {p.recall:.2f} F1 {p.f1:.2f}" for t, p in sorted(report.tags.items())
    ]
    types, placed = report.micro(report.types), report.placed
    lines = [
        f"{kind} {split} ({report.items} items)",
        "  theatre: " + " | ".join(cells),
        f"  event type: P {types.precision:.2f} R {types.recall:.2f} F1 {types.f1:.2f}"
        f" | type+place: P {placed.precision:.2f} R {placed.recall:.2f} F1 {placed.f1:.2f}",
    ]
    if show_errors:
        lines += ["  errors:"] + [f"    {e}" for e in report.errors]
    return "\n".join(lines)
