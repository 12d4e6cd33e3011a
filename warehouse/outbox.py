"""The alert outbox: pending deliveries per channel, and their outcomes."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from warehouse.db import named_query, rows_as_dicts
from warehouse.store import Warehouse

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
            rows = con.execute(named_query("channel_history"), [now, channel]).fetchall()
        return rows[0][0], rows[0][1]

    def record(self, channel: str, alert_ids: list[str], now: datetime, error: str | None = None) -> None:
        with self.write() as con:
            if error is None:
                con.execute(named_query("delivery_sent"), [now, channel, alert_ids])
            else:
                cap_minutes = int(MAX_BACKOFF.total_seconds() // 60)
                con.execute(named_query("delivery_failed"), [error, now, cap_minutes, channel, alert_ids])
