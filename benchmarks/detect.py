"""Time per new event for clustering and recurrence lookup at 10k, 100k and 1M historical
events (synthetic, with a realistic skew of keys: a few busy places, a long tail).

    .venv/bin/python benchmarks/detect.py            # full run (1M takes a few minutes)
    .venv/bin/python benchmarks/detect.py --quick    # 10k and 100k only

Prints ms per new event for each history size and the 1M/10k ratio (target <= 1.5).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newswatch.alert_rules import load_rules  # noqa: E402
from newswatch.stages import detect as stage  # noqa: E402
from warehouse import connect, migrate  # noqa: E402

TYPES = ["AIRSTRIKE", "SHELLING", "BOMBING", "ARMED_CLASH", "MEETING", "MEETING_POSTPONED", "ACCUSATION"]
REGIONS = (
    [f"adm1:syr-r{i}" for i in range(14)] + [f"adm1:lby-r{i}" for i in range(22)] + ["road:m4", "road:m5"]
)
PARTIES = ["state:rus", "state:tur", "state:syr", "state:irn", "org:hts", "org:sdf", "org:lna", "org:gnu"]
START = date(2000, 1, 1)
EVENTS_PER_DAY = 150
RULES = Path(__file__).resolve().parent.parent / "seeds" / "alerts.yaml"


def _skewed(rng: random.Random, items: list[str]) -> str:
    return items[min(len(items) - 1, int(rng.paretovariate(1.2)) - 1)]


def build_history(db: str, n_events: int, rng: random.Random) -> None:
    """n_events historical events in clusters of ~2.5 events, loaded in bulk. History grows
    in time, not in density: ~150 events a day (about what 35 feeds on this theatre yield),
    so 10k events are ~2 months and 1M events ~18 years."""
    migrate(db)
    days = max(1, n_events // EVENTS_PER_DAY)
    n_clusters = n_events * 2 // 5
    cl = {
        k: []
        for k in (
            "cluster_id",
            "type",
            "region_id",
            "recurrence_key",
            "first_date",
            "last_date",
            "first_seen_at",
            "last_seen_at",
            "n_events",
            "n_articles",
            "n_sources",
            "parties",
        )
    }
    ev = {
        k: []
        for k in (
            "event_id",
            "article_id",
            "type",
            "actors",
            "targets",
            "region_id",
            "event_date",
            "date_precision",
            "status",
            "sentence",
            "confidence",
            "recurrence_key",
            "parties",
            "cluster_id",
            "clustered_at",
        )
    }
    now = datetime.now(UTC)
    for c in range(n_clusters):
        t, r = _skewed(rng, TYPES), _skewed(rng, REGIONS)
        parties = sorted(rng.sample(PARTIES, 2))
        day = START + timedelta(days=rng.randrange(days))
        key = f"{t}|{r}|{'+'.join(parties)}"
        seen = datetime.combine(day, datetime.min.time(), UTC)
        for k, v in (
            ("cluster_id", f"h{c}"),
            ("type", t),
            ("region_id", r),
            ("recurrence_key", key),
            ("first_date", day),
            ("last_date", day),
            ("first_seen_at", seen),
            ("last_seen_at", seen),
            ("n_events", 2),
            ("n_articles", 2),
            ("n_sources", 2),
            ("parties", parties),
        ):
            cl[k].append(v)
    for e in range(n_events):
        c = e % n_clusters
        for k, v in (
            ("event_id", f"he{e}"),
            ("article_id", f"ha{e}"),
            ("type", cl["type"][c]),
            ("actors", cl["parties"][c][:1]),
            ("targets", cl["parties"][c][1:]),
            ("region_id", cl["region_id"][c]),
            ("event_date", cl["first_date"][c]),
            ("date_precision", "day"),
            ("status", "reported"),
            ("sentence", "synthetic"),
            ("confidence", 0.8),
            ("recurrence_key", cl["recurrence_key"][c]),
            ("parties", cl["parties"][c]),
            ("cluster_id", cl["cluster_id"][c]),
            ("clustered_at", now),
        ):
            ev[k].append(v)
    # A warehouse grows in time order: store the history that way (DuckDB's zone maps on
    # dates then skip old row groups, as they do in real use).
    order = sorted(range(n_clusters), key=lambda i: cl["first_date"][i])
    cl = {k: [v[i] for i in order] for k, v in cl.items()}
    ev_order = sorted(range(n_events), key=lambda i: ev["event_date"][i])
    ev = {k: [v[i] for i in ev_order] for k, v in ev.items()}
    LAST_DAY[0] = START + timedelta(days=days)
    with connect(db) as con:
        con.register("cl", pa.table(cl))
        con.execute(f"INSERT INTO event_clusters ({', '.join(cl)}) SELECT * FROM cl").fetchall()
        con.register("ev", pa.table(ev))
        con.execute(f"INSERT INTO events ({', '.join(ev)}) SELECT * FROM ev").fetchall()
        con.execute("CHECKPOINT").fetchall()


LAST_DAY = [START]


def add_new_events(db: str, n_new: int, rng: random.Random, round_: int) -> None:
    """New articles and events on the next day, as a tagging batch leaves them."""
    day = LAST_DAY[0] + timedelta(days=1 + round_)
    published = datetime.combine(day, datetime.min.time(), UTC)
    arts, evs = [], []
    for i in range(n_new):
        t, r = _skewed(rng, TYPES), _skewed(rng, REGIONS)
        parties = sorted(rng.sample(PARTIES, 2))
        arts.append((f"na{round_}-{i}", f"https://x.example/{round_}/{i}", "x.example", published))
        evs.append(
            (
                f"ne{round_}-{i}",
                f"na{round_}-{i}",
                t,
                parties[:1],
                parties[1:],
                r,
                day,
                "day",
                "reported",
                "s",
                0.9,
                f"{t}|{r}|{'+'.join(parties)}",
                parties,
            )
        )
    with connect(db) as con:
        con.executemany(
            "INSERT INTO articles (article_id, url, source, published_at, fetched_at) "
            "VALUES (?, ?, ?, ?, now())",
            arts,
        )
        con.executemany(
            "INSERT INTO events (event_id, article_id, type, actors, targets, region_id, event_date, "
            "date_precision, status, sentence, confidence, recurrence_key, parties) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            evs,
        )


def measure(n_history: int, n_new: int = 200, rounds: int = 5) -> float:
    """Median over `rounds` batches of new events (the machine is noisy)."""
    rng = random.Random(n_history)
    samples, touched_total, alerts_total = [], 0, 0
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.duckdb")
        t0 = time.perf_counter()
        build_history(db, n_history, rng)
        built = time.perf_counter() - t0
        rules = load_rules(RULES)
        for round_ in range(rounds):
            add_new_events(db, n_new, rng, round_)
            t0 = time.perf_counter()
            touched = stage.cluster_pending(db)
            alerts = stage.recurrence_alerts(db, rules, touched, datetime.now(UTC))
            samples.append((time.perf_counter() - t0) / n_new * 1000)
            touched_total += len(touched)
            alerts_total += len(alerts)
    per_event = statistics.median(samples)
    print(
        f"history {n_history:>9,} events (built in {built:5.1f} s): {per_event:7.2f} ms per new event "
        f"(median of {rounds} batches of {n_new}; {touched_total} clusters touched, "
        f"{alerts_total} recurrences)",
        flush=True,
    )
    return per_event


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    print(f"$ .venv/bin/python benchmarks/detect.py{' --quick' if args.quick else ''}")
    results = {n: measure(n) for n in sizes}
    largest = max(results)
    print(f"ratio {largest:,}/10,000: {results[largest] / results[10_000]:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
