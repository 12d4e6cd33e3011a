from datetime import UTC, datetime

import pytest

from newswatch.timeargs import TimeArgError, parse_time, parse_window

NOW = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-01", datetime(2026, 2, 1, tzinfo=UTC)),
        ("2026-02", datetime(2026, 2, 1, tzinfo=UTC)),
        ("2026-2", datetime(2026, 2, 1, tzinfo=UTC)),
        ("2026-02-01T10:00", datetime(2026, 2, 1, 10, tzinfo=UTC)),
        ("2026-02-01 10:00:00+02:00", datetime(2026, 2, 1, 8, tzinfo=UTC)),
        ("2026-02-01T10:00:00Z", datetime(2026, 2, 1, 10, tzinfo=UTC)),
        ("7d", datetime(2026, 3, 3, 15, 30, tzinfo=UTC)),
        ("36h", datetime(2026, 3, 9, 3, 30, tzinfo=UTC)),
        ("90m", datetime(2026, 3, 10, 14, 0, tzinfo=UTC)),
        ("2w", datetime(2026, 2, 24, 15, 30, tzinfo=UTC)),
        ("today", datetime(2026, 3, 10, tzinfo=UTC)),
        ("yesterday", datetime(2026, 3, 9, tzinfo=UTC)),
        ("now", NOW),
    ],
)
def test_forms(text, expected):
    assert parse_time(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["last week", "2026-13", "7x", "2026-02-30", ""])
def test_errors_name_the_flag(text):
    with pytest.raises(TimeArgError, match="--until"):
        parse_time(text, now=NOW, flag="--until")


def test_window_anchors_on_now_and_rejects_empty_windows():
    start, end, now = parse_window("7d", "1d", "2026-03-10T15:30")
    assert (start, end, now) == (
        datetime(2026, 3, 3, 15, 30, tzinfo=UTC),
        datetime(2026, 3, 9, 15, 30, tzinfo=UTC),
        NOW,
    )
    with pytest.raises(TimeArgError, match="not after"):
        parse_window("2026-03-01", "2026-02", None)
    with pytest.raises(TimeArgError, match="--now"):
        parse_window("7d", None, "soon")
