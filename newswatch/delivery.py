"""Deliver alerts to channels: terminal, JSON Lines file, Markdown file, Apprise URLs.

Sending is separate from recording: alerts and their outbox rows are written first (detect),
then `notify` sends what is pending and records each result, so a channel that is down
loses nothing and a channel that comes back gets each alert once.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import parse_qsl, urlsplit

from newswatch.alert_rules import Channel
from newswatch.alerts import render_text

_SECRET_IN_URL = re.compile(r"([a-z][a-z0-9+.\-]*://)[^@/\s]*@", re.I)
_LONG_TOKEN = re.compile(r"[A-Za-z0-9_\-]{20,}")
# A query parameter named like a credential is masked whatever its length ("?token=hunter2").
_SECRET_PARAM = re.compile(
    r"([?&;](?:[a-z0-9_\-]*(?:token|key|secret|pass|pwd|auth|sig|signature|session|code))=)[^&;#\s'\"]+",
    re.I,
)


# Names of settings are not secrets: environment variables (NEWSWATCH_ALLOW_PRIVATE_HOSTS)
# and command-line options (--allow-private-hosts) stay readable in a redacted message.
_SETTING_NAME = re.compile(r"[A-Z][A-Z0-9]{0,15}(?:_[A-Z0-9]{1,16})+|--[a-z0-9]+(?:-[a-z0-9]+)+")


def _mask_token(match: re.Match) -> str:
    token = match.group(0)
    return token if _SETTING_NAME.fullmatch(token) else "***"


def secret_parts(url: str) -> list[str]:
    """The pieces of a channel's secret URL that must never be shown, longest first: the
    URL, its user and password, every query value, and every path segment that looks like a
    token (has a digit, or 16+ characters) however short ("/hook/tok9Zq7")."""
    try:
        parts = urlsplit(url)
        found = {url, parts.password or "", parts.username or ""}
    except ValueError:  # not even a URL: mask it whole
        return [url]
    found.update(value for _name, value in parse_qsl(parts.query, keep_blank_values=False))
    found.update(seg for seg in parts.path.split("/") if any(c.isdigit() for c in seg) or len(seg) >= 16)
    return sorted((p for p in found if len(p) >= 4), key=len, reverse=True)


def redact(text: str, known: list[str] | tuple[str, ...] = ()) -> str:
    """Remove credentials and token-like strings from an error message before storing it;
    the names of settings (environment variables, command-line options) are kept. `known`:
    secret strings to mask wherever they occur (the pieces of the channel's URL)."""
    text = text or ""
    for secret in known:
        text = text.replace(secret, "***")
    text = _SECRET_IN_URL.sub(r"\1***@", text)
    text = _SECRET_PARAM.sub(r"\1***", text)
    return _LONG_TOKEN.sub(_mask_token, text)


class DeliveryError(Exception):
    pass


def _to_terminal(alerts: list[dict[str, Any]], stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    for alert in alerts:
        print(render_text(alert), file=stream)


def _to_jsonl(channel: Channel, alerts: list[dict[str, Any]]) -> None:
    path = Path(channel.path or "data/alerts.jsonl")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        for alert in alerts:
            record = {
                k: (v.isoformat() if hasattr(v, "isoformat") else v)
                for k, v in alert.items()
                if k != "markdown"
            }
            if isinstance(record.get("explanation"), str):
                record["explanation"] = json.loads(record["explanation"])
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def _to_markdown(channel: Channel, alerts: list[dict[str, Any]]) -> None:
    path = Path(channel.path or "data/alerts.md")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        for alert in alerts:
            fh.write(alert["markdown"] + "\n")


def digest_markdown(alerts: list[dict[str, Any]], title: str = "newswatch alerts") -> str:
    """One message grouping alerts by theatre/severity (used for digests and chat)."""
    order = {"high": 0, "medium": 1, "low": 2, "info": 3}
    lines = [f"## {title} ({len(alerts)})", ""]
    for alert in sorted(alerts, key=lambda a: (order.get(a["severity"], 9), str(a["created_at"]))):
        lines.append(f"- **{alert['severity']}** {alert['summary']}")
    return "\n".join(lines) + "\n"


def _to_apprise(channel: Channel, alerts: list[dict[str, Any]]) -> None:
    import apprise

    url = channel.apprise_url()
    if not url:
        raise DeliveryError(f"{channel.secret_source} is not set")
    app = apprise.Apprise()
    body = digest_markdown(alerts) if len(alerts) > 1 else alerts[0]["markdown"]
    title = (
        f"newswatch: {len(alerts)} alerts"
        if len(alerts) > 1
        else f"newswatch [{alerts[0]['severity']}]: {alerts[0]['summary'][:120]}"
    )
    try:
        if not app.add(url):
            raise DeliveryError(f"{channel.secret_source} does not hold a URL Apprise understands")
        sent = app.notify(body=body, title=title, body_format=apprise.NotifyFormat.MARKDOWN)
    except DeliveryError:
        raise
    except Exception as exc:  # a plugin's error may quote the URL: mask every piece of it
        raise DeliveryError(
            redact(f"channel {channel.name}: {type(exc).__name__}: {exc}", secret_parts(url))
        ) from None
    if not sent:
        raise DeliveryError(f"channel {channel.name} refused the message")


def send(
    channel: Channel, alerts: list[dict[str, Any]], artifact_sink: Callable[[str], None] | None = None
) -> None:
    """Send alerts through one channel; raises on failure (the caller records it)."""
    if not alerts:
        return
    if channel.type == "terminal":
        _to_terminal(alerts)
    elif channel.type == "jsonl":
        _to_jsonl(channel, alerts)
    elif channel.type == "markdown":
        _to_markdown(channel, alerts)
    elif channel.type == "apprise":
        _to_apprise(channel, alerts)
    elif channel.type == "artifact":
        if artifact_sink is not None:
            artifact_sink(digest_markdown(alerts) + "\n" + "\n".join(a["markdown"] for a in alerts))
    else:
        raise DeliveryError(f"unknown channel type {channel.type}")
