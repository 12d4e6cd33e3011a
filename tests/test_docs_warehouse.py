"""Every SQL block in docs/warehouse.md runs against a warehouse built by the end-to-end
fixture, so the documentation cannot drift from the schema."""

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

DOC = Path(__file__).resolve().parent.parent / "docs" / "warehouse.md"
QUERIES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


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


def test_the_document_has_at_least_15_questions():
    assert len(QUERIES) >= 15


@pytest.mark.parametrize("query", QUERIES, ids=[f"q{n + 1}" for n in range(len(QUERIES))])
def test_documented_query_runs(e2e_warehouse, query):
    with duckdb.connect(e2e_warehouse, read_only=True) as con:
        con.execute(query).fetchall()


def test_key_questions_answer_from_the_fixture(e2e_warehouse):
    with duckdb.connect(e2e_warehouse, read_only=True) as con:
        bombings = con.execute(QUERIES[5]).fetchall()
        recurrences = con.execute(QUERIES[6]).fetchall()
        postponed = con.execute(QUERIES[3]).fetchall()
    assert [str(r[0]) for r in bombings][:1] == ["2026-03-02"] and len(bombings) >= 3
    assert [(str(r[0]), str(r[3])) for r in recurrences] == [("2026-03-05", "2026-03-02")]
    assert postponed
