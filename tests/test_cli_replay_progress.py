"""`newswatch replay` counts first: its progress bar has a total (the batches it will run)
and ends complete. So does `newswatch eval alerts` (it stood at 0/1 for the whole replay)."""

from __future__ import annotations

import contextlib
import json

from newswatch.cli import history as cli_history
from newswatch.cli import main

ITEMS = [
    {
        "link": f"https://wire.example/{day}-{n}",
        "title": f"Market news {day} {n}",
        "date_published": f"2026-03-{day:02d}T{9 + n:02d}:00:00+00:00",
        "source": "Wire",
        "description": "Prices of bread and fuel were steady in the capital's markets this week.",
    }
    for day in (2, 3, 5, 9)  # four days with items, two empty days between them skipped
    for n in range(2)
]


def _recorder(bars: list[dict]):
    """A stand-in for common.progress_bar that records each bar's total and progress."""

    @contextlib.contextmanager
    def recorder(description, total, *, quiet=False):
        bar = {"description": description, "total": total, "completed": 0, "updates": 0}
        bars.append(bar)

        def update(completed=None, total=None, description=None, advance=None):
            bar["updates"] += 1
            if completed is not None:
                bar["completed"] = completed
            if advance is not None:
                bar["completed"] += advance
            if total is not None:
                bar["total"] = total

        yield update

    return recorder


def test_replay_progress_has_a_total_and_completes(tmp_path, db, capsys, monkeypatch):
    bars: list[dict] = []

    monkeypatch.setattr(cli_history, "progress_bar", _recorder(bars))
    stream = tmp_path / "wire.jsonl"
    stream.write_text("".join(json.dumps(i) + "\n" for i in ITEMS))
    assert main(["replay", str(stream), "--db", db]) == 0
    assert "replayed 8 items in 4 batches" in capsys.readouterr().out
    replaying = bars[-1]
    assert replaying["total"] == 4 and replaying["completed"] == 4 and replaying["updates"] == 4
    # half-day batches: still one batch per simulated half-day with items
    assert main(["replay", str(stream), "--db", db, "--batch-days", "0.5"]) == 0
    assert "in 4 batches" in capsys.readouterr().out
    assert bars[-1]["total"] == 4 == bars[-1]["completed"]


def test_eval_alerts_progress_counts_the_timeline_days(tmp_path, capsys, monkeypatch):
    from newswatch.cli import evals as cli_evals

    bars: list[dict] = []
    monkeypatch.setattr(cli_evals, "progress_bar", _recorder(bars))
    timeline = tmp_path / "timeline.jsonl"
    items = [  # the gold timeline's form (tests/gold/alerts_timeline.jsonl), four days
        {
            "id": f"a{k}",
            "published": i["date_published"],
            "source": i["source"],
            "url": i["link"],
            "title": i["title"],
            "text": i["description"],
            "story": f"s{k}",
        }
        for k, i in enumerate(ITEMS)
    ]
    timeline.write_text("".join(json.dumps(i) + "\n" for i in items))
    expected = tmp_path / "expected.jsonl"
    expected.write_text("")
    assert main(["eval", "alerts", "--gold", str(timeline), "--expected", str(expected)]) == 0
    assert "expected alerts 0" in capsys.readouterr().out
    (bar,) = bars
    assert bar["total"] == 4 and bar["completed"] == 4 and bar["updates"] == 4
