"""Score the tagger on labelled sets: per-tag and per-event-type precision, recall, F1.

Gold format (JSON Lines): {"id", "date", "title", "text", "tags": [...], "events": [{"type",
"actors", "targets", "place", "status"}]}. Event types are scored per item as sets (does
the item report an event of this type?), which is what an analyst filters on; a stricter
score also requires the place to agree at region level.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newswatch.seeds import SeedError
from newswatch.tagging.tagger import Tagger

THEATRES = ("syria", "libya", "turkey-russia-iran")


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
    from newswatch.cycle import get_tagger

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


# PLOVER categories our types map to (taxonomy.md). Violence may be coded ASSAULT or FIGHT.
PLOVER_OF = {
    "AIRSTRIKE": {"ASSAULT", "FIGHT"},
    "SHELLING": {"ASSAULT", "FIGHT"},
    "BOMBING": {"ASSAULT", "FIGHT"},
    "KILLING": {"ASSAULT", "FIGHT"},
    "SHOOTDOWN": {"ASSAULT", "FIGHT"},
    "ARMED_CLASH": {"FIGHT", "ASSAULT"},
    "TERRITORY_CHANGE": {"FIGHT"},
    "MIL_DEPLOYMENT": {"MOBILIZE"},
    "MEETING": {"CONSULT"},
    "CEASEFIRE": {"AGREE"},
    "AGREEMENT": {"AGREE"},
    "SANCTION": {"SANCTION"},
    "ACCUSATION": {"DISAPPROVE"},
    "THREAT": {"THREATEN"},
    "JOINT_PATROL": {"COOPERATE"},
}
PLOVER_COVERED = {"ASSAULT", "FIGHT", "MOBILIZE", "CONSULT", "AGREE", "SANCTION", "DISAPPROVE", "THREATEN"}


def evaluate_plover(path: str | Path, seeds_dir, tagger: Tagger | None = None) -> Report:
    """Score event types on PLOVER-labelled sentences, on the PLOVER types we cover."""
    from newswatch.cycle import get_tagger

    tagger = tagger or get_tagger(seeds_dir)
    report = Report(name="plover")
    for rec in json.loads(Path(path).read_text(encoding="utf-8")):
        gold = rec.get("event")
        if gold == "DOCUMENT" or not rec.get("text"):
            continue
        published = date.fromisoformat(rec.get("date") or "2000-01-01")
        events = tagger.tag("", rec["text"], published, require_theatre=False).events
        mapped: set[str] = set()
        for e in events:
            options = PLOVER_OF.get(e.type, set())
            mapped |= {gold} if gold in options else set(list(options)[:1])
        got = mapped & PLOVER_COVERED
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
