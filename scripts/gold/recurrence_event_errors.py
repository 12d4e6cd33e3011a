"""Event typing on the TUNE half of the real recurrence timelines: gold type and key per item.

    .venv/bin/python scripts/gold/recurrence_event_errors.py            # counts and every in-theatre item
    .venv/bin/python scripts/gold/recurrence_event_errors.py --counts   # counts only
    .venv/bin/python scripts/gold/recurrence_event_errors.py --misses   # only items whose gold type is missed

Tags each in-theatre item (gold `type` set) of `recurrence_guardian`, `recurrence_snapshots` and
`recurrence_streams` published before its folder's cut with the shipped tagger, and prints the gold type
and key beside the extracted types and recurrence keys. Held-out items (published on or after the cut)
are never tagged or printed: study errors on the tune half only. A miss marked `[theatre]` is one
whose gold type the tagger finds when it does not require a theatre tag (the cause is the theatre
tagging, not the triggers).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newswatch.config import SEEDS_DIR  # noqa: E402
from newswatch.gold_sets import load_recurrence_gold, read_jsonl  # noqa: E402
from newswatch.tagging.tagger import Tagger  # noqa: E402

FOLDERS = ("recurrence_guardian", "recurrence_snapshots", "recurrence_streams")


def tune_items(folder: Path, corpus: str) -> list[tuple[dict, dict]]:
    """(timeline article, gold row) for the in-theatre items published before the cut."""
    timeline, _expected, cut = load_recurrence_gold(folder, corpus)
    gold = {row["rid"]: row for row in read_jsonl(folder / "gold.jsonl")}
    return [(a, gold[a["id"]]) for a in timeline if a["published"][:10] < cut and gold[a["id"]].get("type")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", default="/work/shared/corpus")
    parser.add_argument("--counts", action="store_true", help="print the counts only")
    parser.add_argument("--misses", action="store_true", help="only the items whose gold type is missed")
    args = parser.parse_args()
    tagger = Tagger.from_seeds(SEEDS_DIR)
    totals = [0, 0, 0, 0]
    for name in FOLDERS:
        found = key_found = theatre = 0
        items = tune_items(ROOT / "tests" / "gold" / name, args.corpus)
        for article, row in items:
            published = date.fromisoformat(article["published"][:10])
            events = tagger.tag(article["title"], article["text"], published).events
            types = sorted({e.type for e in events})
            keys = sorted({e.recurrence_key for e in events})
            hit = row["type"] in types
            found += hit
            key_found += row["key"] in keys
            mark = ""
            if not hit:
                loose = tagger.tag(article["title"], article["text"], published, require_theatre=False).events
                if row["type"] in {e.type for e in loose}:
                    theatre += 1
                    mark = " [theatre]"
            if args.counts or (args.misses and hit):
                continue
            print(f"{name} {row['rid']} {'OK ' if hit else 'MISS'}{mark} gold {row['type']} {row['key']}")
            print(f"    got {types} {keys}")
            print(f"    title: {article['title']}")
            print(f"    text:  {article['text'][:300]}")
        n = len(items)
        print(
            f"{name}: tune in-theatre items {n}; gold type found {found}, not found {n - found} "
            f"({theatre} of them found without the theatre requirement); gold key found {key_found}"
        )
        for i, v in enumerate((n, found, theatre, key_found)):
            totals[i] += v
    n, found, theatre, key_found = totals
    print(
        f"all: tune in-theatre items {n}; gold type found {found}, not found {n - found} "
        f"({theatre} without the theatre requirement); gold key found {key_found}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
