"""Cost of a cycle's detection and of the 18 documented queries as history grows.

For each size (10k, 100k, 1M articles) a warehouse is synthesised with INSERT ... SELECT
from range() (a minute for 1M): articles with text over two years back from today, 0.8
events per article, happenings, tags, mentions of the gazetteer's real entities, alerts
with deliveries, 500 feeds and their fetch log. Everything stored is already tagged and
clustered (history). Then, side by side in one run:

* a cycle's detection: 200 new articles with events land (as a tagging batch leaves
  them), `stages.detect.run` clusters them and evaluates every rule kind; plus the
  pending-work scans every cycle makes with nothing to do (`articles_to_tag`,
  `events_to_cluster`). Median of 5 rounds.
* each analyst query (warehouse/saved_queries/*.sql, else the numbered ones in
  docs/warehouse.md), median of 3 runs on one read-only connection.

Prints times per size and the ratio of the largest to the smallest (linear growth would be
100 for 1M/10k; "flat" is near 1).

    .venv/bin/python benchmarks/growth.py [--sizes 10000,100000,1000000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.code_at import modules_at  # noqa: E402
from newswatch.alert_rules import load_rules  # noqa: E402
from newswatch.config import DEFAULT_RULES  # noqa: E402
from newswatch.stages import detect  # noqa: E402
from newswatch.stages.process import get_tagger  # noqa: E402
from newswatch.tagging.batch import entity_rows  # noqa: E402
from warehouse.db import connect, migrate  # noqa: E402
from warehouse.store import DetectionStore, Warehouse  # noqa: E402

SAVED = ROOT / "warehouse" / "saved_queries"
DOC = ROOT / "docs" / "warehouse.md"
TYPES = [
    "AIRSTRIKE",
    "SHELLING",
    "BOMBING",
    "ARMED_CLASH",
    "MEETING",
    "MEETING_POSTPONED",
    "ACCUSATION",
    "KILLING",
]
REGIONS = ["adm1:syr-idlib", "adm1:syr-aleppo", "road:m4", "adm1:lby-sirte", "adm1:lby-tripoli", "state:tur"]
PARTIES = ["state:rus", "state:tur", "state:irn", "state:syr", "org:hts", "org:tip", "org:sdf", "org:lna"]


def queries() -> dict[str, str]:
    if SAVED.is_dir() and list(SAVED.glob("*.sql")):
        return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAVED.glob("*.sql"))}
    text = DOC.read_text(encoding="utf-8")
    found = re.findall(r"^(\d+)\. (.+?):?\n\n```sql\n(.*?)```", text, flags=re.M | re.S)
    return {f"{n}. {title[:40]}": sql for n, title, sql in found}


def build(db: Path, n: int, density: float | None = None, scattered: bool = False) -> None:
    """History of n articles, synthesised in SQL: over two years back from today, or, with
    `density` (articles per day), over n / density days (a longer history, same traffic).
    Rows are stored oldest first, as a warehouse fills (articles arrive, are tagged and
    clustered in time order; DuckDB's zone maps then skip old row groups for a date bound);
    `scattered` stores them in no time order (every date in every row group)."""
    order = (lambda expr: "") if scattered else (lambda expr: f" ORDER BY {expr}")
    migrate(db)
    Warehouse(db).sync_entities(entity_rows(get_tagger().gaz))
    types = "[" + ", ".join(f"'{t}'" for t in TYPES) + "]"
    regions = "[" + ", ".join(f"'{r}'" for r in REGIONS) + "]"
    parties = "[" + ", ".join(f"'{p}'" for p in PARTIES) + "]"
    days = max(1, round(n / density)) if density else 730
    minutes = days * 1440
    with connect(db) as con:
        con.execute(
            "INSERT INTO feeds (feed_id, url, name, last_success_at, last_new_item_at) "
            "SELECT 'f' || i, 'https://s' || i || '.example/rss', 'Feed ' || i, now(), "
            "  now() - to_hours(CAST(i % 72 AS INTEGER)) FROM range(500) t(i)"
        )
        # skew: a few busy places and types (i*i mod k), a long tail of dates
        con.execute(
            f"""INSERT INTO articles (article_id, feed_id, url, source, title, text, summary, published_at,
                  fetched_at, language, extraction, text_hash, simhash, copy_of, tagged_at)
            SELECT 'a' || i, 'f' || (i % 500), 'https://s' || (i % 300) || '.example/' || i,
                   's' || (i % 300) || '.example',
                   'Report ' || i || ' on ' || {regions}[1 + (i * 7) % 6],
                   repeat('Officials said the convoy was hit near the highway. ', 40) || md5(i::VARCHAR),
                   'summary ' || i,
                   now() - to_minutes(CAST((i * 7919) % {minutes} AS BIGINT)),
                   now() - to_minutes(CAST((i * 7919) % {minutes} AS BIGINT)),
                   'en', 'trafilatura', md5(i::VARCHAR), hash(i),
                   CASE WHEN i % 10 = 9 THEN 'a' || (i - 1) END, now()
            FROM range({n}) t(i){order(f"(i * 7919) % {minutes} DESC")}"""
        )
        con.execute(
            f"""INSERT INTO article_tags
            SELECT 'a' || i, ['syria', 'libya', 'turkey-russia-iran', 'iran'][1 + i % 4], 0.8
            FROM range({n}) t(i){order(f"(i * 7919) % {minutes} DESC")}"""
        )
        con.execute(
            f"""INSERT INTO mentions (article_id, entity_id, count, in_title)
            SELECT 'a' || i, e.entity_id, 1 + i % 3, i % 5 = 0
            FROM range({n}) t(i)
            JOIN (SELECT entity_id, row_number() OVER (ORDER BY entity_id) - 1 AS k FROM entities) e
              ON e.k IN ((i * 13) % 97, (i * 31) % 89){order(f"(i * 7919) % {minutes} DESC")}"""
        )
        n_clusters = max(1, n // 4)
        con.execute(
            f"""INSERT INTO event_clusters (cluster_id, type, region_id, recurrence_key, first_date,
                  last_date, first_seen_at, last_seen_at, n_events, n_articles, n_sources, parties, place_id)
            SELECT 'c' || i, {types}[1 + (i * i) % 8], {regions}[1 + (i * 5) % 6],
                   {types}[1 + (i * i) % 8] || '|' || {regions}[1 + (i * 5) % 6],
                   current_date - CAST((i * 7919) % {days} AS INTEGER),
                   current_date - CAST((i * 7919) % {days} AS INTEGER),
                   now(), now(), 3, 3, 1 + i % 4,
                   [{parties}[1 + i % 8], {parties}[1 + (i + 3) % 8]], NULL
            FROM range({n_clusters}) t(i){order(f"(i * 7919) % {days} DESC")}"""
        )
        con.execute(
            f"""INSERT INTO events (event_id, article_id, type, actors, targets, place_id, region_id, country,
                  event_date, date_precision, status, mediation, sentence, trigger, confidence,
                  recurrence_key, parties, cluster_id, clustered_at)
            SELECT 'e' || i, 'a' || i, c.type, [c.parties[1]], [c.parties[2]], NULL, c.region_id, NULL,
                   c.first_date, 'day',
                   ['reported', 'reported', 'reported', 'announced', 'denied'][1 + i % 5],
                   i % 50 = 0, 'A sentence about the event.', 'hit', 0.8,
                   c.recurrence_key, c.parties, c.cluster_id, now()
            FROM range({n}) t(i) JOIN event_clusters c ON c.cluster_id = 'c' || ((i * 3) % {n_clusters})
            WHERE i % 5 <> 4{order("c.first_date, i")}"""
        )
        con.execute(
            f"""INSERT INTO alerts (alert_id, kind, rule, cluster_id, recurrence_key, severity, created_at,
                  summary, explanation, markdown)
            SELECT 'al' || i, 'recurrence', 'violence-recurs', c.cluster_id, c.recurrence_key, 'high',
                   CAST(c.first_date AS TIMESTAMPTZ) + INTERVAL 12 HOUR, 'Again: ' || c.recurrence_key,
                   '{{"new": {{}}, "earlier": []}}', '**again**'
            FROM range({max(1, n // 1000)}) t(i) JOIN event_clusters c ON c.cluster_id = 'c' || (i * 7)"""
        )
        con.execute(
            "INSERT INTO deliveries (alert_id, channel, status, attempts, sent_at) "
            "SELECT alert_id, 'slack', CASE WHEN hash(alert_id) % 20 = 0 THEN 'failed' ELSE 'sent' END, 1, "
            "created_at FROM alerts"
        )
        con.execute(
            f"""INSERT INTO fetches (feed_id, fetched_at, status, http_status, error, bytes, duration_ms,
                  items, new_items)
            SELECT 'f' || (i % 500), now() - to_minutes(CAST(i // 500 * 15 AS BIGINT)),
                   CASE WHEN i % 37 = 0 THEN 'timeout' WHEN i % 3 = 0 THEN 'ok' ELSE 'not_modified' END,
                   200, CASE WHEN i % 37 = 0 THEN 'read timed out' END, 30000, 120, 50, 1
            FROM range({max(500, n // 2)}) t(i){order("i DESC")}"""
        )
        con.execute("CHECKPOINT")


def add_batch(db: Path, round_: int | str, size: int = 200) -> None:
    """New articles with events on today's date, as a tagging batch leaves them."""
    types = "[" + ", ".join(f"'{t}'" for t in TYPES) + "]"
    regions = "[" + ", ".join(f"'{r}'" for r in REGIONS) + "]"
    parties = "[" + ", ".join(f"'{p}'" for p in PARTIES) + "]"
    with connect(db) as con:
        con.execute(
            f"""INSERT INTO articles (article_id, feed_id, url, source, title, text, published_at, fetched_at,
                  extraction, tagged_at)
            SELECT 'n{round_}-' || i, 'f' || i % 500, 'https://new.example/{round_}/' || i,
                   'n' || (i % 40) || '.example', 'New ' || i, 'text', now(), now(), 'trafilatura', now()
            FROM range({size}) t(i)"""
        )
        con.execute(
            f"""INSERT INTO events (event_id, article_id, type, actors, targets, region_id, event_date,
                  date_precision, status, sentence, confidence, recurrence_key, parties)
            SELECT 'ne{round_}-' || i, 'n{round_}-' || i, {types}[1 + (i * i) % 8], [{parties}[1 + i % 8]],
                   [{parties}[1 + (i + 3) % 8]], {regions}[1 + (i * 5) % 6], current_date, 'day', 'reported',
                   's', 0.9, {types}[1 + (i * i) % 8] || '|' || {regions}[1 + (i * 5) % 6],
                   [{parties}[1 + i % 8], {parties}[1 + (i + 3) % 8]]
            FROM range({size}) t(i)"""
        )


def measure(
    n: int,
    rounds: int,
    qs: dict[str, str],
    density: float | None = None,
    scattered: bool = False,
    stages: dict[str, ModuleType] | None = None,
) -> dict[str, float]:
    """`stages`: {label: a version of newswatch.stages.detect}; with several, each round runs
    each version in turn, on its own batch of new events, on the same warehouse."""
    stages = stages or {"": detect}
    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "growth.duckdb"
        t0 = time.perf_counter()
        build(db, n, density, scattered)
        built = time.perf_counter() - t0
        size = db.stat().st_size
        rules = load_rules(DEFAULT_RULES)
        det: dict[str, list[float]] = {label: [] for label in stages}
        scans = []
        for round_ in range(rounds):
            for k, (label, stage) in enumerate(stages.items()):
                add_batch(db, f"{round_}v{k}")
                now = datetime.now(UTC)
                t0 = time.perf_counter()
                stage.run(db, rules, now, ensure=False)
                det[label].append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            Warehouse(db).articles_to_tag(500)
            DetectionStore(db).events_to_cluster(5000)
            scans.append(time.perf_counter() - t0)
        for label, times in det.items():
            name = "detection (200 new events, all rules)" + (f", {label}" if label else "")
            out[name] = statistics.median(times)
        out["pending scans, nothing pending"] = statistics.median(scans)
        with connect(db, read_only=True) as con:
            for name, sql in qs.items():
                times = []
                for _ in range(3):
                    t0 = time.perf_counter()
                    con.execute(sql).fetchall()
                    times.append(time.perf_counter() - t0)
                out[name] = statistics.median(times)
    print(f"  {n:>9,} articles: built in {built:5.1f} s, {size / 1e6:6.1f} MB", flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--density",
        type=float,
        help="articles per day: the history gets longer with size at the same traffic "
        "(default: every size spread over two years, so larger means denser)",
    )
    parser.add_argument("--detection-only", action="store_true", help="skip the analyst queries")
    parser.add_argument(
        "--scattered", action="store_true", help="store the history in no time order (default: oldest first)"
    )
    parser.add_argument(
        "--compare",
        metavar="REV",
        help="also time detection with its code (stages/detect.py, warehouse/store.py, alert_store.py "
        "and the named queries) as it was at git revision REV, side by side in each round",
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    qs = {} if args.detection_only else queries()
    stages: dict[str, ModuleType] = {"": detect}
    if args.compare:
        own = ("warehouse.store", "warehouse.alert_store", "newswatch.stages.detect")
        old = modules_at(args.compare, own)
        stages = {f"code at {args.compare}": old["newswatch.stages.detect"], "now": detect}
    print(f"$ .venv/bin/python benchmarks/growth.py {' '.join(sys.argv[1:])}".rstrip())
    results = {n: measure(n, args.rounds, qs, args.density, args.scattered, stages) for n in sizes}
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(shared, noisy)"
    )
    print(f"{len(qs)} queries from {'warehouse/saved_queries' if SAVED.is_dir() else 'docs/warehouse.md'}")
    head = "".join(f"{n:>11,}" for n in sizes)
    print(f"{'ms':<54}{head}   {sizes[-1] // sizes[0]}x data ->")
    for name in results[sizes[0]]:
        row = "".join(f"{results[n][name] * 1000:11.1f}" for n in sizes)
        ratio = results[sizes[-1]][name] / max(results[sizes[0]][name], 1e-6)
        print(f"  {name[:52]:<52}{row}   x{ratio:5.1f}")
    total = [sum(v for k, v in results[n].items() if k in qs) for n in sizes]
    if not qs:
        return 0
    print(
        f"  {'all queries together':<52}"
        + "".join(f"{t * 1000:11.1f}" for t in total)
        + f"   x{total[-1] / total[0]:5.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
