"""`newswatch alerts confirm|dismiss|mute|feedback`: the desk's verdict on alerts
(newswatch.feedback; stored in the warehouse's alert_feedback table)."""

from __future__ import annotations

from typing import Annotated

import typer

from newswatch.cli.alerts import alerts_app
from newswatch.cli.common import DbOpt, JsonOpt, UserError, db_path, echo, print_json, print_table, records

AnalystOpt = Annotated[
    str | None, typer.Option(help="Who says so (default: the login name). Example: --analyst rk")
]


def _run(fn, *args, **kwargs):
    from newswatch.feedback import FeedbackError

    try:
        return fn(*args, **kwargs)
    except FeedbackError as exc:
        raise UserError(str(exc)) from None


@alerts_app.command("confirm")
def confirm(
    alert_id: Annotated[str, typer.Argument(help="Alert id or an unambiguous prefix. Example: 3f9c2a")],
    reason: Annotated[
        str | None, typer.Option(help="Optional note. Example: --reason 'seen on the ground'")
    ] = None,
    analyst: AnalystOpt = None,
    db: DbOpt = None,
) -> int:
    """Say an alert was right. Example: newswatch alerts confirm 3f9c2a"""
    from newswatch import feedback

    row = _run(feedback.confirm, db_path(db), alert_id, reason, analyst)
    echo(f"confirmed {row['alert_id']}")
    return 0


@alerts_app.command("dismiss")
def dismiss(
    alert_id: Annotated[str, typer.Argument(help="Alert id or an unambiguous prefix. Example: 3f9c2a")],
    reason: Annotated[str, typer.Option(help="Why it was wrong or useless. Example: --reason 'other talks'")],
    analyst: AnalystOpt = None,
    db: DbOpt = None,
) -> int:
    """Say an alert was wrong, and why. Example: newswatch alerts dismiss 3f9c2a --reason 'a copy'"""
    from newswatch import feedback

    row = _run(feedback.dismiss, db_path(db), alert_id, reason, analyst)
    echo(f"dismissed {row['alert_id']}: {row['reason']}")
    return 0


@alerts_app.command("mute")
def mute(
    key: Annotated[
        str,
        typer.Argument(
            help="A rule name, a recurrence key or its leading parts. Example: 'AIRSTRIKE|adm1:syr-idlib'"
        ),
    ],
    days: Annotated[float, typer.Option(help="For how many days. Example: --days 7", min=0.01)],
    reason: Annotated[
        str | None, typer.Option(help="Optional note. Example: --reason 'known campaign'")
    ] = None,
    analyst: AnalystOpt = None,
    db: DbOpt = None,
) -> int:
    """No alert for a key while muted. Example: newswatch alerts mute 'AIRSTRIKE|adm1:syr-idlib' --days 7"""
    from newswatch import feedback

    row = _run(feedback.mute, db_path(db), key, days, reason, analyst)
    echo(f"muted {row['mute_key']} until {row['muted_until']:%Y-%m-%d %H:%M} UTC")
    return 0


@alerts_app.command("feedback")
def show_feedback(json: JsonOpt = False, db: DbOpt = None) -> int:
    """Every confirm, dismiss and mute, oldest first. Example: newswatch alerts feedback"""
    from newswatch import feedback

    rows = feedback.feedback_rows(db_path(db))
    if json:
        print_json(rows)
        return 0
    columns = ["created_at", "action", "alert_id", "mute_key", "muted_until", "reason", "analyst"]
    print_table(
        columns,
        [
            [r[c] for c in columns]
            for r in records(list(rows[0]) if rows else columns, [r.values() for r in rows])
        ],
        keep=("created_at", "action", "alert_id"),
    )
    return 0
