"""A 500-feed cycle: 500 local feeds x 50 items with their pages, through the real stages.

A threaded HTTP server in a child process serves generated RSS feeds and article pages
(the shared corpus's real article pages, each made unique with its own headline and a
theatre paragraph) on eight loopback addresses (127.0.0.1-8: eight "outlets", as
`fetch_many` polls one host at a time). One cycle runs `newswatch.stages` ingest -> process
-> detect -> notify in this process (NEWSWATCH_ALLOW_PRIVATE_HOSTS=1), timing each step; the
same pages go through bare `trafilatura.extract` (pipeline options) on a sample, a slice after
each page chunk the cycle extracts, so both sides meet the same machine load. Then a second cycle over
the same feeds, where every feed answers 304 Not Modified.

Prints articles/s end to end vs bare trafilatura (goal >= 0.8), share of time per step,
peak memory of this process (goal < 1.5 GB; the server runs in its own process) and the
no-change cycle as a share of the first (goal < 10%).

    .venv/bin/python benchmarks/load_cycle.py [--feeds 500] [--items 50] [--bare-sample 2000]
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["NEWSWATCH_ALLOW_PRIVATE_HOSTS"] = "1"

CORPUS = ROOT.parent / "shared" / "corpus" / "html"
HOSTS = [f"127.0.0.{i}" for i in range(1, 9)]
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PLACES = ["Idlib", "Sirte", "Tripoli", "Deir ez-Zor", "Raqqa", "Aleppo", "Benghazi", "Misrata", "Hama"]
ACTS = [
    "An airstrike hit a market in {p}, killing four civilians, local officials said.",
    "Turkish and Russian officials postponed talks on {p} until next week.",
    "A roadside bomb struck a convoy near {p} on Tuesday, wounding two soldiers.",
    "Rebels shelled government positions outside {p}, according to a monitoring group.",
    "Protesters gathered in {p} to demand the release of detainees.",
]


def load_pages() -> list[bytes]:
    pages = [p.read_bytes() for p in sorted((CORPUS / "readability_testpages").glob("*/source.html"))]
    pages += [p.read_bytes() for p in sorted((CORPUS / "newspaper4k_fixtures").glob("*.html"))]
    if not pages:
        sys.exit(f"no pages under {CORPUS}: the shared corpus is needed")
    return pages


def page_for(pages: list[bytes], feed: int, item: int) -> bytes:
    """A real page with its own headline and a theatre paragraph after <body>."""
    rng = random.Random(feed * 100_003 + item)
    base = pages[(feed * 7 + item) % len(pages)]
    place = rng.choice(PLACES)
    lead = " ".join(rng.choice(ACTS).format(p=place) for _ in range(3))
    extra = (
        f"<h1>Report {feed}-{item} from {place}</h1><p>{escape(lead)} "
        f"Reference {hashlib.sha1(f'{feed}/{item}'.encode()).hexdigest()}.</p>"
    ).encode()
    at = base.lower().find(b"<body")
    at = base.find(b">", at) + 1 if at >= 0 else 0
    return base[:at] + extra + base[at:]


def host_of(feed: int) -> str:
    return HOSTS[feed % len(HOSTS)]


def feed_xml(feed: int, items: int, port: int) -> bytes:
    base = f"http://{host_of(feed)}:{port}"
    entries = "".join(
        f"<item><title>Report {feed}-{i}</title><link>{base}/f{feed}/story-{i}.html</link>"
        f"<description>Summary of report {feed}-{i}.</description>"
        f"<pubDate>{(NOW - timedelta(minutes=7 * i + feed % 60)).strftime('%a, %d %b %Y %H:%M:%S +0000')}"
        "</pubDate></item>"
        for i in range(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {feed}</title>'
        f"<link>{base}/</link>{entries}</channel></rss>"
    ).encode()


def serve(port_queue, items: int) -> None:
    """The child process: one threaded server per loopback host, all on one port."""
    pages = load_pages()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            parts = path.strip("/").split("/")
            body, ctype, etag = None, "text/html; charset=utf-8", None
            try:
                if len(parts) == 1 and parts[0].startswith("feed-") and parts[0].endswith(".xml"):
                    feed = int(parts[0][5:-4])
                    etag = f'"feed-{feed}-v1"'
                    if self.headers.get("If-None-Match") == etag:
                        self.send_response(304)
                        self.send_header("ETag", etag)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    body, ctype = feed_xml(feed, items, port), "application/rss+xml"
                elif len(parts) == 2 and parts[0].startswith("f") and parts[1].startswith("story-"):
                    body = page_for(pages, int(parts[0][1:]), int(parts[1][6:-5]))
            except ValueError:
                body = None
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if etag:
                self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    first = ThreadingHTTPServer((HOSTS[0], 0), Handler)
    port = first.server_address[1]
    servers = [first] + [ThreadingHTTPServer((h, port), Handler) for h in HOSTS[1:]]
    for s in servers:
        s.daemon_threads = True
        threading.Thread(target=s.serve_forever, daemon=True).start()
    port_queue.put(port)
    threading.Event().wait()


class Timed(SimpleNamespace):
    """A stage's steps, each timed into `seconds` under `<stage>.<step>`."""

    def __init__(self, stage: str, steps, seconds: Counter, after: dict | None = None):
        def wrap(name, fn):
            def timed(*a, **kw):
                t0 = time.perf_counter()
                try:
                    return fn(*a, **kw)
                finally:
                    took = time.perf_counter() - t0
                    seconds[f"{stage}.{name}"] += took
                    if took > 10:
                        log(f"  {stage}.{name}: {took:.0f} s")
                    if after and name in after:
                        after[name]()

            return timed

        super().__init__(**{k: wrap(k, v) for k, v in vars(steps).items()})


