"""Out-of-fold experiment: a spaCy textcat over event-type groups as a veto on rule events.

Issue 10 §3, round 5. REJECTED, kept as a harness for the next attempt (figures in
../notes/rejected_evtype.md and below). Nothing in newswatch/ uses it; it ships no model.

The idea: a small multi-label bag-of-words `textcat_multilabel` (the relevance classifier's
config, newswatch/tagging/relevance.cfg, with overrides) reads the headline and the lead
(relevance.relevance_text) and gives P(group of event types); a rule event the classifier
read whose group scores below a threshold is dropped. Groups, not the 16 types: the PLOVER
sentences are coded in PLOVER categories, which tell violence from talks but not an air
strike from shelling.

Training data, tune halves only (never a held-out item):
* tests/gold/streams: the tune half's items (headline + description), gold event types as
  groups; the many items with no event are negatives for every group;
* PLOVER GSR: the tune half of scripts/eval_plover_split.py's split_of, one sentence each,
  its PLOVER category as a group (evaluation.PLOVER_OF read backwards); a category we do not
  cover (DEMAND, REJECT, PROTEST ...) is a negative for every group;
* tests/gold/recurrence_{streams,guardian,snapshots}: items published before the timeline's
  cut (the tune half), their story's type as a positive, other groups unlabelled (a story
  names one type); an item whose link is a held-out streams gold item is left out;
* the invented set tests/gold/tagging.jsonl (in every fold: a guard, not a tuning target).

k-fold (k=4) over the streams, PLOVER and recurrence tune items: the rule events of each
streams and PLOVER tune item (tagged as `newswatch eval events` tags the tune half, with the
relevance out-of-fold scores) are scored by a model that did not see the item, and the
script prints tune event-type figures for each veto threshold.

What it found (2026-11-29, e84af44): out-of-fold, the veto gains at most one event on the
streams tune half (type F1 0.857 -> 0.865 at 0.01 with unigrams, 0.854 with bigrams) and
nothing on PLOVER tune (0.700); every threshold >= 0.02 loses more true events than false
ones. Shipped at 0.01 the unigram model lowered held-out type F1 0.61 -> 0.60.

    .venv/bin/python scripts/train_event_types.py                      # grid, ~80 s
    .venv/bin/python scripts/train_event_types.py --set components.textcat_multilabel.model.ngram_size=2
    .venv/bin/python scripts/train_event_types.py --out /tmp/event_types  # also a model on all tune data
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import spacy
from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_plover_split import split_of  # noqa: E402
from textcat_training import train_textcat  # noqa: E402

from newswatch.evaluation import PLOVER_COVERED, OutOfFoldRelevance, plover_category  # noqa: E402
from newswatch.gold_sets import load_recurrence_gold, load_stream_gold, read_jsonl  # noqa: E402
from newswatch.tagging.relevance import relevance_text  # noqa: E402
from newswatch.tagging.tagger import Tagger  # noqa: E402

CONFIG = ROOT / "newswatch/tagging/relevance.cfg"
# The shape the round-5 grid used: unigrams scored best out-of-fold (see the docstring).
DEFAULT_OVERRIDES = {"components.textcat_multilabel.model.ngram_size": 1}
PLOVER = "labeled/plover_gsr/PLOVER_GSR_CAMEO.json"
RECURRENCE = ("recurrence_streams", "recurrence_guardian", "recurrence_snapshots")
GROUP_OF = {
    **dict.fromkeys(
        ("AIRSTRIKE", "SHELLING", "BOMBING", "ARMED_CLASH", "TERRITORY_CHANGE", "SHOOTDOWN", "KILLING"),
        "violence",
    ),
    "MIL_DEPLOYMENT": "deploy",
    "JOINT_PATROL": "deploy",
    "MEETING": "meeting",
    "MEETING_POSTPONED": "meeting",
    "CEASEFIRE": "agree",
    "AGREEMENT": "agree",
    "SANCTION": "sanction",
    "ACCUSATION": "accuse",
    "THREAT": "threat",
}
GROUPS = tuple(dict.fromkeys(GROUP_OF.values()))
GROUP_OF_PLOVER = {
    "ASSAULT": "violence",
    "FIGHT": "violence",
    "MOBILIZE": "deploy",
    "CONSULT": "meeting",
    "AGREE": "agree",
    "SANCTION": "sanction",
    "DISAPPROVE": "accuse",
    "THREATEN": "threat",
}


def event_text(title: str, body: str) -> str:
    """What the classifier reads: the headline and the lead (as the relevance classifier)."""
    return relevance_text(title, body)


def read_by_classifier(sentence: str, text: str) -> bool:
    """The event's sentence lies in what the classifier read (the headline, or a sentence that
    starts within the lead's words): all of a feed item, only the top of a full article. A
    veto on events further down (scored with headline + their sentence) removed four of the
    seed article's 14 checked events."""
    start = " ".join(sentence.split()[:8])
    return bool(start) and start in text


