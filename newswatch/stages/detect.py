"""The detect stage: cluster new events into happenings, evaluate the alert rules on the
clusters touched, record new alerts with their outbox rows.

`run` is the stage, assembled once; the Prefect flow passes steps that run each step as a
task. Backfill and backtest (stages/history.py) call the same steps.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from newswatch import alert_kinds, clustering
from newswatch import alerts as alert_logic
from newswatch.alert_rules import RuleSet
from newswatch.clock import now_utc
from newswatch.taxonomy import POSTPONED_MEETING_KEY
from warehouse.store import DetectionStore, Warehouse

# -- clustering --------------------------------------------------------------------------


def clusterable(event: dict[str, Any]) -> bool:
    """Originals (not copies) with a place key, a usable status and a date precise enough."""
    return (
        event["copy_of"] is None
        and event["status"] in clustering.CLUSTERABLE_STATUSES
        and event["region_id"] != "unknown"
        and event["date_precision"] in clustering.CLUSTERABLE_PRECISIONS
    )


def cluster_pending(db, batch_size: int = 5000) -> list[str]:
    """Cluster pending events; returns ids of clusters created or grown."""
    store = DetectionStore(db)
    touched: list[str] = []
    while True:
        events = store.events_to_cluster(batch_size)
        if not events:
            break
        usable = [e for e in events if clusterable(e)]
        for e in usable:
            clustering.normalise_for_clustering(e)
        pairs = sorted({f"{e['type']}|{e['region_id']}" for e in usable})
        since = min((e["event_date"] for e in usable), default=None)
        clusters = [
            clustering.Cluster(**c)
            for c in store.candidate_clusters(
                pairs, since - timedelta(days=clustering.REREPORT_LAG_DAYS) if since else None
            )
        ]
        assignment = clustering.cluster_events(usable, clusters)
        changed = [c for c in clusters if c.event_ids]
        store.load_clusters(
            [c.row() for c in changed], assignment, [e["event_id"] for e in events], now_utc()
        )
        touched += [c.cluster_id for c in changed]
    return list(dict.fromkeys(touched))


# -- rules -------------------------------------------------------------------------------


def recurrence_alerts(
    db,
    rules: RuleSet,
    cluster_ids: list[str],
    now: datetime,
    stored_alerts: bool = True,
    prior: list[tuple[dict[str, Any], dict[str, Any]]] | None = None,
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(alert, cluster) for touched clusters that repeat an earlier cluster, one rule per
    cluster, none while the same happening is in its rule's cooldown (alerts stored in the
    warehouse, or for a backtest only the `prior` simulated ones). All reads share one
    connection."""
    with DetectionStore(db).reading() as store:
        return _recurrence_alerts(store, rules, cluster_ids, now, stored_alerts, prior or [])


def _recurrence_alerts(store, rules, cluster_ids, now, stored_alerts, prior):
    details = store.cluster_details(cluster_ids)
    if not details:
        return []
    names = store.entity_names()
    recurrence_rules = rules.by_kind("recurrence")
    if not recurrence_rules:
        return []
    # One batched lookup by key over the longest window, not one query per cluster.
    candidates_of = store.earlier_clusters_batch(details, max(r.lookback_days for r in recurrence_rules))
    alerted_articles = (
        store.recently_alerted_articles(now, max(r.cooldown_hours for r in recurrence_rules))
        if stored_alerts
        else set()
    )
    raised: list[tuple[dict[str, Any], dict[str, Any]]] = list(prior)
    for cluster in sorted(details, key=lambda c: (c["first_date"], c["cluster_id"])):
        rule = next((r for r in recurrence_rules if alert_logic.rule_matches_cluster(r, cluster)), None)
        if rule is None:
            continue  # first matching rule of a kind wins for a cluster
        alerted = (
            store.recent_alerted_clusters(rule.name, cluster, rule.cooldown_hours) if stored_alerts else []
        )
        if alert_logic.suppression(rule, cluster, alerted, raised, alerted_articles):
            continue
        earlier = alert_logic.earlier_matches(rule, cluster, candidates_of.get(cluster["cluster_id"], []))
        if not earlier:
            continue
        more = {d["cluster_id"]: d for d in store.cluster_details([e["cluster_id"] for e in earlier])}
        earlier = [{**e, **more.get(e["cluster_id"], {})} for e in earlier]
        alert = alert_logic.build_recurrence_alert(rule, cluster, earlier, names, now)
        alert["created_for"] = cluster["first_date"]
        raised.append((alert, cluster))
    return raised[len(prior) :]


