"""Detect tasks: the steps of newswatch.stages.detect as Prefect tasks."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from newswatch.stages import detect as stage

LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}


@task(name="cluster-events", **LOCAL)
def cluster_events(db: str) -> list[str]:
    touched = stage.cluster_pending(db)
    get_run_logger().info("%d clusters created or grown", len(touched))
    return touched


@task(name="evaluate-rules", **LOCAL)
def evaluate_rules(db: str, rules, cluster_ids: list[str], now):
    alerts = stage.evaluate_rules(db, rules, cluster_ids, now)
    get_run_logger().info("%d alerts matched", len(alerts))
    return alerts


@task(name="record-alerts", **LOCAL)
def record_alerts(db: str, rules, alerts, now):
    fresh = stage.record_alerts(db, rules, alerts, now)
    get_run_logger().info("%d new alerts recorded", len(fresh))
    return fresh
