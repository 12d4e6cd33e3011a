"""Months of running: retention (`vacuum`), backup and restore end to end, and upgrading a
warehouse created by the previous release (commit 8cec1c8) with the current migrations."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from newswatch.retention import RetentionError, restore, vacuum
from warehouse.db import available_migrations, connect, migrate_connection, migration_status
from warehouse.exports import backup

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
RELEASE = Path(__file__).resolve().parent / "fixtures" / "release_8cec1c8"
TEXT = "The convoy was hit near Saraqib on the M4 highway, officials said. "
# ~10 kB of text no compression undoes, so the file's size follows the text kept
NOISE = "array_to_string(list_transform(range(300), lambda j: md5(i::VARCHAR || '-' || j::VARCHAR)), ' ')"


def fill(con, n: int = 1500, days: int = 730) -> None:
    """n articles spread over `days` back from NOW, one event each, a cluster per 10
    events, an alert per cluster, a fetch per article."""
    step = days * 1440 // n  # minutes between two articles
    ago = f"?::TIMESTAMPTZ - to_minutes(CAST(i * {step} AS BIGINT))"
    day_ago = f"DATE '2026-03-01' - CAST(i * {step} // 1440 AS INTEGER)"
    day10_ago = f"DATE '2026-03-01' - CAST(i * 10 * {step} // 1440 AS INTEGER)"
    con.execute(
        "INSERT INTO feeds (feed_id, url, name) VALUES ('f1', 'https://levant.example/rss', 'Levant')"
    )
    con.execute(
        "INSERT INTO articles (article_id, feed_id, url, source, title, text, summary, published_at, "
        "fetched_at, extraction) "
        f"SELECT 'a' || i, 'f1', 'https://levant.example/' || i, 'Levant', 'Story ' || i, "
        f"  ? || {NOISE}, 'summary ' || i, {ago}, {ago}, 'trafilatura' FROM range(?) t(i)",
        [TEXT, NOW, NOW, n],
    )
    con.execute(
        "INSERT INTO event_clusters (cluster_id, type, region_id, recurrence_key, first_date, last_date, "
        "first_seen_at, last_seen_at, n_events, n_articles, n_sources, parties, place_id, lat, lon) "
        f"SELECT 'c' || i, 'BOMBING', 'road:m4', 'BOMBING|road:m4', "
        f"  {day10_ago}, {day10_ago}, ?::TIMESTAMPTZ, ?::TIMESTAMPTZ, 10, 10, 3, [], NULL, NULL, NULL "
        "FROM range(?) t(i)",
        [NOW, NOW, n // 10],
    )
    con.execute(
        "INSERT INTO events (event_id, article_id, type, actors, targets, region_id, event_date, "
        "date_precision, status, sentence, confidence, recurrence_key, parties, cluster_id) "
        f"SELECT 'e' || i, 'a' || i, 'BOMBING', [], [], 'road:m4', {day_ago}, 'day', 'reported', "
        "  'A bomb hit the convoy.', 0.9, 'BOMBING|road:m4', [], 'c' || (i // 10) FROM range(?) t(i)",
        [n],
    )
    con.execute(
        "INSERT INTO alerts (alert_id, kind, rule, cluster_id, recurrence_key, severity, created_at, "
        "summary, explanation, markdown) "
        "SELECT 'al' || i, 'recurrence', 'violence-recurs', 'c' || i, 'BOMBING|road:m4', "
        f"  'high', {ago.replace('i *', 'i * 10 *')}, 'Bombing on the M4 again', ?, '**again**' "
        "FROM range(?) t(i)",
        [NOW, json.dumps({"new": {"cluster_id": "c"}}), n // 10],
    )
    con.execute(
        "INSERT INTO fetches (feed_id, fetched_at, status, http_status, items, new_items) "
        f"SELECT 'f1', {ago}, 'ok', 200, 50, 1 FROM range(?) t(i)",
        [NOW, n],
    )


def counts(db) -> dict[str, int]:
    with connect(db, read_only=True) as con:
        return {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "events", "event_clusters", "alerts", "fetches")
        }


@pytest.fixture
def warehouse(tmp_path) -> Path:
    db = tmp_path / "w.duckdb"
    with connect(db) as con:
        migrate_connection(con)
        fill(con)
        con.execute("CHECKPOINT")
    return db


def test_vacuum_drops_old_text_keeps_events_and_alerts_and_shrinks_the_file(warehouse):
    before = counts(warehouse)
    size_before = warehouse.stat().st_size
    report = vacuum(warehouse, timedelta(days=365), now=NOW)
    cutoff = NOW - timedelta(days=365)
    with connect(warehouse, read_only=True) as con:
        old_with_text = con.execute(
            "SELECT count(*) FROM articles WHERE published_at < ? "
            "AND (text IS NOT NULL OR summary IS NOT NULL)",
            [cutoff],
        ).fetchone()[0]
        recent_text = con.execute(
            "SELECT count(*) FROM articles WHERE published_at >= ? AND text LIKE 'The convoy%'", [cutoff]
        ).fetchone()[0]
        recent = con.execute("SELECT count(*) FROM articles WHERE published_at >= ?", [cutoff]).fetchone()[0]
        old_fetches = con.execute("SELECT count(*) FROM fetches WHERE fetched_at < ?", [cutoff]).fetchone()[0]
        note = con.execute(
            "SELECT extraction_note FROM articles WHERE published_at < ? LIMIT 1", [cutoff]
        ).fetchone()
        # the views still answer, comments survive compaction, the migration record too
        assert con.execute("SELECT count(*) FROM v_events").fetchone()[0] == before["events"]
        assert con.execute("SELECT count(*) FROM v_alerts").fetchone()[0] == before["alerts"]
        comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'articles'").fetchone()[
            0
        ]
        assert comment and "article" in comment
    assert old_with_text == 0
    assert recent_text == recent > 0
    assert old_fetches == 0
    assert "retention" in note[0]
    after = counts(warehouse)
    assert {k: after[k] for k in ("articles", "events", "event_clusters", "alerts")} == {
        k: before[k] for k in ("articles", "events", "event_clusters", "alerts")
    }
    assert report.texts_dropped == before["articles"] - recent
    assert report.fetches_deleted == before["fetches"] - after["fetches"]
    assert report.compacted and report.size_after == warehouse.stat().st_size
    assert warehouse.stat().st_size < 0.75 * size_before, (size_before, warehouse.stat().st_size)
    assert [s[2] is not None for s in migration_status(warehouse)] == [True] * len(available_migrations())
    # idempotent: a second run drops nothing more
    again = vacuum(warehouse, timedelta(days=365), now=NOW)
    assert again.texts_dropped == 0 and again.fetches_deleted == 0


def test_vacuum_refuses_a_non_positive_span(warehouse):
    with pytest.raises(RetentionError):
        vacuum(warehouse, timedelta(0), now=NOW)


def test_backup_and_restore_end_to_end(warehouse, tmp_path):
    copy = tmp_path / "backups" / "w.duckdb"
    backup(warehouse, copy)
    saved = counts(warehouse)
    with connect(warehouse) as con:  # life goes on, then something goes wrong
        con.execute("DELETE FROM alerts")
        con.execute("UPDATE articles SET text = 'damaged'")
    assert counts(warehouse)["alerts"] == 0
    kept = restore(copy, warehouse)
    assert kept is not None and kept.exists()
    assert counts(warehouse) == saved
    with connect(warehouse, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE text = 'damaged'").fetchone()[0] == 0
    with connect(kept, read_only=True) as con:  # the replaced file is kept for inspection
        assert con.execute("SELECT count(*) FROM alerts").fetchone()[0] == 0


def test_restore_refuses_a_file_that_is_not_a_warehouse(tmp_path, warehouse):
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_bytes(b"not a database")
    with pytest.raises(RetentionError):
        restore(bogus, warehouse)
    with pytest.raises(RetentionError):
        restore(tmp_path / "missing.duckdb", warehouse)


def test_a_warehouse_of_the_previous_release_upgrades_and_answers(tmp_path):
    """Created exactly as release 8cec1c8's `newswatch migrate` did (its migration files and
    its schema_migrations table), filled, then migrated with today's code and queried."""
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
    )
    for path in sorted(RELEASE.glob("*.sql")):
        con.execute("BEGIN TRANSACTION")
        con.execute(path.read_text(encoding="utf-8"))
        con.execute(
            "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
            [int(path.name[:3]), path.stem[4:]],
        )
        con.execute("COMMIT")
    fill(con, n=300, days=60)
    con.close()
    before = counts(db)

    with connect(db) as con:
        applied = migrate_connection(con)
    current = {m.path.name for m in available_migrations()}
    assert set(applied) == current - {p.name for p in RELEASE.glob("*.sql")}
    assert all(s[2] is not None for s in migration_status(db))
    assert counts(db) == before
    with connect(db, read_only=True) as con:
        rows = con.execute(
            "SELECT type, count(*) FROM v_events WHERE event_date >= ? GROUP BY type", [date(2026, 1, 1)]
        ).fetchall()
        assert rows and rows[0][0] == "BOMBING"
        assert con.execute("SELECT count(*) FROM v_alerts").fetchone()[0] == before["alerts"]
        assert con.execute("SELECT count(*) FROM v_feed_health").fetchone()[0] == 1
    # and the pipeline's own write path works on it
    from warehouse.store import Warehouse

    Warehouse(db).ensure()


