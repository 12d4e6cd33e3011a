"""One safe HTTP client for feeds and pages.

Every request: only http(s); the resolved address of every hop checked by `netguard`;
manual redirects (at most `max_redirects`); connect/read timeouts plus a total deadline
that also stops slow-drip servers; a streamed size cap; retries with exponential backoff
and jitter on 429/5xx/connection errors, honouring Retry-After. Failures are returned as
classified results, never raised, so one bad URL cannot stop a batch.

Conditional GET: `fetch(url, etag=..., last_modified=...)` sends If-None-Match and
If-Modified-Since; a 304 comes back as status 'not_modified' with an empty body. gzip and
deflate bodies are decoded by httpx while streaming, and the size cap applies to the
decoded bytes (a small gzip bomb is stopped like a large body).
"""

from __future__ import annotations

import email.utils
import functools
import random
import ssl
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newswatch.config import FetchSettings
from newswatch.netguard import RefusedURL, check_url, is_public_ip, resolve

RETRY_STATUSES = {429, 500, 502, 503, 504}
Guard = Callable[[str], None]  # raises RefusedURL for a URL that must not be requested
REDIRECT_STATUSES = {301, 302, 303, 307, 308}


@dataclass
class FetchResult:
    """What happened when a URL was fetched. `status` is the error class or 'ok'."""

    url: str
    final_url: str
    status: (
        str  # ok | not_modified | http_error | refused | timeout | too_large | network_error | redirect_loop
    )
    http_status: int | None = None
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    duration_ms: int = 0
    attempts: int = 0
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ").lower()
        return None


class _Failure(Exception):
    def __init__(self, status: str, message: str, http_status: int | None = None):
        super().__init__(message)
        self.status = status
        self.http_status = http_status


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _backoff(attempt: int, settings: FetchSettings, retry_after: float | None) -> float:
    if retry_after is not None:
        return min(retry_after, settings.backoff_max)
    base = settings.backoff_base * (2**attempt)
    return min(settings.backoff_max, base * (0.5 + random.random()))


def _read_capped(response: httpx.Response, settings: FetchSettings, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "").strip()
    if declared.isdigit() and int(declared) > settings.max_bytes:
        raise _Failure("too_large", f"declared size {declared} bytes exceeds cap {settings.max_bytes}")
    chunks: list[bytes] = []
    size = 0
    # No chunk_size: each network read is handed over as it arrives, so the deadline is
    # checked between reads even when a server drips a byte at a time.
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > settings.max_bytes:
            raise _Failure("too_large", f"body exceeds cap of {settings.max_bytes} bytes")
        if time.monotonic() > deadline:
            raise _Failure("timeout", f"total time budget of {settings.total_timeout:.0f}s exceeded")
        chunks.append(chunk)
    return b"".join(chunks)


