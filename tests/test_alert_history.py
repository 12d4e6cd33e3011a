"""Over a real warehouse: replay never delivers and a following cycle sends nothing from it;
backtest raises exactly the alerts replay recorded (every kind); analyst feedback is stored,
honoured by the rules and scored by week."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from newswatch import feedback
from newswatch.alert_rules import load_rules
from newswatch.config import DEFAULT_RULES, SEEDS_DIR
from newswatch.stages import notify
from newswatch.stages.history import backtest, run_replay

TIMELINE = "tests/gold/alerts_timeline.jsonl"
pytestmark = pytest.mark.slow  # a 60-day replay (module fixture)


@pytest.fixture(scope="module")
def replayed(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("hist") / "w.duckdb")
    rules = load_rules(DEFAULT_RULES)
    report = run_replay([TIMELINE], db, rules, SEEDS_DIR)
    return db, rules, report


def _rows(db, sql):
    with duckdb.connect(db, read_only=True) as con:
        return con.execute(sql).fetchall()


def test_replay_records_but_a_following_cycle_delivers_nothing(replayed, tmp_path, monkeypatch):
    db, rules, report = replayed
    assert report.alerts and _rows(db, "SELECT count(*) FROM deliveries")[0][0] == 0
    monkeypatch.chdir(tmp_path)  # the jsonl/markdown channels write under data/
    sent = notify.run(db, rules, datetime.now(UTC))
    assert sent == {}
    assert not (tmp_path / "data").exists()
    assert _rows(db, "SELECT count(*) FROM alerts WHERE happened_on IS NULL")[0][0] == 0


def test_backtest_raises_exactly_what_replay_recorded(replayed):
    db, rules, _ = replayed
    recorded = _rows(db, "SELECT alert_id, kind, summary FROM alerts ORDER BY alert_id")
    fired = sorted((a["alert_id"], a["kind"], a["summary"]) for a in backtest(db, rules))
    assert fired == recorded
    assert {k for _i, k, _s in recorded} >= {"recurrence", "meeting", "first_seen"}


def test_feedback_stored_muted_keys_do_not_alert_precision_by_week(replayed, tmp_path):
    import shutil

    src, rules, _ = replayed
    db = str(tmp_path / "copy.duckdb")
    shutil.copy(src, db)
    ids = [r[0] for r in _rows(db, "SELECT alert_id FROM alerts ORDER BY created_at")]
    feedback.confirm(db, ids[0][:10])
    feedback.dismiss(db, ids[1], reason="other talks")
    feedback.confirm(db, ids[2])
    with pytest.raises(feedback.FeedbackError):
        feedback.dismiss(db, ids[3], reason=" ")
    with pytest.raises(feedback.FeedbackError):
        feedback.confirm(db, "no-such-alert")
    labels = feedback.verdict_by_alert(db)
    assert labels[ids[0]] == "confirmed" and labels[ids[1]] == "dismissed: other talks"
    weeks = feedback.desk_precision(db)
    assert sum(w.confirmed for w in weeks) == 2 and sum(w.dismissed for w in weeks) == 1
    assert "overall" in feedback.format_precision(weeks)
    # a mute in force silences the key in a backtest of the same history (mutes are dated)
    feedback.mute(db, "violence-recurs", days=365, now=datetime(2025, 12, 1, tzinfo=UTC))
    fired = backtest(db, rules)
    assert fired and not [a for a in fired if a["rule"] == "violence-recurs"]
    assert feedback.active_mutes(db, datetime(2026, 1, 15, tzinfo=UTC))[0]["mute_key"] == "violence-recurs"
