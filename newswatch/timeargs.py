"""One reading of `--since`, `--until` and `--now` for every command.

Accepted: ISO dates (`2026-02-01`), months (`2026-02`, the first of the month), datetimes
(`2026-02-01T10:00`, `2026-02-01 10:00:00+02:00`; naive times are UTC), relative spans back
from now (`90m`, `36h`, `7d`, `2w`), and the words `now`, `today` (midnight UTC) and
`yesterday`. Everything returns an aware UTC datetime. A value that cannot be read raises
`TimeArgError` naming the flag and the accepted forms.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

RELATIVE = re.compile(r"^\s*(\d+)\s*(m|min|mins|h|hr|hrs|d|day|days|w|wk|weeks?)\s*$", re.I)
MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
UNIT = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
FORMS = (
    "a date (2026-02-01), a month (2026-02), a datetime (2026-02-01T10:00), "
    "7d, 36h, 90m, 2w, today, yesterday or now"
)


class TimeArgError(ValueError):
    """A time argument that cannot be read; the message names the flag and the fix."""


def parse_time(
    value: str | datetime | date | None, *, now: datetime | None = None, flag: str = "--since"
) -> datetime | None:
    """Read one time argument (None stays None). `now` anchors relative forms and words."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    now = now or datetime.now(UTC)
    text = str(value).strip()
    word = text.lower()
    if word == "now":
        return now
    if word in ("today", "yesterday"):
        midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight - timedelta(days=1) if word == "yesterday" else midnight
    if m := RELATIVE.match(text):
        unit = UNIT[m.group(2)[0].lower()]
        return now - timedelta(**{unit: int(m.group(1))})
    if m := MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise TimeArgError(f"{flag} {text!r}: month {month} does not exist")
        return datetime(year, month, 1, tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise TimeArgError(f"{flag} {text!r} is not a time: give {FORMS}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_window(
    since: str | None, until: str | None = None, now: str | datetime | None = None
) -> tuple[datetime | None, datetime | None, datetime]:
    """`--since/--until/--now` together: `now` first (it anchors the others), then a check
    that the window is not empty."""
    anchor = parse_time(now, flag="--now") if now is not None else datetime.now(UTC)
    start = parse_time(since, now=anchor, flag="--since")
    end = parse_time(until, now=anchor, flag="--until")
    if start and end and end <= start:
        raise TimeArgError(f"--until {until!r} is not after --since {since!r}")
    return start, end, anchor
