"""Alerts: decide which rule fires for a cluster, build the explanation, render it.

An alert explains itself: the rule and key, the new event (what, where, when, who, which
sources and how many independent), every earlier occurrence in the window with dates and
links, and the scores that matched.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from newswatch import alert_render as render
from newswatch.alert_rules import Rule
from newswatch.clustering import EXPLICIT_GAP_DAYS
from newswatch.ids import alert_id_for
from newswatch.taxonomy import VIOLENT_TYPES, host_state, recurrence_places, recurrence_types, side


def rule_matches_cluster(rule: Rule, cluster: dict[str, Any]) -> bool:
    if rule.types and cluster["type"] not in rule.types:
        return False
    if rule.theatres and not set(rule.theatres) & set(cluster.get("theatres") or []):
        return False
    if rule.regions and cluster["region_id"] not in rule.regions:
        return False
    if rule.actors and not set(rule.actors) & set(cluster.get("parties") or []):
        return False
    if cluster.get("n_sources", 0) < rule.min_sources:
        return False
    if len(cluster.get("parties") or []) < rule.min_parties:
        return False
    if rule.kind == "recurrence" and not cluster.get("dated", True):
        return False  # only undated mentions ("after recent clashes"): background, not news
    return cluster.get("confidence", 0.0) >= rule.min_confidence


def same_sides(
    a: list[str] | None, b: list[str] | None, host: str | None = None, coarse: bool = False
) -> bool:
    """Same pair of parties: with two or more on each side they share at least two
    (Russia-Turkey talks put off is not a recurrence of Iran-Turkey talks put off);
    with one side known they share it; with none known either way, they match.

    `host` is the state both happened in: named by both, it is not a shared side ("Turkey
    kills ISIS chief in Syria" does not repeat "US raid kills ISIS leader in Syria" because
    both name Syria); the other parties must then match.

    `coarse`: the place is only a country, so it says little and the sides must say who:
    the parties other than the host are the same (the key's actor pair), none unknown. The
    host is then left out of each side even when only one names it ("Israeli strikes in
    Syria" repeats "Israel strikes Syrian army posts").

    Parties are compared as the sides they stand for (taxonomy.side: Libya's GNA is
    `state:lby`, as Syria's government is `state:syr`)."""
    mine, theirs = {side(x) for x in a or []}, {side(x) for x in b or []}
    if host and ((host in mine and host in theirs) or (coarse and (host in mine or host in theirs))):
        mine, theirs = mine - {host}, theirs - {host}
    if coarse:
        return bool(mine) and mine == theirs
    if not mine or not theirs:
        return True
    return len(mine & theirs) >= min(2, len(mine), len(theirs))


def earlier_matches(
    rule: Rule, cluster: dict[str, Any], candidates: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Earlier clusters that make `cluster` a recurrence under `rule`."""
    out = []
    for other in candidates:
        if other["cluster_id"] == cluster["cluster_id"]:
            continue
        if other["type"] not in recurrence_types(cluster["type"]):
            continue
        if other["region_id"] not in recurrence_places(cluster["region_id"]):
            continue
        gap = (cluster["first_date"] - other["first_date"]).days
        if gap < rule.min_gap_days or gap > rule.lookback_days:
            continue
        host = host_state(cluster["region_id"])
        coarse = cluster["region_id"] == host
        if rule.match_parties and not same_sides(cluster.get("parties"), other.get("parties"), host, coarse):
            continue
        if len(other.get("parties") or []) < rule.min_parties:
            continue
        out.append(other)
    return sorted(out, key=lambda c: c["first_date"])


def in_cooldown(rule: Rule, cluster: dict[str, Any], alerted: dict[str, Any]) -> bool:
    """An alert of this rule on a cluster of the same type, place key and sides within the
    cooldown: the new cluster is most likely the same happening told differently."""
    if alerted["cluster_id"] == cluster["cluster_id"] or not rule.cooldown_hours:
        return False
    if (alerted["type"], alerted["region_id"]) != (cluster["type"], cluster["region_id"]):
        return False
    if _days_apart(cluster, alerted):
        return False
    gap_h = abs((cluster["first_date"] - alerted["first_date"]).days) * 24
    # The state the place lies in says nothing of who did it: a cluster naming only the host
    # has unknown sides, compatible with any (the same-event test of ../shared/design/taxonomy.md:
    # "actors compatible"), as "Turkey encircles Afrin" read as {syr} and a Turkish missile on
    # a convoy in Afrin the same day read as {tur, ypg}.
    host = host_state(cluster["region_id"])
    mine, theirs = _without(cluster.get("parties"), host), _without(alerted.get("parties"), host)
    return gap_h <= rule.cooldown_hours and same_sides(mine, theirs)


def _days_apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two violent happenings whose reports give their days, two or more days apart: not one
    told twice (the same-event test of ../shared/design/taxonomy.md; clustering never joins
    explicit dates this far apart, clustering.EXPLICIT_GAP_DAYS), so no cooldown between them:
    a drone strike three days after the last one is news again. Only for violence: the day a
    statement or a postponement gives is often that of the meeting it is about."""
    if a["type"] not in VIOLENT_TYPES:
        return False
    da, db = a.get("day_date"), b.get("day_date")
    return da is not None and db is not None and abs((da - db).days) > EXPLICIT_GAP_DAYS


def _without(parties: list[str] | None, host: str | None) -> list[str]:
    return [p for p in parties or [] if p != host]


def suppression(
    rule: Rule,
    cluster: dict[str, Any],
    alerted_clusters: list[dict[str, Any]],
    raised: list[tuple[dict[str, Any], dict[str, Any]]],
    alerted_articles: set[str],
) -> str | None:
    """Why a recurrence alert on `cluster` must not be raised, or None.

    `alerted_clusters`: clusters this rule alerted on within its cooldown (stored alerts);
    `raised`: (alert, cluster) raised earlier in this run (or simulated by a backtest);
    `alerted_articles`: articles behind recurrence alerts raised within the cooldown."""
    alerted = list(alerted_clusters) + [c for a, c in raised if a["rule"] == rule.name]
    if any(in_cooldown(rule, cluster, other) for other in alerted):
        return "cooldown"  # this happening was just alerted on: one alert, not a flood
    articles = set(cluster.get("article_ids") or [])
    if any(articles & set(c.get("article_ids") or []) for _a, c in raised):
        return "same reports"  # the same reports raised an alert in this run (another type of one happening)
    if articles & alerted_articles:
        return "reports already alerted"  # ... or in an earlier run
    return None


def happened_at(alert: dict[str, Any]) -> datetime | None:
    """When an alert's happening ended, for channel ages: the end of its day (a happening
    dated by the day may have been reported at any time of it)."""
    day = alert.get("happened_on")
    if day is None:
        return None
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    if isinstance(day, datetime):
        day = day.date()
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=UTC)


def outbox_rows(
    alerts: list[dict[str, Any]],
    channels_of: dict[str, list[str]],
    now: datetime,
    max_age_of: dict[str, float | None] | None = None,
):
    """Fan-out: one pending delivery per alert and channel of its rule, except to a channel
    whose `max_age` (hours) the happening is older than, relative to `now` (the cycle's
    clock): history is recorded, never sent as news."""
    max_age_of = max_age_of or {}
    rows = []
    for a in alerts:
        when = happened_at(a)
        for ch in channels_of.get(a["rule"], []):
            limit = max_age_of.get(ch)
            if limit and when is not None and now - when > timedelta(hours=limit):
                continue
            rows.append(
                {
                    "alert_id": a["alert_id"],
                    "channel": ch,
                    "status": "pending",
                    "attempts": 0,
                    "next_attempt_at": now,
                }
            )
    return rows


def make_alert(
    rule: Rule,
    scope: str,
    exp: dict[str, Any],
    now: datetime,
    cluster_id: str | None = None,
    key: str | None = None,
    happened_on: date | None = None,
) -> dict[str, Any]:
    """The alert row for an explanation (alert_render structure)."""
    summary = render.combined_summary(exp)
    return {
        "alert_id": alert_id_for(rule.name, scope),
        "kind": rule.kind,
        "rule": rule.name,
        "cluster_id": cluster_id,
        "recurrence_key": key,
        "severity": rule.severity,
        "created_at": now,
        "summary": summary,
        "explanation": json.dumps(exp, ensure_ascii=False, default=str),
        "markdown": render.render_markdown(exp, summary),
        "happened_on": happened_on,
        "created_for": happened_on,
    }


def merge_same_happening(items: list[tuple[dict[str, Any], dict[str, Any] | None]]) -> list[dict[str, Any]]:
    """One alert per happening: alerts on the same cluster, or on clusters sharing a report,
    become the first of them (callers order recurrence first) naming every reason."""
    out: list[dict[str, Any]] = []
    groups: list[tuple[dict[str, Any], set[str], set[str]]] = []
    for alert, cluster in items:
        if cluster is None:
            out.append(alert)
            continue
        ids, arts = {cluster["cluster_id"]}, set(cluster.get("article_ids") or [])
        for primary, g_ids, g_arts in groups:
            if ids & g_ids or arts & g_arts:
                exp = render.add_reason(json.loads(primary["explanation"]), json.loads(alert["explanation"]))
                primary["summary"] = render.combined_summary(exp)
                primary["explanation"] = json.dumps(exp, ensure_ascii=False, default=str)
                primary["markdown"] = render.render_markdown(exp, primary["summary"])
                g_ids |= ids
                g_arts |= arts
                break
        else:
            groups.append((alert, ids, arts))
            out.append(alert)
    return out


def build_recurrence_alert(
    rule: Rule,
    cluster: dict[str, Any],
    earlier: list[dict[str, Any]],
    names: dict[str, str],
    created_at: datetime,
) -> dict[str, Any]:
    seen: set[str] = set()
    new = render.happening(cluster, names, seen)
    before = [render.happening(e, names, seen) for e in earlier]
    parties = new["parties"]
    gap = (cluster["first_date"] - earlier[-1]["first_date"]).days
    where = f" in {new['region']}" if new["region"] else ""
    summary = (
        f"{cluster['type']} again{where} ({', '.join(parties) or 'parties unknown'}): "
        f"{iso(cluster['first_date'])}"
        + (f" at {new['place']}" if new["place"] else "")
        + f"; previously {iso(earlier[-1]['first_date'])}"
        + f" ({len(earlier)} earlier in {rule.lookback_days} days)"
    )
    exp = render.explanation(
        rule=rule.name,
        kind="recurrence",
        severity=rule.severity,
        key=cluster["recurrence_key"],
        summary=summary,
        new=new,
        earlier=before,
        scores={
            "days_since_previous": gap,
            "occurrences_in_window": len(earlier) + 1,
            "lookback_days": rule.lookback_days,
            "confidence": cluster.get("confidence"),
            "independent_sources": cluster.get("n_sources", 0),
        },
    )
    return make_alert(
        rule,
        cluster["cluster_id"],
        exp,
        created_at,
        cluster["cluster_id"],
        cluster["recurrence_key"],
        cluster["first_date"],
    )


md_escape = render.md_escape
iso = render.iso


def render_markdown(summary: str, exp: dict[str, Any]) -> str:
    return render.render_markdown(exp, summary)


def render_text(alert: dict[str, Any]) -> str:
    """An alert for a terminal (plain text, no Markdown escapes)."""
    return render.render_text(
        alert["explanation"], alert.get("summary"), alert.get("severity"), alert.get("alert_id")
    )
