"""Build (or check, or show) the feed-snapshot recurrence timeline's items from the shared corpus.

    python scripts/gold/snapshot_items.py [--corpus /work/shared/corpus]   # write items.jsonl
    python scripts/gold/snapshot_items.py --check                           # items.jsonl still matches
    python scripts/gold/snapshot_items.py --show [--from n001 --to n050]    # item texts, for labelling

Entries of the saved feeds under `feeds/snapshots/` (FEEDS below) are deduplicated by link across
snapshots: each link is kept once, from the first snapshot (in snapshot time) that carries it; its
`published` is the entry's own date (published, else updated), else the snapshot's time. The
timeline's items are

* every entry whose title + description matches one of the THEATRE expressions (case-insensitive);
* LOOKALIKES: a seeded sample of entries matching an out-of-theatre LOOKALIKE expression only;
* NOISE: a seeded sample of the remaining entries, NOISE_PER_FEED per feed folder;

sorted by `published` (then link) and numbered n001... No text is written: `feed`, `snapshot` and
`link` locate the entry, `text_sha1` (title + raw summary) detects a changed corpus.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newswatch.gold_sets import (  # noqa: E402
    SNAPSHOTS,
    read_jsonl,
    snapshot_entry_sha1,
    snapshot_entry_text,
)

FOLDER = ROOT / "tests/gold/recurrence_snapshots"
FEEDS = (
    "gesab001_headlines/aljazeeraenglish",
    "gesab001_headlines/bbc",
    "gesab001_headlines/wsj",
    "pretty_parser_2016",
)
# Candidate series, in the spirit of tests/gold/recurrence_streams (matched over title + description).
THEATRE = {
    "syria": r"syria|damascus|aleppo|idlib|latakia|\bhama\b|\bhoms\b|deir ez|deir al-?zor|raqqa|hasakah|"
    r"qamishli|kobani|manbij|afrin|golan|quneitra|daraa|deraa|sweida|suwayda|\bassad\b|al-hol|\bhts\b|"
    r"tahrir al-sham",
    "libya": r"libya|tripoli|benghazi|sirte|misrata|derna|haftar|hifter|\bgna\b|\blna\b|sarraj|serraj|"
    r"dbeibah|dbeibeh|tarhun|watiya|jufra|wagner",
    "kurdish": r"kurd|\bsdf\b|\bypg\b|\bpkk\b",
    "isis": r"\bisis\b|\bisil\b|islamic state|daesh",
    "turkey-russia-iran": r"(turk|erdogan|ankara).{0,120}(russia|putin|moscow|kremlin|iran\b|tehran)|"
    r"(russia|putin|moscow|kremlin|iran\b|tehran).{0,120}(turk|erdogan|ankara)|"
    r"(russia|putin|moscow|kremlin|lavrov).{0,120}(iran\b|tehran|rouhani|zarif)|"
    r"(iran\b|tehran|rouhani|zarif).{0,120}(russia|putin|moscow|kremlin|lavrov)|astana|sochi",
}
# Out-of-theatre conflicts and actors that look like the theatre to a tagger (Karabakh with Turkish
# drones and a Russian-brokered truce, Iraq, Yemen, Lebanon, ISIS affiliates elsewhere, Turkey's rows).
LOOKALIKE = (
    r"karabakh|azerbaijan|armenia|yemen|houthi|\biraq|lebanon|beirut|hezbollah|afghan|taliban|\bsahel|"
    r"\bmali\b|mozambique|erdogan|turkish|\bturkey\b|israeli (air|strike|jet|army)|drone strike|airstrike|"
    r"ceasefire|cease-fire|truce"
)
LOOKALIKES = 30
NOISE_PER_FEED = 10
SEED = 20200421


def snapshot_time(path: Path) -> datetime:
    """A snapshot's time from its name (`20200427T210819+1200_...xml`, or `..._2016-06-14.xml`)."""
    stamp = re.match(r"(\d{8}T\d{6})([+-]\d{4})", path.name)
    if stamp:
        return datetime.strptime("".join(stamp.groups()), "%Y%m%dT%H%M%S%z").astimezone(UTC)
    day = re.search(r"(\d{4}-\d{2}-\d{2})\.xml$", path.name)
    return datetime.fromisoformat(day.group(1) if day else "0001-01-01").replace(tzinfo=UTC)


