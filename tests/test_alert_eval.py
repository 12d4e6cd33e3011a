"""Alerts on the labelled 60-day timeline (tests/gold/alerts_timeline.jsonl): the whole
pipeline replayed with a simulated clock must keep the precision and recall measured
(0.90 / 0.95, see docs/alerts.md) and never alert on copies or twice for one happening."""

from __future__ import annotations

from pathlib import Path

import pytest

from newswatch.alert_eval import evaluate_alerts, format_score
from newswatch.config import DEFAULT_RULES, SEEDS_DIR

GOLD = Path(__file__).resolve().parent / "gold"
pytestmark = pytest.mark.slow  # a 60-day replay (module fixture)


@pytest.fixture(scope="module")
def score(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("alert-eval") / "eval.duckdb")
    return evaluate_alerts(
        GOLD / "alerts_timeline.jsonl", GOLD / "alerts_expected.jsonl", DEFAULT_RULES, SEEDS_DIR, db=db
    )


def test_precision_and_recall_floors(score):
    print(format_score(score, show_errors=True))
    assert score.expected == 19
    assert score.precision >= 0.85
    assert score.recall >= 0.85


def test_no_alert_from_copies_or_twice_for_one_happening(score):
    assert score.from_copies == 0
    assert score.duplicates == 0


def test_detection_within_a_simulated_day(score):
    assert score.median_delay_h is not None and score.median_delay_h <= 24
