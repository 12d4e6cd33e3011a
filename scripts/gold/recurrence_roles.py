"""Recompute the roles of a recurrence timeline's stories from its table (type, key, event date).

    python scripts/gold/recurrence_roles.py tests/gold/recurrence_guardian --stories stories_pass_a.jsonl
    python scripts/gold/recurrence_roles.py tests/gold/recurrence_guardian --stories stories_pass_a.jsonl \
        --write

Roles follow `newswatch.gold_sets.recurrence_roles` (the rule of tests/gold/ALERTS.md as applied in
tests/gold/recurrence_streams, whose `stories.jsonl` it reproduces exactly). Without `--write` it prints the
stories whose stored `role`/`recurs` differ and exits 1 if any do; with `--write` it rewrites `role`, `recurs`
and the part of `why` after ` | `. Either way it prints the counts by role.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newswatch.gold_sets import read_jsonl, recurrence_roles  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder")
    parser.add_argument("--stories", default="stories.jsonl")
    parser.add_argument("--write", action="store_true", help="store the recomputed roles")
    args = parser.parse_args()
    path = Path(args.folder) / args.stories
    rows = read_jsonl(path)
    roles = recurrence_roles(rows)
    differ = 0
    for row in rows:
        new = roles[row["story"]]
        if (row.get("role"), row.get("recurs", [])) != (new["role"], new["recurs"]):
            differ += 1
            stored = f"{row.get('role')} {row.get('recurs')}"
            print(f"{row['story']}: stored {stored} -> {new['role']} {new['recurs']}")
        if args.write:
            row["role"], row["recurs"] = new["role"], new["recurs"]
            if new["reason"]:
                row["why"] = row.get("why", "").split(" | ", 1)[0] + " | " + new["reason"]
    if args.write:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    counts = Counter(r["role"] for r in roles.values())
    print(f"{path}: {len(rows)} stories; " + ", ".join(f"{k} {counts[k]}" for k in sorted(counts)))
    return 1 if differ and not args.write else 0


if __name__ == "__main__":
    raise SystemExit(main())
