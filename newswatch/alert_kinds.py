"""Alert kinds besides recurrence: first_seen, burst, meeting and feed_health.

Plain functions over rows; each returns alert rows with ids derived from rule and cluster
(or key and window, or feed and outage), so re-running a cycle never duplicates them. Each
explains itself with the structure of newswatch.alert_render (what happened, every source,
the earlier happenings or baseline that justify it).
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from typing import Any

from newswatch import alert_render as render
from newswatch.alert_rules import Rule
from newswatch.alerts import alert_id_for, make_alert, md_escape, same_sides  # noqa: F401 (re-exported)


def first_seen_alert(
    rule: Rule,
    cluster: dict[str, Any],
    quiet_before: list[dict[str, Any]],
    history_starts: date | None,
    names: dict[str, str],
    now: datetime,
    last_before: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The first happening of its type and place after `quiet_days` without one; only once
    the warehouse holds that much history (a new warehouse is not a quiet region).
    `last_before`: the latest earlier happening of the key (before the quiet), if any."""
    if quiet_before or history_starts is None:
        return None
    if (cluster["first_date"] - history_starts).days < rule.quiet_days:
        return None
    seen: set[str] = set()
    new = render.happening(cluster, names, seen)
    where = new["region"] or new["place"] or cluster["region_id"]
    summary = (
        f"First {cluster['type']} in {where} for {rule.quiet_days} days: "
        f"{cluster['first_date']} ({cluster.get('n_sources', 0)} source(s))"
    )
    earlier = [render.happening(last_before, names, seen)] if last_before else []
    baseline = {
        "quiet_days": rule.quiet_days,
        "history_since": render.iso(history_starts),
        "last_before": render.iso(last_before["first_date"]) if last_before else "none in the history",
        "days_since_last": (cluster["first_date"] - last_before["first_date"]).days if last_before else None,
    }
    exp = render.explanation(
        rule=rule.name,
        kind="first_seen",
        severity=rule.severity,
        key=cluster["recurrence_key"],
        summary=summary,
        new=new,
        earlier=earlier,
        baseline=baseline,
        scores={"confidence": cluster.get("confidence"), "independent_sources": cluster.get("n_sources", 0)},
    )
    return make_alert(
        rule,
        cluster["cluster_id"],
        exp,
        now,
        cluster["cluster_id"],
        cluster["recurrence_key"],
        cluster["first_date"],
    )


def _talk_sides(meeting: list[str] | None, other: list[str] | None) -> bool:
    """A report is about these talks when it names the same sides: the same set of parties
    (for three or more, e.g. the Astana trio, it may name more); with fewer than two parties
    on the meeting, the usual side match."""
    mine, theirs = set(meeting or []), set(other or [])
    if len(mine) >= 2:
        return theirs == mine or (len(mine) >= 3 and mine <= theirs)
    return same_sides(meeting, other)


def meeting_sides(cluster: dict[str, Any]) -> list[str]:
    """The sides of the talks: the party set its reports name most often (a cluster's parties
    can gather a party from a report about other talks), else the cluster's."""
    from collections import Counter

    sets = Counter(
        tuple(sorted(s.get("parties") or []))
        for s in cluster.get("sources") or []
        if not s.get("copy_of") and len(s.get("parties") or []) >= 2
    )
    if not sets:
        return list(cluster.get("parties") or [])
    return list(max(sets.items(), key=lambda kv: (kv[1], -len(kv[0])))[0])


