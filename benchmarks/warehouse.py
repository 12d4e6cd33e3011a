"""Warehouse load throughput and analyst query times.

    .venv/bin/python benchmarks/warehouse.py           # 10k, 100k, 1M articles
    .venv/bin/python benchmarks/warehouse.py --quick   # 10k, 100k

1. Rows/s loading articles and events through the project's load path (Warehouse.load_ingest,
   Warehouse.load_tagging: Arrow + INSERT ... ON CONFLICT in one transaction) against a bare
   DuckDB insert from an Arrow table of the same rows, side by side in the same run.
2. Time of five representative analyst queries (docs/warehouse.md) at each size.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warehouse import migrate  # noqa: E402
from warehouse.store import ARTICLE_COLUMNS, EVENT_COLUMNS, Warehouse  # noqa: E402
from warehouse.tables import ARTICLES, EVENTS  # noqa: E402

TYPES = ["AIRSTRIKE", "SHELLING", "BOMBING", "ARMED_CLASH", "MEETING", "MEETING_POSTPONED", "ACCUSATION"]
REGIONS = ["adm1:syr-idlib", "adm1:syr-aleppo", "road:m4", "adm1:lby-sirte", "state:tur", "any"]
QUERIES = {
    "airstrikes by actor (Idlib, 30 days)": """
        SELECT a, count(*) FROM (SELECT unnest(actors) AS a FROM events
        WHERE type = 'AIRSTRIKE' AND region_id = 'adm1:syr-idlib' AND event_date >= DATE '2025-12-01')
        GROUP BY a ORDER BY 2 DESC""",
    "events per day and type": "SELECT event_date, type, count(*) FROM events GROUP BY ALL ORDER BY 1",
    "sources reporting a party": """
        SELECT a.source, count(DISTINCT a.article_id) FROM events e JOIN articles a USING (article_id)
        WHERE list_contains(e.parties, 'org:hts') GROUP BY 1 ORDER BY 2 DESC LIMIT 20""",
    "postponement days (Russia-Turkey)": """
        SELECT DISTINCT event_date FROM events WHERE type = 'MEETING_POSTPONED'
        AND list_has_all(parties, ['state:rus', 'state:tur']) ORDER BY 1""",
    "text search in titles": "SELECT count(*) FROM articles WHERE title ILIKE '%idlib%'",
}


def synth(n: int, rng: random.Random) -> tuple[list[dict], list[dict]]:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    articles, events = [], []
    for i in range(n):
        published = now - timedelta(minutes=rng.randrange(60 * 24 * 365 * 2))
        words = " ".join(
            rng.choice(["Idlib", "Sirte", "talks", "strike", "patrol", "Ankara", "Moscow"]) for _ in range(8)
        )
        articles.append(
            {
                "article_id": f"a{i}",
                "feed_id": f"f{i % 40}",
                "url": f"https://s{i % 300}.example/{i}",
                "url_original": f"https://s{i % 300}.example/{i}",
                "source": f"s{i % 300}.example",
                "title": words,
                "text": words * 20,
                "summary": words,
                "published_at": published,
                "published_raw": None,
                "date_source": "feed",
                "fetched_at": published,
                "author": None,
                "language": "en",
                "extraction": "trafilatura",
                "extraction_note": None,
                "text_hash": f"h{i}",
                "simhash": rng.getrandbits(63),
                "copy_of": None,
            }
        )
        for k in range(rng.choice([0, 0, 1, 1, 2])):
            parties = sorted(rng.sample(["state:rus", "state:tur", "state:syr", "org:hts", "org:sdf"], 2))
            t, r = rng.choice(TYPES), rng.choice(REGIONS)
            events.append(
                {
                    "event_id": f"e{i}-{k}",
                    "article_id": f"a{i}",
                    "type": t,
                    "actors": parties[:1],
                    "targets": parties[1:],
                    "place_id": None,
                    "region_id": r,
                    "country": "SYR",
                    "event_date": published.date(),
                    "date_precision": "day",
                    "status": "reported",
                    "mediation": False,
                    "sentence": words,
                    "trigger": "x",
                    "confidence": 0.8,
                    "recurrence_key": f"{t}|{r}|{'+'.join(parties)}",
                    "parties": parties,
                }
            )
    return articles, events


def load_project(db: str, articles, events) -> float:
    """The same rows through the pipeline's load path, one batch each (as a replay or a
    backfill loads them): Warehouse.load_ingest, then Warehouse.load_tagging."""
    wh = Warehouse(db)
    t0 = time.perf_counter()
    wh.load_ingest([], articles, [])
    wh.load_tagging(sorted({e["article_id"] for e in events}), [], [], events, datetime.now(UTC))
    return time.perf_counter() - t0


def load_bare(db: str, articles, events) -> float:
    t0 = time.perf_counter()
    con = duckdb.connect(db)
    arts, evs = ARTICLES.to_arrow(articles), EVENTS.to_arrow(events)
    con.register("arts", arts)
    con.execute(f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) SELECT * FROM arts").fetchall()
    con.register("evs", evs)
    con.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) SELECT * FROM evs").fetchall()
    con.close()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    print(f"$ .venv/bin/python benchmarks/warehouse.py{' --quick' if args.quick else ''}")
    times: dict[str, list[float]] = {q: [] for q in QUERIES}
    for n in sizes:
        articles, events = synth(n, random.Random(n))
        rows = len(articles) + len(events)
        with tempfile.TemporaryDirectory() as folder:
            project_db, bare_db = str(Path(folder) / "p.duckdb"), str(Path(folder) / "b.duckdb")
            migrate(project_db)
            migrate(bare_db)
            bare = load_bare(bare_db, articles, events)
            project = load_project(project_db, articles, events)
            print(
                f"{n:>9,} articles + {len(events):,} events: project load {rows / project:,.0f} rows/s, "
                f"bare Arrow insert {rows / bare:,.0f} rows/s, ratio {project / bare:.2f} (target <= 1.5)"
            )
            with duckdb.connect(project_db, read_only=True) as con:
                for name, sql in QUERIES.items():
                    t0 = time.perf_counter()
                    con.execute(sql).fetchall()
                    times[name].append(time.perf_counter() - t0)
    print("\nquery times (ms) at " + ", ".join(f"{n:,}" for n in sizes) + " articles:")
    for name, values in times.items():
        growth = values[-1] / max(values[0], 1e-9) / (sizes[-1] / sizes[0])
        print(
            f"  {name:<38} "
            + "  ".join(f"{v * 1000:8.1f}" for v in values)
            + f"   growth vs linear: {growth:.2f}"
        )


if __name__ == "__main__":
    main()
