"""The HTTP client against a real misbehaving server on 127.0.0.1 (no mocked responses).

Waits between retries go through the `sleep` hook, so tests check which waits were asked
for without measuring time.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from newswatch.config import FetchSettings
from newswatch.feeds import FeedItem
from newswatch.http import fetch, fetch_many
from newswatch.ingest import extraction_for
from newswatch.netguard import check_url
from tests.fixtures.server import FixtureServer

FAST = FetchSettings(
    allow_private_hosts=True,
    retries=2,
    backoff_base=0.01,
    backoff_max=0.05,
    total_timeout=5.0,
    max_bytes=1024 * 1024,
)
MB = 1024 * 1024


class Sleeps(list):
    """A `sleep` hook that records the waits instead of measuring them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def _item(link: str = "http://example.org/a") -> FeedItem:
    return FeedItem(
        link=link,
        link_original=link,
        title="A title",
        summary="<p>The feed's own summary of the story.</p>",
        content="",
        published_at=datetime(2026, 3, 2, tzinfo=UTC),
        published_raw=None,
        date_source="feed",
    )


def test_ok_body_and_headers(server):
    server.route("/a", "<html><body>hello</body></html>", headers={"ETag": '"v1"'})
    result = fetch(f"{server.url}/a", FAST)
    assert result.ok and result.http_status == 200
    assert result.body == b"<html><body>hello</body></html>"
    assert result.headers["etag"] == '"v1"' and result.content_type == "text/html"
    assert result.charset == "utf-8" and result.attempts == 1


def test_500_is_retried_then_http_error(server):
    server.route("/boom", "oops", status=500)
    sleeps = Sleeps()
    result = fetch(f"{server.url}/boom", FAST, sleep=sleeps)
    assert result.status == "http_error" and result.http_status == 500
    assert result.attempts == FAST.retries + 1 == len(server.requests)
    assert len(sleeps) == FAST.retries and all(0 < s <= FAST.backoff_max for s in sleeps)


def test_404_is_not_retried(server):
    result = fetch(f"{server.url}/missing", FAST)
    assert result.status == "http_error" and result.http_status == 404 and result.attempts == 1


def test_429_retry_after_is_honoured_but_capped(server):
    server.route("/busy", "slow down", status=429, headers={"Retry-After": "120"})
    sleeps = Sleeps()
    result = fetch(f"{server.url}/busy", FAST, sleep=sleeps)
    assert result.status == "http_error" and result.http_status == 429
    assert sleeps == [FAST.backoff_max] * FAST.retries, "Retry-After: 120 capped by backoff_max"
    assert len(server.requests) == FAST.retries + 1


def test_429_then_success_after_the_requested_wait(server):
    server.route("/busy", "slow down", status=429, headers={"Retry-After": "0"})
    waits: list[float] = []

    def sleep(seconds: float) -> None:  # the server recovers while we wait
        waits.append(seconds)
        server.route("/busy", "<html><body>fine now</body></html>")

    result = fetch(f"{server.url}/busy", FAST, sleep=sleep)
    assert result.ok and result.attempts == 2 and waits == [0.0]


def test_redirects_are_followed_and_loops_detected(server):
    server.route("/old", status=301, headers={"Location": "/new"})
    server.route("/new", "<html><body>moved</body></html>")
    moved = fetch(f"{server.url}/old", FAST)
    assert moved.ok and moved.final_url == f"{server.url}/new"

    server.route("/a", status=301, headers={"Location": "/b"})
    server.route("/b", status=301, headers={"Location": "/a"})
    server.requests.clear()
    loop = fetch(f"{server.url}/a", FAST)
    assert loop.status == "redirect_loop" and "loop" in loop.error
    assert server.paths_requested() == ["/a", "/b"], "a loop is not retried"

    for n in range(10):
        server.route(f"/hop{n}", status=302, headers={"Location": f"/hop{n + 1}"})
    chain = fetch(f"{server.url}/hop0", FAST)
    assert chain.status == "redirect_loop" and f"more than {FAST.max_redirects}" in chain.error


