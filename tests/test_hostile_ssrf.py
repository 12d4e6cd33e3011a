"""SSRF matrix: with the address guard on, every way of pointing a feed URL, a page URL or
a redirect hop at the host itself or at a private network is refused, and nothing reaches
the local servers the test starts.

Unlike tests/test_http.py (one case per kind) and tests/test_rebinding.py (resolution that
changes between check and connect), this runs the whole matrix through the real default
guard and the real pinned connection path:

- a *target* server on 127.0.0.1 and another on ::1 stand for services on the host; any
  request they receive is a failure;
- an *origin* server on 127.0.0.2 stands for a public site serving the redirects (only that
  address is treated as public, by patching `is_public_ip`);
- a tripwire on `socket.connect` lets loopback connections through (so a guard failure would
  really reach the target) and refuses, and records, every other destination, so the test
  can never send a packet to a private or public network whatever the guard does.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newswatch import http, netguard
from newswatch.config import FetchSettings
from newswatch.http import fetch, fetch_many
from newswatch.seeds import SeedError, load_feeds
from tests.fixtures.server import FixtureServer

ROOT = Path(__file__).resolve().parent.parent
ORIGIN_HOST = "127.0.0.2"
GUARDED = FetchSettings(allow_private_hosts=False, retries=2, backoff_base=0.01, backoff_max=0.02)

# {p} is the IPv4 target's port, {p6} the IPv6 target's: a guard failure reaches them.
HTTP_TARGETS = {
    "loopback": "http://127.0.0.1:{p}/secret",
    "loopback-other": "http://127.0.0.3:{p}/secret",
    "ipv6-loopback": "http://[::1]:{p6}/secret",
    "unspecified": "http://0.0.0.0:{p}/secret",
    "unspecified-short": "http://0:{p}/secret",
    "ten-net": "http://10.0.0.1:{p}/secret",
    "ten-net-top": "http://10.255.255.254:{p}/secret",
    "172-16": "http://172.16.0.1:{p}/secret",
    "172-31": "http://172.31.255.254:{p}/secret",
    "192-168": "http://192.168.1.1:{p}/secret",
    "cloud-metadata": "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "cgnat-metadata": "http://100.100.100.200/latest/meta-data/",
    "ipv4-mapped": "http://[::ffff:127.0.0.1]:{p}/secret",
    "ipv4-mapped-hex": "http://[::ffff:7f00:1]:{p}/secret",
    "ipv4-mapped-metadata": "http://[::ffff:169.254.169.254]/latest/meta-data/",
    "ipv4-mapped-ten": "http://[::ffff:10.0.0.1]:{p}/secret",
    "6to4-loopback": "http://[2002:7f00:1::]:{p}/secret",
    "nat64-metadata": "http://[64:ff9b::a9fe:a9fe]/latest/meta-data/",
    "ipv6-ula": "http://[fd00::1]:{p}/secret",
    "ipv6-link-local": "http://[fe80::1]:{p}/secret",
    "ipv6-site-local": "http://[fec0::1]:{p}/secret",
    "decimal": "http://2130706433:{p}/secret",
    "decimal-metadata": "http://2852039166/latest/meta-data/",
    "hex": "http://0x7f000001:{p}/secret",
    "hex-dotted": "http://0x7f.0x0.0x0.0x1:{p}/secret",
    "octal": "http://0177.0.0.1:{p}/secret",
    "octal-long": "http://017700000001:{p}/secret",
    "short-form": "http://127.1:{p}/secret",
    "mixed-case-name": "http://LocalHost:{p}/secret",
    "localhost": "http://localhost:{p}/secret",
    "userinfo-trick": "http://example.org@127.0.0.1:{p}/secret",
    "https-loopback": "https://127.0.0.1:{p}/secret",
    "multicast": "http://224.0.0.1:{p}/secret",
    "broadcast": "http://255.255.255.255:{p}/secret",
}
SCHEME_TARGETS = {
    "file": "file:///etc/passwd",
    "file-host": "file://localhost/etc/passwd",
    "gopher": "gopher://127.0.0.1:{p}/_GET%20/secret",
    "ftp": "ftp://127.0.0.1:{p}/secret",
    "dict": "dict://127.0.0.1:{p}/info",
    "no-scheme": "//127.0.0.1:{p}/secret",
}


def _hostname_target() -> str | None:
    """This machine's own name, where it resolves (from /etc/hosts) to a non-public address:
    a name, not an address literal, that leads to the host itself."""
    name = socket.gethostname()
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, 80, proto=socket.IPPROTO_TCP)}
    except OSError:
        return None
    if addresses and not any(netguard.is_public_ip(a) for a in addresses):
        return f"http://{name}:{{p}}/secret"
    return None


def _is_local(host: str) -> bool:
    try:
        addr = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return addr.is_loopback or addr.is_unspecified


@pytest.fixture
def targets():
    with FixtureServer() as v4, FixtureServer("::1") as v6:
        for srv in (v4, v6):
            srv.route("/secret", "internal secret")
            srv.route("/info", "internal secret")
        yield v4, v6


@pytest.fixture
def origin(monkeypatch):
    """The 'public' site on 127.0.0.2: the only non-public address the guard lets through."""
    real = netguard.is_public_ip

    def is_public(ip: str) -> bool:
        return ip == ORIGIN_HOST or real(ip)

    monkeypatch.setattr(netguard, "is_public_ip", is_public)
    monkeypatch.setattr(http, "is_public_ip", is_public)
    with FixtureServer(ORIGIN_HOST) as srv:
        yield srv


@pytest.fixture
def tripwire(monkeypatch):
    """Every socket.connect: loopback passes (so a guard failure is seen by the targets),
    anything else is refused before a packet leaves and recorded."""
    blocked: list[tuple] = []
    connected: list[str] = []
    real_connect = socket.socket.connect

    def connect(self, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if not _is_local(host):
            blocked.append(address)
            raise ConnectionRefusedError(f"tripwire: {address!r} is not on this machine")
        connected.append(host)
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return blocked, connected


def _url(template: str, targets) -> str:
    v4, v6 = targets
    return template.format(p=v4.httpd.server_address[1], p6=v6.httpd.server_address[1])


def _assert_nothing_reached(targets, tripwire, allowed_connections: set[str] = frozenset()) -> None:
    v4, v6 = targets
    blocked, connected = tripwire
    assert v4.requests == [] and v6.requests == [], "a request reached a service on the host"
    assert blocked == [], f"a connection to another network was attempted: {blocked}"
    assert set(connected) <= allowed_connections, f"unexpected connections: {connected}"


ALL = {**HTTP_TARGETS, **SCHEME_TARGETS}


@pytest.mark.parametrize("name", sorted(ALL))
def test_feed_url_is_refused_without_a_request(name, targets, tripwire):
    url = _url(ALL[name], targets)
    result = fetch(url, GUARDED)
    assert result.status == "refused", (url, result.status, result.error)
    assert result.attempts == 1, "a refusal is final, never retried"
    _assert_nothing_reached(targets, tripwire)


def test_own_hostname_is_refused(targets, tripwire):
    template = _hostname_target()
    if template is None:
        pytest.skip("this machine's name does not resolve to a non-public address")
    result = fetch(_url(template, targets), GUARDED)
    assert result.status == "refused" and "non-public address" in result.error
    _assert_nothing_reached(targets, tripwire)


@pytest.mark.parametrize("name", sorted(ALL))
def test_redirect_hop_is_refused_before_it_is_requested(name, targets, origin, tripwire):
    location = _url(ALL[name], targets)
    origin.route("/feed", status=302, headers={"Location": location})
    result = fetch(f"{origin.url}/feed", GUARDED)
    assert result.status == "refused", (location, result.status, result.error)
    assert origin.paths_requested() == ["/feed"], "the origin is asked once, the hop never"
    _assert_nothing_reached(targets, tripwire, {ORIGIN_HOST})


def test_refusal_at_the_third_hop_of_a_chain(targets, origin, tripwire):
    origin.route("/a", status=301, headers={"Location": "/b"})
    origin.route("/b", status=307, headers={"Location": f"{origin.url}/c"})
    origin.route("/c", status=308, headers={"Location": _url(HTTP_TARGETS["decimal"], targets)})
    result = fetch(f"{origin.url}/a", GUARDED)
    assert result.status == "refused" and "non-public address" in result.error
    assert origin.paths_requested() == ["/a", "/b", "/c"]
    _assert_nothing_reached(targets, tripwire, {ORIGIN_HOST})


def test_the_origin_itself_is_fetched(targets, origin, tripwire):
    """Control: the harness does let a 'public' fetch through the pinned path."""
    origin.route("/feed", "<rss/>", content_type="application/rss+xml")
    result = fetch(f"{origin.url}/feed", GUARDED)
    assert result.ok and result.body == b"<rss/>"
    _assert_nothing_reached(targets, tripwire, {ORIGIN_HOST})


def test_page_urls_in_a_batch_are_all_refused(targets, origin, tripwire):
    """Article links come from feeds too: the page path (fetch_many) refuses each one and
    still fetches the good page beside them."""
    origin.route("/article", "<html><body>fine</body></html>")
    for name, template in ALL.items():
        origin.route(f"/r/{name}", status=302, headers={"Location": _url(template, targets)})
    urls = [_url(t, targets) for t in ALL.values()] + [f"{origin.url}/r/{n}" for n in ALL]
    results = fetch_many([(u, {}) for u in urls + [f"{origin.url}/article"]], GUARDED)
    assert [r.status for r in results[:-1]] == ["refused"] * len(urls)
    assert results[-1].ok
    _assert_nothing_reached(targets, tripwire, {ORIGIN_HOST})


@pytest.mark.parametrize("name", ["file", "gopher", "ftp", "dict", "no-scheme"])
def test_feed_list_refuses_non_http_schemes(name, tmp_path):
    path = tmp_path / "feeds.yaml"
    path.write_text(f"feeds:\n  - url: '{SCHEME_TARGETS[name].format(p=70)}'\n")
    with pytest.raises(SeedError, match=r"feeds\.yaml:2: url .* must be an http\(s\) URL"):
        load_feeds(path)


def test_allowing_private_hosts_reaches_the_target(targets, tripwire):
    """Control: with the guard off the same URL does reach the target, so the zero counts
    above are the guard's doing, not a harness that cannot connect."""
    url = _url(HTTP_TARGETS["decimal"], targets)
    result = fetch(url, FetchSettings(allow_private_hosts=True, retries=0))
    assert result.ok and result.body == b"internal secret"
    assert targets[0].paths_requested() == ["/secret"]


