"""Inter-annotator agreement of two recurrence-timeline passes (no item text needed).

    python scripts/gold/recurrence_agreement.py tests/gold/recurrence_streams
    python scripts/gold/recurrence_agreement.py tests/gold/recurrence_streams --gold

Reads `items.jsonl` (rid, published), `pass_a.jsonl` + `stories_pass_a.jsonl` and `pass_b.jsonl` +
`stories_pass_b.jsonl` from the folder. A story whose id starts with `noise` (or whose role is
`noise`) is out of theatre. Prints:

(a) same-happening agreement: over all pairs of items that at least one pass puts in the theatre and
    that were published within 7 days of each other, do both passes put the two items in the same
    story? (an item one pass calls noise is in no story for that pass); raw agreement and kappa;
(b) per item, kappa on "the item's story has role `recurrence`";
(c) per item, kappa on "the item is a copy" (`copy_of` set);
(d) on the items both passes put in the theatre, agreement on type and on key;
plus kappa on "in theatre". With `--gold`, also compares each pass with `gold.jsonl` + `stories.jsonl`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newswatch.gold_sets import cohen_kappa, read_jsonl  # noqa: E402

WINDOW = timedelta(days=7)


def load_pass(folder: Path, labels: str, stories: str) -> tuple[dict[str, dict], dict[str, dict]]:
    rows = {row["rid"]: row for row in read_jsonl(folder / labels)}
    table = {row["story"]: row for row in read_jsonl(folder / stories)}
    return rows, table


def in_theatre(row: dict, table: dict[str, dict]) -> bool:
    story = row.get("story") or ""
    return not story.startswith("noise") and table.get(story, {}).get("role") != "noise"


def kappa_line(name: str, xa: list[bool], xb: list[bool], names: tuple[str, str] = ("A", "B")) -> str:
    agree = sum(x == y for x, y in zip(xa, xb, strict=True))
    both = sum(x and y for x, y in zip(xa, xb, strict=True))
    return (
        f"{name}: n={len(xa)} {names[0]}={sum(xa)} {names[1]}={sum(xb)} both={both}"
        f" agreement={agree / len(xa):.3f} kappa={cohen_kappa(xa, xb):.3f}"
    )


def compare(
    published: dict[str, datetime],
    a: tuple[dict[str, dict], dict[str, dict]],
    b: tuple[dict[str, dict], dict[str, dict]],
    names: tuple[str, str] = ("A", "B"),
) -> None:
    (rows_a, table_a), (rows_b, table_b) = a, b
    rids = sorted(published)
    missing = [r for r in rids if r not in rows_a or r not in rows_b]
    if missing:
        raise SystemExit(f"items without a label: {missing[:5]}")
    theatre_a = {r: in_theatre(rows_a[r], table_a) for r in rids}
    theatre_b = {r: in_theatre(rows_b[r], table_b) for r in rids}
    print(f"== {names[0]} vs {names[1]}: {len(rids)} items")
    print(kappa_line("in theatre", [theatre_a[r] for r in rids], [theatre_b[r] for r in rids], names))

    # (a) same happening over item pairs within 7 days
    pool = sorted((r for r in rids if theatre_a[r] or theatre_b[r]), key=lambda r: published[r])
    sa, sb = [], []
    for i, r1 in enumerate(pool):
        for r2 in pool[i + 1 :]:
            if published[r2] - published[r1] > WINDOW:
                break
            sa.append(theatre_a[r1] and theatre_a[r2] and rows_a[r1]["story"] == rows_a[r2]["story"])
            sb.append(theatre_b[r1] and theatre_b[r2] and rows_b[r1]["story"] == rows_b[r2]["story"])
    print(f"(a) same happening, pairs of theatre items published <= 7 days apart ({len(pool)} items)")
    print("    " + kappa_line("same story", sa, sb, names))
    differ = sum(x != y for x, y in zip(sa, sb, strict=True))
    print(f"    pairs judged differently: {differ}")

    # (b) recurrence role, (c) copy
    ra = [table_a.get(rows_a[r]["story"], {}).get("role") == "recurrence" for r in rids]
    rb = [table_b.get(rows_b[r]["story"], {}).get("role") == "recurrence" for r in rids]
    print("(b) " + kappa_line("item in a recurrence story", ra, rb, names))
    ca = [bool(rows_a[r].get("copy_of")) for r in rids]
    cb = [bool(rows_b[r].get("copy_of")) for r in rids]
    print("(c) " + kappa_line("item is a copy", ca, cb, names))
    same_copy = sum(rows_a[r].get("copy_of") == rows_b[r].get("copy_of") for r in rids)
    print(f"    same copy_of target: {same_copy}/{len(rids)}")

    # (d) type and key on items both put in the theatre
    both = [r for r in rids if theatre_a[r] and theatre_b[r]]
    same_type = sum(rows_a[r].get("type") == rows_b[r].get("type") for r in both)
    same_key = sum(rows_a[r].get("key") == rows_b[r].get("key") for r in both)
    same_date = sum(rows_a[r].get("event_date") == rows_b[r].get("event_date") for r in both)
    n = len(both)
    print(f"(d) items both in theatre: {n}")
    print(f"    type agreement: {same_type}/{n} = {same_type / n:.3f}")
    print(f"    key agreement:  {same_key}/{n} = {same_key / n:.3f}")
    print(f"    event date agreement: {same_date}/{n} = {same_date / n:.3f}")
    stories_a = {s for s, row in table_a.items() if row.get("role") not in (None, "noise")}
    stories_b = {s for s, row in table_b.items() if row.get("role") not in (None, "noise")}
    rec_a = sum(table_a[s].get("role") == "recurrence" for s in stories_a)
    rec_b = sum(table_b[s].get("role") == "recurrence" for s in stories_b)
    print(
        f"    stories in theatre: {names[0]}={len(stories_a)} {names[1]}={len(stories_b)};"
        f" recurrence stories: {names[0]}={rec_a} {names[1]}={rec_b}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "tests/gold/recurrence_streams"))
    parser.add_argument("--gold", action="store_true", help="also compare each pass with the gold")
    args = parser.parse_args()
    folder = Path(args.folder)
    published = {
        row["rid"]: datetime.fromisoformat(row["published"]) for row in read_jsonl(folder / "items.jsonl")
    }
    pass_a = load_pass(folder, "pass_a.jsonl", "stories_pass_a.jsonl")
    pass_b = load_pass(folder, "pass_b.jsonl", "stories_pass_b.jsonl")
    compare(published, pass_a, pass_b)
    if args.gold:
        gold = load_pass(folder, "gold.jsonl", "stories.jsonl")
        compare(published, pass_a, gold, ("A", "gold"))
        compare(published, pass_b, gold, ("B", "gold"))


if __name__ == "__main__":
    main()
