"""`newswatch alerts list|show`."""

from __future__ import annotations

from typing import Annotated

import typer

from newswatch.cli.app import group
from newswatch.cli.common import (
    SEVERITY_STYLE,
    DbOpt,
    JsonOpt,
    UserError,
    console_width,
    db_path,
    echo,
    print_json,
    print_table,
    records,
    time_arg,
)

alerts_app = group(
    "alerts", "List and show alerts. Example: newswatch alerts list --since 7d --severity high"
)

VERDICT_STYLE = {"confirmed": "green", "muted": "dim"}


@alerts_app.command("list")
def list_alerts(
    since: Annotated[
        str | None,
        typer.Option(help="Only alerts raised since then. Example: --since 7d (or 2026-02, yesterday)"),
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only alerts raised before then. Example: --until 2026-03-01")
    ] = None,
    now: Annotated[
        str | None, typer.Option(help="The clock for relative times. Example: --now 2026-03-08")
    ] = None,
    rule: Annotated[str | None, typer.Option(help="Only this rule. Example: --rule idlib-airstrikes")] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help="Only this kind: recurrence, burst, first_seen, meeting, feed_health. Example: --kind burst"
        ),
    ] = None,
    severity: Annotated[
        str | None, typer.Option(help="Only this severity: info, low, medium, high. Example: --severity high")
    ] = None,
    theatre: Annotated[
        str | None,
        typer.Option(
            help="Only alerts about this theatre: syria, libya, turkey-russia-iran. Example: --theatre libya"
        ),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option(
            help="Only this recurrence key or its leading parts. Example: --key 'AIRSTRIKE|adm1:syr-idlib'"
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(help="At most this many (newest first). Example: --limit 20", min=1)
    ] = None,
    unread: Annotated[
        bool,
        typer.Option(
            "--unread",
            help="Only alerts with no verdict yet (not confirmed, dismissed or muted). Example: --unread",
        ),
    ] = False,
    json: JsonOpt = False,
    db: DbOpt = None,
) -> int:
    """List alerts, newest first, in a table fitted to the terminal (--json: every field).

    The verdict column is the desk's feedback: confirmed, dismissed: reason, muted, or blank.

    Example: newswatch alerts list --since 7d --kind recurrence --severity high --limit 20
    """
    from newswatch.alert_rules import RULE_KINDS, SEVERITIES
    from newswatch.taxonomy import THEATRES
    from warehouse import reports

    kind = _choice("--kind", kind, RULE_KINDS)
    severity = _choice("--severity", severity, SEVERITIES)
    theatre = _choice("--theatre", theatre, THEATRES)
    anchor = time_arg(now, "--now")
    start, end = time_arg(since, "--since", anchor), time_arg(until, "--until", anchor)
    if start and end and end <= start:
        raise UserError(f"--until {until} is not after --since {since} — swap them or widen the window")
    path = db_path(db)
    columns, rows = _outdated_is_user_error(
        path,
        reports.alerts_filtered,
        path,
        since=start,
        until=end,
        rule=rule,
        kind=kind,
        severity=severity,
        theatre=theatre,
        key=key,
        limit=limit,
        unread=unread,
    )
    if json:
        data = records(columns, rows)
        for item in data:
            item["explanation"] = _loads(item.get("explanation"))
        print_json(data)
        return 0
    print_table(
        *_alert_table(columns, rows, console_width()),
        max_width=200,
        styles={"severity": SEVERITY_STYLE, "verdict": VERDICT_STYLE},
        keep=("created", "id", "kind", "severity"),
    )
    return 0


def _alert_table(columns: list[str], rows: list[tuple], width: int) -> tuple[list[str], list[list]]:
    """The table's columns: when, a 12-character id (what `alerts show` takes), kind,
    severity, the summary (cut to fit); the recurrence key only on a wide terminal (it is in
    `alerts show` and --json), the verdict only when some alert has one."""
    names = ["created_at", "alert_id", "kind", "severity", "summary"]
    if width >= 140:
        names.insert(4, "recurrence_key")
    if any(r[columns.index("verdict")] for r in rows):
        names.append("verdict")
    index = [columns.index(c) for c in names]
    shown = []
    for r in rows:
        row = [r[i] for i in index]
        row[0] = f"{row[0]:%Y-%m-%d %H:%M}" if row[0] is not None else ""
        row[1] = row[1][:12]
        shown.append(row)
    headers = ["created", "id"] + [{"recurrence_key": "key"}.get(n, n) for n in names[2:]]
    return headers, shown


def _choice(flag: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    """A filter value that can match: a typo ('--kind recurrnce') is an error with the
    nearest names, not an empty list."""
    if value is None or value.lower() in choices:
        return value.lower() if value else value
    import difflib

    near = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.5)
    hint = f"did you mean {near[0]}? " if near else ""
    raise UserError(f"{flag} {value!r}: {hint}give one of {', '.join(choices)}")


def _outdated_is_user_error(path: str, read, *args, **kwargs):
    from warehouse.reports import WarehouseOutdated

    try:
        return read(*args, **kwargs)
    except WarehouseOutdated:
        raise UserError(
            f"the warehouse at {path} predates alert verdicts — run 'newswatch migrate --db {path}'"
        ) from None


def _loads(value):
    import json as _json

    try:
        return _json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return value


@alerts_app.command("show")
def show(
    alert_id: Annotated[
        str,
        typer.Argument(
            help="The alert id, or an unambiguous prefix of it. Example: 3f9c2a", show_default=False
        ),
    ],
    json: Annotated[
        bool, typer.Option("--json", help="The structured explanation as JSON. Example: --json")
    ] = False,
    db: DbOpt = None,
) -> int:
    """Show one alert with its explanation and the desk's verdict (Markdown, or JSON with --json).

    Example: newswatch alerts show 3f9c2a
    """
    from warehouse import reports

    path = db_path(db)
    matches = reports.alert_ids_with_prefix(path, alert_id)
    if not matches:
        raise UserError(f"no alert {alert_id!r} — list them with 'newswatch alerts list'")
    if len(matches) > 1 and alert_id not in matches:
        raise UserError(
            f"{alert_id!r} matches several alerts ({', '.join(m[:16] for m in matches)}…) "
            "— give more of the id"
        )
    row = reports.alert(path, alert_id if alert_id in matches else matches[0])
    verdict = _outdated_is_user_error(path, reports.alert_verdict, path, row[0])
    if json:
        data = _loads(row[2])
        data = (
            {**data, "verdict": verdict}
            if isinstance(data, dict)
            else {"explanation": data, "verdict": verdict}
        )
        print_json(data)
        return 0
    echo(row[1])
    echo()
    echo(
        f"verdict: {verdict}"
        if verdict
        else f"verdict: none yet — newswatch alerts confirm|dismiss {row[0][:12]}"
    )
    return 0
