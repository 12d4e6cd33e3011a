"""A supplementary stratum for headline events: stream items naming Syria or Libya themselves.

The main sample gave each half only about 50-100 labelled events, so one event moved event F1
by about 0.01 and the tune half held only 12 `libya` items. This draws up to N more items per
half, not already sampled (by link or title), half naming a Libya name and half a Syria name (the
whole pool when it is smaller: the streams hold only a few hundred such items left), split at the
main sample's cut date so `tune` stays the earlier half and `held_out` the later one.

    python scripts/gold/sample_event_supplement.py --work /tmp/suppl.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from sample_stream_items import STREAMS, read_streams

LIBYA = re.compile(r"\b(libya\w*|tripoli|benghazi|haftar|sirte|derna|misrata|dbeibah|dbeibeh)\b", re.I)
SYRIA = re.compile(r"\b(syria\w*|damascus|aleppo|idlib|assad|deir ez-?zor|raqqa|homs|daraa)\b", re.I)


def title_key(title: str) -> str:
    return re.sub(r"\W+", " ", title.lower()).strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-half", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--work", required=True, help="items with text, for labellers (kept outside the repo)")
    ap.add_argument("--items", default="tests/gold/streams/items.jsonl")
    args = ap.parse_args()
    sampled = [json.loads(line) for line in Path(args.items).read_text().splitlines()]
    main_dates = sorted(i["date"] for i in sampled if "stratum" not in i)
    cut = main_dates[len(main_dates) // 2]  # first held_out date of the main sample
    corpus = read_streams(STREAMS)
    have = {i["link"] for i in sampled}
    have_titles = {title_key(i["title"]) for i in corpus if i["link"] in have}
    pools: dict[tuple[str, str], list[dict]] = {}
    for item in corpus:
        key = title_key(item["title"])
        if item["link"] in have or key in have_titles or not item["date"]:
            continue
        have_titles.add(key)
        text = item["title"] + " " + item["description"]
        country = "libya" if LIBYA.search(text) else "syria" if SYRIA.search(text) else None
        if country:
            half = "tune" if item["date"] < cut else "held_out"
            pools.setdefault((half, country), []).append(item)
    rng = random.Random(args.seed)
    extra = []
    for (half, country), pool in sorted(pools.items()):
        for item in rng.sample(pool, min(args.per_half // 2, len(pool))):
            extra.append(item | {"split": half, "stratum": f"names_{country}"})
    extra.sort(key=lambda i: (i["date"], i["link"]))
    start = len(sampled)
    for n, item in enumerate(extra):
        item["gid"] = f"s{start + n + 1:04d}"
        item["names_keyword"] = True
    work = extra[:]
    rng.shuffle(work)  # labellers see topics and dates mixed
    Path(args.work).write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in work))
    keep = ("gid", "link", "stream", "date", "split", "names_keyword", "stratum")
    with open(args.items, "a") as fh:
        fh.writelines(json.dumps({k: i[k] for k in keep}) + "\n" for i in extra)
    sizes = {f"{h}/{c}": len(p) for (h, c), p in sorted(pools.items())}
    print(f"pools {sizes}; added {len(extra)} (cut {cut})")


if __name__ == "__main__":
    main()
