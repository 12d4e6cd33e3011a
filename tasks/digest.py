"""Digest task: read a period's alerts, events and feed health (warehouse.reports, read-only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from warehouse import reports

LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="read-digest", **LOCAL)
def read_digest(db: str, since: datetime, until: datetime, max_events: int = 30) -> dict[str, Any]:
    data = reports.digest(db, since, until, max_events)
    if data["missing"]:
        get_run_logger().warning("warehouse %s does not exist yet: empty digest", db)
    else:
        get_run_logger().info("digest: %d alerts, %d event groups", len(data["alerts"]), len(data["events"]))
    return data


@task(name="write-digest-report", **LOCAL)
def write_report(db: str, since: datetime, until: datetime, path: str) -> str:
    """The HTML report over the digest's period (newswatch.report), written to `path`."""
    from pathlib import Path

    from newswatch.report import build_report

    page = build_report(db, since, until, until)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    get_run_logger().info("digest report written to %s (%d KB)", out, len(page.encode("utf-8")) // 1024)
    return page


@task(name="mail-digest-report", **LOCAL)
def mail_report(rules_path: str, channel_name: str, title: str, page: str) -> str:
    """Send the report as an HTML e-mail through the rules' Apprise channel `channel_name`.
    Returns "sent", "skipped: why" or "failed: why" (never a secret); a failure is logged,
    not raised: the report is written either way."""
    from newswatch.alert_rules import load_rules
    from newswatch.delivery import DeliveryError, redact
    from newswatch.report.mail import send_html_report

    logger = get_run_logger()
    channel = load_rules(rules_path).channels.get(channel_name)
    if channel is None:
        logger.info("no channel %r in %s: the digest is not e-mailed", channel_name, rules_path)
        return f"skipped: no channel {channel_name!r}"
    if channel.type == "apprise" and not channel.apprise_url():
        logger.info(
            "channel %s: %s is not set: the digest is not e-mailed", channel_name, channel.secret_source
        )
        return f"skipped: {channel.secret_source} is not set"
    try:
        send_html_report(channel, title, page)
    except DeliveryError as exc:
        message = redact(str(exc))
        logger.warning("digest e-mail not sent: %s", message)
        return f"failed: {message}"
    logger.info("digest e-mailed through channel %s", channel_name)
    return "sent"
