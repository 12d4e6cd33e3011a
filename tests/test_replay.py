"""Replay: archives through the whole pipeline with a simulated clock, as a Prefect flow run
and from the CLI, fetching nothing."""

from __future__ import annotations

import gzip
import json

import pytest

from newswatch.cli import main
from warehouse import connect


def _stream(path, items):
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item) + "\n")


ITEMS = [
    {
        "link": "https://wire.example/a?utm_source=x",
        "title": "Roadside bomb hits joint patrol on M4",
        "date_published": "2026-03-02T09:00:00+00:00",
        "source": "Wire",
        "description": "A roadside bomb exploded on Monday as a joint Russian-Turkish patrol drove along "
        "the M4 highway near Ariha in Idlib province, damaging a Russian armoured vehicle.",
    },
    {
        "link": "https://wire.example/a",
        "title": "Roadside bomb hits joint patrol on M4 (dup link)",
        "date_published": "2026-03-02T10:00:00+00:00",
        "source": "Wire",
        "description": "same",
    },
    {
        "link": "https://other.example/b",
        "title": "Second bomb hits joint patrol on M4",
        "date_published": "2026-03-05T09:00:00+00:00",
        "source": "Other",
        "description": "Another roadside bomb struck a joint Russian-Turkish patrol on the M4 highway on "
        "Thursday near Jisr al-Shughur in Idlib province, damaging a Russian vehicle.",
    },
]


@pytest.mark.usefixtures("prefect_harness")
def test_replay_flow_stores_each_link_once_and_raises_the_recurrence(tmp_path, db):
    from flows.replay import replay

    stream = tmp_path / "wire.jsonl.gz"
    _stream(stream, ITEMS)
    result = replay(paths=[str(stream)], db=db)
    assert result["new_articles"] == 2 and result["batches"] == 2
    assert result["alerts"] == 1
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchall()[0][0] == 2
        assert con.execute("SELECT kind FROM alerts").fetchall() == [("recurrence",)]
        assert con.execute("SELECT count(*) FROM fetches").fetchall()[0][0] == 0  # nothing fetched


def test_replay_cli_is_idempotent(tmp_path, db, capsys):
    stream = tmp_path / "wire.jsonl"
    stream.write_text("".join(json.dumps(i) + "\n" for i in ITEMS))
    assert main(["replay", str(stream), "--db", db, "--quiet"]) == 0
    assert main(["replay", str(stream), "--db", db, "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "2 new articles" in out and "0 new articles" in out
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM alerts").fetchall()[0][0] == 1
