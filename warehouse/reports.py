"""Read-only questions people ask the warehouse: the digest, alert listings, feed health,
the schema, and the labelled-timeline scoring. Each opens the warehouse read-only, so it
runs while a cycle is writing (waiting a few seconds at most)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from warehouse.db import connect, named_query, rows_as_dicts


class WarehouseOutdated(Exception):
    """The warehouse lacks a migration a read needs (read commands never migrate)."""


def digest(db: str | Path, since: datetime, until: datetime, max_events: int = 30) -> dict[str, Any]:
    """The alerts, event groups and counts of a period; `missing` when there is no warehouse."""
    if not Path(db).exists():
        return {"alerts": [], "events": [], "counts": {}, "missing": True}
    with connect(db, read_only=True) as con:
        alerts = rows_as_dicts(con.execute(named_query("digest_alerts"), [since, until]))
        events = rows_as_dicts(con.execute(named_query("digest_events"), [since, until, max_events]))
        counts = rows_as_dicts(con.execute(named_query("digest_counts"), [since, until]))[0]
    return {"alerts": alerts, "events": events, "counts": counts, "missing": False}


def recurrence_alert_urls(db: str | Path) -> list[tuple[str, datetime, list[str]]]:
    """(alert id, created at, URLs of its cluster's articles) for every recurrence alert."""
    with connect(db, read_only=True) as con:
        return con.execute(named_query("recurrence_alert_urls")).fetchall()


def alert(db: str | Path, alert_id: str) -> tuple[str, str, str] | None:
    """(alert id, markdown, explanation JSON) of one alert, or None."""
    with connect(db, read_only=True) as con:
        return con.execute(named_query("alert_by_id"), [alert_id]).fetchone()


def alerts(db: str | Path, since=None, rule: str | None = None, kind: str | None = None):
    """(column names, rows) of the alerts, filtered, in time order."""
    with connect(db, read_only=True) as con:
        cur = con.execute(named_query("alerts_list"), [since, rule, kind])
        return [d[0] for d in cur.description], cur.fetchall()


def feed_health(db: str | Path) -> dict[str, tuple]:
    """{feed id: (consecutive failures, last success, last new item, last fetch outcome)}."""
    with connect(db, read_only=True) as con:
        return {r[0]: r[1:] for r in con.execute(named_query("feed_health")).fetchall()}


def schema(db: str | Path) -> list[tuple[str, str | None, list[tuple[str, str, str | None]]]]:
    """[(table or view, comment, [(column, type, comment)])] of the user's tables and views."""
    with connect(db, read_only=True) as con:
        objects = con.execute(named_query("schema_objects")).fetchall()
        return [
            (name, comment, con.execute(named_query("schema_columns"), [name]).fetchall())
            for name, comment in objects
        ]


def alerts_filtered(
    db: str | Path,
    *,
    since=None,
    until=None,
    rule: str | None = None,
    kind: str | None = None,
    severity: str | None = None,
    theatre: str | None = None,
    key: str | None = None,
    limit: int | None = None,
    unread: bool = False,
) -> tuple[list[str], list[tuple]]:
    """(columns, rows) of alerts with every field (the desk's `verdict` too), newest first.
    `key` matches a whole recurrence key or its leading parts (`AIRSTRIKE|adm1:syr-idlib`).
    `unread`: only alerts with no verdict (not confirmed, dismissed or muted).
    Raises WarehouseOutdated when the warehouse predates the verdict (migration 004)."""
    with connect(db, read_only=True) as con:
        if not con.execute(named_query("column_exists"), ["v_alerts", "verdict"]).fetchone()[0]:
            raise WarehouseOutdated(str(db))
        cur = con.execute(
            named_query("alerts_filtered"), [since, until, rule, kind, severity, theatre, key, limit, unread]
        )
        return [d[0] for d in cur.description], cur.fetchall()


def alert_verdict(db: str | Path, alert_id: str) -> str | None:
    """The desk's verdict on one alert (v_alerts.verdict), None when there is none."""
    with connect(db, read_only=True) as con:
        if not con.execute(named_query("column_exists"), ["v_alerts", "verdict"]).fetchone()[0]:
            raise WarehouseOutdated(str(db))
        row = con.execute(named_query("alert_verdict"), [alert_id]).fetchone()
        return row[0] if row else None


def alert_ids_with_prefix(db: str | Path, prefix: str) -> list[str]:
    """Up to five alert ids that start with `prefix`."""
    with connect(db, read_only=True) as con:
        return [r[0] for r in con.execute(named_query("alert_id_prefix"), [prefix]).fetchall()]


def table_names(db: str | Path) -> list[str]:
    """The user's tables and views."""
    with connect(db, read_only=True) as con:
        return [r[0] for r in con.execute(named_query("schema_objects")).fetchall()]
