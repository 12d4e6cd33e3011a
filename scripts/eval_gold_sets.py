"""Tagging figures on the independent gold sets, per half (tune / held_out).

    .venv/bin/python scripts/eval_gold_sets.py                 # both halves, streams and articles
    .venv/bin/python scripts/eval_gold_sets.py --errors        # plus the errors of the TUNE half only

Tune figures use the relevance classifier's out-of-fold scores (the shipped model was trained
on the tune half, so its own scores there would be in-sample); held-out uses the shipped model.
Errors are printed for the tune half only: the held-out half is reported, never studied.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newswatch.evaluation import format_split_report, gold_set_reports  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus"))
    ap.add_argument("--errors", action="store_true", help="print the tune half's errors")
    ap.add_argument("--set", choices=["streams", "articles", "all"], default="all")
    args = ap.parse_args()
    sets = ["streams", "articles"] if args.set == "all" else [args.set]
    for name in sets:
        for split, report in gold_set_reports(ROOT / "tests/gold" / name, args.corpus, name).items():
            print(format_split_report(name, split, report, show_errors=args.errors and split == "tune"))


if __name__ == "__main__":
    main()
