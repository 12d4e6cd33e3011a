"""A year of history: replay the shared 2023 streams through the whole pipeline.

Runs `newswatch.stages.history.run_replay` (the code behind `newswatch replay`) over
`../shared/corpus/feeds/streams/rss_link_database_2023/*.jsonl.gz` (~50k items, simulated
clock, one batch per day: store, tag, cluster, detect) into a fresh warehouse, and prints
items/s (goal >= 800/s), the time per step and the warehouse size per 10k articles.
`--profile FILE` also writes a cProfile dump (slower) for `python -m pstats FILE`.

    .venv/bin/python benchmarks/replay_year.py [--limit-files N] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from newswatch import ingest  # noqa: E402
from newswatch.alert_rules import load_rules  # noqa: E402
from newswatch.config import DEFAULT_RULES, SEEDS_DIR  # noqa: E402
from newswatch.stages import detect, history, process  # noqa: E402
from warehouse.store import Warehouse  # noqa: E402

TIMINGS: dict[str, list[float]] = {}


def timed(owner, name: str, label: str) -> None:
    """Wrap owner.name to sum wall and CPU seconds under `label`."""
    fn = getattr(owner, name)

    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            t = TIMINGS.setdefault(label, [0.0, 0.0])
            t[0] += time.perf_counter() - wall
            t[1] += time.process_time() - cpu

    setattr(owner, name, wrapper)


for _owner, _name, _label in (
    (history.replay, "collect", "read streams"),
    (Warehouse, "known_urls", "known urls"),
    (Warehouse, "copy_candidates", "copies"),
    (ingest, "mark_copies", "copies"),
    (Warehouse, "load_ingest", "store articles"),
    (process, "run", "process (tag)"),
    (detect, "run", "detect"),
):
    timed(_owner, _name, _label)

STREAMS = ROOT.parent / "shared" / "corpus" / "feeds" / "streams" / "rss_link_database_2023"


def replay_once(paths: list[Path], profile: str | None) -> dict:
    TIMINGS.clear()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "replay.duckdb"
        rules = load_rules(DEFAULT_RULES)
        profiler = cProfile.Profile() if profile else None
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        report = history.run_replay([str(p) for p in paths], db, rules, SEEDS_DIR)
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        with duckdb.connect(str(db)) as con:
            con.execute("CHECKPOINT")
            counts = {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "event_clusters", "alerts", "mentions", "article_tags")
            }
            counts["copies"] = con.execute(
                "SELECT count(*) FROM articles WHERE copy_of IS NOT NULL"
            ).fetchone()[0]
        size = db.stat().st_size
    return {
        "items": report.items,
        "batches": report.batches,
        "wall": wall,
        "cpu": cpu,
        "counts": counts,
        "size": size,
        "timings": {k: tuple(v) for k, v in TIMINGS.items()},
    }


@contextlib.contextmanager
def undone_fixes():
    """The replay as it was before this benchmark's fixes: every step opens (and closes)
    its own connection and commits on its own; copies found by the linear scan."""
    from newswatch import dedup

    def linear_mark_copies(rows, known):
        pool, copies = list(known), 0
        for row in sorted(rows, key=lambda r: r["published_at"] or datetime.min.replace(tzinfo=UTC)):
            original = dedup.find_copy_of(row["text_hash"], row["simhash"], pool)
            if original and original != row["article_id"]:
                row["copy_of"] = original
                copies += 1
            else:
                pool.append((row["article_id"], row["text_hash"], row["simhash"]))
        return copies

    saved = history.holding, ingest.mark_copies
    history.holding = lambda db, **kw: contextlib.nullcontext()
    ingest.mark_copies = linear_mark_copies
    timed(ingest, "mark_copies", "copies")
    try:
        yield
    finally:
        history.holding, ingest.mark_copies = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", default=str(STREAMS))
    parser.add_argument("--limit-files", type=int, default=0, help="only the first N stream files")
    parser.add_argument("--profile", help="write a cProfile dump here")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also replay with the speed fixes undone (a connection per step, quadratic copy "
        "search), in the same process, and check both warehouses hold the same rows",
    )
    args = parser.parse_args()
    paths = sorted(Path(args.streams).glob("*.jsonl.gz"))
    if args.limit_files:
        paths = paths[: args.limit_files]
    if not paths:
        sys.exit(f"no streams under {args.streams}: the shared corpus is needed")
    process.get_tagger(SEEDS_DIR)  # loaded once per process, before either run is timed
    runs = {}
    if args.compare:
        with undone_fixes():
            runs["before (fixes undone)"] = replay_once(paths, None)
    runs["now"] = replay_once(paths, args.profile)
    load = os.getloadavg()
    print(f"$ .venv/bin/python benchmarks/replay_year.py {' '.join(sys.argv[1:])}".rstrip())
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(shared, noisy)"
    )
    for label, r in runs.items():
        print(f"== {label}")
        print(
            f"replayed {r['items']:,} items ({len(paths)} streams) in {r['batches']} daily batches: "
            f"{r['wall']:.1f} s, {r['items'] / r['wall']:,.0f} items/s (goal >= 800/s)"
            + (" [under cProfile]" if label == "now" and args.profile else "")
        )
        print(
            f"CPU time of this process {r['cpu']:.1f} s = {r['items'] / r['cpu']:,.0f} items per CPU-second "
            "(the rate with a core to itself)"
        )
        print("rows: " + ", ".join(f"{t} {n:,}" for t, n in r["counts"].items()))
        per10k = r["size"] / max(1, r["counts"]["articles"]) * 10_000
        print(f"warehouse {r['size'] / 1e6:.1f} MB after CHECKPOINT = {per10k / 1e6:.1f} MB per 10k articles")
        print("  step            wall s  share   CPU s")
        for step, (wall, cpu_s) in sorted(r["timings"].items(), key=lambda kv: -kv[1][0]):
            print(f"  {step:<14} {wall:6.1f}  {wall / r['wall']:5.1%}  {cpu_s:6.1f}")
    if len(runs) == 2:
        before, now = runs.values()
        same = before["counts"] == now["counts"]
        print(
            f"now / before: wall x{before['wall'] / now['wall']:.2f} faster, "
            f"CPU x{before['cpu'] / now['cpu']:.2f} less; same rows: {same}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
