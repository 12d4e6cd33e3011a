"""Property-based tests (hypothesis): whatever a stranger's feed, page or a user's seed file
holds, the code under test returns a result or raises the project's own clear error
(`SeedError`, naming the file), never anything else.

Covered: feed parsing (RSS/Atom/JSON Feed, bytes in any encoding), URL normalisation, date
resolution (feed dates and dates in article sentences), the gazetteer, event-rule, alert-rule
and feed-list loaders, and the page path (decode + trafilatura extraction).

The normal suite runs a bounded fuzz (NEWSWATCH_FUZZ_EXAMPLES, default 40 per property,
derandomised in CI so a run is reproducible). A longer run, as in docs/operations.md:

    NEWSWATCH_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest -q -p no:cacheprovider \\
        tests/test_hostile_properties.py

Every input that once crashed or hung is kept under tests/fuzz/crashers/ and replayed by
`test_crasher_regressions`.
"""

from __future__ import annotations

import importlib
import json
import os
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newswatch.extract import Extraction, extract_article
from newswatch.feeds import ParsedFeed, normalise_link, parse_feed
from newswatch.seeds import SeedError, load_feeds

EXAMPLES = int(os.environ.get("NEWSWATCH_FUZZ_EXAMPLES", "40"))
CRASHERS = Path(__file__).resolve().parent / "fuzz" / "crashers"
FETCHED_AT = datetime(2026, 3, 2, 12, tzinfo=UTC)

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the work tree
    derandomize=os.environ.get("CI", "").lower() in ("1", "true", "yes"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def _find(name: str, *modules: str):
    """A library function by name from the first module that has it (modules move)."""
    for module in modules:
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if found is not None:
            return found
    raise AssertionError(f"{name} not found in {modules}")


# -- feeds -------------------------------------------------------------------------------

XML_TOKENS = [
    '<?xml version="1.0" encoding="utf-8"?>',
    "<?xml version='1.0' encoding='utf-16'?>",
    '<?xml version="1.0" encoding="bogus-8"?>',
    '<rss version="2.0">',
    "</rss>",
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    "</feed>",
    "<channel>",
    "</channel>",
    "<item>",
    "</item>",
    "<entry>",
    "</entry>",
    "<title>",
    "</title>",
    "<link>",
    "</link>",
    '<link href="',
    '"/>',
    "<description>",
    "</description>",
    "<content:encoded>",
    "<pubDate>",
    "</pubDate>",
    "<updated>",
    "</updated>",
    "<guid>",
    "</guid>",
    "<source>",
    "<![CDATA[",
    "]]>",
    "<!DOCTYPE rss [",
    '<!ENTITY a "aaaa">',
    '<!ENTITY b "&a;&a;&a;">',
    '<!ENTITY % p SYSTEM "http://127.0.0.1:9/x">',
    '<!ENTITY x SYSTEM "file:///etc/passwd">',
    "]>",
    "&a;",
    "&b;",
    "&x;",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "&#xD800;",
    "<",
    ">",
    "http://example.org/a?utm_source=x&amp;id=1",
    "//example.org/rel",
    "javascript:alert(1)",
    "http://[::1",
    "Mon, 02 Mar 2026 10:00:00 GMT",
    "2026-02-30T25:61:00Z",
    "Tue, 31 Feb 99999 00:00:00 +9999",
    "0000-00-00",
    "\x00",
    "\ufeff",
    "\u202e",
    "Damascus",
    "دمشق",
]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
ITEM_KEYS = [
    "id",
    "url",
    "external_url",
    "title",
    "summary",
    "content_html",
    "content_text",
    "date_published",
    "date_modified",
    "author",
    "authors",
]


@st.composite
def xml_feeds(draw) -> bytes:
    parts = draw(st.lists(st.sampled_from(XML_TOKENS) | st.text(max_size=30), min_size=1, max_size=40))
    text = "".join(parts)
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = (
            draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b""]))
            + data
        )
    return data


@st.composite
def json_feeds(draw) -> bytes:
    items = draw(
        st.lists(
            st.dictionaries(st.sampled_from(ITEM_KEYS), json_values, max_size=6) | json_values,
            max_size=5,
        )
    )
    doc = {
        "version": draw(
            st.sampled_from(["https://jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1"])
        ),
        "items": items,
    }
    for key in ("title", "home_page_url", "feed_url", "author", "authors"):
        if draw(st.booleans()):
            doc[key] = draw(json_values)
    return json.dumps(doc).encode("utf-8")


def _check_feed(out: ParsedFeed) -> None:
    assert isinstance(out, ParsedFeed)
    for item in out.items:
        assert isinstance(item.link, str) and isinstance(item.title, str)
        assert item.published_at.tzinfo is not None
        assert item.date_source in ("feed", "fetch_time", "clamped")


