"""Train the theatre relevance classifier (newswatch/tagging/models/relevance) with `spacy train`.

Training data, none of it from a held-out half:
* gold, tune half only: the stream items and full articles of tests/gold/{streams,articles}
  (adjudicated labels), text read from ../shared/corpus by link;
* the project's invented, hand-labelled set tests/gold/tagging.jsonl (all of it: it is
  not used for the held-out figures);
* weak negatives: stream items whose URL section is sport, travel, culture, style, business
  or UK/US home news and that name a theatre keyword (culture, sport and home-court stories
  set around Turkey, Russia, Iran or Syria; the guide's hard negatives), and a random sample
  of stream items naming none. The section comes from the URL, not the text, so the label
  is independent of what the model reads. Every gold link (both halves) is excluded.
* the tune half of the three real recurrence timelines tests/gold/recurrence_{streams,guardian,
  snapshots} (adjudicated; text from the corpus by the gold_sets loaders): an item of an
  in-theatre story is about the theatres its story key names (place in Syria or Libya; two of
  Turkey, Russia and Iran as parties), or about an unnamed theatre ("about" only) when the key
  names neither; a noise item is about none. Only items dated before the timeline's cut whose
  story began before it; items also in the stream or article gold sets (either half) are left to
  those. The snapshots are mostly the 2020 Libya war, the Guardian ones Syria 2017-2018.
  (Before, the leads of 150 of the Guardian's Syria corpus were weak `syria` positives; all 249
  are now recurrence_guardian items, the held-out ones never read and the tune ones labelled.)

Weak negatives also leave out every link of the recurrence timelines (both halves). The
alert figures of those timelines' tune halves are thus in-sample for the classifier; their
held-out halves are not.

Out-of-fold scores on the tune half (k-fold, k=4) are written for choosing the blend
thresholds (scripts/tune_blend.py), so no threshold is chosen on the data a model saw.

    .venv/bin/python scripts/train_relevance.py            # ~2 min on one core (5 models)
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

import spacy
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from textcat_training import train_textcat  # noqa: E402

from newswatch.gold_sets import (  # noqa: E402
    load_article_gold,
    load_recurrence_gold,
    load_stream_gold,
    read_jsonl,
)
from newswatch.tagging.relevance import LABELS, THEATRES, relevance_text  # noqa: E402

CONFIG = ROOT / "newswatch/tagging/relevance.cfg"
OFF_TOPIC_SECTION = re.compile(
    r"//(www\.)?(bbc\.co\.uk/(sport|news/(entertainment-arts|business|uk|newsbeat|health|technology|"
    r"science-environment|education))|aljazeera\.com/(sports|economy)|(edition\.)?cnn\.com/"
    r"(travel|style|sport|entertainment)|theguardian\.com/(football|sport|travel|culture|books|food|"
    r"lifeandstyle|music|film|tv-and-radio|fashion|stage|artanddesign|uk-news|business|money))"
)
KEYWORD = re.compile(
    r"\b(syria\w*|damascus|aleppo|libya\w*|tripoli|turk\w*|erdogan|istanbul|ankara|russia\w*|"
    r"putin|moscow|iran\w*|tehran)\b",
    re.I,
)


# The shipped model was trained before round 6 labelled the streams' Syria/Libya stratum
# (tests/gold/streams/README.md). Retrained with it, the model vetoed plain leaders' visits
# ("Putin to visit Iran next week, Kremlin says"), so that retrain was not taken
# (docs/tried.md). Leaving the stratum out reproduces the shipped model byte for byte;
# `--all-strata` trains on the whole gold.
STRATA_AFTER_MODEL = {"names_syria", "names_libya"}


def stream_items(all_strata: bool) -> list[dict]:
    items = read_jsonl(ROOT / "tests/gold/streams/items.jsonl")
    return [i for i in items if all_strata or i.get("stratum") not in STRATA_AFTER_MODEL]


def gold_examples(corpus: Path, all_strata: bool = False) -> list[tuple[str, str, set[str], str]]:
    kept = {i["gid"] for i in stream_items(all_strata)}
    items = [
        i for i in load_stream_gold(ROOT / "tests/gold/streams", corpus, split="tune") if i["id"] in kept
    ]
    if (ROOT / "tests/gold/articles/gold.jsonl").exists():
        items += load_article_gold(ROOT / "tests/gold/articles", corpus, split="tune")
    assert all(i["split"] == "tune" for i in items)
    return [(i["title"], i["text"], set(i["tags"]), i["id"]) for i in items]


def invented_examples() -> list[tuple[str, str, set[str], str]]:
    rows = read_jsonl(ROOT / "tests/gold/tagging.jsonl")
    return [(r["title"], r["text"], set(r["tags"]), r["id"]) for r in rows]


def gold_links(all_strata: bool = False) -> set[str]:
    return {i["link"] for i in stream_items(all_strata)}


def recurrence_links() -> set[str]:
    """Every item link of the stream and snapshot recurrence timelines (both halves)."""
    return {
        i["link"]
        for name in RECURRENCE_SETS
        for i in read_jsonl(ROOT / "tests/gold" / name / "items.jsonl")
        if "link" in i
    }


RECURRENCE_SETS = ("recurrence_streams", "recurrence_guardian", "recurrence_snapshots")
KEY_THEATRE = {"syr": "syria", "lby": "libya"}
TRI_PARTIES = ("state:tur", "state:rus", "state:irn")


def key_theatres(key: str) -> set[str] | None:
    """The theatres a recurrence story's key names: its place (Syria or Libya) and, when two of
    Turkey, Russia and Iran are its parties, turkey-russia-iran; None when it names neither."""
    _type, place, parties = (key.split("|") + ["", ""])[:3]
    country = place.split(":")[1][:3] if ":" in place else ""
    tags = {KEY_THEATRE[country]} if country in KEY_THEATRE else set()
    if sum(p in parties.split("+") for p in TRI_PARTIES) >= 2:
        tags.add("turkey-russia-iran")
    return tags or None


def guardian_row(article: dict) -> str | None:
    url = article.get("url") or ""
    return url.rsplit("/", 1)[1] if url.startswith("https://guardian-sdf.invalid/row/") else None


def recurrence_examples(corpus: Path, exclude_links: set[str], exclude_rows: set[str]):
    """The tune half of the three real recurrence timelines: an item of an in-theatre story is
    about its key's theatres, a noise item is about none. Only items dated before the cut whose
    story also began before it (a held-out story's items are never read); items also in the
    stream or article gold sets (either half) are left to those."""
    examples = []
    for name in RECURRENCE_SETS:
        gold_dir = ROOT / "tests/gold" / name
        stories = {s["story"]: s for s in read_jsonl(gold_dir / "stories.jsonl")}
        timeline, _expected, cut = load_recurrence_gold(gold_dir, corpus)
        first: dict[str, str] = {}
        for article in timeline:
            first.setdefault(article["story"], article["published"][:10])
        for article in timeline:
            if article["published"][:10] >= cut or first[article["story"]] >= cut:
                continue
            if article["url"] in exclude_links or guardian_row(article) in exclude_rows:
                continue
            story = stories.get(article["story"])
            noise = article["story"].startswith("noise") or story is None or not story.get("key")
            tags = set() if noise else key_theatres(story["key"])
            examples.append((article["title"], article["text"], tags, f"{name}:{article['id']}"))
    return examples


def weak_negatives(corpus: Path, exclude: set[str], rng: random.Random, n_hard: int, n_easy: int):
    hard, easy = [], []
    for path in sorted((corpus / "feeds/streams").glob("rss_link_database_*/*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                raw = json.loads(line)
                link = raw.get("link") or ""
                if not link or link in exclude or not raw.get("title"):
                    continue
                text = f"{raw['title']} {raw.get('description') or ''}"
                named = KEYWORD.search(text)
                if named and OFF_TOPIC_SECTION.search(link):
                    hard.append((raw["title"], raw.get("description") or "", set(), link))
                elif not named:
                    easy.append((raw["title"], raw.get("description") or "", set(), link))
    return rng.sample(hard, min(n_hard, len(hard))) + rng.sample(easy, min(n_easy, len(easy)))


def docbin(nlp, examples) -> DocBin:
    db = DocBin()
    for title, text, tags, _ in examples:
        doc = nlp.make_doc(relevance_text(title, text))
        if tags is None:  # about a theatre, which one unknown: only "about" is labelled
            doc.cats = {"about": 1.0}
        else:
            doc.cats = {t: float(t in tags) for t in THEATRES}
            doc.cats["about"] = float(bool(tags & set(THEATRES)))
        db.add(doc)
    return db


def train_model(train, dev, out: Path) -> Path:
    nlp = spacy.blank("en")
    return train_textcat(CONFIG, docbin(nlp, train), docbin(nlp, dev), out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus"))
    ap.add_argument("--out", default=str(ROOT / "newswatch/tagging/models/relevance"))
    ap.add_argument("--oof", default=str(ROOT / "tests/gold/streams/relevance_oof.jsonl"))
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--all-strata", action="store_true", help="also learn from the strata labelled after the model"
    )
    args = ap.parse_args()
    corpus, rng = Path(args.corpus), random.Random(args.seed)
    started = time.perf_counter()
    gold = gold_examples(corpus, args.all_strata)
    article_rows = {
        i["ref"]["row_key"]
        for i in read_jsonl(ROOT / "tests/gold/articles/items.jsonl")
        if "row_key" in i.get("ref", {})
    }
    recurrence = recurrence_examples(corpus, gold_links(args.all_strata), article_rows)
    weak = (
        invented_examples()
        + weak_negatives(corpus, gold_links(args.all_strata) | recurrence_links(), rng, 700, 400)
        + recurrence
    )
    print(f"tune gold {len(gold)}; recurrence tune {len(recurrence)}; other training examples {len(weak)}")
    # out-of-fold scores on the tune half, for the blend thresholds
    order = gold[:]
    rng.shuffle(order)
    oof = []
    for k in range(args.folds):
        test = order[k :: args.folds]
        train = [e for e in order if e not in test] + weak
        with tempfile.TemporaryDirectory() as tmp:
            model = spacy.load(train_model(train, test, Path(tmp) / "m"))
            for (_title, _text, tags, gid), doc in zip(
                test, model.pipe(relevance_text(t, x) for t, x, _, _ in test), strict=True
            ):
                oof.append(
                    {"gid": gid, "tags": sorted(tags), "scores": {t: round(doc.cats[t], 4) for t in LABELS}}
                )
    Path(args.oof).write_text("".join(json.dumps(r) + "\n" for r in sorted(oof, key=lambda r: r["gid"])))
    train_model(gold + weak, gold[: len(gold) // 5], Path(args.out))
    print(f"model -> {args.out}; out-of-fold scores -> {args.oof}; {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