class BareSample:
    """The bare-trafilatura sample in slices, one run after each page chunk the cycle
    extracts, so the pipeline and bare trafilatura meet the same load (this machine's load
    swings twentyfold within the hour a 25,000-page cycle takes)."""

    def __init__(self, pages: list[bytes], keys: list[tuple[int, int]], slices: int):
        self.pages, self.slices = pages, [keys[i::slices] for i in range(slices)]
        self.done, self.seconds, self.wall = 0, 0.0, 0.0

    def step(self) -> None:
        if not self.slices:
            return
        t0 = time.perf_counter()
        keys = self.slices.pop(0)
        self.seconds += bare(self.pages, keys)
        self.done += len(keys)
        self.wall += time.perf_counter() - t0

    def rest(self) -> None:
        while self.slices:
            self.step()


def cycle(
    feeds_yaml: Path, db: Path, rules, now: datetime, sample: BareSample | None = None
) -> tuple[float, Counter, dict]:
    from newswatch.config import SEEDS_DIR, FetchSettings
    from newswatch.stages import detect, ingest, notify, process

    seconds: Counter = Counter()
    settings = FetchSettings.from_env()
    sample_wall = sample.wall if sample else 0.0
    after = {"extract_pages": sample.step} if sample else None
    started = time.perf_counter()
    report = ingest.run(
        feeds_yaml, db, settings, now, force=True, steps=Timed("ingest", ingest.PLAIN_STEPS, seconds, after)
    )
    t = time.perf_counter()
    processed = process.run(db, SEEDS_DIR, steps=Timed("process", process.PLAIN_STEPS, seconds))
    t2 = time.perf_counter()
    alerts = detect.run(db, rules, now, steps=Timed("detect", detect.PLAIN_STEPS, seconds))
    t3 = time.perf_counter()
    notify.run(db, rules, now)
    t4 = time.perf_counter()
    seconds["notify.run"] += t4 - t3
    seconds["process.(other)"] += (t2 - t) - sum(v for k, v in seconds.items() if k.startswith("process."))
    elapsed = t4 - started - ((sample.wall - sample_wall) if sample else 0.0)  # the cycle's own time
    info = {
        "new_articles": report.new_articles,
        "fetch": dict(report.fetch_status),
        "extraction": dict(report.extraction),
        "copies": report.copies,
        "events": processed.get("events", 0),
        "alerts": len(alerts),
    }
    return elapsed, seconds, info