def streams_tune(corpus: Path) -> list[dict]:
    items = load_stream_gold(ROOT / "tests/gold/streams", corpus, split="tune")
    assert all(i["split"] == "tune" for i in items)
    return [
        {
            "id": i["id"],
            "kind": "streams",
            "title": i["title"],
            "text": i["text"],
            "date": i["date"],
            "types": {e["type"] for e in i["events"]},
            "cats": {g: float(any(GROUP_OF[e["type"]] == g for e in i["events"])) for g in GROUPS},
        }
        for i in items
    ]


def plover_tune(corpus: Path) -> list[dict]:
    out = []
    for rec in json.loads((corpus / PLOVER).read_text(encoding="utf-8")):
        gold = rec.get("event")
        if gold == "DOCUMENT" or not rec.get("text") or split_of(rec.get("id", "")) != "tune":
            continue
        group = GROUP_OF_PLOVER.get(gold)
        out.append(
            {
                "id": f"plover:{rec['id']}",
                "kind": "plover",
                "title": "",
                "text": rec["text"],
                "date": rec.get("date") or "2000-01-01",
                "gold": gold,
                "cats": {g: float(g == group) for g in GROUPS},
            }
        )
    return out


def recurrence_tune(corpus: Path) -> list[dict]:
    held_links = {
        i["link"] for i in read_jsonl(ROOT / "tests/gold/streams/items.jsonl") if i["split"] != "tune"
    }
    out = []
    for name in RECURRENCE:
        gold_dir = ROOT / "tests/gold" / name
        types = {r["rid"]: r.get("type") for r in read_jsonl(gold_dir / "gold.jsonl")}
        timeline, _expected, cut = load_recurrence_gold(gold_dir, corpus)
        for a in timeline:
            etype = types.get(a["id"])
            if a["published"][:10] >= cut or not etype or a["url"] in held_links:
                continue
            out.append(
                {
                    "id": f"{name}:{a['id']}",
                    "kind": "recurrence",
                    "title": a["title"],
                    "text": a["text"],
                    "cats": {GROUP_OF[etype]: 1.0},
                }
            )
    return out


def invented() -> list[dict]:
    rows = read_jsonl(ROOT / "tests/gold/tagging.jsonl")
    return [
        {
            "id": r["id"],
            "kind": "invented",
            "title": r["title"],
            "text": r["text"],
            "cats": {g: float(any(GROUP_OF[e["type"]] == g for e in r["events"])) for g in GROUPS},
        }
        for r in rows
    ]


def docbin(nlp, examples) -> DocBin:
    db = DocBin()
    for ex in examples:
        doc = nlp.make_doc(relevance_text(ex["title"], ex["text"]))
        doc.cats = dict(ex["cats"])
        db.add(doc)
    return db


def train_model(train, dev, out: Path, seed: int, extra: dict | None = None) -> Path:
    nlp = spacy.blank("en")
    overrides = {"system.seed": seed, **(extra or {})}
    return train_textcat(CONFIG, docbin(nlp, train), docbin(nlp, dev), out, overrides)


def rule_events(items: list[dict], tune_relevance: dict[str, float]) -> None:
    """Each streams / PLOVER item's rule events (as the evaluation tags them), kept on the item."""
    tagger = Tagger.from_seeds(ROOT / "seeds")
    relevance = tagger.relevance
    for it in items:
        if it["kind"] == "streams":
            keyed = {OutOfFoldRelevance.key(it["title"], it["text"]): tune_relevance.get(it["id"], 0.0)}
            tagger.relevance = OutOfFoldRelevance(keyed) if relevance is not None else None
            res = tagger.tag(it["title"], it["text"], date.fromisoformat(it["date"]))
        elif it["kind"] == "plover":
            res = tagger.tag("", it["text"], date.fromisoformat(it["date"]), require_theatre=False)
        else:
            continue
        title = (it["title"] or "").strip()
        body = (it["text"] or "").strip()
        if title and body.startswith(title):
            body = body[len(title) :].lstrip()
        it["events"] = res.events
        it["texts"] = [event_text(title, body) for e in res.events]
        it["read"] = [read_by_classifier(e.sentence, it["texts"][0]) for e in res.events]
        it["headline_only"] = [e.from_headline for e in res.events]