def postponement_happenings(
    cluster: dict[str, Any], postponed: list[dict[str, Any]], rule: Rule, chain_days: int = 3
) -> list[dict[str, Any]]:
    """Distinct postponements of the talks in `cluster`: only reports between the same sides
    count, and postponement clusters reported within `chain_days` of each other are one
    postponement (one put-off reported on three days is one). Each: {first_date, last_date,
    clusters, sources (only the reports about these talks)}."""
    sides = meeting_sides(cluster)
    out: list[dict[str, Any]] = []
    for p in sorted(postponed, key=lambda p: (p["first_date"], p["cluster_id"])):
        gap = (cluster["first_date"] - p["first_date"]).days
        if not 0 <= gap <= rule.lookback_days:
            continue
        sources = [
            s for s in p.get("sources") or [] if s.get("copy_of") or _talk_sides(sides, s.get("parties"))
        ]
        originals = [s for s in sources if not s.get("copy_of")]
        if p.get("sources") is None:  # no per-report parties known: judge the cluster
            if not _talk_sides(sides, p.get("parties")):
                continue
        elif not originals:
            continue
        keep_ids = {s.get("article_id") for s in originals}
        sources = [s for s in sources if not s.get("copy_of") or s["copy_of"] in keep_ids]
        last = out[-1] if out else None
        if last and (p["first_date"] - last["last_date"]).days <= chain_days:
            last["last_date"] = max(last["last_date"], p["first_date"])
            last["clusters"].append(p)
            last["sources"] += sources
        else:
            out.append(
                {
                    "first_date": p["first_date"],
                    "last_date": p["first_date"],
                    "clusters": [p],
                    "sources": sources,
                }
            )
    return out


