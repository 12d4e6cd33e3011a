"""The bundled sample world for `newswatch demo`: 14 invented outlets, 30 simulated days
(2026-03-01 .. 2026-03-30), 300+ articles. Pure functions, no I/O besides reading the package data.

Data (package data under `newswatch/demo/world/`, written by `newswatch/demo/_author.py`):

* `feeds.yaml`    — outlets: id, name, `.example` domain, kind (outlet / wire / aggregator),
                    language, tags, and `silent_from` for the feed that stops publishing.
* `stories.yaml`  — one row per happening: id, date, type, intended recurrence key
                    (`TYPE|PLACEKEY|PARTIES`, conventions of tests/gold/ALERTS.md), role, theatre,
                    `recurs` (earlier stories of the same key) and a one-line summary.
* `articles.yaml` — id, feed, published (UTC), title, body (paragraphs separated by a blank line),
                    url_path, and test labels: story, role (the story's), report
                    (`first` / `re-report` / `re-mention` / `copy`), copy_of, theatre.

Story roles: `first` (first occurrence of a key that recurs later), `recurrence`, `near-miss`
(same type, other place or other sides), `burst` (clashes in one governorate over three days),
`postponed` (talks put off; the second one recurs), `held` (the talks held after two
postponements), `single`, `noise` (sport, economy, weather, culture: no theatre, no event).

API:

    world = load_world()                      # validated World; WorldError says what is wrong
    world.days                                # [date(2026, 3, 1), ..., date(2026, 3, 30)]
    world.feeds["orontes"]                    # Feed
    world.items(feed_id, day)                 # articles of a feed published up to the end of `day`
    world.article_at(url_path)                # Article or None
    feed_xml(world, feed_id, day, base_url)   # RSS 2.0 bytes at the end of `day` (latest 20 items)
    article_html(world, article)              # the article's HTML page (str), trafilatura-friendly
    day_end(day)                              # the simulated clock at the end of a day (UTC)

Every string from the data is escaped in both renderings.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from functools import cached_property
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml

WORLD_DIR = Path(__file__).parent / "world"
FEED_ITEMS = 20
ROLES = {"first", "recurrence", "near-miss", "burst", "postponed", "held", "single", "noise"}
REPORTS = {"first", "re-report", "re-mention", "copy"}
THEATRES = {"syria", "libya", "turkey-russia-iran"}
MIN_WORDS, MAX_WORDS = 60, 200


class WorldError(ValueError):
    """The world's data break one of its rules; the message names the record."""


@dataclass(frozen=True)
class Feed:
    id: str
    name: str
    domain: str
    kind: str
    language: str = "en"
    tags: tuple[str, ...] = ()
    silent_from: date | None = None

    @property
    def path(self) -> str:
        return f"/feeds/{self.id}.xml"


@dataclass(frozen=True)
class Story:
    id: str
    date: date
    type: str | None
    key: str | None
    role: str
    theatre: str | None
    recurs: tuple[str, ...] = ()
    summary: str = ""


@dataclass(frozen=True)
class Article:
    id: str
    feed: str
    published: datetime
    title: str
    body: str
    url_path: str
    story: str
    role: str
    report: str
    copy_of: str | None = None
    theatre: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def words(self) -> int:
        return len(self.body.split())


@dataclass(frozen=True)
class World:
    feeds: dict[str, Feed]
    stories: dict[str, Story]
    articles: tuple[Article, ...]  # sorted by publication time
    start: date
    end: date
    _by_path: dict[str, Article] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def items(self, feed_id: str, day: date) -> list[Article]:
        """A feed's articles published up to the end of `day`, newest first."""
        cutoff = day_end(day)
        out = [a for a in self.articles if a.feed == feed_id and a.published <= cutoff]
        return sorted(out, key=lambda a: (a.published, a.id), reverse=True)

    def article_at(self, url_path: str) -> Article | None:
        return self._by_path.get(url_path)

    def counts(self) -> dict[str, object]:
        """Summary figures (used by tests and the demo's intro)."""
        return {
            "feeds": len(self.feeds),
            "days": len(self.days),
            "articles": len(self.articles),
            "by_theatre": dict(Counter(a.theatre or "none" for a in self.articles)),
            "by_role": dict(Counter(a.role for a in self.articles)),
            "by_report": dict(Counter(a.report for a in self.articles)),
            "stories_by_role": dict(Counter(s.role for s in self.stories.values())),
        }


