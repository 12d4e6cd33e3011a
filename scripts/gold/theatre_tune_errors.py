"""Theatre-tag errors on TUNE material only: the articles tune half (with a text excerpt) and the
tune items of the three real recurrence timelines (an item of an in-theatre story should get a
theatre tag, a 'noise' item none). Held-out items are never loaded or printed.

    .venv/bin/python scripts/gold/theatre_tune_errors.py [--set articles|recurrence|all] [--chars 600]

A recurrence item counts as tune when its story's first report (or, for noise, the item itself)
is before the timeline's cut, as in `load_recurrence_gold`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from newswatch.config import SEEDS_DIR  # noqa: E402
from newswatch.gold_sets import load_article_gold, load_recurrence_gold  # noqa: E402
from newswatch.tagging.tagger import Tagger  # noqa: E402
from newswatch.taxonomy import THEATRES  # noqa: E402

TIMELINES = ("recurrence_streams", "recurrence_guardian", "recurrence_snapshots")


def key_theatres(key: str | None) -> set[str]:
    """The theatres a story key names (places and parties of Syria / Libya; TRI parties)."""
    if not key:
        return set()
    out = set()
    if ":syr" in key:
        out.add("syria")
    if ":lby" in key:
        out.add("libya")
    if sum(f"state:{c}" in key for c in ("tur", "rus", "irn")) >= 2:
        out.add("turkey-russia-iran")
    return out


def articles(tagger: Tagger, corpus: str, chars: int) -> None:
    items = load_article_gold(ROOT / "tests/gold/articles", corpus, split="tune")
    for item in items:
        res = tagger.tag(item["title"], item["text"], date.fromisoformat(item["date"]))
        got = sorted(t for t in res.tags if t in THEATRES)
        want = sorted(item["tags"])
        if got != want:
            text = " ".join(item["text"].split())[:chars]
            print(f"{item['id']} got {got} want {want} | {item['title']}\n    {text}\n")


def recurrence(tagger: Tagger, corpus: str) -> None:
    for name in TIMELINES:
        timeline, expected, cut = load_recurrence_gold(ROOT / "tests/gold" / name, corpus)
        first: dict[str, str] = {}
        for a in timeline:
            first.setdefault(a["story"], a["published"])
        keys = {}
        import json

        for line in (ROOT / "tests/gold" / name / "stories.jsonl").read_text().splitlines():
            s = json.loads(line)
            keys[s["story"]] = s.get("key")
        n = missed = false = 0
        for a in timeline:
            noise = a["story"].startswith("noise")
            start = a["published"] if noise else first[a["story"]]
            if start[:10] >= cut:
                continue  # held-out: never studied
            n += 1
            res = tagger.tag(a["title"], a["text"], date.fromisoformat(a["published"][:10]))
            got = {t for t in res.tags if t in THEATRES}
            want = key_theatres(keys.get(a["story"]))
            bad = (noise and got) or (not noise and not got)
            if not noise and got and want and not (got & want):
                bad = True
            if "turkey-russia-iran" in want and "turkey-russia-iran" not in got:
                bad = True  # a Turkey-Russia-Iran story (two of them as its parties) without the tag
            if bad:
                missed += not noise and not got
                false += bool(noise and got)
                desc = " ".join(a["text"].split())[:300]
                print(
                    f"{name} {a['id']} {a['story']} key={keys.get(a['story'])} got {sorted(got)}\n"
                    f"    {a['title']} | {desc}\n"
                )
        print(f"== {name}: {n} tune items, {missed} in-theatre missed, {false} noise tagged\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus"))
    ap.add_argument("--set", choices=["articles", "recurrence", "all"], default="all")
    ap.add_argument("--chars", type=int, default=600)
    args = ap.parse_args()
    tagger = Tagger.from_seeds(SEEDS_DIR)
    if args.set in ("articles", "all"):
        articles(tagger, args.corpus, args.chars)
    if args.set in ("recurrence", "all"):
        recurrence(tagger, args.corpus)


if __name__ == "__main__":
    main()
