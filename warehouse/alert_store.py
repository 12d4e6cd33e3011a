"""Reads and writes for alert explanations, suppression across rule kinds and analyst
feedback (alert_feedback, migration 003)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from warehouse.db import named_query, rows_as_dicts
from warehouse.store import DetectionStore


class AlertStore(DetectionStore):
    def cluster_details(self, cluster_ids: list[str], since=None) -> list[dict[str, Any]]:
        """Cluster details with each source's copies added (`copy_of` names the original)."""
        rows = super().cluster_details(cluster_ids, since)
        originals = sorted(
            {s["article_id"] for r in rows for s in r.get("sources") or [] if s.get("article_id")}
        )
        if not originals:
            return rows
        with self.read() as con:
            copies = rows_as_dicts(con.execute(named_query("cluster_copies"), [originals]))
        by_original: dict[str, list[dict[str, Any]]] = {}
        for c in copies:
            by_original.setdefault(c["copy_of"], []).append(c)
        for r in rows:
            ids = {s.get("article_id") for s in r.get("sources") or []}
            r["sources"] = list(r.get("sources") or []) + [
                c for i in sorted(ids - {None}) for c in by_original.get(i, [])
            ]
        return rows

    def alerted_happenings(self, now: datetime, window_hours: float) -> tuple[set[str], set[str]]:
        """(cluster ids, article ids) behind cluster alerts of any kind raised in the window."""
        with self.read() as con:
            rows = con.execute(named_query("alerted_happenings"), [now, int(window_hours)]).fetchall()
        return {r[0] for r in rows}, {r[1] for r in rows}

    def active_mutes(self, now: datetime) -> list[dict[str, Any]]:
        with self.read() as con:
            return rows_as_dicts(con.execute(named_query("active_mutes"), [now]))
