"""A supplementary stratum for `turkey-russia-iran`: stream items naming two of the three states.

The main sample (sample_stream_items.py) holds only a handful of Turkey–Russia–Iran items, too
few for a per-tag figure. This draws N more items, not already sampled, whose title or
description names at least two of Turkey, Russia and Iran (mostly Ukraine-war, nuclear and
election stories: the hard negatives of the guide, plus the real relations stories), and
splits them at the main sample's cut date so `tune` stays the earlier half.

    python scripts/gold/sample_tri_supplement.py --n 250 --work /tmp/part3.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from sample_stream_items import STREAMS, read_streams

STATES = {
    "tur": re.compile(r"\b(turk\w*|erdogan|ankara)\b", re.I),
    "rus": re.compile(r"\b(russia\w*|putin|kremlin|moscow|lavrov)\b", re.I),
    "irn": re.compile(r"\b(iran\w*|tehran|raisi|khamenei|rouhani)\b", re.I),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=250)
    ap.add_argument("--seed", type=int, default=20261130)
    ap.add_argument("--work", required=True)
    ap.add_argument("--items", default="tests/gold/streams/items.jsonl")
    args = ap.parse_args()
    sampled = [json.loads(line) for line in Path(args.items).read_text().splitlines()]
    have = {i["link"] for i in sampled}
    dates = sorted(i["date"] for i in sampled)
    cut = dates[len(dates) // 2]  # first held_out date of the main sample
    seen_titles, pool = set(), []
    for item in read_streams(STREAMS):
        text = item["title"] + " " + item["description"]
        key = re.sub(r"\W+", " ", item["title"].lower()).strip()
        if item["link"] in have or key in seen_titles:
            continue
        seen_titles.add(key)
        if sum(bool(rx.search(text)) for rx in STATES.values()) >= 2:
            pool.append(item)
    rng = random.Random(args.seed)
    extra = sorted(rng.sample(pool, min(args.n, len(pool))), key=lambda i: (i["date"], i["link"]))
    start = len(sampled)
    for n, item in enumerate(extra):
        item["gid"] = f"s{start + n + 1:04d}"
        item["split"] = "tune" if item["date"] < cut else "held_out"
        item["names_keyword"] = True
        item["stratum"] = "two_of_tri"
    work = extra[:]
    rng.shuffle(work)
    Path(args.work).write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in work))
    keep = ("gid", "link", "stream", "date", "split", "names_keyword", "stratum")
    with open(args.items, "a") as fh:
        fh.writelines(json.dumps({k: i[k] for k in keep}) + "\n" for i in extra)
    print(
        f"pool {len(pool)}; added {len(extra)} (cut {cut}); tune {sum(i['split'] == 'tune' for i in extra)}"
    )


if __name__ == "__main__":
    main()
