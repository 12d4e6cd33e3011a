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
* weak positives for `syria`: the leads of the Guardian's Syria corpus (all 249 are filed
  under Syria by the publisher), minus the articles in the gold set.

Out-of-fold scores on the tune half (k-fold, k=4) are written for choosing the blend
thresholds (scripts/tune_blend.py), so no threshold is chosen on the data a model saw.

    .venv/bin/python scripts/train_relevance.py            # ~1-2 min on one core
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newswatch.gold_sets import (  # noqa: E402
    guardian_rows_by_key,
    load_article_gold,
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


def gold_examples(corpus: Path) -> list[tuple[str, str, set[str], str]]:
    items = load_stream_gold(ROOT / "tests/gold/streams", corpus, split="tune")
    if (ROOT / "tests/gold/articles/gold.jsonl").exists():
        items += load_article_gold(ROOT / "tests/gold/articles", corpus, split="tune")
    assert all(i["split"] == "tune" for i in items)
    return [(i["title"], i["text"], set(i["tags"]), i["id"]) for i in items]


def invented_examples() -> list[tuple[str, str, set[str], str]]:
    rows = read_jsonl(ROOT / "tests/gold/tagging.jsonl")
    return [(r["title"], r["text"], set(r["tags"]), r["id"]) for r in rows]


def gold_links() -> set[str]:
    return {i["link"] for i in read_jsonl(ROOT / "tests/gold/streams/items.jsonl")}


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


def weak_syria(corpus: Path, rng: random.Random, n: int):
    in_gold = {
        i["ref"]["row_key"]
        for i in read_jsonl(ROOT / "tests/gold/articles/items.jsonl")
        if "row_key" in i.get("ref", {})
    }
    rows = guardian_rows_by_key(corpus / "corpora/guardian_sdf_syria_2017-2019/Guardian_SDF_sample.csv.zip")
    keep = [r for k, r in rows.items() if k not in in_gold]
    return [("", r["text"], {"syria"}, f"guardian:{r['']}") for r in rng.sample(keep, min(n, len(keep)))]


def docbin(nlp, examples) -> DocBin:
    db = DocBin()
    for title, text, tags, _ in examples:
        doc = nlp.make_doc(relevance_text(title, text))
        doc.cats = {t: float(t in tags) for t in THEATRES}
        doc.cats["about"] = float(bool(tags & set(THEATRES)))
        db.add(doc)
    return db


def train_model(train, dev, out: Path) -> Path:
    nlp = spacy.blank("en")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docbin(nlp, train).to_disk(tmp / "train.spacy")
        docbin(nlp, dev).to_disk(tmp / "dev.spacy")
        spacy_train(
            CONFIG,
            tmp / "model",
            overrides={"paths.train": str(tmp / "train.spacy"), "paths.dev": str(tmp / "dev.spacy")},
        )
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(tmp / "model" / "model-last", out)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus"))
    ap.add_argument("--out", default=str(ROOT / "newswatch/tagging/models/relevance"))
    ap.add_argument("--oof", default=str(ROOT / "tests/gold/streams/relevance_oof.jsonl"))
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    corpus, rng = Path(args.corpus), random.Random(args.seed)
    started = time.perf_counter()
    gold = gold_examples(corpus)
    weak = (
        invented_examples()
        + weak_negatives(corpus, gold_links(), rng, 700, 400)
        + weak_syria(corpus, rng, 150)
    )
    print(f"tune gold {len(gold)}; other training examples {len(weak)}")
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
