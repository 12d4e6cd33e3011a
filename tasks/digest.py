"""Digest task: read the last day's alerts, events and feed health (read-only SQL).

The SQL is here rather than in warehouse/queries/ only because the digest is new; it opens
the warehouse read-only, so it runs while a cycle is writing (waiting a few seconds at most).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from warehouse import connect

LOCAL = {"cache_policy": NO_CACHE, "persist_result": False}

ALERTS_SQL = """
SELECT created_at, severity, rule, summary, alert_id
FROM alerts WHERE created_at > $1 AND created_at <= $2
ORDER BY created_at, alert_id
"""

# events reported by articles stored in the window (copies of another article left out)
EVENTS_SQL = """
SELECT e.type,
       coalesce(r.name, e.region_id, e.country, 'unknown') AS place,
       count(DISTINCT e.article_id) AS articles,
       count(DISTINCT a.source) AS sources,
       min(e.event_date) AS first_date,
       max(e.event_date) AS last_date
FROM events e
JOIN articles a USING (article_id)
LEFT JOIN entities r ON r.entity_id = e.region_id
WHERE a.fetched_at > $1 AND a.fetched_at <= $2 AND a.copy_of IS NULL
  AND e.status NOT IN ('denied', 'hypothetical')
GROUP BY ALL
ORDER BY articles DESC, sources DESC, e.type, place
LIMIT $3
"""

COUNTS_SQL = """
SELECT (SELECT count(*) FROM articles WHERE fetched_at > $1 AND fetched_at <= $2) AS articles,
       (SELECT count(*) FROM fetches WHERE fetched_at > $1 AND fetched_at <= $2) AS fetches,
       (SELECT count(*) FROM fetches WHERE fetched_at > $1 AND fetched_at <= $2
          AND status NOT IN ('ok', 'not_modified')) AS failed_fetches
"""


def _dicts(cur) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


@task(name="read-digest", **LOCAL)
def read_digest(db: str, since: datetime, until: datetime, max_events: int = 30) -> dict[str, Any]:
    if not Path(db).exists():
        get_run_logger().warning("warehouse %s does not exist yet: empty digest", db)
        return {"alerts": [], "events": [], "counts": {}, "missing": True}
    with connect(db, read_only=True) as con:
        alerts = _dicts(con.execute(ALERTS_SQL, [since, until]))
        events = _dicts(con.execute(EVENTS_SQL, [since, until, max_events]))
        counts = _dicts(con.execute(COUNTS_SQL, [since, until]))[0]
    get_run_logger().info("digest: %d alerts, %d event groups", len(alerts), len(events))
    return {"alerts": alerts, "events": events, "counts": counts, "missing": False}
