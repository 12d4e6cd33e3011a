"""The clock. Stages take `now` as a parameter (replay and backtest pass a simulated one);
this is where the real one is read."""

from __future__ import annotations

from datetime import UTC, datetime


def now_utc() -> datetime:
    return datetime.now(UTC)


def as_utc(now: datetime | None) -> datetime:
    """`now`, or the current time; a naive datetime is taken as UTC."""
    if now is None:
        return now_utc()
    return now if now.tzinfo else now.replace(tzinfo=UTC)
