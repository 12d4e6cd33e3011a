"""DNS rebinding: the address checked before a request is the one connected to.

Resolution is steered with monkeypatch (no DNS server here); the HTTP side is a real server
on 127.0.0.1 and a real connection (or a refused one)."""

from __future__ import annotations

from newswatch import http, netguard
from newswatch.config import FetchSettings

PUBLIC = "93.184.216.34"


def test_a_name_that_turns_private_between_check_and_connect_is_refused(server, monkeypatch):
    server.route("/x", "secret")
    port = server.url.rsplit(":", 1)[1]
    monkeypatch.setattr(netguard, "resolve", lambda host, port: [PUBLIC])  # what the guard sees
    monkeypatch.setattr(http, "resolve", lambda host, port: ["127.0.0.1"])  # what a rebind answers
    result = http.fetch(f"http://rebind.example:{port}/x", FetchSettings(retries=0))
    assert result.status == "refused" and "connect time" in (result.error or "")
    assert server.requests == []


def test_the_pinned_connection_reaches_the_checked_address(server, monkeypatch):
    server.route("/x", "hello", content_type="text/plain")
    port = server.url.rsplit(":", 1)[1]
    # Treat loopback as public for this test only, so the pinned path is exercised end to end.
    monkeypatch.setattr(netguard, "is_public_ip", lambda ip: True)
    monkeypatch.setattr(http, "is_public_ip", lambda ip: True)
    monkeypatch.setattr(netguard, "resolve", lambda host, port: ["127.0.0.1"])
    monkeypatch.setattr(http, "resolve", lambda host, port: ["127.0.0.1"])
    result = http.fetch(f"http://pinned.example:{port}/x", FetchSettings(retries=0))
    assert result.ok and result.body == b"hello"
    assert server.requests[0][1].get("Host") == f"pinned.example:{port}"
