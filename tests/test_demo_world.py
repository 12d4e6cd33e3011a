"""The bundled sample world for `newswatch demo`: it validates, its feeds parse on every
simulated day, its pages extract, the server serves them over real HTTP on 127.0.0.1, and the
project's tagger reads the articles as intended (theatre, type, recurrence key)."""

from __future__ import annotations

import dataclasses
import importlib
import re
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from datetime import date, timedelta

import feedparser
import pytest
import trafilatura
import yaml

from newswatch.demo.server import DemoServer
from newswatch.demo.world import (
    FEED_ITEMS,
    ROLES,
    THEATRES,
    World,
    WorldError,
    article_html,
    feed_xml,
    load_world,
)

BASE = "http://127.0.0.1:8765"
RECURRENCE_FAMILY = {"first", "recurrence", "postponed", "held", "burst", "near-miss"}


@pytest.fixture(scope="module")
def world() -> World:
    return load_world()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# -- the world --------------------------------------------------------------------------------


def test_world_counts_and_roles(world):
    c = world.counts()
    assert c["feeds"] >= 12
    assert c["days"] == 30 and world.start == date(2026, 3, 1) and world.end == date(2026, 3, 30)
    assert c["articles"] >= 300
    assert set(c["stories_by_role"]) == ROLES  # every story role is present
    assert {"first", "re-report", "re-mention", "copy"} <= set(c["by_report"])
    assert THEATRES | {"none"} == set(c["by_theatre"])
    # every simulated day has news
    assert {a.published.date() for a in world.articles} >= set(world.days)
    # wire copies come from aggregators, verbatim
    copies = [a for a in world.articles if a.copy_of]
    assert len(copies) >= 20
    assert {world.feeds[a.feed].kind for a in copies} == {"aggregator"}
    # same-event re-reports: several outlets on one story
    outlets = defaultdict(set)
    for a in world.articles:
        if not a.copy_of:
            outlets[a.story].add(a.feed)
    assert sum(len(v) >= 3 for v in outlets.values()) >= 15


def test_world_story_lines(world):
    by_key = defaultdict(list)
    for s in world.stories.values():
        if s.key:
            by_key[s.key].append(s)
    for key in (
        "BOMBING|road:m4|state:rus+state:tur",
        "AIRSTRIKE|adm1:syr-hasakah|org:sdf+state:tur",
        "ARMED_CLASH|adm1:lby-sirte|org:gnu+org:lna",
    ):
        chain = sorted(by_key[key], key=lambda s: s.date)
        assert [s.role for s in chain] == ["first", "recurrence", "recurrence"], key
        assert chain[2].recurs == (chain[0].id, chain[1].id)
    # near-misses share a type with a recurring key but not its place or sides
    recurring = {s.key for s in world.stories.values() if s.recurs and s.role != "held"}
    for s in world.stories.values():
        if s.role == "near-miss":
            assert s.key not in recurring and any(k.split("|")[0] == s.type for k in recurring), s.id
    # a burst: 4+ clash stories in one governorate within three days
    burst = [s for s in world.stories.values() if s.role == "burst"]
    assert len({s.key.rsplit("|", 1)[0] for s in burst}) == 1 and len(burst) >= 4
    assert (max(s.date for s in burst) - min(s.date for s in burst)).days <= 2
    # talks postponed twice, then held
    talks = sorted(
        (s for s in world.stories.values() if s.role in ("postponed", "held")), key=lambda s: s.date
    )
    rutr = [s for s in talks if "state:rus+state:tur" in s.key]
    assert [s.role for s in rutr] == ["postponed", "postponed", "held"]


def test_silent_feed(world):
    silent = [f for f in world.feeds.values() if f.silent_from]
    assert len(silent) == 1
    feed = silent[0]
    before = [a for a in world.articles if a.feed == feed.id]
    assert before and max(a.published.date() for a in before) < feed.silent_from
    assert world.start + timedelta(days=10) <= feed.silent_from <= world.end - timedelta(days=10)