def test_slow_drip_stops_at_the_total_timeout(server):
    server.route("/drip", b"0123456789" * 3, drip_seconds=1.0)  # 30 s if read to the end
    settings = FetchSettings(allow_private_hosts=True, total_timeout=1.5, read_timeout=5.0, retries=0)
    result = fetch(f"{server.url}/drip", settings)
    assert result.status == "timeout" and result.body == b""
    assert "budget" in result.error


@pytest.mark.parametrize("kind", ["abort", "reset"])
def test_connection_reset_is_network_error(server, kind):
    server.route("/reset", "never sent", **{kind: True})
    result = fetch(f"{server.url}/reset", FAST, sleep=Sleeps())
    assert result.status == "network_error" and result.attempts == FAST.retries + 1
    assert result.error


@pytest.mark.parametrize("declared", [True, False])
def test_50_mb_body_is_refused_early(server, declared):
    server.route("/big", size=50 * MB, declare_length=declared)
    result = fetch(f"{server.url}/big", FAST)
    assert result.status == "too_large" and result.body == b""
    assert ("declared size" in result.error) is declared
    assert server.wait_idle()
    # Streamed and stopped at the cap: the server could not push the whole 50 MB.
    assert server.bytes_sent["/big"] < 20 * MB


def test_gzip_is_decoded_and_a_gzip_bomb_is_capped(server):
    page = b"<html><body>" + b"<p>compressed text</p>" * 100 + b"</body></html>"
    server.route("/gz", gzip.compress(page), headers={"Content-Encoding": "gzip"})
    ok = fetch(f"{server.url}/gz", FAST)
    assert ok.ok and ok.body == page

    bomb = gzip.compress(b"\0" * (20 * MB))  # ~20 KB on the wire
    server.route("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    capped = fetch(f"{server.url}/bomb", FAST)
    assert capped.status == "too_large"


def test_conditional_get_sends_validators_and_gets_not_modified(server):
    modified = "Mon, 02 Mar 2026 10:00:00 GMT"
    server.route("/feed", "<rss/>", headers={"ETag": '"v7"', "Last-Modified": modified})
    first = fetch(f"{server.url}/feed", FAST)
    assert first.ok and first.headers["etag"] == '"v7"' and first.headers["last-modified"] == modified

    again = fetch(
        f"{server.url}/feed", FAST, etag=first.headers["etag"], last_modified=first.headers["last-modified"]
    )
    assert again.status == "not_modified" and again.http_status == 304 and again.body == b""
    sent = server.requests[-1][1]
    assert sent["If-None-Match"] == '"v7"' and sent["If-Modified-Since"] == modified

    server.route("/dated", "<rss/>", headers={"Last-Modified": modified})
    dated = fetch(f"{server.url}/dated", FAST, last_modified=modified)
    assert dated.status == "not_modified" and dated.body == b""


def test_non_html_page_falls_back_to_feed_text(server):
    server.route("/doc.pdf", b"%PDF-1.7 binary stuff", content_type="application/pdf")
    page = fetch(f"{server.url}/doc.pdf", FAST)
    assert page.ok and page.content_type == "application/pdf"
    extraction = extraction_for(_item(page.url), page)
    assert extraction.extraction == "feed_summary"
    assert extraction.text == "The feed's own summary of the story."
    assert extraction.note == "not HTML: application/pdf"


ARTICLE = (
    "Le café de la rue Hamidiyé a rouvert ses portes après trois années de fermeture. "
    "Les habitants du quartier, réunis devant la façade rénovée, ont salué le propriétaire. "
) * 6


def _page(text: str, meta: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>Réouverture</title></head><body>"
        f"<article><h1>Réouverture</h1><p>{text}</p><p>{text}</p></article></body></html>"
    )


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        # cp1252 bytes, the header wrongly says UTF-8, the <meta> is right
        (
            _page(ARTICLE, '<meta charset="windows-1252">').encode("cp1252"),
            "text/html; charset=utf-8",
        ),
        # UTF-8 bytes, the header wrongly says ISO-8859-1, no <meta>: detected
        (_page(ARTICLE).encode("utf-8"), "text/html; charset=iso-8859-1"),
        # cp1252 bytes, no charset anywhere: detected
        (_page(ARTICLE).encode("cp1252"), "text/html"),
    ],
    ids=["meta-overrides-wrong-header", "utf8-under-latin1-header", "undeclared-cp1252"],
)
def test_wrong_charset_is_corrected(server, body, content_type):
    server.route("/fr", body, content_type=content_type)
    page = fetch(f"{server.url}/fr", FAST)
    extraction = extraction_for(_item(page.url), page)
    assert extraction.extraction == "trafilatura"
    assert "Le café de la rue Hamidiyé" in extraction.text
    assert "Ã" not in extraction.text and "\ufffd" not in extraction.text


