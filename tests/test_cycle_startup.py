"""A cycle with nothing new stays cheap (benchmarks/cycle_startup.py measures it): `newswatch
run` does not import spaCy or trafilatura before there is something to tag or extract, and
the monitor flow skips the tagger and the task runs of empty batches, storing exactly what
the plain stages store."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("spacy", "trafilatura", "newswatch.tagging.tagger")
FIRST = datetime.fromisoformat("2026-03-02T18:00:00+00:00")
LATER = datetime.fromisoformat("2026-03-02T18:01:00+00:00")  # the feed is not due yet

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>{base}/</link>
<item><title>Airstrike on Idlib kills five</title><link>{base}/a.html</link>
<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate>
<description>Russian jets struck Idlib in north-west Syria on Monday.</description></item>
</channel></rss>"""
PAGE = "<html><body><article><h1>Airstrike on Idlib</h1>{}</article></body></html>".format(
    "<p>Russian jets struck a market in Idlib, Syria, on Monday, killing five people.</p>" * 8
)


def _loaded_after(code: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print('\\n'.join(sys.modules))"],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    return set(proc.stdout.split())


def test_the_run_command_imports_no_tagger_and_no_extractor():
    """What `newswatch run` imports before the flow starts: the CLI and flows.monitor."""
    loaded = _loaded_after("import newswatch.cli, flows.monitor")
    assert "flows.monitor" in loaded and "prefect" in loaded  # the check sees real imports
    assert [m for m in HEAVY if m in loaded] == []


def test_the_tagger_and_extractor_are_still_there_when_needed():
    loaded = _loaded_after(
        "from newswatch.stages import process; process.get_tagger()\n"
        "from newswatch.extract import extract_html; extract_html('<p>' + 'Idlib. ' * 80 + '</p>')"
    )
    assert set(HEAVY) <= loaded


def _tables(db: str) -> dict[str, list[tuple]]:
    with duckdb.connect(db, read_only=True) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}


@pytest.mark.usefixtures("prefect_harness")
def test_a_cycle_with_nothing_new_skips_tagging_and_empty_tasks_and_stores_the_same(
    tmp_path, server, db, monkeypatch
):
    from prefect.tasks import Task

    from flows.monitor import monitor
    from newswatch.config import FetchSettings
    from newswatch.settings import current_settings
    from newswatch.stages import process as process_stage
    from newswatch.stages import run_cycle

    server.route("/feed.xml", RSS.format(base=server.url), content_type="application/rss+xml")
    server.route("/a.html", PAGE)
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - {{url: '{server.url}/feed.xml', name: Wire}}\n")
    ran: list[str] = []
    call = Task.__call__

    def spy(self, *args, **kwargs):
        ran.append(self.name)
        return call(self, *args, **kwargs)

    monkeypatch.setattr(Task, "__call__", spy)
    first = monitor(feeds=str(feeds), db=db, allow_private_hosts=True, now=FIRST)
    assert first["ingest"]["new_articles"] == 1 and first["process"]["articles"] == 1
    assert {"fetch-feeds", "prepare-tagging", "tag-batch", "store-tags"} <= set(ran)

    plain_db = str(tmp_path / "plain.duckdb")
    shutil.copy(db, plain_db)
    ran.clear()
    process_stage._TAGGERS.clear()
    second = monitor(feeds=str(feeds), db=db, allow_private_hosts=True, now=LATER)
    assert second["ingest"]["feeds_polled"] == 0 and second["process"] == {}
    assert process_stage._TAGGERS == {}, "no article pending: the tagger must not be loaded"
    empty = {"fetch-feeds", "parse-feeds", "find-new-items", "store-ingest"}
    empty |= {"prepare-tagging", "read-pending", "record-alerts"}
    assert empty.isdisjoint(ran), f"task runs for empty batches: {sorted(empty & set(ran))}"
    assert {"load-feed-list", "select-due-feeds", "cluster-events", "deliver-outbox"} <= set(ran)

    # The plain stages (no Prefect, nothing skipped) store exactly the same rows.
    settings = FetchSettings.from_settings(current_settings(), allow_private_hosts=True)
    plain = run_cycle(str(feeds), plain_db, settings, current_settings().rules, now=LATER)
    assert plain["ingest"].feeds_polled == 0 and plain["alerts"] == []
    assert _tables(db) == _tables(plain_db)


def test_the_temporary_server_gets_the_generous_start_deadline(tmp_path):
    """NEWSWATCH_PREFECT_SERVER=ephemeral: Prefect's own 20 s deadline failed whole cycles on a
    busy machine; the run waits as long as for the background server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_SERVER_EPHEMERAL")}
    env.update(NEWSWATCH_PREFECT_SERVER="ephemeral", NEWSWATCH_PREFECT_START_S="240")
    env.update(PREFECT_HOME=str(tmp_path / "prefect"))
    code = (
        "from newswatch import prefect_server; assert prefect_server.ensure_api() is None\n"
        "from prefect.settings import get_current_settings as s\n"
        "print(s().server.ephemeral.startup_timeout_seconds)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert proc.stdout.split() == ["240"]
