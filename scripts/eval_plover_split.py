"""PLOVER GSR covered categories, per half of a deterministic split.

    .venv/bin/python scripts/eval_plover_split.py            # both halves
    .venv/bin/python scripts/eval_plover_split.py --errors   # plus the errors of the TUNE half only

`newswatch eval tagging --plover` scores all 322 sentences as one set. Rules were tuned on
them before, so this script splits them 50/50 by a hash of the sentence id (sha1, first byte
even: `tune`, odd: `held_out`): tune errors may be studied, held-out is only reported.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newswatch.config import SEEDS_DIR  # noqa: E402
from newswatch.evaluation import evaluate_plover, format_report  # noqa: E402

DEFAULT = ROOT.parent / "shared/corpus/labeled/plover_gsr/PLOVER_GSR_CAMEO.json"


def split_of(record_id: str) -> str:
    return "tune" if hashlib.sha1(record_id.encode()).digest()[0] % 2 == 0 else "held_out"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--plover", default=str(DEFAULT))
    ap.add_argument("--errors", action="store_true", help="print the tune half's errors")
    args = ap.parse_args()
    records = json.loads(Path(args.plover).read_text(encoding="utf-8"))
    from newswatch.stages.process import get_tagger

    tagger = get_tagger(SEEDS_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        for half in ("tune", "held_out"):
            path = Path(tmp) / f"{half}.json"
            path.write_text(json.dumps([r for r in records if split_of(r.get("id", "")) == half]))
            report = evaluate_plover(path, SEEDS_DIR, tagger=tagger)
            report.name = f"plover/{half}"
            text = format_report(report, show_errors=args.errors and half == "tune")
            lines = text.splitlines()
            micro = next(ln for ln in lines if ln.startswith("micro"))
            print(f"{report.name}: {report.items} items | {micro}")
            if args.errors and half == "tune":
                print("\n".join(ln for ln in lines if ln.startswith("  ")))


if __name__ == "__main__":
    main()
