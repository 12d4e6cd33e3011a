"""Alert kinds besides recurrence: first_seen, burst, meeting and feed_health.

Plain functions over rows; each returns alert rows with ids derived from rule and cluster
(or key and window, or feed and outage), so re-running a cycle never duplicates them.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime, timedelta
from typing import Any

from newswatch.alert_rules import Rule
from newswatch.alerts import alert_id_for, md_escape, same_sides


def _alert(
    rule: Rule,
    scope: str,
    summary: str,
    explanation: dict[str, Any],
    now: datetime,
    cluster_id: str | None = None,
    key: str | None = None,
) -> dict[str, Any]:
    explanation = {"rule": rule.name, "kind": rule.kind, "severity": rule.severity, **explanation}
    lines = [
        f"### {md_escape(summary)}",
        "",
        f"- **Rule**: `{rule.name}` ({rule.kind}, severity {rule.severity})",
    ]
    lines += [
        f"- **{md_escape(k)}**: {md_escape(v)}"
        for k, v in explanation.items()
        if k not in ("rule", "kind", "severity") and not isinstance(v, list | dict)
    ]
    return {
        "alert_id": alert_id_for(rule.name, scope),
        "kind": rule.kind,
        "rule": rule.name,
        "cluster_id": cluster_id,
        "recurrence_key": key,
        "severity": rule.severity,
        "created_at": now,
        "summary": summary,
        "explanation": json.dumps(explanation, ensure_ascii=False, default=str),
        "markdown": "\n".join(lines) + "\n",
    }


def first_seen_alert(
    rule: Rule,
    cluster: dict[str, Any],
    quiet_before: list[dict[str, Any]],
    history_starts: date | None,
    names: dict[str, str],
    now: datetime,
) -> dict[str, Any] | None:
    """The first happening of its type and place after `quiet_days` without one; only once
    the warehouse holds that much history (a new warehouse is not a quiet region)."""
    if quiet_before or history_starts is None:
        return None
    if (cluster["first_date"] - history_starts).days < rule.quiet_days:
        return None
    region = names.get(cluster["region_id"], cluster["region_id"])
    summary = (
        f"First {cluster['type']} in {region} for {rule.quiet_days} days: "
        f"{cluster['first_date']} ({cluster.get('n_sources', 0)} source(s))"
    )
    return _alert(
        rule,
        cluster["cluster_id"],
        summary,
        {
            "key": cluster["recurrence_key"],
            "date": str(cluster["first_date"]),
            "quiet_days": rule.quiet_days,
            "sources": cluster.get("sources", []),
            "sentence": cluster.get("sentence"),
        },
        now,
        cluster["cluster_id"],
        cluster["recurrence_key"],
    )


def meeting_held_alert(
    rule: Rule, cluster: dict[str, Any], postponed: list[dict[str, Any]], names: dict[str, str], now: datetime
) -> dict[str, Any] | None:
    """Talks finally held after one or more postponements between the same sides."""
    if cluster["type"] != "MEETING":
        return None
    earlier = [
        p
        for p in postponed
        if same_sides(cluster.get("parties"), p.get("parties"))
        and 0 <= (cluster["first_date"] - p["first_date"]).days <= rule.lookback_days
    ]
    if not earlier:
        return None
    sides = ", ".join(names.get(p, p) for p in cluster.get("parties") or [])
    summary = (
        f"Talks held on {cluster['first_date']} ({sides}) after {len(earlier)} postponement(s), "
        f"last on {earlier[-1]['first_date']}"
    )
    return _alert(
        rule,
        cluster["cluster_id"],
        summary,
        {
            "key": cluster["recurrence_key"],
            "held": str(cluster["first_date"]),
            "postponed": [str(p["first_date"]) for p in earlier],
            "sources": cluster.get("sources", []),
        },
        now,
        cluster["cluster_id"],
        cluster["recurrence_key"],
    )


def burst_alerts(
    rule: Rule, counts: list[dict[str, Any]], window_end: date, names: dict[str, str], now: datetime
) -> list[dict[str, Any]]:
    """Keys whose clusters in the window rise far above their own baseline (z-score on a
    Poisson baseline: (count - mean) / sqrt(mean), with the mean floored at 0.5)."""
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
        scope = f"{row['type']}|{row['region_id']}|{window_start.isoformat()}"
        out.append(
            _alert(
                rule,
                scope,
                summary,
                {
                    "key": f"{row['type']}|{row['region_id']}",
                    "window": f"{window_start} .. {window_end}",
                    "count": current,
                    "baseline_mean": round(mean, 2),
                    "z": round(z, 2),
                    "clusters": row.get("current_ids") or [],
                },
                now,
                None,
                f"{row['type']}|{row['region_id']}",
            )
        )
    return out


def feed_health_alerts(rule: Rule, feeds: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """A feed failing `failures` times in a row, or silent far longer than its rhythm."""
    out = []
    for feed in feeds:
        failures = feed.get("consecutive_failures") or 0
        if failures >= rule.failures:
            onset = feed.get("last_success_at") or feed.get("first_fetch_at")
            summary = f"Feed {feed['name']} failed {failures} times in a row: {feed.get('last_error') or ''}"
            out.append(
                _alert(
                    rule,
                    f"fail|{feed['feed_id']}|{onset}",
                    summary[:300],
                    {
                        "feed": feed["name"],
                        "url": feed["url"],
                        "failures": failures,
                        "last_error": feed.get("last_error"),
                        "last_success_at": str(feed.get("last_success_at")),
                    },
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
                out.append(
                    _alert(
                        rule,
                        f"silent|{feed['feed_id']}|{last_new}",
                        summary,
                        {
                            "feed": feed["name"],
                            "url": feed["url"],
                            "silent_hours": round(silent_h, 1),
                            "rhythm_hours": round(rhythm, 2),
                        },
                        now,
                    )
                )
    return out
