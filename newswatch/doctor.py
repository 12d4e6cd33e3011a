"""`newswatch doctor`: one line per check with what to do. Never prints a secret value."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from newswatch.settings import current_settings


@dataclass(frozen=True)
class Finding:
    check: str
    status: str  # ok, warn, fail
    detail: str


def check_warehouse(db: str) -> Finding:
    path = Path(db)
    if not path.is_file():
        return Finding("warehouse", "fail", f"no warehouse at {db} — run 'newswatch migrate --db {db}'")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        return Finding(
            "warehouse", "fail", f"{db} is not writable — fix its permissions (cycles write to it)"
        )
    try:
        from warehouse import migration_status

        pending = [f"{v:03d}_{n}" for v, n, applied in migration_status(db) if not applied]
    except Exception as exc:  # a busy or damaged file
        return Finding("warehouse", "fail", f"{db}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    if pending:
        return Finding(
            "warehouse",
            "fail",
            f"migrations pending ({', '.join(pending)}) — run 'newswatch migrate --db {db}'",
        )
    return Finding("warehouse", "ok", f"{db}: present, writable, migrated")


def check_seeds(feeds: str, rules: str) -> list[Finding]:
    from newswatch.seed_check import check_seeds as run

    return [
        Finding(
            r.what,
            "ok" if r.ok else "fail",
            f"{r.path}: {r.detail}" if r.ok else f"{r.detail} — fix the file",
        )
        for r in run(feeds=feeds, rules=rules)
    ]


# Channel types that need no URL or file: doctor said "None is not set" for them.
NO_URL = {
    "terminal": "prints alerts to the terminal of the run",
    "artifact": "writes alerts as a Prefect artifact of the flow run",
}


def check_channels(rules: str) -> list[Finding]:
    from newswatch.alert_rules import load_rules

    try:
        ruleset = load_rules(rules)
    except Exception:
        return []  # reported by the rules check
    found = []
    for ch in ruleset.channels.values():
        name = f"channel {ch.name}"
        if ch.type == "file" or (ch.path and not ch.url_env and not ch.url_secret):
            found.append(Finding(name, "ok", f"writes to {ch.path}"))
            continue
        if ch.type in NO_URL:
            found.append(Finding(name, "ok", NO_URL[ch.type]))
            continue
        if ch.url_secret:
            found.append(Finding(name, "ok", f"URL from {ch.secret_source} (checked when sending)"))
            continue
        value = os.environ.get(ch.url_env or "")
        if not value:
            found.append(
                Finding(name, "warn", f"{ch.url_env} is not set — export it or alerts stay in the outbox")
            )
            continue
        parts = urlsplit(value)
        if not parts.scheme or not (parts.netloc or parts.path):
            found.append(Finding(name, "fail", f"{ch.url_env} does not parse as a URL — check its value"))
        else:
            found.append(Finding(name, "ok", f"{ch.url_env} is set ({parts.scheme}:// URL)"))
    return found


def check_prefect() -> Finding:
    from newswatch import prefect_server as ps

    if current_settings().prefect_server == "ephemeral":
        return Finding(
            "prefect", "ok", "each run starts Prefect's temporary server (setting prefect_server = ephemeral)"
        )
    url = ps.configured_api_url()
    if url:
        if ps.healthy(url):
            return Finding("prefect", "ok", f"API reachable at {url}")
        return Finding(
            "prefect", "fail", f"PREFECT_API_URL {url} does not answer — start that server or unset it"
        )
    state = ps.status()
    if state and state["healthy"]:
        return Finding("prefect", "ok", f"background server running at {state['url']} (reused by every run)")
    return Finding(
        "prefect", "ok", "no server yet: the first 'newswatch run' starts one in the background and reuses it"
    )


def check_dns(feeds: str, sample: int = 5) -> Finding:
    from newswatch.seeds import load_feeds

    try:
        hosts = list(dict.fromkeys(urlsplit(f.url).hostname for f in load_feeds(feeds)))[:sample]
    except Exception:
        return Finding("network", "warn", "feed list unreadable; see above")
    old = socket.getdefaulttimeout()
    socket.setdefaulttimeout(3)
    try:
        for host in hosts:
            try:
                socket.getaddrinfo(host, 443)
                return Finding("network", "ok", f"feed hosts resolve (e.g. {host})")
            except OSError:
                continue
    finally:
        socket.setdefaulttimeout(old)
    return Finding("network", "warn", f"none of {', '.join(hosts)} resolves — check DNS or the network")


def run_checks(db: str, feeds: str, rules: str) -> list[Finding]:
    return [
        check_warehouse(db),
        *check_seeds(feeds, rules),
        *check_channels(rules),
        check_prefect(),
        check_dns(feeds),
    ]
