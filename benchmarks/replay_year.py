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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from benchmarks.code_at import modules_at  # noqa: E402
from newswatch import ingest  # noqa: E402
from newswatch.alert_rules import load_rules  # noqa: E402
from newswatch.config import DEFAULT_RULES, SEEDS_DIR  # noqa: E402
from newswatch.stages import detect, history, process  # noqa: E402
from warehouse import store as store_module  # noqa: E402

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


def instrument(store, detect_stage) -> None:
    """Time the replay's steps (of these versions of warehouse.store and stages.detect)."""
    for owner, name, label in (
        (store.Warehouse, "known_urls", "known urls"),
        (store.Warehouse, "copy_candidates", "copies"),
        (store.Warehouse, "load_ingest", "store articles"),
        (detect_stage, "run", "detect"),
        (detect_stage.PLAIN_STEPS, "cluster_pending", " . cluster"),
        (detect_stage.PLAIN_STEPS, "evaluate_rules", " . rules"),
    ):
        timed(owner, name, label)


for _owner, _name, _label in (
    (history.replay, "collect", "read streams"),
    (ingest, "mark_copies", "copies"),
    (process, "run", "process (tag)"),
    (process.PLAIN_STEPS, "read_pending", " . read pending"),
    (process.PLAIN_STEPS, "tag_batches", " . spaCy+rules"),
    (process.PLAIN_STEPS, "store_tags", " . store tags"),
):
    timed(_owner, _name, _label)
instrument(store_module, detect)

SUBSTEP_OF = {
    " . read pending": "process (tag)",
    " . spaCy+rules": "process (tag)",
    " . store tags": "process (tag)",
    " . cluster": "detect",
    " . rules": "detect",
}


def schedstat() -> tuple[float, float]:
    """(seconds on a CPU, seconds runnable but waiting for one) of this process's main
    thread, from /proc (Linux); (0, 0) elsewhere. Wall time of the main thread minus both
    is time it was blocked: disk syncs, locks, waiting for DuckDB's worker threads."""
    try:
        run_ns, wait_ns, _ = Path(f"/proc/self/task/{os.getpid()}/schedstat").read_text().split()
    except OSError:
        return 0.0, 0.0
    return int(run_ns) / 1e9, int(wait_ns) / 1e9


STREAMS = ROOT.parent / "shared" / "corpus" / "feeds" / "streams" / "rss_link_database_2023"


def replay_once(paths: list[Path], profile: str | None, history=history) -> dict:
    TIMINGS.clear()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "replay.duckdb"
        rules = load_rules(DEFAULT_RULES)
        profiler = cProfile.Profile() if profile else None
        sched_started = schedstat()
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        report = history.run_replay([str(p) for p in paths], db, rules, SEEDS_DIR)
        if profiler:
            profiler.disable()
            profiler.dump_stats(profile)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        on_cpu, waiting = (b - a for a, b in zip(sched_started, schedstat(), strict=True))
        with duckdb.connect(str(db)) as con:
            con.execute("CHECKPOINT")
            counts = {
                t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "event_clusters", "alerts", "mentions", "article_tags")
            }
            counts["copies"] = con.execute(
                "SELECT count(*) FROM articles WHERE copy_of IS NOT NULL"
            ).fetchone()[0]
            content = {name: con.execute(q).fetchone()[0] for name, q in FINGERPRINTS.items()}
            alert_keys = con.execute(
                "SELECT alert_id, rule, kind, cluster_id FROM alerts ORDER BY 1"
            ).fetchall()
        size = db.stat().st_size
    return {
        "items": report.items,
        "batches": report.batches,
        "wall": wall,
        "cpu": cpu,
        "main_thread": (on_cpu, waiting),
        "counts": counts,
        "content": content,
        "alert_keys": alert_keys,
        "size": size,
        "timings": {k: tuple(v) for k, v in TIMINGS.items()},
    }


# The replay's own code (this benchmark's subject), loaded at an older revision by --compare.
OWN = ("warehouse.store", "warehouse.alert_store", "newswatch.stages.detect", "newswatch.stages.history")
BEFORE = "b403672"  # main before the replay's per-day overhead was cut (the second round)


# What "the same result" means for --compare: these columns of every row, hashed.
FINGERPRINTS = {
    "articles": "SELECT md5(string_agg(concat_ws('|', article_id, copy_of, text_hash), ',' "
    "ORDER BY article_id)) FROM articles",
    "events": "SELECT md5(string_agg(concat_ws('|', event_id, type, region_id, event_date, cluster_id), ',' "
    "ORDER BY event_id)) FROM events",
    "event_clusters": "SELECT md5(string_agg(concat_ws('|', cluster_id, first_date, last_date, n_events, "
    "n_articles, n_sources), ',' ORDER BY cluster_id)) FROM event_clusters",
    "alerts": "SELECT md5(string_agg(concat_ws('|', alert_id, rule, kind, cluster_id, summary, explanation), "
    "',' ORDER BY alert_id)) FROM alerts",
    "mentions+tags": "SELECT md5((SELECT string_agg(concat_ws('|', article_id, entity_id, count), ',' "
    "ORDER BY article_id, entity_id) FROM mentions) || (SELECT string_agg(concat_ws('|', article_id, tag, "
    "score), ',' ORDER BY article_id, tag) FROM article_tags))",
}


@contextlib.contextmanager
def code_at(rev: str):
    """The replay with its own modules (OWN) as they were at `rev`; the rest (tagger,
    ingest, process stage) is the current code, so only the replay's changes differ."""
    old = modules_at(rev, OWN)
    instrument(old["warehouse.store"], old["newswatch.stages.detect"])
    saved = process.Warehouse
    process.Warehouse = old["warehouse.store"].Warehouse  # process.run stores tags through it
    try:
        yield old["newswatch.stages.history"]
    finally:
        process.Warehouse = saved


