"""Draw the stream gold sample: items from the real 2021/2023 feed streams in ../shared/corpus.

Stratified so that about half the items name a theatre keyword (the hard part is telling
"about" from "mentions"), deduplicated by link and by title, split 50/50 by publication date
into `tune` (earlier half) and `held_out` (later half). The repository keeps only ids, links,
dates and labels (tests/gold/streams/items.jsonl); the text stays in ../shared/corpus and is
read back by link at evaluation time.

    python scripts/gold/sample_stream_items.py --n 1600 --work /tmp/items_with_text.jsonl
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
from pathlib import Path

STREAMS = Path(__file__).resolve().parents[2].parent / "shared/corpus/feeds/streams"
KEYWORDS = re.compile(
    r"\b(syria\w*|damascus|aleppo|idlib|assad|kurd\w*|libya\w*|tripoli|benghazi|haftar|sirte|"
    r"turk\w*|erdogan|ankara|istanbul|russia\w*|putin|kremlin|moscow|lavrov|iran\w*|tehran|"
    r"khamenei|raisi|wagner|isis|islamic state)\b",
    re.I,
)
# Names that point at Syria or Libya themselves; half the keyword stratum is drawn from items
# naming one, so the set has enough positives for per-tag figures (broad names such as Russia
# or Turkey alone are mostly Ukraine, Europe or domestic news).
CORE = re.compile(r"\b(syria\w*|damascus|aleppo|idlib|assad|libya\w*|benghazi|haftar|sirte|astana)\b", re.I)


def read_streams(root: Path) -> list[dict]:
    items = []
    for path in sorted(root.glob("rss_link_database_*/*.jsonl.gz")):
        stream = f"{path.parent.name}/{path.name}"
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                raw = json.loads(line)
                title = (raw.get("title") or "").strip()
                if not title or not raw.get("link"):
                    continue
                date = (raw.get("date_published") or raw.get("_day") or "")[:10]
                items.append(
                    {
                        "link": raw["link"],
                        "stream": stream,
                        "date": date,
                        "title": title,
                        "description": (raw.get("description") or "").strip(),
                    }
                )
    return items


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1600)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--work", required=True, help="items with text, for labellers (kept outside the repo)")
    ap.add_argument("--out", default="tests/gold/streams/items.jsonl")
    args = ap.parse_args()
    seen_links, seen_titles, pool = set(), set(), []
    for item in read_streams(STREAMS):
        title_key = re.sub(r"\W+", " ", item["title"].lower()).strip()
        if item["link"] in seen_links or title_key in seen_titles:
            continue
        seen_links.add(item["link"])
        seen_titles.add(title_key)
        pool.append(item)
    rng = random.Random(args.seed)
    named = [i for i in pool if KEYWORDS.search(i["title"] + " " + i["description"])]
    other = [i for i in pool if not KEYWORDS.search(i["title"] + " " + i["description"])]
    core = [i for i in named if CORE.search(i["title"] + " " + i["description"])]
    broad = [i for i in named if not CORE.search(i["title"] + " " + i["description"])]
    quarter = args.n // 4
    sample = rng.sample(core, quarter) + rng.sample(broad, args.n // 2 - quarter)
    sample += rng.sample(other, args.n - len(sample))
    sample.sort(key=lambda i: (i["date"], i["link"]))
    for n, item in enumerate(sample):
        item["gid"] = f"s{n + 1:04d}"
        item["split"] = "tune" if n < len(sample) // 2 else "held_out"
        item["names_keyword"] = bool(KEYWORDS.search(item["title"] + " " + item["description"]))
    shuffled = sample[:]
    rng.shuffle(shuffled)  # labellers see topics and dates mixed
    Path(args.work).write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in shuffled))
    keep = ("gid", "link", "stream", "date", "split", "names_keyword")
    Path(args.out).write_text("".join(json.dumps({k: i[k] for k in keep}) + "\n" for i in sample))
    print(
        f"pool {len(pool)} (named {len(named)}, core {len(core)}); "
        f"sample {len(sample)} -> {args.out}, {args.work}"
    )


if __name__ == "__main__":
    main()
