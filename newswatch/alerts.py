"""Alerts: decide which rule fires for a cluster, build the explanation, render it.

An alert explains itself: the rule and key, the new event (what, where, when, who, which
sources and how many independent), every earlier occurrence in the window with dates and
links, and the scores that matched.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from newswatch.alert_rules import Rule
from newswatch.ids import alert_id_for


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


def same_sides(a: list[str] | None, b: list[str] | None) -> bool:
    """Same pair of parties: with two or more on each side they share at least two
    (Russia-Turkey talks put off is not a recurrence of Iran-Turkey talks put off);
    with one side known they share it; with none known either way, they match."""
    mine, theirs = set(a or []), set(b or [])
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
        if other["type"] != cluster["type"] or other["region_id"] != cluster["region_id"]:
            continue
        gap = (cluster["first_date"] - other["first_date"]).days
        if gap < rule.min_gap_days or gap > rule.lookback_days:
            continue
        if rule.match_parties and not same_sides(cluster.get("parties"), other.get("parties")):
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
    gap_h = abs((cluster["first_date"] - alerted["first_date"]).days) * 24
    return gap_h <= rule.cooldown_hours and same_sides(cluster.get("parties"), alerted.get("parties"))


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


def outbox_rows(alerts: list[dict[str, Any]], channels_of: dict[str, list[str]], now: datetime):
    """Fan-out: one pending delivery per alert and channel of its rule."""
    return [
        {"alert_id": a["alert_id"], "channel": ch, "status": "pending", "attempts": 0, "next_attempt_at": now}
        for a in alerts
        for ch in channels_of.get(a["rule"], [])
    ]


def _names(ids: list[str], names: dict[str, str]) -> list[str]:
    return [names.get(i, i) for i in ids or []]


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def build_recurrence_alert(
    rule: Rule,
    cluster: dict[str, Any],
    earlier: list[dict[str, Any]],
    names: dict[str, str],
    created_at: datetime,
) -> dict[str, Any]:
    place = names.get(cluster.get("place_id") or "", cluster.get("place_id") or "unknown place")
    region = names.get(cluster["region_id"], cluster["region_id"])
    parties = _names(cluster.get("parties") or [], names)
    gap = (cluster["first_date"] - earlier[-1]["first_date"]).days
    explanation = {
        "rule": rule.name,
        "kind": "recurrence",
        "severity": rule.severity,
        "key": cluster["recurrence_key"],
        "new": {
            "cluster_id": cluster["cluster_id"],
            "type": cluster["type"],
            "place": place,
            "region": region,
            "parties": parties,
            "date": _iso(cluster["first_date"]),
            "n_articles": cluster.get("n_articles", 0),
            "n_sources": cluster.get("n_sources", 0),
            "sentence": cluster.get("sentence"),
            "sources": [{k: _iso(v) for k, v in s.items()} for s in cluster.get("sources", [])],
        },
        "earlier": [
            {
                "cluster_id": e["cluster_id"],
                "date": _iso(e["first_date"]),
                "place": names.get(e.get("place_id") or "", e.get("place_id")),
                "parties": _names(e.get("parties") or [], names),
                "n_sources": e.get("n_sources", 0),
                "sources": [{k: _iso(v) for k, v in s.items()} for s in e.get("sources", [])],
            }
            for e in earlier
        ],
        "scores": {
            "days_since_previous": gap,
            "occurrences_in_window": len(earlier) + 1,
            "lookback_days": rule.lookback_days,
            "confidence": cluster.get("confidence"),
            "independent_sources": cluster.get("n_sources", 0),
        },
    }
    summary = (
        f"{cluster['type']} again in {region} ({', '.join(parties) or 'parties unknown'}): "
        f"{_iso(cluster['first_date'])} at {place}; previously {_iso(earlier[-1]['first_date'])}"
        f" ({len(earlier)} earlier in {rule.lookback_days} days)"
    )
    return {
        "alert_id": alert_id_for(rule.name, cluster["cluster_id"]),
        "kind": "recurrence",
        "rule": rule.name,
        "cluster_id": cluster["cluster_id"],
        "recurrence_key": cluster["recurrence_key"],
        "severity": rule.severity,
        "created_at": created_at,
        "summary": summary,
        "explanation": json.dumps(explanation, ensure_ascii=False),
        "markdown": render_markdown(summary, explanation),
    }


def md_escape(text: Any) -> str:
    """Escape Markdown control characters in text that came from feeds."""
    out = str(text if text is not None else "")
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def _md_sources(sources: list[dict[str, Any]]) -> list[str]:
    lines = []
    for s in sources:
        url = str(s.get("url") or "").replace(")", "%29").replace(" ", "%20")
        lines.append(
            f"  - {md_escape(s.get('published_at', ''))[:10]} {md_escape(s.get('source'))}: "
            f"[{md_escape(s.get('title'))}]({url})"
        )
    return lines


def render_markdown(summary: str, exp: dict[str, Any]) -> str:
    new = exp["new"]
    lines = [
        f"### {md_escape(summary)}",
        "",
        f"- **Rule**: `{exp['rule']}` ({exp['kind']}, severity {exp['severity']})",
        f"- **Key**: `{exp['key']}`",
        f"- **New**: {md_escape(new['type'])} on {md_escape(new['date'])} at {md_escape(new['place'])} "
        f"({md_escape(new['region'])}); parties: {md_escape(', '.join(new['parties']) or 'unknown')}; "
        f"{new['n_sources']} independent source(s), {new['n_articles']} article(s)",
    ]
    if new.get("sentence"):
        lines.append(f"  > {md_escape(new['sentence'])}")
    lines += _md_sources(new.get("sources", []))
    lines.append(f"- **Earlier occurrences** ({len(exp['earlier'])}):")
    for e in exp["earlier"]:
        lines.append(f"  - {md_escape(e['date'])} at {md_escape(e['place'])}; {e['n_sources']} source(s)")
        lines += ["  " + s for s in _md_sources(e.get("sources", []))]
    scores = ", ".join(f"{k} {v}" for k, v in exp["scores"].items())
    lines.append(f"- **Scores**: {md_escape(scores)}")
    return "\n".join(lines) + "\n"


def render_text(alert: dict[str, Any]) -> str:
    exp = json.loads(alert["explanation"]) if isinstance(alert["explanation"], str) else alert["explanation"]
    lines = [
        f"[{alert['severity'].upper()}] {alert['summary']}",
        f"  rule {alert['rule']}, key {alert.get('recurrence_key')}",
    ]
    new = exp.get("new") or {}
    for s in new.get("sources", []):
        when = str(s.get("published_at", ""))[:10]
        lines.append(f"  now:     {when} {s.get('source')}: {s.get('title')} <{s.get('url')}>")
    for e in exp.get("earlier", []):
        for s in e.get("sources", [])[:3]:
            lines.append(f"  earlier: {e['date']} {s.get('source')}: {s.get('title')} <{s.get('url')}>")
    return "\n".join(lines)
