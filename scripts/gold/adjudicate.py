"""Merge two independent labelling passes into the gold labels, with adjudication.

    python scripts/gold/adjudicate.py tests/gold/streams      # or tests/gold/articles

Reads `pass_a.jsonl` and `pass_b.jsonl` in the folder. Where the passes agree on the tags and
on the set of event types, the item's gold is pass A's labels (places and parties of agreed
types are compared and reported, not silently merged). Where they disagree, the decision in
`adjudication.jsonl` (`{"gid", "tags", "events", "reason"}`, written by the adjudicator
after reading both labels and the item) is the gold; a disagreement without a decision is
an error. Writes `gold.jsonl` and prints agreement (Cohen's kappa) per tag and for event
types, and the place agreement on agreed event types.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newswatch.gold_sets import agreement, read_jsonl  # noqa: E402


def types(label: dict) -> set[str]:
    return {e["type"] for e in label.get("events", [])}


def disagreements(pass_a: list[dict], pass_b: list[dict]) -> list[tuple[dict, dict]]:
    b_by = {lab["gid"]: lab for lab in pass_b}
    out = []
    for a in pass_a:
        b = b_by[a["gid"]]
        if set(a["tags"]) != set(b["tags"]) or types(a) != types(b):
            out.append((a, b))
    return out


def place_agreement(pass_a: list[dict], pass_b: list[dict]) -> tuple[int, int]:
    b_by = {lab["gid"]: lab for lab in pass_b}
    same = total = 0
    for a in pass_a:
        b = b_by[a["gid"]]
        if types(a) != types(b):
            continue
        for etype in types(a):
            pa = {e.get("place") for e in a["events"] if e["type"] == etype}
            pb = {e.get("place") for e in b["events"] if e["type"] == etype}
            total += 1
            same += pa == pb
    return same, total


def main(folder: str) -> int:
    root = Path(folder)
    pass_a, pass_b = read_jsonl(root / "pass_a.jsonl"), read_jsonl(root / "pass_b.jsonl")
    if {x["gid"] for x in pass_a} != {x["gid"] for x in pass_b}:
        print("the two passes label different items", file=sys.stderr)
        return 1
    decisions = (
        {d["gid"]: d for d in read_jsonl(root / "adjudication.jsonl")}
        if (root / "adjudication.jsonl").exists()
        else {}
    )
    open_items = []
    gold = []
    disputed = {a["gid"] for a, _ in disagreements(pass_a, pass_b)}
    for a in pass_a:
        if a["gid"] in disputed:
            if a["gid"] not in decisions:
                open_items.append(a["gid"])
                continue
            d = decisions[a["gid"]]
            gold.append(
                {"gid": a["gid"], "tags": d["tags"], "events": d["events"], "note": d.get("reason", "")}
            )
        else:
            gold.append(
                {"gid": a["gid"], "tags": a["tags"], "events": a["events"], "note": a.get("note", "")}
            )
    stats = agreement(pass_a, pass_b)
    same, total = place_agreement(pass_a, pass_b)
    print(f"{root}: {stats['items']} items, {len(disputed)} disagreements, {len(decisions)} decisions")
    for tag in ("syria", "libya", "turkey-russia-iran"):
        s = stats[tag]
        print(f"  {tag:20} kappa {s['kappa']:.3f}  (A {s['a']}, B {s['b']}, both {s['both']})")
    et = stats["event_type"]
    print(f"  {'event type':20} kappa {et['kappa']:.3f}  (pooled over {et['items']} items x 16 types)")
    print(f"  place of agreed event types: {same}/{total} identical")
    if open_items:
        print(f"undecided disagreements ({len(open_items)}): {' '.join(open_items)}", file=sys.stderr)
        return 1
    (root / "gold.jsonl").write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold))
    print(f"  wrote {root / 'gold.jsonl'} ({len(gold)} items)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
