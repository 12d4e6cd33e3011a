"""`newswatch replay` counts first: its progress bar has a total (the batches it will run)
and ends complete."""

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


def test_replay_progress_has_a_total_and_completes(tmp_path, db, capsys, monkeypatch):
    bars: list[dict] = []

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

    monkeypatch.setattr(cli_history, "progress_bar", recorder)
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
