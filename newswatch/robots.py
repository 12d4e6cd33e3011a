"""robots.txt and Crawl-delay for article page fetches (RFC 9309, `urllib.robotparser`).

Before a cycle fetches pages, `fetch_pages_politely` reads each page host's robots.txt
once (through the same guarded HTTP client as every other request) and caches it per host
for a day (an hour after a failure). A page the rules disallow for our user agent is not
requested: it comes back as a `disallowed` result and the item keeps the feed's own text.
A host's Crawl-delay (capped at `MAX_CRAWL_DELAY` seconds) is kept between two page
requests to that host. Feeds themselves are always polled (a feed URL is an invitation).

How robots.txt answers are read (RFC 9309 section 2.3.1): 2xx -> its rules; 4xx (no file,
forbidden) -> everything allowed; 5xx, a timeout or a network error -> everything
disallowed for now, so the feed's text is used and robots.txt is asked again within the hour.

Turn it off for one feed with `robots: false` in the feed list, or everywhere with the
`respect_robots` setting (`respect_robots = false` in newswatch.toml or
`NEWSWATCH_RESPECT_ROBOTS=0`; newswatch/settings.py).
"""

from __future__ import annotations

import dataclasses
import threading
import time
import urllib.robotparser
from collections import defaultdict
from collections.abc import Callable, Collection
from urllib.parse import urlsplit

from newswatch.config import FetchSettings
from newswatch.http import FetchResult, fetch, fetch_many, host_key
from newswatch.settings import Settings, current_settings

TTL_OK = 24 * 3600.0
TTL_FAILED = 3600.0
MAX_CRAWL_DELAY = 30.0
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309: at least 500 KiB must be parsed
AGENT = "newswatch"


def enabled(settings: Settings | None = None) -> bool:
    """The global switch, the `respect_robots` setting (on by default)."""
    return (settings or current_settings()).respect_robots


@dataclasses.dataclass
class HostRules:
    parser: urllib.robotparser.RobotFileParser
    fetched_at: float
    ttl: float
    note: str

    def allows(self, url: str) -> bool:
        return self.parser.can_fetch(AGENT, url)

    def crawl_delay(self) -> float:
        delay = self.parser.crawl_delay(AGENT)
        try:
            return min(MAX_CRAWL_DELAY, max(0.0, float(delay))) if delay is not None else 0.0
        except (TypeError, ValueError):
            return 0.0


_CACHE: dict[str, HostRules] = {}
_LOCK = threading.Lock()


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def _rules_from(result: FetchResult) -> HostRules:
    parser = urllib.robotparser.RobotFileParser()
    now = time.monotonic()
    if result.ok:
        text = result.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        parser.parse(text.splitlines())
        return HostRules(parser, now, TTL_OK, "robots.txt")
    if result.status == "http_error" and result.http_status and 400 <= result.http_status < 500:
        parser.allow_all = True
        return HostRules(parser, now, TTL_OK, f"no robots.txt (HTTP {result.http_status})")
    parser.disallow_all = True
    return HostRules(parser, now, TTL_FAILED, f"robots.txt unreachable ({result.status})")


def host_rules(url: str, settings: FetchSettings, fetcher: Callable[..., FetchResult] = fetch) -> HostRules:
    """The cached rules for `url`'s host, fetching robots.txt when missing or stale."""
    key = host_key(url)
    with _LOCK:
        cached = _CACHE.get(key)
    if cached and time.monotonic() - cached.fetched_at < cached.ttl:
        return cached
    small = dataclasses.replace(settings, max_bytes=min(settings.max_bytes, 4 * ROBOTS_MAX_BYTES), retries=0)
    rules = _rules_from(fetcher(robots_url(url), small))
    with _LOCK:
        _CACHE[key] = rules
    return rules


def disallowed(url: str, rules: HostRules) -> FetchResult:
    return FetchResult(
        url=url, final_url=url, status="disallowed", error=f"robots.txt disallows this page ({rules.note})"
    )


def fetch_pages_politely(
    urls: list[str], settings: FetchSettings, exempt: Collection[str] = ()
) -> list[FetchResult]:
    """`fetch_many` for page URLs under each host's robots.txt; one result per URL, in order.

    URLs in `exempt` (pages of feeds with `robots: false`) are fetched without asking."""
    if not enabled():
        return fetch_many([(u, {}) for u in urls], settings)
    results: list[FetchResult | None] = [None] * len(urls)
    by_delay: dict[float, list[int]] = defaultdict(list)
    hosts: dict[str, HostRules] = {}
    for index, url in enumerate(urls):
        if url in exempt:
            by_delay[0.0].append(index)
            continue
        key = host_key(url)
        if key not in hosts:
            hosts[key] = host_rules(url, settings)
        rules = hosts[key]
        if rules.allows(url):
            by_delay[rules.crawl_delay()].append(index)
        else:
            results[index] = disallowed(url, rules)
    # One fetch_many per Crawl-delay value: hosts in parallel, the delay between two
    # requests to the same host (fetch_many's per-host politeness).
    for delay, indexes in sorted(by_delay.items()):
        polite = dataclasses.replace(settings, per_host_delay=max(settings.per_host_delay, delay))
        for index, result in zip(indexes, fetch_many([(urls[i], {}) for i in indexes], polite), strict=True):
            results[index] = result
    return [r for r in results if r is not None]
