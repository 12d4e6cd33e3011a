"""Feed parsing: feedparser's own 2,106 test feeds, entity bombs, JSON Feed, dates."""

from __future__ import annotations

import datetime as dt_module
import json
import re
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest

from newswatch.feeds import (
    ENTITY_EXPANSION_LIMIT,
    FUTURE_TOLERANCE,
    normalise_link,
    parse_feed,
    parse_json_feed,
    refuse_entity_bombs,
)

FETCHED = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
_DESC = re.compile(r"Description:\s*(.*?)\s*Expect:\s*(.*?)\s*-->", re.S)
_HEADER = re.compile(r"^Header:\s*([\w-]+):\s*(.*?)\s*$", re.M)
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_NULLS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)


def _comment_text(data: bytes) -> str:
    """The file as text, well enough to read its ASCII header comment (any encoding)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    for pattern, codec in _NULLS:
        if data.startswith(pattern):
            return data.decode(codec, "replace")
    return data.decode("latin-1")


def _expectation(data: bytes) -> tuple[str | None, dict[str, str]]:
    text = _comment_text(data)
    match = _DESC.search(text)
    headers = {k.lower(): v for k, v in _HEADER.findall(text)}
    return (match.group(2) if match else None), headers


def _feedparser_files(corpus: Path) -> list[Path]:
    files = sorted((corpus / "feeds/robustness/feedparser_tests").rglob("*.xml"))
    assert len(files) == 2106, len(files)
    return files


def _titles(entries) -> list[str]:
    return [(e.get("title") or "").strip() if isinstance(e.get("title"), str) else "" for e in entries]


def test_every_feedparser_test_feed_parses_without_escaping_errors(corpus):
    root = corpus / "feeds/robustness/feedparser_tests"
    counts = {"items": 0, "error_or_bozo": 0, "empty_wellformed": 0}
    checked = held = agreed = 0
    by_folder: dict[str, list[int]] = {}
    started = time.perf_counter()
    for path in _feedparser_files(corpus):
        data = path.read_bytes()
        expect, headers = _expectation(data)
        parsed = parse_feed(
            data,
            fetched_at=FETCHED,
            content_type=headers.get("content-type"),
            base_url=headers.get("content-location"),
        )  # must not raise
        reference = feedparser.parse(data, response_headers=headers)
        if parsed.items:
            counts["items"] += 1
        elif parsed.error or parsed.bozo:
            counts["error_or_bozo"] += 1
        else:
            # Nothing to read and nothing wrong: a well-formed feed without entries.
            assert not reference.entries and parsed.format, path
            counts["empty_wellformed"] += 1
        assert len(parsed.items) == len(reference.entries), path
        assert all(i.published_at.tzinfo is not None for i in parsed.items), path

        if expect is None:
            continue
        checked += 1
        folder = path.relative_to(root).parts[0]
        tally = by_folder.setdefault(folder, [0, 0])
        tally[0] += 1
        try:
            holds = bool(
                eval(expect, {"time": time, "datetime": dt_module, "feedparser": feedparser}, reference)
            )
        except Exception:
            holds = False
        if not holds:
            continue
        held += 1
        tally[1] += 1
        # Where feedparser meets its own expectation, our items must say the same thing.
        assert [i.title for i in parsed.items] == _titles(reference.entries), path
        links = [normalise_link((e.get("link") or "").strip()) for e in reference.entries]
        assert [i.link for i in parsed.items] == links, path
        agreed += 1
    elapsed = time.perf_counter() - started
    print(
        f"\nfeedparser_tests: {sum(counts.values())} files {counts}; Expect lines checked {checked}, "
        f"holding for feedparser {held}, our items agree on {agreed}; per folder (checked, held) "
        f"{by_folder}; {elapsed:.1f}s"
    )
    assert sum(counts.values()) == 2106
    assert checked == 2106
    # Every encoding test holds, with declared HTTP headers passed as response_headers.
    assert by_folder["encoding"] == [82, 82]
    assert held >= 1980 and agreed == held


def test_encoding_feeds_give_the_expected_titles(corpus):
    """The encoding/ folder through our parser: titles decoded as feedparser decodes them."""
    files = [p for p in _feedparser_files(corpus) if "/encoding/" in p.as_posix()]
    assert len(files) == 82
    with_items = 0
    for path in files:
        data = path.read_bytes()
        _expect, headers = _expectation(data)
        parsed = parse_feed(data, fetched_at=FETCHED, content_type=headers.get("content-type"))
        reference = feedparser.parse(
            data,
            response_headers={"content-type": headers["content-type"]} if "content-type" in headers else {},
        )
        assert [i.title for i in parsed.items] == _titles(reference.entries), path
        assert all("\ufffd" not in i.title for i in parsed.items), path
        with_items += bool(parsed.items)
    assert with_items >= 10


def _laughs(levels: int = 9) -> bytes:
    decls = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, levels + 1)
    ]
    dtd = "\n".join(decls)
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{dtd}\n]>\n<rss version="2.0"><channel><title>t</title>'
        f"<item><title>&lol{levels};</title><link>http://example.org/1</link></item></channel></rss>"
    ).encode()


def _quadratic(n: int = 20000) -> bytes:
    # One 20 KB entity referenced 20,000 times: 80 KB of XML, 400 MB once expanded.
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "{"a" * n}">\n]>\n'
        f'<rss version="2.0"><channel><title>t</title><item><title>{"&a;" * n}</title>'
        "<link>http://example.org/1</link></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize(
    "bomb",
    [
        _laughs(),
        _quadratic(),
        _quadratic().decode().replace('1.0"?>', '1.0" encoding="utf-16"?>').encode("utf-16"),
        _laughs().replace(b"\n", b" "),  # declarations on one line
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n'
        b'<rss version="2.0"><channel><item><title>&x;</title><link>http://example.org/1</link></item>'
        b"</channel></rss>",
    ],
    ids=["billion-laughs", "quadratic-blowup", "quadratic-utf16", "laughs-one-line", "external-entity"],
)
def test_entity_expansion_bombs_are_refused(bomb):
    # Without the guard, feedparser's loose parser expands the quadratic bomb to a 400 MB
    # title (>1 GB peak, ~8 s); with it the references stay as text.
    tracemalloc.start()
    try:
        parsed = parse_feed(bomb, fetched_at=FETCHED)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert parsed.bozo and "refused DTD entity declarations" in parsed.bozo
    assert len(parsed.items) == 1 and parsed.items[0].link == "http://example.org/1"
    assert len(parsed.items[0].title) <= len(bomb)
    assert "passwd" not in parsed.items[0].title and "root:" not in parsed.items[0].title
    assert peak < 50 * 1024 * 1024


def test_harmless_entity_declarations_are_kept(corpus):
    path = corpus / "feeds/robustness/feedparser_tests/wellformed/rss/entity_in_doctype.xml"
    data = path.read_bytes()
    assert refuse_entity_bombs(data) == (data, None)
    parsed = parse_feed(data, fetched_at=FETCHED)
    assert not parsed.bozo and parsed.items[0].guid == "tag:example.com,2006-05-04:/blog/"
    small = _quadratic(n=100)  # 100 x 100 characters: below the limit
    assert ENTITY_EXPANSION_LIMIT > 100 * 100
    assert refuse_entity_bombs(small) == (small, None)


# -- JSON Feed ------------------------------------------------------------------------------


def test_real_json_feed_1_0(corpus):
    data = (corpus / "feeds/jsonfeed/npr_technology_feed.json").read_bytes()
    doc = json.loads(data)
    parsed = parse_feed(data, fetched_at=FETCHED, content_type="application/feed+json")
    assert parsed.error is None and parsed.format == "json1" and parsed.title == "Technology"
    assert len(parsed.items) == len(doc["items"]) == 25
    first = parsed.items[0]
    assert first.title == doc["items"][0]["title"]
    assert "utm_" not in first.link and first.link_original == doc["items"][0]["url"]
    assert first.published_raw == doc["items"][0]["date_published"] and first.date_source == "feed"
    assert first.author == doc["items"][0]["author"]["name"]
    assert all(i.link and i.summary for i in parsed.items)


def test_feedparser_json_example(corpus):
    parsed = parse_feed((corpus / "feeds/robustness/feedparser_tests/json/example.json").read_bytes())
    # Expect: not bozo and feed.title == 'My Example Feed' and len(entries) == 2
    assert not parsed.bozo and parsed.title == "My Example Feed" and len(parsed.items) == 2
    assert parsed.items[1].author == "you"


JSON_11 = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Levant wire",
    "home_page_url": "https://wire.example.org/",
    "language": "en",
    "authors": [{"name": "Wire desk"}],
    "items": [
        {
            "id": 1,
            "url": "/2026/03/02/ariha.html?utm_source=rss",
            "title": "IED hits joint patrol on the M4",
            "content_html": "<p>An IED hit a patrol.</p><script>alert(1)</script>",
            "date_published": "2026-03-02T10:00:00+02:00",
            "authors": [{"name": "A. Reporter", "url": "https://wire.example.org/a"}],
        },
        {"id": "2", "external_url": "https://other.example.org/x", "content_text": "Only text."},
        {
            "id": "3",
            "title": "future",
            "url": "https://wire.example.org/f",
            "date_published": "2030-01-01T00:00:00Z",
        },
        "not an item",
    ],
}


def test_json_feed_1_1_variants():
    parsed = parse_feed(json.dumps(JSON_11).encode(), fetched_at=FETCHED)
    assert parsed.format == "json1.1" and parsed.title == "Levant wire"
    first, second, third = parsed.items
    assert first.link == "https://wire.example.org/2026/03/02/ariha.html"
    assert first.author == "A. Reporter" and first.guid == "1"
    assert first.published_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert second.link == "https://other.example.org/x" and second.content == "Only text."
    assert second.author == "Wire desk", "feed-level authors apply to items without their own"
    assert second.date_source == "fetch_time" and second.published_at == FETCHED
    assert third.date_source == "clamped" and third.published_raw == "2030-01-01T00:00:00Z"

    from newswatch.extract import html_to_text

    assert html_to_text(first.content) == "An IED hit a patrol."

    # 1.1 recognised without the jsonfeed.org URL in the first 4 KB, and with a BOM
    padded = {"title": "x" * 5000, **{k: v for k, v in JSON_11.items() if k != "title"}}
    assert len(parse_feed(json.dumps(padded).encode()).items) == 3
    assert len(parse_feed(b"\xef\xbb\xbf" + json.dumps(JSON_11).encode()).items) == 3
    assert parse_json_feed(b"{not json", FETCHED).error
    assert parse_json_feed(b'{"version": "https://jsonfeed.org/version/1.1"}', FETCHED).error


# -- dates ----------------------------------------------------------------------------------

RSS_DATES = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Dates</title>
<item><title>dated</title><link>http://example.org/dated</link>
  <pubDate>Mon, 02 Mar 2026 09:30:00 +0200</pubDate></item>
<item><title>undated</title><link>http://example.org/undated</link></item>
<item><title>future</title><link>http://example.org/future</link>
  <pubDate>{(FETCHED + timedelta(days=3)).strftime("%a, %d %b %Y %H:%M:%S +0000")}</pubDate></item>
<item><title>slightly ahead</title><link>http://example.org/ahead</link>
  <pubDate>{(FETCHED + timedelta(minutes=30)).strftime("%a, %d %b %Y %H:%M:%S +0000")}</pubDate></item>
<item><title>garbage date</title><link>http://example.org/garbage</link>
  <pubDate>the day after yesterday</pubDate></item>
</channel></rss>""".encode()


