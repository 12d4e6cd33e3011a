"""The notify stage: deliver the outbox. Each channel gets its due alerts; failures are
recorded with a backoff and retried by later cycles; a sent delivery is never sent again."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from newswatch.alert_rules import RuleSet
from newswatch.delivery import redact, send
from warehouse.outbox import Outbox

PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}


def due_for_channel(
    channel, alerts: list[dict[str, Any]], last_sent: datetime | None, sent_last_hour: int, now: datetime
) -> list[dict[str, Any]]:
    """Which pending alerts a channel gets now: digests wait for their period, and a rate
    limit keeps a burst from flooding anyone (the rest stay pending for later cycles)."""
    period = PERIODS.get(channel.mode)
    if period and last_sent is not None and now - last_sent < period:
        return []
    room = max(0, channel.max_per_hour - sent_last_hour) if channel.max_per_hour else len(alerts)
    if period:  # a digest is one message, whatever it holds
        return alerts if room else []
    return alerts[:room]


def run(db, rules: RuleSet, now: datetime, artifact_sink=None) -> dict[str, int]:
    outbox = Outbox(db)
    counts: Counter = Counter()
    for channel_name, pending in outbox.pending(now).items():
        channel = rules.channels.get(channel_name)
        ids = [a["alert_id"] for a in pending]
        if channel is None:
            outbox.record(channel_name, ids, now, error=f"channel {channel_name!r} is no longer defined")
            counts["failed"] += len(pending)
            continue
        alerts = due_for_channel(channel, pending, *outbox.channel_history(channel_name, now), now)
        counts["waiting"] += len(pending) - len(alerts)
        if not alerts:
            continue
        ids = [a["alert_id"] for a in alerts]
        try:
            send(channel, alerts, artifact_sink)
        except Exception as exc:  # a channel that is down must not stop the others
            outbox.record(channel_name, ids, now, error=redact(f"{type(exc).__name__}: {exc}"))
            counts["failed"] += len(alerts)
        else:
            outbox.record(channel_name, ids, now)
            counts["sent"] += len(alerts)
    return {k: v for k, v in counts.items() if v}