def other_alerts(db, rules: RuleSet, cluster_ids: list[str], now: datetime) -> list[dict[str, Any]]:
    """first_seen, meeting, burst and feed_health alerts (see newswatch.alert_kinds)."""
    with DetectionStore(db).reading() as store:
        return _other_alerts(store, rules, cluster_ids, now)


def _other_alerts(store, rules: RuleSet, cluster_ids: list[str], now: datetime) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    cluster_rules = rules.by_kind("first_seen") + rules.by_kind("meeting")
    details = store.cluster_details(cluster_ids) if cluster_rules else []
    names = store.entity_names() if rules.rules else {}
    history_starts = store.history_start() if rules.by_kind("first_seen") else None
    for cluster in sorted(details, key=lambda c: (c["first_date"], c["cluster_id"])):
        for rule in cluster_rules:
            if not alert_logic.rule_matches_cluster(rule, cluster):
                continue
            if rule.kind == "first_seen":
                before = store.earlier_clusters(
                    cluster["type"], cluster["region_id"], cluster["first_date"], rule.quiet_days
                )
                alert = alert_kinds.first_seen_alert(rule, cluster, before, history_starts, names, now)
            else:
                postponed = store.earlier_clusters(
                    *POSTPONED_MEETING_KEY, cluster["first_date"] + timedelta(days=1), rule.lookback_days
                )
                alert = alert_kinds.meeting_held_alert(rule, cluster, postponed, names, now)
            if alert:
                out.append(alert)
    for rule in rules.by_kind("burst"):
        counts = store.burst_counts(now.date(), rule.window_days, rule.baseline_windows)
        out += alert_kinds.burst_alerts(rule, counts, now.date(), names, now)
    for rule in rules.by_kind("feed_health"):
        out += alert_kinds.feed_health_alerts(rule, store.feed_health_state(), now)
    return out


def evaluate_rules(db, rules: RuleSet, cluster_ids: list[str], now: datetime) -> list[dict[str, Any]]:
    """Every rule kind: recurrence, then first_seen, meeting, burst, feed_health."""
    alerts = [a for a, _c in recurrence_alerts(db, rules, cluster_ids, now)]
    return alerts + other_alerts(db, rules, cluster_ids, now)


def record_alerts(db, rules: RuleSet, alerts: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Store new alerts with one outbox row per channel; returns the alerts that were new."""
    store = DetectionStore(db)
    existing = store.existing_alert_ids([a["alert_id"] for a in alerts])
    fresh = [a for a in alerts if a["alert_id"] not in existing]
    deliveries = alert_logic.outbox_rows(fresh, {r.name: r.channels for r in rules.rules}, now)
    store.insert_alerts(fresh, deliveries)
    return fresh


# -- the stage ---------------------------------------------------------------------------

PLAIN_STEPS = SimpleNamespace(
    cluster_pending=cluster_pending, evaluate_rules=evaluate_rules, record_alerts=record_alerts
)


def run(
    db, rules: RuleSet, now: datetime, ensure: bool = True, steps: Any = PLAIN_STEPS
) -> list[dict[str, Any]]:
    if ensure:
        Warehouse(db).ensure()
    touched = steps.cluster_pending(db)
    matched = steps.evaluate_rules(db, rules, touched, now)
    return steps.record_alerts(db, rules, matched, now)
