"""robots.txt and Crawl-delay for page fetches (newswatch/robots.py), against a local server:
a disallowed page is never requested and its item keeps the feed's own text; robots.txt is
read once per host; `robots: false` on a feed and the `respect_robots` setting
(NEWSWATCH_RESPECT_ROBOTS, newswatch.toml) turn it off."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from newswatch import robots
from newswatch.config import FetchSettings
from newswatch.settings import ENV_NAMES, load_settings, use_settings
from newswatch.stages import ingest as stage
from tests.fixtures.server import FixtureServer

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ENV = ENV_NAMES["respect_robots"]
SETTINGS = FetchSettings(allow_private_hosts=True)
BODY = "<p>" + " ".join(["The full article text from the page about the talks in Idlib."] * 20) + "</p>"


def page(title: str) -> str:
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><article><h1>{title}</h1>{BODY}</article></body></html>"


def rss(base: str) -> str:
    items = "".join(
        f"<item><title>{name}</title><link>{base}/{path}</link>"
        f"<description>Feed text of {name}.</description>"
        "<pubDate>Mon, 02 Mar 2026 10:00:00 +0000</pubDate></item>"
        for name, path in (("Open story", "news/open.html"), ("Private story", "private/secret.html"))
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    robots.clear_cache()
    yield
    robots.clear_cache()


@pytest.fixture
def site():
    with FixtureServer() as server:
        server.route("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        server.route("/feed.xml", rss(server.url), content_type="application/rss+xml")
        server.route("/news/open.html", page("Open story"))
        server.route("/private/secret.html", page("Private story"))
        yield server


def run_cycle(tmp_path, server, robots_line: str = ""):
    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {server.url}/feed.xml\n    name: site\n{robots_line}")
    db = tmp_path / "w.duckdb"
    stage.run(feeds, db, SETTINGS, NOW, force=True)
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            title: (extraction, note, text)
            for title, extraction, note, text in con.execute(
                "SELECT title, extraction, extraction_note, text FROM articles"
            ).fetchall()
        }


def test_a_disallowed_page_is_not_fetched_and_the_feed_text_is_kept(tmp_path, site):
    rows = run_cycle(tmp_path, site)
    assert "/private/secret.html" not in site.paths_requested()
    assert "/news/open.html" in site.paths_requested()
    assert site.paths_requested().count("/robots.txt") == 1
    assert rows["Open story"][0] == "trafilatura"
    extraction, note, text = rows["Private story"]
    assert extraction != "trafilatura"
    assert "robots.txt disallows" in note
    assert "Feed text of Private story" in text


def test_robots_txt_is_cached_per_host(tmp_path, site):
    run_cycle(tmp_path, site)
    (tmp_path / "w.duckdb").unlink()
    run_cycle(tmp_path, site)
    assert site.paths_requested().count("/robots.txt") == 1


def test_a_feed_can_turn_robots_off(tmp_path, site):
    rows = run_cycle(tmp_path, site, "    robots: false\n")
    assert "/private/secret.html" in site.paths_requested()
    assert "/robots.txt" not in site.paths_requested()
    assert rows["Private story"][0] == "trafilatura"


def _private_page_fetched(folder, site) -> bool:
    """One cycle in `folder`; whether the page robots.txt disallows was fetched (and, the
    same answer, robots.txt was not asked and the page's text was extracted)."""
    folder.mkdir(exist_ok=True)
    site.httpd.requests.clear()
    robots.clear_cache()
    rows = run_cycle(folder, site)
    fetched = "/private/secret.html" in site.paths_requested()
    assert fetched == ("/robots.txt" not in site.paths_requested())
    assert fetched == (rows["Private story"][0] == "trafilatura")
    return fetched


@pytest.mark.parametrize("value", ["0", "off"])
def test_the_global_setting_turns_robots_off_from_the_environment(tmp_path, site, monkeypatch, value):
    monkeypatch.setenv(ENV, value)
    assert _private_page_fetched(tmp_path, site)


def test_the_global_setting_from_newswatch_toml_and_its_precedence(tmp_path, site, monkeypatch):
    """`respect_robots = false` in the config file turns it off; the variable overrides the
    file, a flag (settings installed by the entry point) overrides both."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newswatch.toml").write_text("respect_robots = false\n", encoding="utf-8")
    assert _private_page_fetched(tmp_path / "a", site)
    monkeypatch.setenv(ENV, "1")
    assert not _private_page_fetched(tmp_path / "b", site)
    with use_settings(load_settings(respect_robots=False)):
        assert _private_page_fetched(tmp_path / "c", site)


def test_no_robots_txt_allows_everything_and_crawl_delay_is_kept(monkeypatch):
    with FixtureServer() as server:
        server.route("/a.html", page("A"))
        server.route("/b.html", page("B"))
        results = robots.fetch_pages_politely([f"{server.url}/a.html", f"{server.url}/b.html"], SETTINGS)
        assert [r.status for r in results] == ["ok", "ok"]
    robots.clear_cache()
    slept = []
    with FixtureServer() as server:
        server.route("/robots.txt", "User-agent: *\nCrawl-delay: 2\n", content_type="text/plain")
        server.route("/a.html", page("A"))
        server.route("/b.html", page("B"))
        rules = robots.host_rules(f"{server.url}/a.html", SETTINGS)
        assert rules.crawl_delay() == 2.0
        real = robots.fetch_many

        def spy(reqs, settings, **kw):
            slept.append(settings.per_host_delay)
            return real(reqs, settings, sleep=lambda s: None, **kw)

        monkeypatch.setattr(robots, "fetch_many", spy)
        results = robots.fetch_pages_politely([f"{server.url}/a.html", f"{server.url}/b.html"], SETTINGS)
        assert [r.status for r in results] == ["ok", "ok"]
        assert slept == [2.0]


def test_an_unreachable_robots_txt_disallows_for_now():
    with FixtureServer() as server:
        server.route("/robots.txt", "oops", status=503)
        server.route("/a.html", page("A"))
        results = robots.fetch_pages_politely([f"{server.url}/a.html"], SETTINGS)
        assert results[0].status == "disallowed"
        assert "/a.html" not in server.paths_requested()
        assert robots.host_rules(f"{server.url}/a.html", SETTINGS).ttl == robots.TTL_FAILED


def test_pages_are_fetched_and_extracted_a_chunk_at_a_time(tmp_path, site, monkeypatch):
    """ingest.run holds at most PAGE_CHUNK page bodies at once; the result is the same."""
    calls = []
    real = stage.PLAIN_STEPS.fetch_pages

    def counting(items, settings, *rest):
        calls.append(len(items))
        return real(items, settings, *rest)

    monkeypatch.setattr(stage, "PAGE_CHUNK", 1)
    monkeypatch.setattr(stage.PLAIN_STEPS, "fetch_pages", counting)
    rows = run_cycle(tmp_path, site)
    assert calls == [1, 1]
    assert rows["Open story"][0] == "trafilatura" and "robots.txt disallows" in rows["Private story"][1]


def test_the_prefect_flow_honours_the_per_feed_setting(tmp_path, site, prefect_harness):
    """The `monitor` flow runs the same stage with its task steps: `robots: false` reaches
    the fetch-pages task too."""
    from flows.monitor import monitor

    feeds = tmp_path / "feeds.yaml"
    feeds.write_text(f"feeds:\n  - url: {site.url}/feed.xml\n    name: site\n    robots: false\n")
    db = str(tmp_path / "w.duckdb")
    monitor(feeds=str(feeds), db=db, allow_private_hosts=True, now=NOW)
    assert "/private/secret.html" in site.paths_requested()
    assert "/robots.txt" not in site.paths_requested()