def test_dates_fetch_time_clamping_and_raw_string_kept():
    items = {i.title: i for i in parse_feed(RSS_DATES, fetched_at=FETCHED).items}
    dated = items["dated"]
    assert dated.published_at == datetime(2026, 3, 2, 7, 30, tzinfo=UTC) and dated.date_source == "feed"
    assert dated.published_raw == "Mon, 02 Mar 2026 09:30:00 +0200"

    undated = items["undated"]
    assert undated.published_at == FETCHED and undated.date_source == "fetch_time"
    assert undated.published_raw is None

    future = items["future"]
    assert future.published_at == FETCHED and future.date_source == "clamped"
    assert future.published_raw.startswith("Thu, 05 Mar 2026")

    ahead = items["slightly ahead"]
    assert ahead.date_source == "feed" and ahead.published_at - FETCHED < FUTURE_TOLERANCE

    garbage = items["garbage date"]
    assert garbage.date_source == "fetch_time" and garbage.published_raw == "the day after yesterday"


def test_empty_and_non_feed_bodies_are_errors_not_exceptions():
    assert parse_feed(b"").error == "empty response body"
    assert parse_feed(b"   \n").error
    html = parse_feed(b"<html><body><p>not a feed</p></body></html>")
    assert not html.items and (html.error or html.bozo or html.format is None)
    assert parse_feed(bytes(range(256)) * 10).items == []