def _guard_allowing(origin: str):
    """The real address guard, except for the fixture server the test starts from."""

    def guard(url: str) -> None:
        if not url.startswith(origin + "/"):
            check_url(url, allow_private_hosts=False)

    return guard


@pytest.mark.parametrize(
    "target",
    ["LOCAL", "http://localhost:9/", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/"],
)
def test_redirect_to_a_private_address_is_refused_before_it_is_requested(server, target):
    with FixtureServer() as inner:
        inner.route("/secret", "internal")
        location = f"{inner.url}/secret" if target == "LOCAL" else target
        server.route("/go", status=302, headers={"Location": location})
        settings = FetchSettings(allow_private_hosts=False, retries=2, backoff_base=0.01)
        result = fetch(f"{server.url}/go", settings, guard=_guard_allowing(server.url))
        assert result.status == "refused" and "non-public address" in result.error
        assert result.attempts == 1, "a refusal is final"
        assert server.paths_requested() == ["/go"]
        assert inner.requests == [], "the redirect target must not be requested"


def test_guard_on_refuses_the_first_hop_without_a_request(server):
    server.route("/a", "x")
    result = fetch(f"{server.url}/a", FetchSettings(allow_private_hosts=False))
    assert result.status == "refused" and server.requests == []


def test_one_bad_url_does_not_stop_a_batch(server):
    for name in ("one", "two", "three"):
        server.route(f"/{name}", f"<html><body>{name}</body></html>")
    server.route("/reset", "x", abort=True)
    urls = [
        f"{server.url}/one",
        "not a url",
        "ftp://example.org/file",
        "http://[::1",
        "http://127.0.0.1:1/closed-port",
        f"{server.url}/reset",
        f"{server.url}/missing",
        f"{server.url}/two",
        f"{server.url}/three",
    ]
    results = fetch_many([(u, {}) for u in urls], FAST, sleep=Sleeps())
    assert [r.url for r in results] == urls, "one result per request, in input order"
    assert [r.status for r in results] == [
        "ok",
        "refused",
        "refused",
        "refused",
        "network_error",
        "network_error",
        "http_error",
        "ok",
        "ok",
    ]
    assert [r.body for r in results if r.ok] == [
        b"<html><body>one</body></html>",
        b"<html><body>two</body></html>",
        b"<html><body>three</body></html>",
    ]


def test_fetch_many_is_polite_per_host(server):
    for n in range(4):
        server.route(f"/p{n}", "ok")
    settings = FetchSettings(allow_private_hosts=True, per_host_delay=0.02)
    sleeps = Sleeps()
    with FixtureServer() as other:
        other.route("/q", "ok")
        urls = [f"{server.url}/p{n}" for n in range(4)] + [f"{other.url}/q"]
        results = fetch_many([(u, {}) for u in urls], settings, sleep=sleeps)
    assert all(r.ok for r in results)
    assert sleeps == [0.02] * 3, "a pause between requests to one host, none for a new host"
    assert server.paths_requested() == ["/p0", "/p1", "/p2", "/p3"], "one host is fetched in order"