def fold_of(item_id: str, folds: int, seed: int) -> int:
    return hashlib.sha1(f"{seed}:{item_id}".encode()).digest()[0] % folds


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def score_threshold(
    items: list[dict], threshold: float, per_group: dict[str, float] | None = None, scope: str = "read"
):
    """Tune figures (streams type P/R/F1, PLOVER micro F1) with the veto at `threshold`."""
    counts = {"streams": [0, 0, 0], "plover": [0, 0, 0]}
    for it in items:
        if "events" not in it:
            continue
        kept = []
        judged = it["read"] if scope == "read" else it["headline_only"]
        for e, seen, scores in zip(it["events"], judged, it["oof"], strict=True):
            group = GROUP_OF.get(e.type)
            limit = (per_group or {}).get(group, threshold)
            if group is None or not seen or scores[group] >= limit:
                kept.append(e)
        if it["kind"] == "streams":
            got, want = {e.type for e in kept}, it["types"]
        else:
            cat = plover_category(kept, it["gold"])
            got = {cat} & PLOVER_COVERED if cat else set()
            want = {it["gold"]} & PLOVER_COVERED
        c = counts[it["kind"]]
        c[0] += len(got & want)
        c[1] += len(got - want)
        c[2] += len(want - got)
    return {k: f1(*v) for k, v in counts.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus"))
    ap.add_argument("--out", help="also train a model on all the tune data, written here")
    ap.add_argument("--oof", default="/tmp/event_types_oof.jsonl", help="out-of-fold scores (no text)")
    ap.add_argument("--folds", type=int, default=4)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument(
        "--scope",
        choices=("read", "headline"),
        default="read",
        help="events the veto judges: all it read, or only those the headline alone reports",
    )
    ap.add_argument("--set", nargs="*", default=[], help="config overrides, e.g. training.max_epochs=30")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    overrides = dict(DEFAULT_OVERRIDES)
    for kv in args.set:
        key, value = kv.split("=", 1)
        overrides[key] = json.loads(value)
    started = time.perf_counter()
    tune = streams_tune(corpus) + plover_tune(corpus) + recurrence_tune(corpus)
    extra = invented()
    counts = {k: sum(1 for i in tune if i["kind"] == k) for k in ("streams", "plover", "recurrence")}
    print(f"tune items {counts}; invented {len(extra)}")
    relevance = {
        r["gid"]: r["scores"]["about"] for r in read_jsonl(ROOT / "tests/gold/streams/relevance_oof.jsonl")
    }
    rule_events(tune, relevance)
    rows = []
    for k in range(args.folds):
        test = [i for i in tune if fold_of(i["id"], args.folds, args.seed) == k]
        train = [i for i in tune if fold_of(i["id"], args.folds, args.seed) != k] + extra
        dev = [i for i in test if i["kind"] == "streams"]
        with tempfile.TemporaryDirectory() as tmp:
            model = spacy.load(train_model(train, dev, Path(tmp) / "m", args.seed, overrides))
            for it in test:
                if "texts" not in it:
                    continue
                docs = list(model.pipe(it["texts"]))
                it["oof"] = [{g: round(d.cats[g], 4) for g in GROUPS} for d in docs]
                rows.append(
                    {
                        "id": it["id"],
                        "events": [
                            {"type": e.type, "read": r, "scores": s}
                            for e, r, s in zip(it["events"], it["read"], it["oof"], strict=True)
                        ],
                    }
                )
    Path(args.oof).write_text("".join(json.dumps(r) + "\n" for r in sorted(rows, key=lambda r: r["id"])))
    print("out-of-fold tune figures per veto threshold (0 = rules alone):")
    for threshold in (0.0, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3):
        figs = score_threshold(tune, threshold, scope=args.scope)
        s, p = figs["streams"], figs["plover"]
        print(
            f"  veto {threshold:.3f} | streams type P {s[0]:.3f} R {s[1]:.3f} F1 {s[2]:.3f}"
            f" | plover P {p[0]:.3f} R {p[1]:.3f} F1 {p[2]:.3f}"
        )
    if args.out:
        streams = [i for i in tune if i["kind"] == "streams"]
        train_model(tune + extra, streams[: len(streams) // 5], Path(args.out), args.seed, overrides)
        print(f"model -> {args.out}")
    print(f"out-of-fold scores -> {args.oof}; {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