def bare(pages: list[bytes], keys: list[tuple[int, int]]) -> float:
    """Seconds bare trafilatura takes on these pages (made one at a time: the sample is not
    held in memory, so the cycle's peak memory is the pipeline's own)."""
    import trafilatura

    from newswatch.extract import TRAFILATURA_OPTIONS, decode_html

    seconds = 0.0
    for feed, item in keys:
        page = page_for(pages, feed, item)
        started = time.perf_counter()
        trafilatura.extract(decode_html(page, None), **{**TRAFILATURA_OPTIONS, "with_metadata": True})
        seconds += time.perf_counter() - started
    return seconds


def log(message: str) -> None:
    """Progress on stderr (a long run shows where it got to)."""
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def reset_peak() -> bool:
    """Start the peak-memory count afresh (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def peak_bytes(since_reset: bool) -> int:
    """This process's peak resident memory: VmHWM (since the reset), else max RSS."""
    if since_reset:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--bare-sample", type=int, default=2000, help="pages run through bare trafilatura")
    args = parser.parse_args()

    from newswatch.alert_rules import load_rules
    from newswatch.config import DEFAULT_RULES

    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Queue()
    server = ctx.Process(target=serve, args=(ports, args.items), daemon=True)
    server.start()
    port = ports.get(timeout=60)
    try:
        pages = load_pages()
        n = args.feeds * args.items
        step = max(1, n // max(1, args.bare_sample))
        from newswatch.stages.ingest import PAGE_CHUNK

        keys = [(k // args.items, k % args.items) for k in range(0, n, step)]
        bare(pages, keys[:3])  # warm-up: imports and caches
        sample = BareSample(pages, keys, max(1, -(-n // PAGE_CHUNK)))
        with tempfile.TemporaryDirectory() as tmp:
            feeds_yaml = Path(tmp) / "feeds.yaml"
            feeds_yaml.write_text(
                "feeds:\n"
                + "".join(
                    f"  - url: http://{host_of(f)}:{port}/feed-{f}.xml\n    name: feed {f}\n"
                    for f in range(args.feeds)
                )
            )
            db = Path(tmp) / "load.duckdb"
            rules = load_rules(DEFAULT_RULES)
            from newswatch.stages import ingest, process

            ingest.prepare_feeds(feeds_yaml, db)  # set-up: migrations, not cycle work
            process.get_tagger()  # the tagger loads once per process, not per cycle
            log(f"first cycle: {args.feeds} feeds x {args.items} items")
            fresh_peak = reset_peak()  # the cycle's peak, not the bare sample's or set-up's
            first, seconds, info = cycle(feeds_yaml, db, rules, NOW, sample)
            peak = peak_bytes(fresh_peak)
            log(f"first cycle done in {first:.0f} s, peak {peak / 2**30:.2f} GB; no-change cycle")
            second, seconds2, info2 = cycle(feeds_yaml, db, rules, NOW + timedelta(minutes=15))
            size = db.stat().st_size
        sample.rest()  # slices the cycle's chunks did not reach (none when every page was new)
    finally:
        server.kill()
    bare_rate = sample.done / sample.seconds
    rate = info["new_articles"] / first
    load = os.getloadavg()
    argv = " ".join(sys.argv[1:])
    print(f"$ .venv/bin/python benchmarks/load_cycle.py {argv}".rstrip())
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(shared, noisy)"
    )
    print(f"{args.feeds} feeds x {args.items} items on {len(HOSTS)} loopback hosts, {n:,} pages")
    print(f"first cycle: {first:.1f} s, {info}")
    print(
        f"end to end {rate:.1f} articles/s; bare trafilatura {bare_rate:.1f} pages/s "
        f"({sample.done} of the same pages, a share after each of the cycle's page chunks): "
        f"ratio {rate / bare_rate:.2f} (goal >= 0.8)"
    )
    print(
        f"peak memory of this process during the first cycle ({'VmHWM' if fresh_peak else 'max RSS'}): "
        f"{peak / 2**30:.2f} GB (goal < 1.5 GB)"
    )
    print(f"warehouse after two cycles: {size / 1e6:.1f} MB")
    print("share of the first cycle per step:")
    for name, s in sorted(seconds.items(), key=lambda kv: -kv[1]):
        if s >= 0.005 * first:
            print(f"  {name:<26} {s:8.2f} s  {s / first:6.1%}")
    print(f"no-change cycle: {second:.2f} s = {second / first:.1%} of the first (goal < 10%), {info2}")
    for name, s in sorted(seconds2.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {name:<26} {s:8.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
