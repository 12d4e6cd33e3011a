"""Ingest throughput against bare trafilatura on the same pages, in the same run.

Serves the shared corpus's 46 real article pages (../shared/corpus/html) on 127.0.0.1
behind three generated RSS feeds with N items, then runs the whole ingest path
(`newswatch.stages.ingest.run`: fetch feeds + parse + fetch pages + extract + copy detection + store in
a fresh DuckDB) and, on the same page bytes, bare `trafilatura.extract` with the pipeline's
options (and with trafilatura's defaults, for reference). Bare runs are made before and
after the ingest run and averaged, so a busy machine hurts both sides alike.

    .venv/bin/python benchmarks/ingest.py [--items 300] [--repeat 1]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from newswatch.config import FetchSettings  # noqa: E402
from newswatch.extract import TRAFILATURA_OPTIONS, decode_html  # noqa: E402
from newswatch.stages import ingest as stage  # noqa: E402
from tests.fixtures.server import FixtureServer  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "html"
FEEDS = ("wire-a", "wire-b", "wire-c")


def load_pages() -> list[bytes]:
    pages = [p.read_bytes() for p in sorted((CORPUS / "readability_testpages").glob("*/source.html"))]
    pages += [p.read_bytes() for p in sorted((CORPUS / "newspaper4k_fixtures").glob("*.html"))]
    if not pages:
        sys.exit(f"no pages under {CORPUS}: the shared corpus is needed")
    return pages


def feed_xml(feed: str, items: list[int], base: str, now: datetime) -> str:
    entries = "".join(
        f"<item><title>Story {i} from {feed}</title>"
        f"<link>{base}/{feed}/story-{i}.html?utm_source=rss</link>"
        f"<description>{escape(f'Summary of story {i}.')}</description>"
        f"<pubDate>{(now - timedelta(minutes=i)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
        for i in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{feed}</title>{entries}</channel></rss>'


def bare(pages: list[bytes], **options) -> float:
    started = time.perf_counter()
    for page in pages:
        trafilatura.extract(decode_html(page, None), **options)
    return len(pages) / (time.perf_counter() - started)


def ingest(pages: list[bytes], n_items: int) -> tuple[float, dict]:
    now = datetime.now(UTC).replace(microsecond=0)
    with FixtureServer() as server, tempfile.TemporaryDirectory() as tmp:
        by_feed: dict[str, list[int]] = {f: [] for f in FEEDS}
        for i in range(n_items):
            feed = FEEDS[i % len(FEEDS)]
            by_feed[feed].append(i)
            server.route(f"/{feed}/story-{i}.html", pages[i % len(pages)])
        for feed, items in by_feed.items():
            server.route(
                f"/{feed}/rss.xml", feed_xml(feed, items, server.url, now), content_type="application/rss+xml"
            )
        feeds_yaml = Path(tmp) / "feeds.yaml"
        feeds_yaml.write_text(
            "feeds:\n" + "".join(f"  - url: {server.url}/{f}/rss.xml\n    name: {f}\n" for f in FEEDS)
        )
        db = Path(tmp) / "bench.duckdb"
        stage.prepare_feeds(feeds_yaml, db)  # migrations are set-up, not ingest work
        started = time.perf_counter()
        report = stage.run(feeds_yaml, db, FetchSettings(allow_private_hosts=True), now=now, force=True)
        elapsed = time.perf_counter() - started
    return report.new_articles / elapsed, {
        "articles": report.new_articles,
        "copies": report.copies,
        "extraction": dict(report.extraction),
        "fetch": dict(report.fetch_status),
        "seconds": round(elapsed, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=300, help="feed items (= pages fetched)")
    parser.add_argument("--repeat", type=int, default=1, help="ingest runs (median is reported)")
    args = parser.parse_args()
    print(
        f"reproduce: cd {ROOT} && .venv/bin/python benchmarks/ingest.py "
        f"--items {args.items} --repeat {args.repeat}"
    )
    corpus_pages = load_pages()
    pages = [corpus_pages[i % len(corpus_pages)] for i in range(args.items)]
    options = {**TRAFILATURA_OPTIONS, "with_metadata": True}
    print(
        f"{len(corpus_pages)} distinct pages, {args.items} feed items over {len(FEEDS)} feeds; "
        f"options {options}"
    )

    bare(corpus_pages[:5], **options)  # warm-up (imports, caches)
    before = bare(pages, **options)
    runs = [ingest(corpus_pages, args.items) for _ in range(args.repeat)]
    after = bare(pages, **options)
    defaults = bare(pages)
    rate = statistics.median(r for r, _info in runs)
    base = (before + after) / 2
    print(
        f"bare trafilatura.extract (pipeline options): {before:.1f} / {after:.1f} pages/s (mean {base:.1f})"
    )
    print(f"bare trafilatura.extract (library defaults): {defaults:.1f} pages/s")
    for r, info in runs:
        print(f"ingest path (fetch+parse+extract+copies+store): {r:.1f} pages/s {info}")
    print(f"ingest / bare = {rate / base:.0%} (target >= 80%)")


if __name__ == "__main__":
    main()