def test_validation_catches_broken_data(world, tmp_path):
    for name in ("feeds", "stories", "articles"):
        (tmp_path / f"{name}.yaml").write_text(
            (load_world.__globals__["WORLD_DIR"] / f"{name}.yaml").read_text(encoding="utf-8"),
            encoding="utf-8",
        )
    doc = yaml.safe_load((tmp_path / "articles.yaml").read_text(encoding="utf-8"))
    doc["articles"][5]["copy_of"] = "no-such-article"
    doc["articles"][6]["body"] = "Too short."
    (tmp_path / "articles.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(WorldError) as exc:
        load_world(tmp_path)
    assert doc["articles"][5]["id"] in str(exc.value) and doc["articles"][6]["id"] in str(exc.value)


# -- rendering ---------------------------------------------------------------------------------


def test_every_feed_renders_rss_every_day(world):
    for feed in world.feeds.values():
        for day in world.days:
            parsed = feedparser.parse(feed_xml(world, feed.id, day, BASE))
            assert not parsed.bozo, (feed.id, day, parsed.get("bozo_exception"))
            expected = world.items(feed.id, day)[:FEED_ITEMS]
            assert [e.title for e in parsed.entries] == [a.title for a in expected], (feed.id, day)
            for entry, art in zip(parsed.entries, expected, strict=True):
                assert entry.link == BASE + art.url_path
                assert entry.published_parsed[:5] == art.published.timetuple()[:5]
                assert art.published.date() <= day


def test_pages_extract_to_their_body(world):
    for art in world.articles:
        page = article_html(world, art)
        text = trafilatura.extract(page, include_comments=False) or ""
        got = _norm(text)
        for para in art.paragraphs:
            assert _norm(para) in got, (art.id, para[:60])
        for boilerplate in ("We use cookies", "All rights reserved", "Sign up for our morning briefing"):
            assert boilerplate not in got, (art.id, boilerplate)


def test_everything_is_escaped(world):
    evil = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"'
    art = dataclasses.replace(world.articles[0], title=evil, body=f"{evil} body\n\nSecond & <b>last</b>.")
    hostile = dataclasses.replace(world, articles=(art,), _by_path={art.url_path: art})
    page = article_html(hostile, art)
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page
    parsed = feedparser.parse(feed_xml(hostile, art.feed, world.end, BASE))
    assert not parsed.bozo and parsed.entries[0].title == evil


# -- the server --------------------------------------------------------------------------------


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_server_serves_the_world_by_day(world, tmp_path):
    with DemoServer(world) as server:
        assert server.base_url.startswith("http://127.0.0.1:") and server.port > 0
        day3, day14 = date(2026, 3, 3), date(2026, 3, 14)
        server.set_day(day3)
        status, headers, body = _get(server.feed_url("orontes"))
        assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
        entries = feedparser.parse(body).entries
        assert entries and all(e.published_parsed[:3] <= day3.timetuple()[:3] for e in entries)
        # an article published later is not there yet; after set_day it is
        later = next(a for a in world.articles if a.feed == "orontes" and a.published.date() == day14)
        assert _get(server.base_url + later.url_path)[0] == 404
        server.set_day(day14)
        status, headers, page = _get(server.base_url + later.url_path)
        assert status == 200 and headers["Content-Type"].startswith("text/html")
        assert later.paragraphs[0] in _norm(trafilatura.extract(page.decode()) or "")
        # conditional requests
        status, headers, body = _get(server.feed_url("orontes"))
        assert _get(server.feed_url("orontes"), {"If-None-Match": headers["ETag"]})[0] == 304
        assert _get(server.feed_url("orontes"), {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        assert later.title in {e.title for e in feedparser.parse(body).entries}
        # the silent feed keeps answering with its old items
        silent = next(f for f in world.feeds.values() if f.silent_from)
        server.set_day(silent.silent_from - timedelta(days=1))
        last_alive = _get(server.feed_url(silent.id))[2]
        server.set_day(world.end)
        assert _get(server.feed_url(silent.id))[2] == last_alive
        assert _get(server.base_url + "/feeds/nope.xml")[0] == 404
        with pytest.raises(ValueError):
            server.set_day(world.end + timedelta(days=1))
        # the feed list in the project's format
        path = server.write_feeds_yaml(tmp_path / "feeds.yaml")
        from newswatch.seeds import load_feeds

        specs = load_feeds(path)
        assert len(specs) == len(world.feeds)
        assert {s.url for s in specs} == {server.feed_url(f) for f in world.feeds}
        for spec in specs[:3]:
            assert _get(spec.url)[0] == 200
        assert server.requests["/feeds/orontes.xml"] >= 4


# -- the tagger --------------------------------------------------------------------------------


def _tagger():
    """The project's tagger, wherever its public entry point lives at the moment."""
    for module in (
        "newswatch.stages.process",
        "newswatch.cycle",
        "newswatch.tagging",
        "newswatch.tagging.batch",
    ):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        if hasattr(mod, "get_tagger"):
            return mod.get_tagger()
    from newswatch.tagging.tagger import Tagger

    return Tagger.from_seeds(importlib.import_module("newswatch.config").SEEDS_DIR)


@pytest.fixture(scope="module")
def tagged(world):
    tagger = _tagger()
    return {a.id: tagger.tag(a.title, a.body, a.published.date()) for a in world.articles if not a.copy_of}


def test_tagger_theatres(world, tagged):
    misses = []
    for art in world.articles:
        if art.copy_of:
            continue
        theatres = set(tagged[art.id].tags) & THEATRES
        if art.theatre is None and theatres:
            misses.append(f"{art.id}: noise tagged {sorted(theatres)}")
        elif art.theatre and art.theatre not in theatres:
            misses.append(f"{art.id}: wants {art.theatre}, got {sorted(theatres)}")
    assert not misses, "\n".join(misses)


def test_tagger_types_recurrence_stories_as_intended(world, tagged):
    misses = []
    for art in world.articles:
        if art.copy_of or art.theatre is None:
            continue
        story = world.stories[art.story]
        events = tagged[art.id].events
        if story.role in RECURRENCE_FAMILY:
            hits = [e for e in events if e.recurrence_key == story.key]
            if not hits:
                misses.append(f"{art.id}: wants {story.key}, got {[e.recurrence_key for e in events]}")
            elif story.type != "MEETING_POSTPONED" and story.date not in {e.event_date for e in hits}:
                misses.append(
                    f"{art.id}: {story.key} dated {[str(e.event_date) for e in hits]}, not {story.date}"
                )
        elif story.type not in {e.type for e in events}:
            misses.append(f"{art.id}: wants type {story.type}, got {[e.type for e in events]}")
    assert not misses, "\n".join(misses)


def test_noise_has_no_events(world, tagged):
    noisy = Counter(a.id for a in world.articles if a.theatre is None and tagged[a.id].events)
    assert not noisy, sorted(noisy)


def test_copies_are_near_copies_and_re_reports_are_not(world):
    """The project's copy detector folds the aggregators' copies into their originals but keeps
    different outlets' reports of one happening apart (they count as independent sources)."""
    dedup = pytest.importorskip("newswatch.dedup")
    sim = {a.id: dedup.simhash(a.body) for a in world.articles}
    for art in world.articles:
        if art.copy_of:
            assert dedup.hamming(sim[art.id], sim[art.copy_of]) <= dedup.NEAR_COPY_BITS, art.id
    originals = [a for a in world.articles if not a.copy_of and a.theatre]
    close = [
        (x.id, y.id)
        for i, x in enumerate(originals)
        for y in originals[i + 1 :]
        if dedup.hamming(sim[x.id], sim[y.id]) <= dedup.NEAR_COPY_BITS
    ]
    assert not close


def test_a_client_hanging_up_prints_no_traceback(world, capfd):
    import socket
    import struct
    import time

    with DemoServer(world) as server:
        for _ in range(3):  # a request line cut off by a reset (RST, as a closed keep-alive pool)
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.sendall(b"GET /feeds/")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
        time.sleep(0.3)  # the handler threads meet the reset
        with urllib.request.urlopen(server.feed_url(next(iter(world.feeds))), timeout=10) as answer:
            assert answer.status == 200, "the server still serves"
    assert "Traceback" not in capfd.readouterr().err