def day_end(day: date) -> datetime:
    """The simulated clock at the end of a day: 23:59:59 UTC."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def _load(directory: Path, name: str) -> list[dict]:
    path = directory / f"{name}.yaml"
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise WorldError(f"{path}: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get(name), list):
        raise WorldError(f"{path}: expected a top-level '{name}:' list")
    return doc[name]


def _dt(value, where: str) -> datetime:
    try:
        t = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise WorldError(f"{where}: bad datetime {value!r}") from exc
    if t.tzinfo is None:
        raise WorldError(f"{where}: datetime {value!r} needs a time zone")
    return t.astimezone(UTC)


def load_world(directory: str | Path | None = None) -> World:
    """Read and validate the world (default: the bundled one)."""
    directory = Path(directory) if directory else WORLD_DIR
    try:
        feeds = {
            f["id"]: Feed(
                id=f["id"],
                name=f["name"],
                domain=f["domain"],
                kind=f["kind"],
                language=f.get("language", "en"),
                tags=tuple(f.get("tags") or ()),
                silent_from=date.fromisoformat(str(f["silent_from"])) if f.get("silent_from") else None,
            )
            for f in _load(directory, "feeds")
        }
        stories = {
            s["id"]: Story(
                id=s["id"],
                date=date.fromisoformat(str(s["date"])),
                type=s.get("type"),
                key=s.get("key"),
                role=s["role"],
                theatre=s.get("theatre"),
                recurs=tuple(s.get("recurs") or ()),
                summary=s.get("summary", ""),
            )
            for s in _load(directory, "stories")
        }
        articles = [
            Article(
                id=a["id"],
                feed=a["feed"],
                published=_dt(a["published"], f"article {a.get('id')}"),
                title=a["title"],
                body=a["body"],
                url_path=a["url_path"],
                story=a["story"],
                role=a["role"],
                report=a["report"],
                copy_of=a.get("copy_of"),
                theatre=a.get("theatre"),
            )
            for a in _load(directory, "articles")
        ]
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, WorldError):
            raise
        raise WorldError(f"{directory}: malformed record: {exc!r}") from exc
    articles.sort(key=lambda a: (a.published, a.id))
    dates = [s.date for s in stories.values()]
    world = World(
        feeds=feeds,
        stories=stories,
        articles=tuple(articles),
        start=min(dates),
        end=max(dates),
        _by_path={a.url_path: a for a in articles},
    )
    validate(world)
    return world


def validate(world: World) -> None:
    """Raise WorldError listing every broken rule (ids, links, dates, lengths, labels)."""
    err: list[str] = []
    domains = Counter(f.domain for f in world.feeds.values())
    for f in world.feeds.values():
        if not f.domain.endswith(".example") or domains[f.domain] > 1:
            err.append(f"feed {f.id}: domain {f.domain!r} must be a unique .example domain")
        if f.kind not in ("outlet", "wire", "aggregator"):
            err.append(f"feed {f.id}: unknown kind {f.kind!r}")
    ids = Counter(a.id for a in world.articles)
    paths = Counter(a.url_path for a in world.articles)
    by_id = {a.id: a for a in world.articles}
    last_day = world.end + timedelta(days=1)
    for s in world.stories.values():
        if s.role not in ROLES:
            err.append(f"story {s.id}: unknown role {s.role!r}")
        if (s.role == "noise") != (s.theatre is None) or (s.theatre and s.theatre not in THEATRES):
            err.append(f"story {s.id}: theatre {s.theatre!r} does not fit role {s.role!r}")
        if s.role != "noise" and (not s.key or s.key.split("|")[0] != s.type):
            err.append(f"story {s.id}: key {s.key!r} must start with its type {s.type!r}")
        for r in s.recurs:
            earlier = world.stories.get(r)
            if earlier is None or earlier.date >= s.date:
                err.append(f"story {s.id}: recurs {r!r} is not an earlier story")
            elif earlier.key != s.key and s.role != "held":
                err.append(f"story {s.id}: recurs {r!r} has another key")
        if s.role == "recurrence" and not s.recurs:
            err.append(f"story {s.id}: a recurrence needs the stories it recurs")
    for a in world.articles:
        where = f"article {a.id}"
        feed = world.feeds.get(a.feed)
        story = world.stories.get(a.story)
        if ids[a.id] > 1 or paths[a.url_path] > 1:
            err.append(f"{where}: duplicate id or url_path")
        if feed is None or story is None:
            err.append(f"{where}: unknown feed {a.feed!r} or story {a.story!r}")
            continue
        if not a.url_path.startswith(f"/{feed.domain}/") or any(c in a.url_path for c in " ?#\"'<>"):
            err.append(f"{where}: url_path {a.url_path!r} must be a clean path under /{feed.domain}/")
        if not (world.start <= a.published.date() <= last_day):
            err.append(f"{where}: published {a.published} outside the world's days")
        if a.published.date() < story.date:
            err.append(f"{where}: published before its story's day")
        if feed.silent_from and a.published.date() >= feed.silent_from:
            err.append(f"{where}: {feed.id} is silent from {feed.silent_from}")
        if a.role != story.role or a.theatre != story.theatre or a.report not in REPORTS:
            err.append(f"{where}: labels do not match story {story.id}")
        if not a.title.strip():
            err.append(f"{where}: empty title")
        if a.report == "copy":
            orig = by_id.get(a.copy_of or "")
            if (
                orig is None
                or orig.copy_of
                or orig.story != a.story
                or orig.feed == a.feed
                or orig.published >= a.published
                or orig.body not in a.body
                or world.feeds[a.feed].kind != "aggregator"
            ):
                err.append(f"{where}: copy_of {a.copy_of!r} is not an earlier original of its story")
        elif a.copy_of:
            err.append(f"{where}: copy_of set on a {a.report}")
        elif not (MIN_WORDS <= a.words <= MAX_WORDS):
            err.append(f"{where}: body has {a.words} words, want {MIN_WORDS}-{MAX_WORDS}")
    if err:
        raise WorldError(f"{len(err)} problem(s):\n  " + "\n  ".join(err))


# -- rendering --------------------------------------------------------------------------------


def article_url(base_url: str, article: Article) -> str:
    return base_url.rstrip("/") + article.url_path


def feed_xml(world: World, feed_id: str, day: date, base_url: str) -> bytes:
    """The feed as RSS 2.0 at the end of simulated `day`: its latest 20 items published so far."""
    feed = world.feeds[feed_id]
    base = base_url.rstrip("/")
    items = world.items(feed_id, day)[:FEED_ITEMS]
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = feed.name
    ET.SubElement(channel, "link").text = f"{base}/{feed.domain}/"
    ET.SubElement(channel, "description").text = f"Latest news from {feed.name} (sample world, invented)"
    ET.SubElement(channel, "language").text = feed.language
    if items:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(items[0].published, usegmt=True)
    for a in items:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = a.title
        url = article_url(base, a)
        ET.SubElement(item, "link").text = url
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = url
        ET.SubElement(item, "pubDate").text = format_datetime(a.published, usegmt=True)
        ET.SubElement(item, "description").text = a.paragraphs[0] if a.paragraphs else ""
        for tag in feed.tags:
            ET.SubElement(item, "category").text = tag
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def last_modified(world: World, feed_id: str, day: date) -> datetime | None:
    """When the feed last changed as of the end of `day` (its newest item), or None."""
    items = world.items(feed_id, day)
    return items[0].published if items else None


_SECTIONS = ("World", "Middle East", "Politics", "Economy", "Sport", "Culture", "Opinion")


def article_html(world: World, article: Article) -> str:
    """A realistic article page: head metadata, header/nav/aside/footer boilerplate, and the body
    in <article><p>...</p></article>. Every data string is HTML-escaped."""
    e = html.escape
    feed = world.feeds[article.feed]
    outlet, title, d = e(feed.name), e(article.title), e(feed.domain)
    stamp = article.published.strftime("%Y-%m-%dT%H:%M:%SZ")
    shown = article.published.strftime("%d %B %Y, %H:%M UTC").lstrip("0")
    nav = "".join(
        f'<li><a href="/{e(feed.domain)}/{s.lower().replace(" ", "-")}/">{e(s)}</a></li>' for s in _SECTIONS
    )
    paras = "\n".join(f"      <p>{e(p)}</p>" for p in article.paragraphs)
    others = [a for a in world.items(article.feed, article.published.date()) if a.id != article.id][:4]
    related = "".join(f'<li><a href="{e(a.url_path)}">{e(a.title)}</a></li>' for a in others)
    return f"""<!DOCTYPE html>
