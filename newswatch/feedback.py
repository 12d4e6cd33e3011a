"""Analyst feedback on alerts: confirm, dismiss, mute a key for some days.

Stored in the warehouse (`alert_feedback`, migration 003). The rules honour mutes (a muted
key raises nothing while muted: newswatch.stages.detect), `alerts list` shows each alert's
verdict, and `eval alerts --feedback` reports precision as the desk judged it, by week:
confirmed / (confirmed + dismissed).
"""

from __future__ import annotations

import getpass
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from newswatch.clock import now_utc
from newswatch.ids import short_id

ACTIONS = ("confirm", "dismiss", "mute")


class FeedbackError(ValueError):
    """Feedback that cannot be recorded (unknown alert, bad key or duration)."""


# -- pure --------------------------------------------------------------------------------


def key_matches(mute_key: str, alert: dict[str, Any]) -> bool:
    """A mute key names a rule, a whole recurrence key, or its leading parts
    (`AIRSTRIKE|adm1:syr-idlib` mutes every AIRSTRIKE|adm1:syr-idlib|... key)."""
    key = alert.get("recurrence_key") or ""
    return mute_key == alert.get("rule") or key == mute_key or key.startswith(mute_key + "|")


def muted_by(alert: dict[str, Any], mutes: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The mute in force that silences this alert, or None."""
    return next((m for m in mutes if key_matches(m["mute_key"], alert)), None)


def verdicts(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """{alert id: its latest confirm/dismiss row} from feedback rows (any order)."""
    out: dict[str, dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: (r["created_at"], r.get("feedback_id") or "")):
        if r["action"] in ("confirm", "dismiss") and r.get("alert_id"):
            out[r["alert_id"]] = r
    return out


@dataclass
class WeekPrecision:
    week: date  # Monday
    confirmed: int
    dismissed: int

    @property
    def precision(self) -> float | None:
        judged = self.confirmed + self.dismissed
        return self.confirmed / judged if judged else None


def precision_by_week(verdict_rows: list[dict[str, Any]]) -> list[WeekPrecision]:
    """Desk precision per week of the alerts' raising: confirmed / (confirmed + dismissed)."""
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    for r in verdict_rows:
        when = r["alert_created_at"]
        day = when.date() if isinstance(when, datetime) else when
        monday = day - timedelta(days=day.weekday())
        weeks[monday][0 if r["action"] == "confirm" else 1] += 1
    return [WeekPrecision(w, c, d) for w, (c, d) in sorted(weeks.items())]


def format_precision(weeks: list[WeekPrecision]) -> str:
    if not weeks:
        return "no alert has been confirmed or dismissed yet (newswatch alerts confirm|dismiss ID)"
    lines = ["week        confirmed  dismissed  precision"]
    for w in weeks:
        p = f"{w.precision:.3f}" if w.precision is not None else "-"
        lines.append(f"{w.week.isoformat()}  {w.confirmed:9d}  {w.dismissed:9d}  {p:>9}")
    c, d = sum(w.confirmed for w in weeks), sum(w.dismissed for w in weeks)
    lines.append(f"overall     {c:9d}  {d:9d}  {c / (c + d):9.3f}" if c + d else "overall: none judged")
    return "\n".join(lines)


def verdict_label(rows: list[dict[str, Any]]) -> str:
    """One alert's feedback in a word or two: 'confirmed', 'dismissed: <reason>', ''."""
    v = verdicts(rows)
    if not v:
        return ""
    r = next(iter(v.values()))
    label = "confirmed" if r["action"] == "confirm" else "dismissed"
    return f"{label}: {r['reason']}" if r.get("reason") else label


# -- warehouse ---------------------------------------------------------------------------


def _resolve_alert(con, alert_id: str) -> str:
    from warehouse.db import named_query

    rows = [r[0] for r in con.execute(named_query("feedback_alert_prefix"), [alert_id]).fetchall()]
    if alert_id in rows:
        return alert_id
    if not rows:
        raise FeedbackError(f"no alert {alert_id!r} (list them with 'newswatch alerts list')")
    if len(rows) > 1:
        raise FeedbackError(f"{alert_id!r} matches several alerts: give more of the id")
    return rows[0]


def _record(
    db,
    action: str,
    alert_id: str | None,
    mute_key: str | None,
    reason: str | None,
    analyst: str | None,
    when: datetime,
    until: datetime | None,
) -> dict[str, Any]:
    from warehouse.db import connect, migrate_connection, named_query

    with connect(db) as con:
        migrate_connection(con)
        if alert_id is not None:
            alert_id = _resolve_alert(con, alert_id)
        analyst = analyst or _login()
        fid = short_id("|".join([action, alert_id or "", mute_key or "", when.isoformat(), reason or ""]))
        con.execute(
            named_query("insert_feedback"), [fid, action, alert_id, mute_key, reason, analyst, when, until]
        )
    return {
        "feedback_id": fid,
        "action": action,
        "alert_id": alert_id,
        "mute_key": mute_key,
        "reason": reason,
        "analyst": analyst,
        "created_at": when,
        "muted_until": until,
    }


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container
        return "analyst"


def confirm(
    db, alert_id: str, reason: str | None = None, analyst: str | None = None, now: datetime | None = None
):
    """The desk says this alert was right."""
    return _record(db, "confirm", alert_id, None, reason, analyst, now or now_utc(), None)


def dismiss(db, alert_id: str, reason: str, analyst: str | None = None, now: datetime | None = None):
    """The desk says this alert was wrong or useless, and why."""
    if not (reason or "").strip():
        raise FeedbackError("say why the alert is dismissed (--reason)")
    return _record(db, "dismiss", alert_id, None, reason.strip(), analyst, now or now_utc(), None)


def mute(
    db,
    key: str,
    days: float,
    reason: str | None = None,
    analyst: str | None = None,
    now: datetime | None = None,
):
    """No alert for this rule, recurrence key or leading part of one for `days` days."""
    key = (key or "").strip()
    if not key:
        raise FeedbackError(
            "give a key to mute: a rule name or a recurrence key such as 'AIRSTRIKE|adm1:syr-idlib'"
        )
    if not days or days <= 0:
        raise FeedbackError("--days must be more than 0")
    when = now or now_utc()
    return _record(db, "mute", None, key, reason, analyst, when, when + timedelta(days=days))


def feedback_rows(db) -> list[dict[str, Any]]:
    from warehouse.db import connect, named_query, rows_as_dicts

    with connect(db, read_only=True) as con:
        return rows_as_dicts(con.execute(named_query("alert_feedback_all")))


def active_mutes(db, now: datetime | None = None) -> list[dict[str, Any]]:
    from warehouse.db import connect, named_query, rows_as_dicts

    with connect(db, read_only=True) as con:
        return rows_as_dicts(con.execute(named_query("active_mutes"), [now or now_utc()]))


def verdict_by_alert(db) -> dict[str, str]:
    """{alert id: 'confirmed' or 'dismissed: reason'} for alerts with feedback."""
    by_alert: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in feedback_rows(db):
        if r.get("alert_id"):
            by_alert[r["alert_id"]].append(r)
    return {a: verdict_label(rows) for a, rows in by_alert.items()}


def desk_precision(db) -> list[WeekPrecision]:
    from warehouse.db import connect, named_query, rows_as_dicts

    with connect(db, read_only=True) as con:
        return precision_by_week(rows_as_dicts(con.execute(named_query("feedback_verdicts"))))
