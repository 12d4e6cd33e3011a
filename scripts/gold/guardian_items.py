"""Build (or check, or show) the Guardian recurrence timeline's items from the shared corpus.

    python scripts/gold/guardian_items.py [--corpus /work/shared/corpus]          # write items.jsonl
    python scripts/gold/guardian_items.py --check                                  # items.jsonl still matches
    python scripts/gold/guardian_items.py --show [--from g001 --to g050]           # leads, for labelling

One item per article of `corpora/guardian_sdf_syria_2017-2019/Guardian_SDF_sample.csv.zip`, read as a feed
item (`newswatch.gold_sets.feed_lead`: first sentence = title, next one or two = description). Items are
sorted by date, then by the CSV's row index, and numbered g001..; `published` is the date at 12:00 UTC plus
one minute per earlier item of the same day (the corpus has dates only). No article text is written: `row`
and `text_sha1` identify it.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newswatch.gold_sets import (  # noqa: E402
    GUARDIAN_SDF,
    feed_lead,
    guardian_rows_by_key,
    read_jsonl,
    text_sha1,
)

FOLDER = ROOT / "tests/gold/recurrence_guardian"


def build(corpus: Path) -> list[dict]:
    rows = guardian_rows_by_key(corpus / GUARDIAN_SDF)
    ordered = sorted(rows.values(), key=lambda r: (r["date"], int(r[""])))
    items, per_day = [], {}
    for n, row in enumerate(ordered, start=1):
        minute = per_day.get(row["date"], 0)
        per_day[row["date"]] = minute + 1
        noon = datetime.fromisoformat(row["date"] + "T12:00:00+00:00")
        items.append(
            {
                "rid": f"g{n:03d}",
                "row": row[""],
                "date": row["date"],
                "published": (noon + timedelta(minutes=minute)).isoformat(),
                "text_sha1": text_sha1(row["text"]),
            }
        )
    return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus"))
    parser.add_argument("--check", action="store_true", help="compare with items.jsonl, write nothing")
    parser.add_argument("--show", action="store_true", help="print each item's lead (not stored anywhere)")
    parser.add_argument("--from", dest="first", default="g000")
    parser.add_argument("--to", dest="last", default="g999")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    items = build(corpus)
    path = FOLDER / "items.jsonl"
    if args.show:
        rows = guardian_rows_by_key(corpus / GUARDIAN_SDF)
        for item in items:
            if args.first <= item["rid"] <= args.last:
                title, description = feed_lead(rows[item["row"]]["text"])
                print(f"{item['rid']} {item['date']} row {item['row']}\n  T: {title}\n  D: {description}\n")
        return 0
    if args.check:
        same = read_jsonl(path) == items
        print("items.jsonl matches the corpus" if same else "items.jsonl differs from the corpus")
        return 0 if same else 1
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    print(f"wrote {len(items)} items to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