def test_video_feed_items_keep_their_own_links(corpus):
    """A real Al Jazeera English video feed: every item is `youtube.com/watch?v=<id>`. Each must
    keep its own link (a strict allow-list of query parameters once made them all one link, so
    ingestion stored the first and dropped the rest as already seen)."""
    path = corpus / "feeds/snapshots/gesab001_headlines/aljazeeraenglish/20200508T185628+1200_ea256b5e.xml"
    items = parse_feed(path.read_bytes(), fetched_at=FETCHED).items
    assert len(items) == 15
    assert len({i.link for i in items}) == 15
    assert all(re.fullmatch(r"https://www\.youtube\.com/watch\?v=[\w-]+", i.link) for i in items)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        (
            "https://Www.BBC.co.uk/news/world-56237778?at_medium=RSS&at_campaign=KARANGA",
            "https://www.bbc.co.uk/news/world-56237778",
        ),
        (
            "https://www.aljazeera.com/news/2023/8/1/x?traffic_source=rss",
            "https://www.aljazeera.com/news/2023/8/1/x",
        ),
        ("https://example.org/a?utm_source=x&fbclid=1&id=55#comments", "https://example.org/a?id=55"),
        ("https://example.org/story?story=9&page=2", "https://example.org/story?page=2&story=9"),
    ],
)
def test_normalise_link_drops_trackers_and_fragment_only(raw, canonical):
    assert normalise_link(raw) == canonical
