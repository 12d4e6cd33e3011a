"""`newswatch demo` end to end, as a user runs it: a subprocess over the first 14 simulated
days (the M4 joint-patrol IED chain recurs on day 14), real Prefect flow runs on the
session's Prefect server (PREFECT_API_URL, as a user with a server runs it; a server of its
own would cost a minute), real HTTP on 127.0.0.1. Checks the exit code, the alerts printed
as they fired, the report and the suggested next commands (which must work against the
demo's warehouse)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from newswatch.cli import main

ROOT = Path(__file__).resolve().parent.parent
DAYS = 14


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, prefect_api):
    work = tmp_path_factory.mktemp("demo")
    env = {
        **os.environ,
        "PREFECT_HOME": str(work / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_API_URL": prefect_api,
        "NO_COLOR": "1",
    }
    env.pop("NEWSWATCH_PREFECT_SERVER", None)
    env.pop("NEWSWATCH_ALLOW_PRIVATE_HOSTS", None)
    proc = subprocess.run(
        [sys.executable, "-m", "newswatch.cli", "demo", "--days", str(DAYS), "--dir", str(work / "out")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=280,
    )
    return work / "out", proc


@pytest.mark.slow
def test_demo_runs_fires_alerts_and_writes_the_report(demo_run):
    out, proc = demo_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    alert_lines = [ln for ln in lines if re.match(r"^  \d\d-\d\d  (high|medium|low|info) ", ln)]
    # the recurrence on the M4 IED chain (first 2026-03-03, again 2026-03-14) fired on day 14
    m4 = [ln for ln in alert_lines if "recurrence" in ln and "M4" in ln and "BOMBING" in ln]
    assert m4 and m4[0].startswith("  03-14  high"), "\n".join(alert_lines)
    # no feed is called silent for one quiet day (the fetch clock follows the simulated clock)
    assert not [ln for ln in alert_lines if "usually every 0.0 h" in ln]
    assert f"{DAYS} simulated days" in proc.stdout
    report = out / "report.html"
    assert report.is_file() and f"Report: {report}" in proc.stdout
    page = report.read_text(encoding="utf-8")
    assert "M4" in page and "<svg" in page
    # what to try next, against this warehouse
    db = out / "newswatch.duckdb"
    assert "newswatch alerts show " in proc.stdout and str(db) in proc.stdout
    assert proc.stdout.count("newswatch sql ") == 3
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_demo_next_steps_work(demo_run, capsys):
    out, proc = demo_run
    assert proc.returncode == 0
    db = str(out / "newswatch.duckdb")
    alert_id = re.search(r"newswatch alerts show (\S+) --db", proc.stdout).group(1)
    capsys.readouterr()
    assert main(["alerts", "show", alert_id, "--db", db]) == 0
    shown = capsys.readouterr().out
    assert "M4" in shown and "2026-03-03" in shown  # the earlier occurrence that makes it a recurrence
    lines = proc.stdout.splitlines()
    suggested = [shlex.split(ln.strip()) for ln in lines if ln.startswith("  newswatch sql ")]
    assert len(suggested) == 3
    for args in suggested:
        assert main(args[1:]) == 0, args
        assert "row" in capsys.readouterr().out


def test_demo_refuses_an_existing_warehouse(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    db.write_bytes(b"")
    assert main(["demo", "--db", str(db), "--dir", str(tmp_path / "out")]) == 2
    assert "exists" in capsys.readouterr().err
