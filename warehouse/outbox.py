"""The alert outbox: pending deliveries per channel, and their outcomes."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from warehouse.db import named_query
from warehouse.store import Warehouse, rows_as_dicts

MAX_BACKOFF = timedelta(hours=6)


class Outbox(Warehouse):
    def pending(self, now: datetime) -> dict[str, list[dict[str, Any]]]:
        with self.read() as con:
            rows = rows_as_dicts(con.execute(named_query("pending_deliveries"), [now]))
        by_channel: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_channel[row.pop("channel")].append(row)
        return dict(by_channel)

    def channel_history(self, channel: str, now: datetime) -> tuple[datetime | None, int]:
        """(last time the channel accepted something, deliveries it accepted in the last hour)."""
        with self.read() as con:
            rows = con.execute(
                "SELECT max(sent_at), count(*) FILTER (WHERE sent_at > ? - INTERVAL 1 HOUR) "
                "FROM deliveries WHERE channel = ? AND status = 'sent'",
                [now, channel],
            ).fetchall()
        return rows[0][0], rows[0][1]

    def record(self, channel: str, alert_ids: list[str], now: datetime, error: str | None = None) -> None:
        with self.write() as con:
            if error is None:
                con.execute(
                    "UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, "
                    "last_error = NULL WHERE channel = ? AND alert_id IN (SELECT unnest(?))",
                    [now, channel, alert_ids],
                )
            else:
                # exponential backoff: 1, 2, 4 ... minutes, at most MAX_BACKOFF
                con.execute(
                    "UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ?, "
                    "next_attempt_at = ? + to_minutes(CAST(least(pow(2, attempts), ?) AS BIGINT)) "
                    "WHERE channel = ? AND alert_id IN (SELECT unnest(?))",
                    [error, now, int(MAX_BACKOFF.total_seconds() // 60), channel, alert_ids],
                )