@FUZZ
@given(
    data=st.binary(max_size=3000) | xml_feeds() | json_feeds(),
    content_type=st.sampled_from(
        [
            None,
            "application/rss+xml",
            "text/xml; charset=utf-16",
            "text/html; charset=bogus",
            "application/json",
        ]
    ),
)
def test_parse_feed_never_raises(data, content_type):
    _check_feed(
        parse_feed(data, fetched_at=FETCHED_AT, content_type=content_type, base_url="http://example.org/f")
    )


# -- URLs and dates ----------------------------------------------------------------------

url_like = st.builds(
    lambda scheme, host, port, path, query: f"{scheme}{host}{port}{path}{query}",
    st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "", "//", "http:/", "mailto:"]),
    st.text(max_size=20)
    | st.sampled_from(["example.org", "[::1", "xn--80ak6aa92e.com", "ex ample.org", "a@b"]),
    st.sampled_from(["", ":80", ":0", ":99999", ":-1", ":abc"]),
    st.text(max_size=30),
    st.sampled_from(["", "?utm_source=x", "?a=1&a=2#frag", "?%zz", "?" + "x=" * 50]),
)


@FUZZ
@given(url=st.text(max_size=200) | url_like)
def test_normalise_link_never_raises(url):
    out = normalise_link(url)
    assert isinstance(out, str)
    if not url.strip():
        assert out == ""


@FUZZ
@given(raw=st.text(max_size=60) | st.sampled_from([x for x in XML_TOKENS if any(c.isdigit() for c in x)]))
def test_feed_date_parsing_never_raises(raw):
    parse_iso = (
        _find("_parse_iso", "newswatch.feeds")
        if hasattr(importlib.import_module("newswatch.feeds"), "_parse_iso")
        else _find("parse_iso", "newswatch.feeds", "newswatch.clock")
    )
    out = parse_iso(raw)
    assert out is None or (isinstance(out, datetime) and out.tzinfo is not None)


DATE_WORDS = [
    "on",
    "March",
    "Mar.",
    "31",
    "2026",
    "February",
    "30",
    "Wednesday",
    "next",
    "last",
    "-",
    "/",
    "2026-02-30",
    "1 January 10000",
    "0",
    "99999999999999999999",
    "Sept",
    "sept.",
]


@FUZZ
@given(
    words=st.lists(st.sampled_from(DATE_WORDS) | st.text(max_size=12), max_size=12),
    article_date=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    future=st.booleans(),
    anchor=st.none() | st.integers(min_value=-5, max_value=200),
)
def test_event_date_resolution_never_raises(words, article_date, future, anchor):
    resolve_date = _find("resolve_date", "newswatch.tagging.dates", "newswatch.tagging.event_dates")
    when, precision = resolve_date(" ".join(words), article_date, future=future, anchor=anchor)
    assert isinstance(when, date) and isinstance(precision, str)


# -- seed loaders ------------------------------------------------------------------------

yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12) | st.sampled_from(["url", "name", "id"]), children, max_size=4)
    ),
    max_leaves=25,
)


def _doc(top_keys: list[str], entry_keys: list[str]):
    entry = st.dictionaries(
        st.sampled_from(entry_keys) | st.text(max_size=8), yaml_values, max_size=len(entry_keys)
    )
    return st.dictionaries(
        st.sampled_from(top_keys) | st.text(max_size=8),
        st.lists(entry | yaml_values, max_size=4)
        | st.dictionaries(st.text(max_size=12), entry, max_size=3)
        | yaml_values,
        max_size=3,
    )


def _seed_text(doc_strategy):
    return (
        doc_strategy.map(lambda d: yaml.safe_dump(d, allow_unicode=True))
        | st.text(max_size=300)
        | st.sampled_from(
            ["", "---\n", "a: &x [*x]\n", "!!python/object:os.system ls\n", "\udcff", "{{{{", "- - -"]
        )
    )


def _load_or_seed_error(loader, path: Path, text: str):
    try:
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
    except (UnicodeEncodeError, ValueError):
        path.write_bytes(text.encode("utf-8", errors="replace"))
    try:
        loader(path)
    except SeedError as exc:
        assert str(path.name) in str(exc), f"the error names the file: {exc}"


@FUZZ
@given(text=_seed_text(_doc(["feeds"], ["url", "name", "language", "tags"])))
def test_feed_list_loader_raises_only_seed_errors(text, tmp_path_factory):
    _load_or_seed_error(load_feeds, tmp_path_factory.mktemp("feeds") / "feeds.yaml", text)


