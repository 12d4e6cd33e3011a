"""The detect stage: cluster new events into happenings, evaluate the alert rules on the
clusters touched, record new alerts with their outbox rows.

`run` is the stage, assembled once; the Prefect flow passes steps that run each step as a
task. Backfill and backtest (stages/history.py) call the same steps.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from newswatch import alert_kinds, clustering, feedback
from newswatch import alerts as alert_logic
from newswatch.alert_rules import RuleSet
from newswatch.clock import now_utc
from newswatch.taxonomy import POSTPONED_MEETING_KEY
from warehouse.alert_store import AlertStore
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
        if len(events) < batch_size:
            break  # that was all (the cycle lock keeps other writers out): no second scan
    return list(dict.fromkeys(touched))


class LazyNames(Mapping):
    """Entity id -> name, read from the warehouse only when an alert is built: most runs
    (and most simulated days of a replay) raise nothing and never need them."""

    def __init__(self, store):
        self._store, self._names = store, None

    def _all(self) -> dict[str, str]:
        if self._names is None:
            self._names = self._store.entity_names()
        return self._names

    def __getitem__(self, key: str) -> str:
        return self._all()[key]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


# A first_seen alert cites the last happening of its key before the quiet, within a year.
FIRST_SEEN_LOOK_BACK_DAYS = 365

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
    with AlertStore(db).reading() as store:
        return _recurrence_alerts(store, rules, cluster_ids, now, stored_alerts, prior or [])


def _recurrence_alerts(store, rules, cluster_ids, now, stored_alerts, prior, details=None):
    recurrence_rules = rules.by_kind("recurrence")
    if not recurrence_rules:
        return []
    details = store.cluster_details(cluster_ids) if details is None else details
    if not details:
        return []
    names = LazyNames(store)
    # One batched lookup by key over the longest window, not one query per cluster.
    candidates_of = store.earlier_clusters_batch(details, max(r.lookback_days for r in recurrence_rules))
    alerted_articles = (
        store.recently_alerted_articles(now, max(r.cooldown_hours for r in recurrence_rules))
        if stored_alerts
        else set()
    )
    raised: list[tuple[dict[str, Any], dict[str, Any]]] = list(prior)
    for cluster in sorted(details, key=clustering.cluster_order):
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
    return [a for a, _c in _other_alert_pairs(db, rules, cluster_ids, now)]


def _other_alert_pairs(db, rules, cluster_ids, now):
    with AlertStore(db).reading() as store:
        return _other_alerts(store, rules, cluster_ids, now)


def _other_alerts(
    store, rules: RuleSet, cluster_ids: list[str], now: datetime, details=None
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """(alert, its cluster or None) for first_seen, meeting, burst and feed_health."""
    out: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    cluster_rules = rules.by_kind("first_seen") + rules.by_kind("meeting")
    if not cluster_rules:
        details = []
    elif details is None:
        details = store.cluster_details(cluster_ids)
    names = LazyNames(store)
    history_starts = store.history_start() if details and rules.by_kind("first_seen") else None
    for cluster in sorted(details, key=clustering.cluster_order):
        for rule in cluster_rules:
            if not alert_logic.rule_matches_cluster(rule, cluster):
                continue
            if rule.kind == "first_seen":
                before = store.earlier_clusters(
                    cluster["type"], cluster["region_id"], cluster["first_date"], rule.quiet_days
                )
                alert = None
                if not before:
                    older = store.earlier_clusters(
                        cluster["type"],
                        cluster["region_id"],
                        cluster["first_date"],
                        FIRST_SEEN_LOOK_BACK_DAYS,
                    )
                    last = store.cluster_details([older[-1]["cluster_id"]]) if older else []
                    alert = alert_kinds.first_seen_alert(
                        rule, cluster, before, history_starts, names, now, last[0] if last else None
                    )
            else:
                postponed = store.earlier_clusters(
                    *POSTPONED_MEETING_KEY, cluster["first_date"] + timedelta(days=1), rule.lookback_days
                )
                full = {
                    d["cluster_id"]: d for d in store.cluster_details([p["cluster_id"] for p in postponed])
                }
                postponed = [{**p, **full.get(p["cluster_id"], {})} for p in postponed]
                alert = alert_kinds.meeting_held_alert(rule, cluster, postponed, names, now)
            if alert:
                out.append((alert, cluster))
    for rule in rules.by_kind("burst"):
        counts = store.burst_counts(now.date(), rule.window_days, rule.baseline_windows)
        ids = sorted({c for row in counts for c in row.get("current_ids") or []})
        fired = alert_kinds.burst_alerts(rule, counts, now.date(), names, now)
        if fired and ids:  # the sources only for the keys that fired
            wanted = {c for a in fired for c in json.loads(a["explanation"]).get("clusters") or []}
            more = {d["cluster_id"]: d for d in store.cluster_details(sorted(wanted))}
            fired = alert_kinds.burst_alerts(rule, counts, now.date(), names, now, more)
        out += [(a, None) for a in fired]
    for rule in rules.by_kind("feed_health"):
        out += [(a, None) for a in alert_kinds.feed_health_alerts(rule, store.feed_health_state(), now)]
    return out


def one_alert_per_happening(
    store, rules: RuleSet, pairs: list[tuple[dict[str, Any], dict[str, Any] | None]], now: datetime
) -> list[dict[str, Any]]:
    """Mutes honoured, a happening alerted on in an earlier run (by any rule kind, within the
    longest cooldown) quiet, and alerts of several kinds on one happening merged into one."""
    if not pairs:
        return []  # nothing raised: no mutes or earlier alerts to read
    mutes = store.active_mutes(now)
    pairs = [(a, c) for a, c in pairs if not feedback.muted_by(a, mutes)]
    window = max([r.cooldown_hours for r in rules.rules] + [72.0])
    alerted_clusters, alerted_articles = store.alerted_happenings(now, window)
    kept = []
    for alert, cluster in pairs:
        # recurrence alerts were checked against earlier alerts by `suppression`
        if (
            cluster is not None
            and alert["kind"] != "recurrence"
            and (
                cluster["cluster_id"] in alerted_clusters
                or set(cluster.get("article_ids") or []) & alerted_articles
            )
        ):
            continue
        kept.append((alert, cluster))
    return alert_logic.merge_same_happening(kept)


def evaluate_rules(db, rules: RuleSet, cluster_ids: list[str], now: datetime) -> list[dict[str, Any]]:
    """Every rule kind: recurrence, then first_seen, meeting, burst, feed_health; one alert
    per happening (see `one_alert_per_happening`)."""
    # One read session and one reading of the touched clusters' details for every kind.
    with AlertStore(db).reading() as store:
        details = store.cluster_details(cluster_ids) if cluster_ids else []
        pairs = _recurrence_alerts(
            store, rules, cluster_ids, now, True, [], details=copy.deepcopy(details)
        ) + _other_alerts(store, rules, cluster_ids, now, details=details)
        return one_alert_per_happening(store, rules, pairs, now)


def record_alerts(
    db, rules: RuleSet, alerts: list[dict[str, Any]], now: datetime, deliver: bool = True
) -> list[dict[str, Any]]:
    """Store new alerts with one outbox row per channel of their rule, except channels whose
    max_age the happening is older than (relative to `now`, the cycle's clock); with
    `deliver=False` (replay, backfill) nothing is queued. Returns the alerts that were new."""
    if not alerts:
        return []
    store = DetectionStore(db)
    existing = store.existing_alert_ids([a["alert_id"] for a in alerts])
    fresh = [a for a in alerts if a["alert_id"] not in existing]
    deliveries = (
        alert_logic.outbox_rows(
            fresh,
            {r.name: r.channels for r in rules.rules},
            now,
            {name: ch.max_age_hours for name, ch in rules.channels.items()},
        )
        if deliver
        else []
    )
    store.insert_alerts(fresh, deliveries)
    return fresh


# -- the stage ---------------------------------------------------------------------------

PLAIN_STEPS = SimpleNamespace(
    cluster_pending=cluster_pending, evaluate_rules=evaluate_rules, record_alerts=record_alerts
)


def run(
    db, rules: RuleSet, now: datetime, ensure: bool = True, steps: Any = PLAIN_STEPS, deliver: bool = True
) -> list[dict[str, Any]]:
    """Cluster, evaluate, record. `deliver=False` (replay, backfill): alerts are recorded
    and listed but nothing is queued for the channels."""
    if ensure:
        Warehouse(db).ensure()
    touched = steps.cluster_pending(db)
    matched = steps.evaluate_rules(db, rules, touched, now)
    if deliver:
        return steps.record_alerts(db, rules, matched, now)
    return record_alerts(db, rules, matched, now, deliver=False)  # plain: no flow step needed
