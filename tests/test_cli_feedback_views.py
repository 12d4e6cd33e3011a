"""The desk's feedback seen from the CLI: the verdict in `alerts list` (table, --json,
--unread) and `alerts show`, and `eval alerts --feedback` (precision by week)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import pytest

from newswatch import feedback
from newswatch.cli import main
from warehouse import migrate

T = datetime(2026, 1, 5, 10, tzinfo=UTC)  # a Monday


@pytest.fixture
def judged(db):
    """Five alerts: confirmed, dismissed with a reason, muted by key prefix, muted by rule,
    and one nobody has judged; two of them a week later."""
    migrate(db)
    alerts = [
        ("a1confirmed", "r-strikes", "AIRSTRIKE|adm1:syr-idlib|state:rus", datetime(2026, 1, 5, 10)),
        ("a2dismissed", "r-strikes", "AIRSTRIKE|adm1:syr-aleppo|state:rus", datetime(2026, 1, 6, 10)),
        ("a3mutedkey0", "r-ied", "IED|road:m4|state:tur", datetime(2026, 1, 7, 10)),
        ("a4mutedrule", "r-talks", "MEETING|state:rus|state:tur", datetime(2026, 1, 12, 10)),
        ("a5unread000", "r-strikes", "AIRSTRIKE|adm1:lby-tripoli|x", datetime(2026, 1, 13, 10)),
    ]
    with duckdb.connect(db) as con:
        for alert_id, rule, key, when in alerts:
            con.execute(
                "INSERT INTO alerts (alert_id, kind, rule, recurrence_key, severity, created_at, "
                "summary, explanation, markdown) VALUES (?, 'recurrence', ?, ?, 'high', ?, ?, '{}', ?)",
                [alert_id, rule, key, when.replace(tzinfo=UTC), f"summary {alert_id}", f"# {alert_id}"],
            )
    feedback.dismiss(db, "a1confirmed", reason="first look", now=datetime(2026, 1, 5, 11, tzinfo=UTC))
    feedback.confirm(db, "a1confirmed", now=datetime(2026, 1, 5, 12, tzinfo=UTC))  # the latest wins
    feedback.dismiss(db, "a2dismissed", reason="old news", now=datetime(2026, 1, 6, 11, tzinfo=UTC))
    feedback.mute(db, "IED|road:m4", days=3, now=datetime(2026, 1, 7, 12, tzinfo=UTC))
    feedback.mute(db, "r-talks", days=1, now=datetime(2026, 1, 12, 9, tzinfo=UTC))
    # a mute that ended before the alert was raised does not cover it
    feedback.mute(db, "AIRSTRIKE|adm1:lby-tripoli", days=1, now=datetime(2026, 1, 1, tzinfo=UTC))
    return db


VERDICTS = {
    "a1confirmed": "confirmed",
    "a2dismissed": "dismissed: old news",
    "a3mutedkey0": "muted",
    "a4mutedrule": "muted",
    "a5unread000": None,
}


def test_list_json_has_every_verdict(judged, capsys):
    assert main(["alerts", "list", "--json", "--db", judged]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["alert_id"]: r["verdict"] for r in rows} == VERDICTS


def test_view_agrees_with_the_library(judged):
    with duckdb.connect(judged, read_only=True) as con:
        view = dict(
            con.execute(
                "SELECT alert_id, verdict FROM v_alerts WHERE verdict LIKE 'con%' OR verdict LIKE 'dis%'"
            ).fetchall()
        )
        comment = con.execute(
            "SELECT comment FROM duckdb_columns() WHERE table_name = 'v_alerts' AND column_name = 'verdict'"
        ).fetchone()[0]
    assert view == feedback.verdict_by_alert(judged)
    assert comment and "confirmed" in comment


def test_list_table_shows_the_verdict_column(judged, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    assert main(["alerts", "list", "--db", judged]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    assert "verdict" in header.split()
    # created is "YYYY-MM-DD HH:MM" (two words), then the id
    lines = {ln.split()[2]: ln for ln in out.splitlines()[1:] if len(ln.split()) > 2}
    assert lines["a1confirmed"].rstrip().endswith("confirmed")
    assert lines["a2dismissed"].rstrip().endswith("dismissed: old news")
    assert lines["a3mutedkey0"].rstrip().endswith("muted")
    assert lines["a5unread000"].rstrip().endswith("summary a5unread000")  # blank verdict


def test_unread_is_alerts_without_a_verdict(judged, capsys):
    assert main(["alerts", "list", "--unread", "--json", "--db", judged]) == 0
    assert [r["alert_id"] for r in json.loads(capsys.readouterr().out)] == ["a5unread000"]
    assert main(["alerts", "list", "--unread", "--kind", "burst", "--json", "--db", judged]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_show_prints_the_verdict(judged, capsys):
    assert main(["alerts", "show", "a2dis", "--db", judged]) == 0
    out = capsys.readouterr().out
    assert "# a2dismissed" in out and "verdict: dismissed: old news" in out
    assert main(["alerts", "show", "a5unread", "--db", judged]) == 0
    assert "verdict: none yet — newswatch alerts confirm|dismiss a5unread000" in capsys.readouterr().out
    assert main(["alerts", "show", "a3muted", "--json", "--db", judged]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "muted"


def test_a_warehouse_without_the_verdict_migration_says_migrate(db, capsys):
    migrate(db, target=3)
    assert main(["alerts", "list", "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.startswith("newswatch: error: the warehouse at") and f"newswatch migrate --db {db}" in err


def test_eval_alerts_feedback_is_precision_by_week(judged, capsys):
    assert main(["eval", "alerts", "--feedback", "--db", judged]) == 0
    out = capsys.readouterr().out
    assert "precision as judged by the desk" in out
    # week of 2026-01-05: a1 confirmed, a2 dismissed; mutes and unjudged alerts are not verdicts
    assert "2026-01-05          1          1      0.500" in out
    assert "2026-01-12" not in out
    assert "overall             1          1      0.500" in out


def test_eval_alerts_feedback_with_no_verdicts_and_no_warehouse(db, tmp_path, capsys):
    migrate(db)
    assert main(["eval", "alerts", "--feedback", "--db", db]) == 0
    assert "no alert has been confirmed or dismissed yet" in capsys.readouterr().out
    missing = tmp_path / "none.duckdb"
    assert main(["eval", "alerts", "--feedback", "--db", str(missing)]) == 2
    assert "no warehouse at" in capsys.readouterr().err and not missing.exists()