def test_vacuum_command(warehouse, capsys):
    cli = pytest.importorskip("newswatch.cli")
    if not hasattr(cli, "main"):
        pytest.skip("the Typer CLI has not landed")
    code = cli.main(["vacuum", "--keep", "365d", "--now", "2026-03-01T12:00", "--db", str(warehouse)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "text dropped" in out
    with connect(warehouse, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles WHERE text IS NULL").fetchone()[0] > 0


def test_holding_serves_every_connect_and_commits_once(tmp_path):
    """warehouse.db.holding (the replay's connection reuse): connects inside the block get the
    held connection; with one_transaction the block commits as a whole, or not at all."""
    from warehouse.db import holding, transaction

    db = tmp_path / "h.duckdb"
    with connect(db) as con:
        con.execute("CREATE TABLE t (x INTEGER)")
    with holding(db, one_transaction=True) as held:
        with connect(db, read_only=True) as con:
            assert con is held
        with connect(db) as con, transaction(con):
            con.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(RuntimeError), holding(db, one_transaction=True):
        with connect(db) as con, transaction(con):
            con.execute("INSERT INTO t VALUES (2)")
        raise RuntimeError("the replay stops half-way")
    with connect(db, read_only=True) as con:
        assert con.execute("SELECT list(x) FROM t").fetchone()[0] == [1]