@FUZZ
@given(
    text=_seed_text(
        _doc(
            ["entities"],
            ["id", "kind", "name", "aliases", "country", "feature", "theatres", "lat", "lon", "adm1"],
        )
    )
)
def test_gazetteer_loader_raises_only_seed_errors(text, tmp_path_factory):
    load = _find("load_gazetteer", "newswatch.tagging.gazetteer")
    folder = tmp_path_factory.mktemp("gaz")
    _load_or_seed_error(lambda path: load(path.parent), folder / "places.yaml", text)


@FUZZ
@given(
    text=_seed_text(
        _doc(
            ["rules", "channels", "defaults"],
            [
                "name",
                "kind",
                "types",
                "family",
                "regions",
                "actors",
                "theatres",
                "severity",
                "channels",
                "lookback_days",
                "min_sources",
                "type",
                "url_env",
                "path",
                "mode",
                "max_per_hour",
            ],
        )
    )
)
def test_alert_rule_loader_raises_only_seed_errors(text, tmp_path_factory):
    load = _find("load_rules", "newswatch.alert_rules", "newswatch.rules")
    _load_or_seed_error(load, tmp_path_factory.mktemp("rules") / "alerts.yaml", text)


@FUZZ
@given(text=_seed_text(_doc(["types"], ["triggers", "family", "roles", "status", "patterns", "negations"])))
def test_event_rule_loader_raises_only_seed_errors(text, tmp_path_factory):
    load = _find("load_event_rules", "newswatch.tagging.event_rules", "newswatch.tagging.rules")
    _load_or_seed_error(load, tmp_path_factory.mktemp("events") / "event_rules.yaml", text)


# -- page path ---------------------------------------------------------------------------

HTML_TOKENS = [
    "<!DOCTYPE html>",
    "<html>",
    "</html>",
    "<head>",
    "<meta charset='utf-16'>",
    '<meta charset="x-bogus">',
    "<body>",
    "</body>",
    "<article>",
    "</article>",
    "<p>",
    "</p>",
    "<div>",
    "<script>",
    "</script>",
    "<style>",
    "<table><tr><td>",
    "<svg><foreignObject>",
    "<math>",
    "<template>",
    "<noscript>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&nbsp;",
    "&#0;",
    "&#x10FFFF;",
    "\x00",
    "Lorem ipsum dolor sit amet. ",
    "دمشق ",
]


@st.composite
def pages(draw) -> bytes:
    parts = draw(st.lists(st.sampled_from(HTML_TOKENS) | st.text(max_size=40), max_size=60))
    return "".join(parts).encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1252"])), errors="replace")


@FUZZ
@given(
    page=st.binary(max_size=2000) | pages(),
    content_type=st.sampled_from([None, "text/html", "application/xhtml+xml", "application/pdf"]),
    charset=st.sampled_from([None, "utf-8", "bogus", "utf-16", "iso-8859-1", "x" * 80]),
    summary=st.text(max_size=80),
)
def test_extract_article_never_raises(page, content_type, charset, summary):
    out = extract_article(
        page, url="http://example.org/a", content_type=content_type, charset=charset, feed_summary=summary
    )
    assert isinstance(out, Extraction) and isinstance(out.text, str)


# -- kept crashers -----------------------------------------------------------------------


def _crashers() -> list[Path]:
    return sorted(p for p in CRASHERS.rglob("*") if p.is_file() and p.suffix != ".md")


@pytest.mark.parametrize("path", _crashers(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_crasher_regressions(path):
    """Each file once crashed or hung the path named by its folder; now it must pass quickly."""
    data = path.read_bytes()
    started = time.monotonic()
    if path.parent.name == "feed":
        _check_feed(parse_feed(data, fetched_at=FETCHED_AT))
    elif path.parent.name == "page":
        assert isinstance(extract_article(data, content_type="text/html"), Extraction)
    elif path.parent.name == "url":
        assert isinstance(normalise_link(data.decode("utf-8")), str)
    elif path.parent.name == "feed-list":
        with pytest.raises(SeedError):
            load_feeds(path)
    elif path.parent.name == "event-date":
        case = json.loads(data)
        resolve_date = _find("resolve_date", "newswatch.tagging.dates", "newswatch.tagging.event_dates")
        when, _precision = resolve_date(
            case["sentence"], date.fromisoformat(case["article_date"]), future=case["future"]
        )
        assert isinstance(when, date)
    elif path.parent.name == "alert-rules":
        with pytest.raises(SeedError, match=path.name):
            _find("load_rules", "newswatch.alert_rules", "newswatch.rules")(path)
    else:
        raise AssertionError(f"unknown crasher folder {path.parent.name}")
    assert time.monotonic() - started < 5.0, "a kept crasher must not hang"