def meeting_held_alert(
    rule: Rule, cluster: dict[str, Any], postponed: list[dict[str, Any]], names: dict[str, str], now: datetime
) -> dict[str, Any] | None:
    """Talks finally held after one or more postponements between the same sides."""
    if cluster["type"] != "MEETING":
        return None
    groups = postponement_happenings(cluster, postponed, rule, max(3, int(rule.cooldown_hours // 24)))
    if not groups:
        return None
    seen: set[str] = set()
    sides = meeting_sides(cluster)
    own = [
        s for s in cluster.get("sources") or [] if s.get("copy_of") or _talk_sides(sides, s.get("parties"))
    ]
    new = render.happening({**cluster, "parties": sides}, names, seen, sources=own or cluster.get("sources"))
    earlier = []
    for g in groups:
        outlets = {s.get("source") for s in g["sources"] if not s.get("copy_of")}
        first = g["clusters"][0]
        earlier.append(
            {
                "cluster_id": first["cluster_id"],
                "type": "MEETING_POSTPONED",
                "date": render.iso(g["first_date"]),
                "to": render.iso(g["last_date"]),
                "parties": render.names_of(first.get("parties"), names),
                "n_sources": len(outlets),
                "sources": render.fold_sources(g["sources"], seen),
            }
        )
    summary = (
        f"Talks held on {cluster['first_date']} ({', '.join(new['parties'])}) after "
        f"{len(groups)} postponement(s), last on {groups[-1]['first_date']}"
    )
    exp = render.explanation(
        rule=rule.name,
        kind="meeting",
        severity=rule.severity,
        key=cluster["recurrence_key"],
        summary=summary,
        new=new,
        earlier=earlier,
        scores={
            "postponements": len(groups),
            "lookback_days": rule.lookback_days,
            "independent_sources": cluster.get("n_sources", 0),
        },
        postponed=[render.iso(g["first_date"]) for g in groups],
    )
    return make_alert(
        rule,
        cluster["cluster_id"],
        exp,
        now,
        cluster["cluster_id"],
        cluster["recurrence_key"],
        cluster["first_date"],
    )


def burst_alerts(
    rule: Rule,
    counts: list[dict[str, Any]],
    window_end: date,
    names: dict[str, str],
    now: datetime,
    details: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Keys whose clusters in the window rise far above their own baseline (z-score on a
    Poisson baseline: (count - mean) / sqrt(mean), with the mean floored at 0.5).
    `details`: cluster rows (with sources) of the happenings in the window, by id."""
    details = details or {}
    out = []
    for row in counts:
        if rule.types and row["type"] not in rule.types:
            continue
        if rule.regions and row["region_id"] not in rule.regions:
            continue
        current = row["current"]
        mean = max(row["baseline_total"] / max(1, rule.baseline_windows), 0.5)
        z = (current - mean) / math.sqrt(mean)
        if current < rule.min_count or z < rule.threshold:
            continue
        window_start = window_end - timedelta(days=rule.window_days)
        region = names.get(row["region_id"], row["region_id"])
        summary = (
            f"Burst of {row['type']} in {region}: {current} happenings in {rule.window_days} days "
            f"(usual {mean:.1f}), z = {z:.1f}"
        )
        key = f"{row['type']}|{row['region_id']}"
        in_window = sorted(
            (details[c] for c in row.get("current_ids") or [] if c in details),
            key=lambda c: (c["first_date"], c["cluster_id"]),
        )
        seen: set[str] = set()
        if in_window:
            latest = in_window[-1]
            new = render.happening(latest, names, seen)
            earlier = [render.happening(c, names, seen) for c in in_window[:-1]]
        else:
            new = {"type": row["type"], "region": region, "date": render.iso(window_end), "sources": []}
            earlier = []
        exp = render.explanation(
            rule=rule.name,
            kind="burst",
            severity=rule.severity,
            key=key,
            summary=summary,
            new=new,
            earlier=earlier,
            baseline={
                "window": f"{window_start} .. {window_end}",
                "count": current,
                "usual_per_window": round(mean, 2),
                "baseline_windows": rule.baseline_windows,
                "z": round(z, 2),
            },
            clusters=row.get("current_ids") or [],
            window=f"{window_start} .. {window_end}",
            count=current,
            baseline_mean=round(mean, 2),
            z=round(z, 2),
        )
        scope = f"{row['type']}|{row['region_id']}|{window_start.isoformat()}"
        out.append(make_alert(rule, scope, exp, now, None, key, window_end))
    return out


def _feed_alert(
    rule: Rule,
    scope: str,
    summary: str,
    feed: dict[str, Any],
    what: str,
    sentence: str,
    onset: Any,
    fields: dict[str, Any],
    now: datetime,
) -> dict[str, Any]:
    new = {
        "type": what,
        "place": feed["name"],
        "date": render.iso(onset.date() if isinstance(onset, datetime) else onset) or render.iso(now.date()),
        "sentence": sentence,
        "n_sources": None,
        "sources": [{"source": feed["name"], "title": feed["url"], "url": feed["url"], "copies": []}],
    }
    exp = render.explanation(
        rule=rule.name,
        kind="feed_health",
        severity=rule.severity,
        key=f"feed|{feed['feed_id']}",
        summary=summary,
        new=new,
        scores=fields,
        **fields,
    )
    return make_alert(rule, scope, exp, now, None, None, now.date())


def feed_health_alerts(rule: Rule, feeds: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """A feed failing `failures` times in a row, or silent far longer than its rhythm."""
    out = []
    for feed in feeds:
        failures = feed.get("consecutive_failures") or 0
        if failures >= rule.failures:
            onset = feed.get("last_success_at") or feed.get("first_fetch_at")
            summary = f"Feed {feed['name']} failed {failures} times in a row: {feed.get('last_error') or ''}"
            fields = {
                "feed": feed["name"],
                "url": feed["url"],
                "failures": failures,
                "last_error": feed.get("last_error"),
                "last_success_at": str(feed.get("last_success_at")),
            }
            out.append(
                _feed_alert(
                    rule,
                    f"fail|{feed['feed_id']}|{onset}",
                    summary[:300],
                    feed,
                    "FEED_FAILING",
                    feed.get("last_error") or "",
                    onset,
                    fields,
                    now,
                )
            )
            continue
        rhythm, last_new = feed.get("rhythm_hours"), feed.get("last_new_item_at")
        if rhythm and last_new:
            silent_h = (now - last_new).total_seconds() / 3600
            limit = max(24.0, rhythm * rule.silent_factor)
            if silent_h > limit:
                summary = (
                    f"Feed {feed['name']} has brought nothing new for {silent_h:.0f} h "
                    f"(usually every {rhythm:.1f} h)"
                )
                fields = {
                    "feed": feed["name"],
                    "url": feed["url"],
                    "silent_hours": round(silent_h, 1),
                    "rhythm_hours": round(rhythm, 2),
                }
                out.append(
                    _feed_alert(
                        rule,
                        f"silent|{feed['feed_id']}|{last_new}",
                        summary,
                        feed,
                        "FEED_SILENT",
                        summary,
                        last_new,
                        fields,
                        now,
                    )
                )
    return out
