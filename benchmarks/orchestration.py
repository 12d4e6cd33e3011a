"""Orchestration overhead: one monitoring cycle over N new articles as Prefect flows
(`flows.monitor.monitor`: subflows, tasks, logs, artifacts) vs the same steps called as plain
functions (`newswatch.stages.run_cycle`), same data, same clock, fresh warehouse each run.

Feeds and article pages are generated and served over real HTTP on 127.0.0.1. The tagger,
trafilatura and Prefect's temporary server are warmed up before timing, so the figure is the
per-run cost of orchestration, not start-up. Runs alternate (plain, flow, plain, flow, ...)
and the medians are compared.

    .venv/bin/python benchmarks/orchestration.py                 # 1,000 articles, 3 rounds
    .venv/bin/python benchmarks/orchestration.py --articles 200 --rounds 1
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newswatch-bench-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

NOW = datetime(2026, 3, 12, 18, 0, tzinfo=UTC)

PLACES = [
    ("Ariha", "Idlib province", "Syria"),
    ("Jisr al-Shughur", "Idlib province", "Syria"),
    ("Saraqib", "Idlib province", "Syria"),
    ("Manbij", "Aleppo province", "Syria"),
    ("Qamishli", "Hasakah province", "Syria"),
    ("Deir ez-Zor", "eastern Syria", "Syria"),
    ("Raqqa", "northern Syria", "Syria"),
    ("Tal Abyad", "northern Syria", "Syria"),
    ("Sirte", "central Libya", "Libya"),
    ("Tripoli", "western Libya", "Libya"),
    ("Benghazi", "eastern Libya", "Libya"),
    ("Misrata", "western Libya", "Libya"),
]
STORIES = [
    (
        "Roadside bomb hits joint Russian-Turkish patrol near {place}",
        "A roadside bomb exploded on {day} as a joint Russian-Turkish military patrol drove along "
        "the M4 highway near {place} in {region}, damaging an armoured vehicle, local sources said.",
    ),
    (
        "Turkish drone strike kills fighters near {place}",
        "A Turkish drone struck a vehicle near {place} in {region} on {day}, killing three fighters "
        "of the Syrian Democratic Forces, the SDF said in a statement.",
    ),
    (
        "Russian jets bomb villages around {place}",
        "Russian warplanes carried out air strikes on villages around {place} on {day}, "
        "according to rescue workers, who said several civilians were wounded.",
    ),
    (
        "Clashes erupt between rival forces near {place}",
        "Heavy clashes broke out on {day} between rival armed groups near {place} in {region}; "
        "residents reported gunfire and shelling through the night.",
    ),
    (
        "Russia and Turkey put off talks on {country}",
        "Moscow and Ankara postponed on {day} the talks between their foreign ministers on {country} "
        "that had been scheduled in Istanbul, without giving a new date.",
    ),
    (
        "Iran, Russia and Turkey meet in Astana format over {country}",
        "Envoys of Iran, Russia and Turkey met on {day} in Astana to discuss the situation in "
        "{country}, and agreed to meet again in the coming months, diplomats said.",
    ),
    (
        "Local football club wins cup final in {place}",
        "The home side won the regional cup final on {day} in front of a packed stadium, with the "
        "winning goal coming in the last minute of extra time.",
    ),
    (
        "Fuel prices rise again in {place} markets",
        "Traders in {place} said on {day} that fuel and bread prices had risen for the third week, "
        "blaming the exchange rate and transport costs.",
    ),
]
FILLER = [
    "Officials did not immediately comment on the reports, and the account could not be "
    "independently verified.",
    "The area has seen repeated incidents in recent months despite a ceasefire agreement "
    "reached between the sides.",
    "Residents said they feared further violence and called on the authorities to restore "
    "security along the main roads.",
    "Analysts said the episode illustrated how fragile the arrangements in the region remain.",
]


def generate(n_articles: int, n_feeds: int, seed: int = 7) -> dict[str, list[dict]]:
    rng = random.Random(seed)
    per_feed: dict[str, list[dict]] = {f"outlet{i:02d}": [] for i in range(n_feeds)}
    feeds = list(per_feed)
    for i in range(n_articles):
        title_t, lead_t = STORIES[i % len(STORIES)]
        place, region, country = PLACES[rng.randrange(len(PLACES))]
        when = NOW - timedelta(hours=rng.randrange(1, 24 * 10))
        values = {"place": place, "region": region, "country": country, "day": when.strftime("%A")}
        paragraphs = [lead_t.format(**values)] + rng.sample(FILLER, 3)
        paragraphs.append(f"Report number {i} filed from the {region} desk.")
        per_feed[feeds[i % n_feeds]].append(
            {
                "slug": f"story-{i:05d}",
                "title": f"{title_t.format(**values)} ({i})",
                "date": when.strftime("%a, %d %b %Y %H:%M:%S +0000"),
                "paragraphs": paragraphs,
            }
        )
    return per_feed


def page_html(feed: str, story: dict) -> str:
    body = "\n".join(f"<p>{escape(p)}</p>" for p in story["paragraphs"])
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(story['title'])}"
        f"</title></head><body><header><nav><a href='/'>Home</a></nav></header><main><article>"
        f"<h1>{escape(story['title'])}</h1><p class='byline'>By {feed} staff</p>{body}</article></main>"
        f"<footer><p>Copyright {feed}.</p></footer></body></html>"
    )


def feed_xml(feed: str, stories: list[dict], base: str) -> str:
    items = "".join(
        f"<item><title>{escape(s['title'])}</title><link>{base}/{feed}/{s['slug']}.html</link>"
        f"<guid>{base}/{feed}/{s['slug']}.html</guid><pubDate>{s['date']}</pubDate>"
        f"<description>{escape(s['paragraphs'][0])}</description></item>"
        for s in stories
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{feed}</title>"
        f"<link>{base}/{feed}/</link><description>{feed}</description>{items}</channel></rss>"
    )


def counts(db: str) -> dict[str, object]:
    """Row counts, and the alert ids themselves: both runs must decide the same things."""
    import duckdb

    with duckdb.connect(db, read_only=True) as con:
        out: dict[str, object] = {
            t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("articles", "article_tags", "mentions", "events", "event_clusters", "alerts")
        }
        out["alert_ids"] = sorted(r[0] for r in con.execute("SELECT alert_id FROM alerts").fetchall())
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="plain/flow pairs (medians are compared)")
    args = parser.parse_args(argv)

    from tests.fixtures.server import FixtureServer

    workdir = Path(tempfile.mkdtemp(prefix="newswatch-bench-"))
    os.chdir(workdir)  # alert files (data/alerts.*) land here
    with FixtureServer() as srv:
        per_feed = generate(args.articles, args.feeds)
        for feed, stories in per_feed.items():
            for s in stories:
                srv.route(f"/{feed}/{s['slug']}.html", page_html(feed, s))
            rss = feed_xml(feed, stories, srv.url)
            srv.route(f"/{feed}/rss.xml", rss, content_type="application/rss+xml")
        feeds = workdir / "feeds.yaml"
        feeds.write_text(
            "feeds:\n" + "".join(f"  - url: {srv.url}/{f}/rss.xml\n    name: {f}\n" for f in per_feed)
        )

        import trafilatura  # noqa: F401  (warm-up: imports and the tagger, outside the timing)

        from newswatch.config import DEFAULT_RULES, FetchSettings
        from newswatch.stages import run_cycle
        from newswatch.stages.process import get_tagger

        get_tagger()
        settings = FetchSettings(allow_private_hosts=True)

        t0 = time.perf_counter()
        from prefect import flow

        from flows.monitor import monitor

        @flow(name="warm-up")
        def warm_up() -> int:
            return 1

        warm_up()  # starts Prefect's temporary server (or connects to PREFECT_API_URL)
        startup = time.perf_counter() - t0

        plain_times, flow_times = [], []
        for n in range(args.rounds):
            db = str(workdir / f"plain-{n}.duckdb")
            t = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):  # the terminal alert channel
                run_cycle(str(feeds), db, settings, DEFAULT_RULES, now=NOW)
            plain_times.append(time.perf_counter() - t)
            plain_counts = counts(db)

            db = str(workdir / f"flow-{n}.duckdb")
            t = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                monitor(feeds=str(feeds), db=db, allow_private_hosts=True, now=NOW)
            flow_times.append(time.perf_counter() - t)
            flow_counts = counts(db)
            if flow_counts != plain_counts:
                print(f"MISMATCH\nplain {plain_counts}\nflows {flow_counts}", file=sys.stderr)
                return 1
            print(
                f"round {n + 1}: plain {plain_times[-1]:.2f}s, flows {flow_times[-1]:.2f}s "
                f"({flow_counts['articles']} articles, {flow_counts['events']} events, "
                f"{flow_counts['alerts']} alerts)",
                flush=True,
            )

    plain, flows_ = statistics.median(plain_times), statistics.median(flow_times)
    overhead = flows_ / plain - 1
    print()
    print(f"articles per run:        {args.articles} ({args.feeds} feeds, pages over HTTP on 127.0.0.1)")
    print(f"plain functions, median: {plain:.2f}s  ({args.articles / plain:.0f} articles/s)")
    print(f"Prefect flows, median:   {flows_:.2f}s  ({args.articles / flows_:.0f} articles/s)")
    print(f"orchestration overhead:  {overhead:+.1%} wall time (target <= +15%)")
    print(f"prefect start-up (once): {startup:.1f}s, not included above")
    print(f"CPUs: {os.cpu_count()}; load average at end: {os.getloadavg()[0]:.2f}")
    print(
        "reproduce: .venv/bin/python benchmarks/orchestration.py "
        f"--articles {args.articles} --feeds {args.feeds} --rounds {args.rounds}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