@pytest.mark.slow
def test_a_real_cycle_with_hostile_feed_urls_requests_nothing(targets, tmp_path, prefect_api):
    """`newswatch run` as a user runs it (guard on by default): every hostile feed URL is
    recorded as refused in the warehouse and no request reaches the host's services."""
    import duckdb

    feeds = [_url(t, targets) for t in HTTP_TARGETS.values()]
    own = _hostname_target()
    if own:
        feeds.append(_url(own, targets))
    lines = ["feeds:"] + [f"  - url: '{u}'" for u in feeds]
    (tmp_path / "feeds.yaml").write_text("\n".join(lines) + "\n")
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect"),
        "PREFECT_API_URL": prefect_api,  # the session's server, not one of its own
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    env.pop("NEWSWATCH_ALLOW_PRIVATE_HOSTS", None)
    db = tmp_path / "w.duckdb"
    cli = [str(Path(sys.executable).parent / "newswatch")]
    subprocess.run([*cli, "migrate", "--db", str(db)], env=env, check=True, cwd=tmp_path, timeout=120)
    run = subprocess.run(
        [*cli, "run", "--feeds", "feeds.yaml", "--db", str(db)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    v4, v6 = targets
    assert v4.requests == [] and v6.requests == []
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = con.execute("SELECT status, count(*) FROM fetches GROUP BY ALL").fetchall()
    assert dict(statuses) == {"refused": len(feeds)}