<html lang="{e(feed.language)}">
<head>
  <meta charset="utf-8">
  <title>{title} | {outlet}</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="description" content="{e(article.paragraphs[0] if article.paragraphs else "")}">
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="{outlet}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="{stamp}">
  <meta name="author" content="{outlet} staff">
  <link rel="canonical" href="{e(article.url_path)}">
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/{e(feed.domain)}/">{outlet}</a>
    <nav aria-label="Sections"><ul>{nav}</ul></nav>
    <form class="search" action="/{e(feed.domain)}/search"><input name="q" placeholder="Search"></form>
  </header>
  <div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
  <main>
    <article>
      <h1>{title}</h1>
      <p class="byline">By {outlet} staff &middot; <time datetime="{stamp}">{e(shown)}</time></p>
{paras}
    </article>
    <aside class="related">
      <h2>More from {outlet}</h2>
      <ul>{related}</ul>
      <div class="newsletter">Sign up for our morning briefing.
        <a href="/{d}/newsletter">Subscribe</a></div>
    </aside>
  </main>
  <footer class="site-footer">
    <p>&copy; 2026 {outlet}. All rights reserved. An invented outlet of the newswatch sample world.</p>
    <ul><li><a href="/{d}/about">About us</a></li><li><a href="/{d}/contact">Contact</a></li>
    <li><a href="/{d}/privacy">Privacy policy</a></li><li><a href="/{d}/terms">Terms of use</a></li></ul>
  </footer>
</body>
</html>
"""
