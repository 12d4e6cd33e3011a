"""Detect tasks: cluster pending events, evaluate the rules, record alerts with the outbox."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newswatch import cycle
from newswatch.rules import load_rules

LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="cluster-events", **LOCAL)
def cluster_events(db: str) -> list[str]:
    touched = cycle.cluster_pending(db)
    get_run_logger().info("%d clusters created or grown", len(touched))
    return touched


@task(name="evaluate-rules", **LOCAL)
def evaluate_rules(db: str, rules_path: str, cluster_ids: list[str], now):
    """Every rule kind, as in cycle.run_detect: recurrence, then first_seen, meeting, burst,
    feed_health."""
    rules = load_rules(rules_path)
    alerts = cycle.recurrence_alerts(db, rules, cluster_ids, now)
    alerts += cycle.other_alerts(db, rules, cluster_ids, now)
    get_run_logger().info("%d alerts matched", len(alerts))
    return alerts


@task(name="record-alerts", **LOCAL)
def record_alerts(db: str, rules_path: str, alerts, now):
    fresh = cycle.record_alerts(db, load_rules(rules_path), alerts, now)
    get_run_logger().info("%d new alerts recorded", len(fresh))
    return fresh