def entry_time(entry, fallback: datetime) -> datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else fallback


def unique_entries(corpus: Path) -> dict[str, dict]:
    """{link: {"feed", "snapshot", "published", "entry"}} from the first snapshot carrying the link."""
    import feedparser

    seen: dict[str, dict] = {}
    for feed in FEEDS:
        paths = sorted((corpus / SNAPSHOTS / feed).glob("*.xml"), key=lambda p: (snapshot_time(p), p.name))
        for path in paths:
            for entry in feedparser.parse(path.read_bytes()).entries:
                link = entry.get("link")
                if link and link not in seen:
                    published = entry_time(entry, snapshot_time(path))
                    seen[link] = {"feed": feed, "snapshot": path.name, "published": published, "entry": entry}
    return seen


def selection(seen: dict[str, dict]) -> dict[str, str]:
    """{link: why selected}: theatre candidates, a lookalike sample and a noise sample."""
    rng = random.Random(SEED)
    chosen, lookalike, rest = {}, [], {feed: [] for feed in FEEDS}
    for link in sorted(seen):
        text = " \n ".join(snapshot_entry_text(seen[link]["entry"]))
        series = [name for name, rx in THEATRE.items() if re.search(rx, text, re.I)]
        if series:
            chosen[link] = "theatre:" + "+".join(series)
        elif re.search(LOOKALIKE, text, re.I):
            lookalike.append(link)
        else:
            rest[seen[link]["feed"]].append(link)
    for link in rng.sample(lookalike, min(LOOKALIKES, len(lookalike))):
        chosen[link] = "lookalike"
    for feed in FEEDS:
        for link in rng.sample(rest[feed], min(NOISE_PER_FEED, len(rest[feed]))):
            chosen[link] = "noise-sample"
    return chosen


def build(corpus: Path) -> tuple[list[dict], dict[str, dict], dict[str, str]]:
    seen = unique_entries(corpus)
    chosen = selection(seen)
    ordered = sorted(chosen, key=lambda link: (seen[link]["published"], link))
    items = []
    for n, link in enumerate(ordered, start=1):
        row = seen[link]
        items.append(
            {
                "rid": f"n{n:03d}",
                "link": link,
                "feed": row["feed"],
                "snapshot": row["snapshot"],
                "published": row["published"].isoformat(),
                "text_sha1": snapshot_entry_sha1(row["entry"]),
            }
        )
    return items, seen, chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus"))
    parser.add_argument("--check", action="store_true", help="compare with items.jsonl, write nothing")
    parser.add_argument("--show", action="store_true", help="print each item's text (not stored anywhere)")
    parser.add_argument("--from", dest="first", default="n000")
    parser.add_argument("--to", dest="last", default="n999")
    args = parser.parse_args()
    items, seen, chosen = build(Path(args.corpus))
    path = FOLDER / "items.jsonl"
    if args.show:
        for item in items:
            if args.first <= item["rid"] <= args.last:
                title, description = snapshot_entry_text(seen[item["link"]]["entry"])
                outlet = item["feed"].split("/")[-1]
                print(f"{item['rid']} {item['published']} {outlet}\n  T: {title}\n  D: {description}\n")
        return 0
    if args.check:
        same = read_jsonl(path) == items
        print("items.jsonl matches the corpus" if same else "items.jsonl differs from the corpus")
        return 0 if same else 1
    FOLDER.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    counts: dict[str, int] = {}
    for why in chosen.values():
        counts[why.split(":")[0]] = counts.get(why.split(":")[0], 0) + 1
    print(f"wrote {len(items)} items to {path.relative_to(ROOT)}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