def _timeout_within(settings: FetchSettings, deadline: float) -> httpx.Timeout:
    """Per-request timeouts, never longer than what is left of the total budget."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise _Failure("timeout", f"total time budget of {settings.total_timeout:g}s exceeded")
    read = min(settings.read_timeout, left)
    connect = min(settings.connect_timeout, left)
    return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


def _one_attempt(
    client: httpx.Client,
    url: str,
    settings: FetchSettings,
    headers: dict[str, str],
    deadline: float,
    guard: Guard,
) -> tuple[str, httpx.Response, bytes]:
    """Follow redirects by hand, checking each hop; return (final_url, response, body)."""
    seen: set[str] = set()
    current = url
    for _hop in range(settings.max_redirects + 1):
        guard(current)  # before any connection to the hop is made
        if current in seen:
            raise _Failure("redirect_loop", f"redirect loop at {current}")
        seen.add(current)
        timeout = _timeout_within(settings, deadline)
        with client.stream("GET", current, headers=headers, timeout=timeout) as response:
            if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                current = urljoin(current, response.headers["location"])
                continue
            if response.status_code == 304:
                return current, response, b""
            if response.status_code >= 400:
                return current, response, b""
            body = _read_capped(response, settings, deadline)
            return current, response, body
    raise _Failure("redirect_loop", f"more than {settings.max_redirects} redirects")


def fetch(
    url: str,
    settings: FetchSettings,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    guard: Guard | None = None,
) -> FetchResult:
    """Fetch one URL under the settings' limits; never raises for network trouble.

    `guard` checks every hop before it is requested; the default is `netguard.check_url`
    under `settings.allow_private_hosts`. `sleep` waits between retries.
    """
    # With the default guard the connection is pinned to the checked address; a caller
    # that brings its own guard (tests allowing one local server) owns that policy.
    pinned = guard is None
    guard = guard or default_guard(settings)
    headers = {"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"}
    headers.update(settings.extra_headers)
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own_client = client is None
    client = client or make_client(settings, pinned=pinned)
    started = time.monotonic()
    deadline = started + settings.total_timeout
    result = FetchResult(url=url, final_url=url, status="network_error")
    try:
        for attempt in range(settings.retries + 1):
            result.attempts = attempt + 1
            retry_after = None
            try:
                final_url, response, body = _one_attempt(client, url, settings, headers, deadline, guard)
                result.final_url = final_url
                result.http_status = response.status_code
                result.headers = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code == 304:
                    result.status = "not_modified"
                    break
                if response.status_code < 400:
                    result.status, result.body, result.error = "ok", body, None
                    break
                result.status = "http_error"
                result.error = f"HTTP {response.status_code}"
                if response.status_code not in RETRY_STATUSES:
                    break
                retry_after = _retry_after_seconds(response.headers.get("retry-after"))
            except RefusedURL as exc:
                result.status, result.error = "refused", str(exc)
                break
            except (ValueError, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                result.status, result.error = "refused", f"invalid URL: {exc}"
                break
            except _Failure as exc:
                result.status, result.error = exc.status, str(exc)
                break
            except httpx.TimeoutException as exc:
                result.status, result.error = "timeout", f"{type(exc).__name__}: {exc}"
            except httpx.RemoteProtocolError as exc:
                if "location header" not in str(exc):
                    result.status, result.error = "network_error", f"{type(exc).__name__}: {exc}"
                else:  # a redirect to a URL httpx cannot even parse (0177.0.0.1): final
                    result.status, result.error = "refused", f"invalid redirect: {exc}"
                    break
            except (httpx.TransportError, OSError) as exc:
                result.status, result.error = "network_error", f"{type(exc).__name__}: {exc}"
            except httpx.HTTPError as exc:  # decoding and protocol errors: retrying cannot help
                result.status, result.error = "network_error", f"{type(exc).__name__}: {exc}"
                break
            if attempt == settings.retries:
                break
            wait = _backoff(attempt, settings, retry_after)
            if time.monotonic() + wait > deadline:
                break
            sleep(wait)
    finally:
        if own_client:
            client.close()
    result.duration_ms = int((time.monotonic() - started) * 1000)
    return result


def default_guard(settings: FetchSettings) -> Guard:
    def guard(url: str) -> None:
        check_url(url, settings.allow_private_hosts)

    return guard


class _PinnedBackend(httpcore.SyncBackend):
    """Connect only to an address that passes the guard, resolved once, at connect time.

    The guard checks each hop's URL before the request, but the connection would resolve
    the name again: a hostile DNS server could answer a public address first and
    127.0.0.1 or 169.254.169.254 the second time (DNS rebinding). Checking the addresses
    here and connecting to the checked one closes that gap (TLS still verifies the name).
    """

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = resolve(host, port)
        for ip in addresses:
            if not is_public_ip(ip):
                raise RefusedURL(f"{host} resolves to non-public address {ip} at connect time")
        return super().connect_tcp(
            addresses[0], port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )


def make_client(settings: FetchSettings, pinned: bool = True) -> httpx.Client:
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.connect_timeout,
    )
    # trust_env=False: proxies from the environment would bypass the address guard.
    transport = httpx.HTTPTransport(verify=_tls_context(), trust_env=False)
    if pinned and not settings.allow_private_hosts:
        transport._pool._network_backend = _PinnedBackend()  # httpx exposes no public hook
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, transport=transport)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for all clients: building one loads the CA bundle, which
    costs more than a whole request to a fast server (fetch_many makes a client per host)."""
    return httpx.create_ssl_context()


def host_key(url: str) -> str:
    """Politeness key: host and port (two servers on one host are two hosts)."""
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:
        return url


def fetch_many(
    requests: Iterable[tuple[str, dict]],
    settings: FetchSettings,
    max_workers: int = 8,
    *,
    guard: Guard | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchResult]:
    """Fetch many URLs: hosts in parallel, one request at a time per host, with
    `settings.per_host_delay` between two requests to the same host. Results come back in
    input order, one per request; a URL that fails (or even crashes) only fails itself.

    `requests` yields (url, kwargs-for-fetch) pairs such as etag/last_modified.
    """
    items = list(requests)
    by_host: dict[str, list[int]] = defaultdict(list)
    for index, (url, _kw) in enumerate(items):
        by_host[host_key(url)].append(index)
    results: list[FetchResult | None] = [None] * len(items)

    def run_host(indexes: list[int]) -> None:
        with make_client(settings, pinned=guard is None) as client:
            for n, index in enumerate(indexes):
                if n and settings.per_host_delay:
                    sleep(settings.per_host_delay)
                url, kwargs = items[index]
                try:
                    results[index] = fetch(url, settings, client=client, guard=guard, sleep=sleep, **kwargs)
                except Exception as exc:  # a bug or an odd URL must not lose the batch
                    results[index] = FetchResult(
                        url=url, final_url=url, status="network_error", error=f"{type(exc).__name__}: {exc}"
                    )

    if by_host:
        with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(by_host)))) as pool:
            list(pool.map(run_host, by_host.values()))
    return [
        r if r is not None else FetchResult(url=u, final_url=u, status="network_error", error="not fetched")
        for r, (u, _kw) in zip(results, items, strict=True)
    ]
