"""Bulk loads and reads used by the pipeline. Each write is one short transaction.

Rows arrive as lists of dicts (plain data from the pure stages); they are loaded through
an Arrow table and `INSERT ... SELECT ... ON CONFLICT`, which DuckDB runs in bulk.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from newswatch.settings import current_settings
from newswatch.taxonomy import recurrence_places, recurrence_types
from warehouse import sql, tables
from warehouse.db import connect, migrate_connection, named_query, rows_as_dicts, transaction

# Column lists of the loads, from the one declaration in warehouse/tables.py.
ARTICLE_COLUMNS = tables.ARTICLES.column_names
FETCH_COLUMNS = tables.FETCHES.column_names
EVENT_COLUMNS = tables.EVENTS.column_names
ENTITY_COLUMNS = tables.ENTITIES.column_names
CLUSTER_COLUMNS = tables.EVENT_CLUSTERS.column_names
ALERT_COLUMNS = tables.ALERTS.column_names


def _first_of_each_key(rows: Sequence[dict[str, Any]], keys: tuple[tuple[str, ...], ...]) -> list[dict]:
    """Rows of a batch that repeat a key (the same URL twice in one feed) keep the first."""
    seen: list[set] = [set() for _ in keys]
    out = []
    for row in rows:
        values = [tuple(row.get(k) for k in key) for key in keys]
        if any(v in s for v, s in zip(values, seen, strict=True)):
            continue
        for v, s in zip(values, seen, strict=True):
            s.add(v)
        out.append(row)
    return out


def _insert(
    con: duckdb.DuckDBPyConnection,
    table: tables.Table,
    rows: Sequence[dict[str, Any]],
    conflict: str = "DO NOTHING",
    count: bool = True,
    absent: bool = False,
) -> int:
    """Insert rows, idempotently. Plain "skip existing rows" inserts use an anti-join on
    the table's keys (and keep the first of duplicates within the batch): DuckDB's
    ON CONFLICT path slows down badly as the table grows (measured in
    benchmarks/warehouse.py); upserts keep ON CONFLICT ... DO UPDATE. The number of new
    rows of an upsert takes two counts of the table: `count=False` skips them (returns 0).
    `absent`: the caller knows no key of the batch is stored, so no anti-join (which reads
    the table's whole key columns: its cost grows with history); a key that is stored fails
    on the table's PRIMARY KEY instead of being skipped."""
    if not rows:
        return 0
    keys = table.keys if conflict == "DO NOTHING" else ()
    if keys:
        rows = _first_of_each_key(rows, keys)
    con.register("_batch", table.to_arrow(rows))
    try:
        if keys and absent:
            return con.execute(sql.insert_all(table.name, table.column_names)).fetchall()[0][0]
        if keys:
            return con.execute(sql.insert_new(table.name, table.column_names, keys)).fetchall()[0][0]
        if not count:
            con.execute(sql.upsert(table.name, table.column_names, conflict)).fetchall()
            return 0
        counting = sql.count_rows(table.name)
        before = con.execute(counting).fetchall()[0][0]
        con.execute(sql.upsert(table.name, table.column_names, conflict)).fetchall()
        return con.execute(counting).fetchall()[0][0] - before
    finally:
        con.unregister("_batch")


class Warehouse:
    """The pipeline's view of the warehouse file: short connections, bulk statements."""

    def __init__(self, path: str | Path, wait_s: float | None = None):
        self.path = Path(path)
        # How long a write waits for another process (a user's query) to let go.
        self.wait_s = wait_s if wait_s is not None else current_settings().write_wait

    _session: duckdb.DuckDBPyConnection | None = None

    def write(self):
        return connect(self.path, wait_s=self.wait_s)

    def read(self):
        if self._session is not None:
            return contextlib.nullcontext(self._session)
        return connect(self.path, read_only=True, wait_s=self.wait_s)

    @contextlib.contextmanager
    def reading(self):
        """Serve every read inside the block from one read-only connection: rule evaluation
        asks hundreds of small questions, and opening a DuckDB connection costs ~10-40 ms."""
        if self._session is not None:
            yield self
            return
        with connect(self.path, read_only=True, wait_s=self.wait_s) as con:
            self._session = con
            try:
                yield self
            finally:
                self._session = None

    def ensure(self) -> list[str]:
        with self.write() as con:
            return migrate_connection(con)

    # -- feeds ----------------------------------------------------------------------------

    def sync_feeds(self, feeds: Iterable[dict[str, Any]]) -> None:
        rows = list(feeds)
        with self.write() as con:
            _insert(
                con,
                tables.FEEDS,
                rows,
                conflict="(feed_id) DO UPDATE SET name = excluded.name, "
                "language = excluded.language, tags = excluded.tags",
            )

    def feed_states(self, feed_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        with self.read() as con:
            cur = con.execute(named_query("feed_states"), [list(feed_ids)])
            cols = [d[0] for d in cur.description]
            return {row[0]: dict(zip(cols, row, strict=True)) for row in cur.fetchall()}

    def known_urls(self, urls: Sequence[str]) -> set[str]:
        if not urls:
            return set()
        with self.read() as con:
            rows = con.execute(named_query("known_urls"), [list(urls)]).fetchall()
        return {r[0] for r in rows}

    def copy_candidates(self, since: datetime) -> list[tuple[str, str, int | None]]:
        with self.read() as con:
            return con.execute(named_query("copy_candidates"), [since]).fetchall()

    def load_ingest(
        self,
        fetch_rows: Sequence[dict[str, Any]],
        article_rows: Sequence[dict[str, Any]],
        feed_updates: Sequence[dict[str, Any]],
    ) -> int:
        """Store one ingest batch atomically; returns the number of new articles."""
        with self.write() as con, transaction(con):
            new = _insert(con, tables.ARTICLES, article_rows)
            _insert(con, tables.FETCHES, fetch_rows)
            for upd in feed_updates:
                con.execute(
                    named_query("update_feed_state"),
                    [
                        upd.get("etag"),
                        upd.get("last_modified"),
                        upd["poll_interval_s"],
                        upd["next_poll_at"],
                        upd["consecutive_failures"],
                        upd.get("last_success_at"),
                        upd.get("last_new_item_at"),
                        upd["feed_id"],
                    ],
                )
        return new

    # -- tagging --------------------------------------------------------------------------

    def sync_entities(self, rows: Sequence[dict[str, Any]]) -> None:
        with self.write() as con, transaction(con):
            _insert(
                con,
                tables.ENTITIES,
                rows,
                conflict="(entity_id) DO UPDATE SET kind = excluded.kind, name = excluded.name, "
                "country = excluded.country, feature = excluded.feature, adm1 = excluded.adm1, "
                "lat = excluded.lat, lon = excluded.lon, role = excluded.role",
            )

    def articles_to_tag(self, limit: int) -> list[dict[str, Any]]:
        with self.read() as con:
            return rows_as_dicts(con.execute(named_query("articles_to_tag"), [limit]))

    def articles_page(self, since, after: tuple, limit: int) -> list[dict[str, Any]]:
        """Articles published since `since`, after the (published_at, article_id) cursor."""
        with self.read() as con:
            return rows_as_dicts(
                con.execute(named_query("articles_page"), [since, after[0], after[1], limit])
            )

    def count_articles_since(self, since) -> int:
        with self.read() as con:
            return con.execute(named_query("count_articles_since"), [since]).fetchall()[0][0]

    def load_tagging(
        self,
        article_ids: Sequence[str],
        tag_rows: Sequence[dict[str, Any]],
        mention_rows: Sequence[dict[str, Any]],
        event_rows: Sequence[dict[str, Any]],
        tagged_at: datetime,
    ) -> None:
        """Replace the tags, mentions and events of these articles in one transaction."""
        with self.write() as con, transaction(con):
            # Only articles tagged before have anything to forget (tags, mentions and the
            # tagged_at stamp are written together, here): new articles skip three DELETEs
            # that scan their whole tables.
            retagged = [
                r[0] for r in con.execute(named_query("tagged_articles"), [list(article_ids)]).fetchall()
            ]
            if retagged:
                con.register("_ids", pa.table({"article_id": pa.array(retagged, pa.string())}))
                # events already clustered keep their cluster (re-tagging must not re-alert)
                con.execute(named_query("forget_tagging")).fetchall()
                con.unregister("_ids")
            # Articles never tagged have no tags, mentions or events yet (the same invariant).
            fresh = not retagged
            _insert(con, tables.ARTICLE_TAGS, tag_rows, absent=fresh)
            _insert(con, tables.MENTIONS, mention_rows, absent=fresh)
            _insert(con, tables.EVENTS, event_rows, absent=fresh)
            con.execute(named_query("mark_tagged"), [tagged_at, list(article_ids)])


class DetectionStore(Warehouse):
    """Reads and writes of the detect stage."""

    def events_to_cluster(self, limit: int) -> list[dict[str, Any]]:
        with self.read() as con:
            return rows_as_dicts(con.execute(named_query("events_to_cluster"), [limit]))

    def candidate_clusters(self, type_regions: list[str], since) -> list[dict[str, Any]]:
        """Clusters events of these 'TYPE|REGION' pairs may join, with the kinds and places
        that count as one (newswatch.taxonomy.recurrence_types/_places)."""
        if not type_regions:
            return []
        pairs = sorted(
            {
                f"{t}|{r}"
                for pair in type_regions
                for t in recurrence_types(pair.split("|", 1)[0])
                for r in recurrence_places(pair.split("|", 1)[1])
            }
        )
        with self.read() as con:
            return rows_as_dicts(con.execute(named_query("candidate_clusters"), [pairs, since]))

    def load_clusters(
        self,
        clusters: list[dict[str, Any]],
        assignment: dict[str, str],
        processed_ids: list[str],
        now: datetime,
    ) -> None:
        """Upsert clusters, stamp events with their cluster, recount; one transaction."""
        with self.write() as con, transaction(con):
            rows = [{**c, "n_events": 0, "n_articles": 0, "n_sources": 0} for c in clusters]
            _insert(
                con,
                tables.EVENT_CLUSTERS,
                rows,
                conflict="(cluster_id) DO UPDATE SET first_date = excluded.first_date, "
                "last_date = excluded.last_date, first_seen_at = excluded.first_seen_at, "
                "last_seen_at = excluded.last_seen_at, parties = excluded.parties",
                count=False,
            )
            if assignment:
                con.register(
                    "_assign",
                    pa.table(
                        {
                            "event_id": pa.array(list(assignment), pa.string()),
                            "cluster_id": pa.array(list(assignment.values()), pa.string()),
                        }
                    ),
                )
                con.execute(named_query("assign_clusters")).fetchall()
                con.unregister("_assign")
            con.execute(named_query("mark_clustered"), [now, processed_ids])
            since = min((c["first_date"] for c in clusters), default=None)
            con.execute(named_query("refresh_cluster_counts"), [[c["cluster_id"] for c in clusters], since])

    def cluster_details(self, cluster_ids: list[str], since=None) -> list[dict[str, Any]]:
        if not cluster_ids:
            return []
        with self.read() as con:
            if since is None:
                rows = con.execute(named_query("clusters_first_date"), [cluster_ids]).fetchall()
                since = rows[0][0]
            return rows_as_dicts(con.execute(named_query("cluster_details"), [cluster_ids, since]))

    def earlier_clusters_batch(
        self, clusters: list[dict[str, Any]], lookback_days: int
    ) -> dict[str, list[dict[str, Any]]]:
        """{new cluster id: earlier clusters of its type and place key within the look-back}."""
        if not clusters:
            return {}
        params = [
            [c["cluster_id"] for c in clusters],
            [recurrence_types(c["type"]) for c in clusters],
            [recurrence_places(c["region_id"]) for c in clusters],
            [c["first_date"] for c in clusters],
            lookback_days,
            min(c["first_date"] for c in clusters) - timedelta(days=lookback_days),
        ]
        with self.read() as con:
            rows = rows_as_dicts(con.execute(named_query("earlier_clusters_batch"), params))
        out: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            out.setdefault(row.pop("new_id"), []).append(row)
        return out

    def earlier_clusters(
        self, type_: str, region_id: str, first_date, lookback_days: int
    ) -> list[dict[str, Any]]:
        with self.read() as con:
            return rows_as_dicts(
                con.execute(named_query("earlier_clusters"), [type_, region_id, first_date, lookback_days])
            )

    def recent_alerted_clusters(
        self, rule: str, cluster: dict[str, Any], cooldown_hours: float
    ) -> list[dict[str, Any]]:
        if not cooldown_hours:
            return []
        window_days = int(cooldown_hours // 24) + 1
        with self.read() as con:
            cur = con.execute(
                named_query("recent_alerted_clusters"),
                [rule, cluster["type"], cluster["region_id"], cluster["first_date"], window_days],
            )
            return rows_as_dicts(cur)

    def recently_alerted_articles(self, now, cooldown_hours: float) -> set[str]:
        """Articles behind recurrence alerts raised within the cooldown before `now`."""
        with self.read() as con:
            rows = con.execute(
                named_query("recently_alerted_articles"), [now, int(cooldown_hours)]
            ).fetchall()
        return {r[0] for r in rows}

    def cluster_ids_since(self, since=None) -> list[str]:
        with self.read() as con:
            return [r[0] for r in con.execute(named_query("cluster_ids_since"), [since]).fetchall()]

    def history_start(self):
        with self.read() as con:
            return con.execute(named_query("history_start")).fetchall()[0][0]

    def burst_counts(self, window_end, window_days: int, baseline_windows: int) -> list[dict[str, Any]]:
        with self.read() as con:
            return rows_as_dicts(
                con.execute(named_query("burst_counts"), [window_end, window_days, baseline_windows])
            )

    def feed_health_state(self) -> list[dict[str, Any]]:
        with self.read() as con:
            return rows_as_dicts(con.execute(named_query("feed_health_state")))

    def entity_names(self) -> dict[str, str]:
        with self.read() as con:
            return dict(con.execute(named_query("entity_names")).fetchall())

    def existing_alert_ids(self, alert_ids: list[str]) -> set[str]:
        if not alert_ids:
            return set()
        with self.read() as con:
            rows = con.execute(named_query("existing_alert_ids"), [alert_ids]).fetchall()
        return {r[0] for r in rows}

    def insert_alerts(self, alerts: list[dict[str, Any]], deliveries: list[dict[str, Any]]) -> int:
        """Record alerts and their outbox rows together; existing alerts are left alone."""
        with self.write() as con, transaction(con):
            added = _insert(con, tables.ALERTS, alerts)
            _insert(con, tables.DELIVERIES, deliveries)
        return added
