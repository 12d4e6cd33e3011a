#!/usr/bin/env bash
# Every signal-quality figure of issue 10, both halves, for the checkout this script is in:
# streams/articles theatre tags, streams events, the PLOVER split, the invented set, the seed
# article and the recurrence alerts (three real timelines pooled, and the invented timeline).
# About 1-2 minutes on one core. Only aggregate figures are printed (no held-out item).
#
#   scripts/figures.sh          # everything
#   scripts/figures.sh quick    # without the alert replays
#   PYTHON=/path/to/python scripts/figures.sh   # another interpreter (default: .venv/bin/python)
set -u
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
nw() { "$PY" -m newswatch.cli "$@" --quiet 2>&1; }
echo "== $(git rev-parse --short HEAD 2>/dev/null || echo '?') ($(git status --short 2>/dev/null | wc -l) changed files)"
echo "-- newswatch eval tagging --split both (theatre P/R/F1)"
nw eval tagging --split both | grep -Ei "tune|held|syria|libya|turkey" | head -20
echo "-- newswatch eval events --split both"
nw eval events --split both | tail -4
echo "-- scripts/eval_plover_split.py (covered categories, micro P R F1 TP FP FN)"
"$PY" scripts/eval_plover_split.py 2>&1 | grep -Ei "micro" | head -2
echo "-- newswatch eval tagging (invented set: theatre micro, event type micro, type + region)"
nw eval tagging | grep -Ei "^micro|type \+ region" | head -3
echo "-- newswatch eval tagging --seed (the seed article)"
nw eval tagging --seed ../shared/corpus/seed/idlib_mediation_article.txt | grep -E "^found"
if [ "${1:-}" != quick ]; then
  echo "-- newswatch eval alerts --split both (pooled over the three real timelines)"
  nw eval alerts --split both | grep -A3 -i "pooled" | grep -Ei "pooled|^precision|copies"
  echo "-- newswatch eval alerts (invented timeline)"
  nw eval alerts | grep -Ei "^precision|copies"
fi
