"""Choose the blend thresholds (KEEP_ABOUT, RESCUE_ABOUT) on the tune half only.

Uses the relevance classifier's out-of-fold scores on the tune items (written by
scripts/train_relevance.py), so no threshold is chosen on scores of a model that saw the
item, and never looks at held_out. Prints F1 per theatre for each pair of thresholds.

    .venv/bin/python scripts/tune_blend.py
"""

from __future__ import annotations

import sys
from datetime import date
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newswatch.evaluation import OutOfFoldRelevance  # noqa: E402
from newswatch.gold_sets import load_article_gold, load_stream_gold, read_jsonl  # noqa: E402
from newswatch.tagging import theatre_scoring  # noqa: E402
from newswatch.tagging.tagger import Tagger  # noqa: E402
from newswatch.taxonomy import THEATRES  # noqa: E402


def main() -> None:
    corpus = ROOT.parent / "shared/corpus"
    items = load_stream_gold(ROOT / "tests/gold/streams", corpus, split="tune")
    items += load_article_gold(ROOT / "tests/gold/articles", corpus, split="tune")
    oof = {
        r["gid"]: r["scores"]["about"] for r in read_jsonl(ROOT / "tests/gold/streams/relevance_oof.jsonl")
    }
    keyed = {OutOfFoldRelevance.key(i["title"], i["text"]): oof[i["id"]] for i in items if i["id"] in oof}
    tagger = Tagger.from_seeds(ROOT / "seeds")
    tagger.relevance = OutOfFoldRelevance(keyed)
    print(f"tune items: {len(items)} (out-of-fold scores for {len(oof)})")
    grid = product((0.05, 0.1, 0.15, 0.2, 0.3), (0.4, 0.6, 1.01), (0.8, 0.85, 0.9, 0.95, 1.01))
    for keep, rescue, strong in grid:
        theatre_scoring.KEEP_ABOUT, theatre_scoring.RESCUE_ABOUT = keep, rescue
        theatre_scoring.STRONG_EVIDENCE = strong
        counts = {t: [0, 0, 0] for t in THEATRES}
        for item in items:
            got = set(tagger.tag(item["title"], item["text"], date.fromisoformat(item["date"])).tags)
            for t in THEATRES:
                counts[t][0] += t in got and t in item["tags"]
                counts[t][1] += t in got and t not in item["tags"]
                counts[t][2] += t not in got and t in item["tags"]
        cells = []
        for t, (tp, fp, fn) in counts.items():
            p, r = tp / (tp + fp) if tp + fp else 0, tp / (tp + fn) if tp + fn else 0
            cells.append(f"{t[:5]} P{p:.2f} R{r:.2f} F{2 * p * r / (p + r) if p + r else 0:.2f}")
        print(f"keep {keep:.2f} rescue {rescue:.2f} strong {strong:.2f} | " + " | ".join(cells))


if __name__ == "__main__":
    main()
