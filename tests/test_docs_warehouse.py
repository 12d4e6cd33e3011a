"""Every saved query (warehouse/saved_queries, the questions of docs/warehouse.md) runs
against a warehouse built by the end-to-end fixture, and every SQL block of the document is
one of them, so neither can drift from the schema."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from newswatch.config import DEFAULT_RULES, SEEDS_DIR, FetchSettings
from newswatch.stages import run_cycle
from tests.fixtures import e2e_stories as fx
from tests.fixtures.server import FixtureServer
from warehouse import saved_queries

DOC = Path(__file__).resolve().parent.parent / "docs" / "warehouse.md"
DOC_BLOCKS = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
QUERIES = {q.name: q.sql for q in saved_queries.all_queries()}


def _serve(server, slugs):
    for slug in slugs:
        story = fx.STORIES[slug]
        server.route(f"/{story['feed']}/{slug}.html", fx.page_html(slug))
    for feed in fx.FEEDS:
        server.route(
            f"/{feed}/rss.xml", fx.feed_xml(feed, slugs, server.url), content_type="application/rss+xml"
        )


@pytest.fixture(scope="module")
def e2e_warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docs")
    db = str(folder / "w.duckdb")
    with FixtureServer() as server:
        feeds = folder / "feeds.yaml"
        feeds.write_text(
            "feeds:\n"
            + "".join(f"  - {{url: '{server.url}/{f}/rss.xml', name: {n}}}\n" for f, n in fx.FEEDS.items())
        )
        rules = folder / "alerts.yaml"
        rules.write_text(Path(DEFAULT_RULES).read_text().replace("data/alerts", str(folder / "alerts")))
        settings = FetchSettings(allow_private_hosts=True)
        for slugs, now in (
            (fx.DAY1_STORIES, "2026-03-02T18:00:00+00:00"),
            (fx.DAY4_STORIES, "2026-03-05T18:00:00+00:00"),
        ):
            _serve(server, slugs)
            run_cycle(str(feeds), db, settings, str(rules), SEEDS_DIR, now=datetime.fromisoformat(now))
    return db


def _body(sql: str) -> str:
    return "\n".join(ln for ln in sql.strip().splitlines() if not ln.startswith("--")).strip()


def test_the_document_shows_the_saved_queries():
    assert len(DOC_BLOCKS) >= 18
    saved = {_body(sql) for sql in QUERIES.values()}
    assert [b for b in DOC_BLOCKS if _body(b) not in saved] == []


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_saved_query_runs(e2e_warehouse, name):
    with duckdb.connect(e2e_warehouse, read_only=True) as con:
        con.execute(QUERIES[name]).fetchall()


def _answer(con, name: str) -> list[dict]:
    """The rows of the saved query `name`, each a dict by column name."""
    cursor = con.execute(QUERIES[name])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_key_questions_answer_from_the_fixture(e2e_warehouse):
    """Queries and their columns are picked by name, so reordering either cannot make the
    checks read the wrong one."""
    with duckdb.connect(e2e_warehouse, read_only=True) as con:
        bombings = _answer(con, "m4-bombings")
        recurrences = _answer(con, "recurrences-with-earlier")
        postponed = _answer(con, "russia-turkey-talks-postponed")
    assert [str(r["event_date"]) for r in bombings][:1] == ["2026-03-02"] and len(bombings) >= 3
    assert all(r["n_sources"] >= 1 for r in bombings)
    assert [(str(r["first_date"]), str(r["earlier_date"])) for r in recurrences] == [
        ("2026-03-05", "2026-03-02")
    ]
    assert {(r["type"], r["region_id"]) for r in recurrences} == {("BOMBING", "road:m4")}
    assert postponed and all(r["article_url"].startswith("http://127.0.0.1") for r in postponed)


def test_saved_query_by_name_from_the_cli(e2e_warehouse, capsys):
    import json

    from newswatch.cli import main

    assert main(["sql", "--query", "m4-bombings", "--db", e2e_warehouse, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert str(rows[0]["event_date"]) == "2026-03-02"
    assert main(["sql", "--list-queries"]) == 0
    assert "recurrences-last-week" in capsys.readouterr().out