def summed(rs: list[dict]) -> dict:
    """Several runs of one version as one: times and items added up; rows and content are
    the first run's (`same` says whether every run stored the same)."""
    first = rs[0]
    timings: dict[str, tuple[float, float]] = {}
    for r in rs:
        for step, (wall, cpu) in r["timings"].items():
            w, c = timings.get(step, (0.0, 0.0))
            timings[step] = (w + wall, c + cpu)
    return {
        **first,
        "repeats": len(rs),
        "items": sum(r["items"] for r in rs),
        "batches": sum(r["batches"] for r in rs),
        "wall": sum(r["wall"] for r in rs),
        "cpu": sum(r["cpu"] for r in rs),
        "main_thread": tuple(sum(r["main_thread"][i] for r in rs) for i in range(2)),
        "timings": timings,
        "same": all(r["content"] == first["content"] for r in rs),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", default=str(STREAMS))
    parser.add_argument("--limit-files", type=int, default=0, help="only the first N stream files")
    parser.add_argument("--profile", help="write a cProfile dump here")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also replay with the replay's own modules as they were at --before, in the same "
        "process, and check both warehouses hold the same rows and alerts",
    )
    parser.add_argument("--before", default=BEFORE, help=f"git revision for --compare (default {BEFORE})")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="with --compare: N pairs in ABBA order (before, now, now, before, ...), times summed, so a "
        "load that drifts during the run weighs on both alike",
    )
    args = parser.parse_args()
    paths = sorted(Path(args.streams).glob("*.jsonl.gz"))
    if args.limit_files:
        paths = paths[: args.limit_files]
    if not paths:
        sys.exit(f"no streams under {args.streams}: the shared corpus is needed")
    process.get_tagger(SEEDS_DIR)  # loaded once per process, before either run is timed
    results: dict[str, list[dict]] = {}
    if args.compare:
        with code_at(args.before) as old_history:
            before = f"before (replay code at {args.before})"
            for i in range(args.repeat):
                order = [before, "now"] if i % 2 == 0 else ["now", before]
                for label in order:
                    history_module = old_history if label == before else history
                    results.setdefault(label, []).append(replay_once(paths, None, history_module))
        results = {label: results[label] for label in (before, "now")}
    else:
        results["now"] = [replay_once(paths, args.profile)]
    runs = {label: summed(rs) for label, rs in results.items()}
    load = os.getloadavg()
    print(f"$ .venv/bin/python benchmarks/replay_year.py {' '.join(sys.argv[1:])}".rstrip())
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(shared, noisy)"
    )
    for label, r in runs.items():
        print(f"== {label}" + (f" (sum of {r['repeats']} runs)" if r["repeats"] > 1 else ""))
        print(
            f"replayed {r['items']:,} items ({len(paths)} streams) in {r['batches']:,} daily batches: "
            f"{r['wall']:.1f} s, {r['items'] / r['wall']:,.0f} items/s (goal >= 800/s)"
            + (" [under cProfile]" if label == "now" and args.profile else "")
        )
        print(
            f"CPU time of this process {r['cpu']:.1f} s = {r['items'] / r['cpu']:,.0f} items per CPU-second "
            "(the rate with a core to itself)"
        )
        on_cpu, waiting = r["main_thread"]
        print(
            f"main thread: {on_cpu:.1f} s on a CPU, {waiting:.1f} s waiting for a CPU (other processes), "
            f"{max(0.0, r['wall'] - on_cpu - waiting):.1f} s blocked (I/O, locks, DuckDB threads)"
        )
        print(
            f"wall time less the waits for a CPU: {r['wall'] - waiting:.1f} s = "
            f"{r['items'] / (r['wall'] - waiting):,.0f} items/s (the wall rate on an unshared core)"
        )
        print("rows: " + ", ".join(f"{t} {n:,}" for t, n in r["counts"].items()))
        per10k = r["size"] / max(1, r["counts"]["articles"]) * 10_000
        print(f"warehouse {r['size'] / 1e6:.1f} MB after CHECKPOINT = {per10k / 1e6:.1f} MB per 10k articles")
        print("  step              wall s  share   CPU s")
        for step in sorted(
            (s for s in r["timings"] if not s.startswith(" ")), key=lambda s: -r["timings"][s][0]
        ):
            for sub in [step] + [s for s in r["timings"] if s.startswith(" ") and SUBSTEP_OF[s] == step]:
                wall, cpu_s = r["timings"][sub]
                print(f"  {sub:<16} {wall:6.1f}  {wall / r['wall']:5.1%}  {cpu_s:6.1f}")
    if len(runs) == 2:
        before, now = runs.values()
        unshared = (before["wall"] - before["main_thread"][1]) / (now["wall"] - now["main_thread"][1])
        print(
            f"now / before: wall x{before['wall'] / now['wall']:.2f} faster, wall less the waits for a CPU "
            f"x{unshared:.2f} faster, CPU x{before['cpu'] / now['cpu']:.2f} less"
        )
        differ = [k for k in now["content"] if before["content"][k] != now["content"][k]]
        print(
            f"same rows: {before['counts'] == now['counts']}; same content (ids, clusters, counts, "
            f"alert texts): {not differ}{' - differ: ' + ', '.join(differ) if differ else ''}; "
            f"alerts: {len(now['alert_keys'])}, same ids, rules and clusters: "
            f"{before['alert_keys'] == now['alert_keys']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
