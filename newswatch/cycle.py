"""The monitoring cycle as plain functions: ingest -> process -> detect -> notify.

Each stage reads its pending work from the warehouse and writes its results back in short
transactions, so a crash loses at most the batch in flight and the next run picks up
what was left. `tasks/` wraps these steps as Prefect tasks; `run_cycle` calls them
directly (for benchmarks and for use without Prefect).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newswatch import alerts as alert_logic
from newswatch import detect, ingest
from newswatch.config import SEEDS_DIR, FetchSettings
from newswatch.delivery import redact, send
from newswatch.http import FetchResult, fetch_many
from newswatch.locking import cycle_lock
from newswatch.process import entity_rows, tag_articles
from newswatch.rules import RuleSet, load_rules
from newswatch.seeds import FeedSpec, load_feeds
from newswatch.tagging.pipeline import default_model
from newswatch.tagging.tagger import Tagger
from warehouse import WarehouseBusy, staging
from warehouse.store import DetectionStore, Warehouse

COPY_WINDOW = timedelta(days=7)


def now_utc() -> datetime:
    return datetime.now(UTC)


# -- ingest ------------------------------------------------------------------------------


@dataclass
class IngestReport:
    feeds_total: int = 0
    feeds_polled: int = 0
    feeds_failed: dict[str, str] = field(default_factory=dict)
    fetch_status: Counter = field(default_factory=Counter)
    new_articles: int = 0
    copies: int = 0
    staged: bool = False
    extraction: Counter = field(default_factory=Counter)


def prepare_feeds(feeds_path: str | Path, db: str | Path) -> list[FeedSpec]:
    feeds = load_feeds(feeds_path)
    wh = Warehouse(db)
    wh.ensure()
    wh.sync_feeds(
        {"feed_id": f.feed_id, "url": f.url, "name": f.name, "language": f.language, "tags": list(f.tags)}
        for f in feeds
    )
    return feeds


def due_feeds(
    feeds: list[FeedSpec], db: str | Path, now: datetime, force: bool = False
) -> tuple[list[FeedSpec], dict[str, dict[str, Any]]]:
    states = Warehouse(db).feed_states([f.feed_id for f in feeds])
    due = [f for f in feeds if force or ingest.is_due(states.get(f.feed_id), now)]
    return due, states


def fetch_feeds(
    feeds: list[FeedSpec], states: dict[str, dict[str, Any]], settings: FetchSettings
) -> list[FetchResult]:
    requests = []
    for feed in feeds:
        state = states.get(feed.feed_id) or {}
        requests.append((feed.url, {"etag": state.get("etag"), "last_modified": state.get("last_modified")}))
    return fetch_many(requests, settings)


def parse_feeds(feeds: list[FeedSpec], fetches: list[FetchResult]) -> list[ingest.FeedOutcome]:
    return [ingest.parse_fetched_feed(f, r) for f, r in zip(feeds, fetches, strict=True)]


def new_items(
    outcomes: list[ingest.FeedOutcome], db: str | Path
) -> list[tuple[ingest.FeedOutcome, list[ingest.FeedItem]]]:
    links = [i.link for o in outcomes if o.parsed for i in o.parsed.items if i.link]
    known = Warehouse(db).known_urls(links)
    seen: set[str] = set()
    out = []
    for outcome in outcomes:
        items = ingest.unique_new_items(outcome.parsed.items if outcome.parsed else [], known | seen)
        seen.update(i.link for i in items)
        out.append((outcome, items))
    return out


def fetch_pages(items: list[ingest.FeedItem], settings: FetchSettings) -> list[FetchResult | None]:
    """Fetch article pages (not Google News redirect links, which need a browser)."""
    wanted = [i for i in items if not ingest.is_google_news(i.link)]
    results = iter(fetch_many([(i.link, {}) for i in wanted], settings))
    return [None if ingest.is_google_news(i.link) else next(results) for i in items]


def extract_pages(
    feeds_items: list[tuple[FeedSpec, ingest.FeedItem]], pages: list[FetchResult | None], now: datetime
) -> list[dict[str, Any]]:
    return [
        ingest.article_row(feed, item, ingest.extraction_for(item, page), now)
        for (feed, item), page in zip(feeds_items, pages, strict=True)
    ]


def store_ingest(
    db: str | Path,
    outcomes_items,
    rows: list[dict[str, Any]],
    states: dict[str, dict[str, Any]],
    now: datetime,
) -> IngestReport:
    wh = Warehouse(db)
    report = IngestReport(feeds_polled=len(outcomes_items))
    report.copies = ingest.mark_copies(rows, wh.copy_candidates(now - COPY_WINDOW))
    fetch_rows, updates = [], []
    new_per_feed = Counter(r["feed_id"] for r in rows)
    for outcome, _items in outcomes_items:
        fid = outcome.feed.feed_id
        n_new = new_per_feed.get(fid, 0)
        fetch_rows.append(outcome.fetch_row(n_new))
        update = ingest.next_poll(states.get(fid), outcome.status, n_new, now)
        update.update(
            feed_id=fid,
            etag=outcome.fetch.headers.get("etag"),
            last_modified=outcome.fetch.headers.get("last-modified"),
        )
        updates.append(update)
        report.fetch_status[outcome.status] += 1
        if outcome.status not in ("ok", "not_modified"):
            err = outcome.fetch.error or (outcome.parsed.error if outcome.parsed else "")
            report.feeds_failed[outcome.feed.name] = f"{outcome.status}: {redact(str(err))}"
    try:
        report.new_articles = wh.load_ingest(fetch_rows, rows, updates)
    except WarehouseBusy:
        # Keep what was fetched: the next cycle loads it before polling again.
        staging.stage(db, "ingest", {"fetches": fetch_rows, "articles": rows, "feeds": updates})
        report.staged = True
    report.extraction.update(r["extraction"] for r in rows)
    return report


def load_staged(db: str | Path) -> int:
    """Load batches an earlier cycle had to leave on disk; returns new articles."""
    wh = Warehouse(db)
    new = 0
    for path in staging.staged(db, "ingest"):
        batch = staging.read(path)
        new += wh.load_ingest(batch["fetches"], batch["articles"], batch["feeds"])
        path.unlink()
    return new


def run_ingest(
    feeds_path, db, settings: FetchSettings, now: datetime | None = None, force: bool = False
) -> IngestReport:
    now = now or now_utc()
    feeds = prepare_feeds(feeds_path, db)
    staged_new = load_staged(db)
    due, states = due_feeds(feeds, db, now, force)
    outcomes = parse_feeds(due, fetch_feeds(due, states, settings))
    outcomes_items = new_items(outcomes, db)
    flat = [(o.feed, i) for o, items in outcomes_items for i in items]
    rows = extract_pages(flat, fetch_pages([i for _f, i in flat], settings), now)
    report = store_ingest(db, outcomes_items, rows, states, now)
    report.feeds_total = len(feeds)
    report.new_articles += staged_new
    return report


# -- process -----------------------------------------------------------------------------

_TAGGERS: dict[tuple[str, str | None], Tagger] = {}


def get_tagger(seeds_dir: str | Path = SEEDS_DIR, model: str | None = None) -> Tagger:
    """One tagger per seeds folder and model; the model defaults to NEWSWATCH_SPACY_MODEL."""
    model = model or default_model()
    key = (str(seeds_dir), model)
    if key not in _TAGGERS:
        _TAGGERS[key] = Tagger.from_seeds(seeds_dir, model)
    return _TAGGERS[key]


def run_process(
    db, seeds_dir=SEEDS_DIR, batch_size: int = 500, model: str | None = None, sync_entities: bool = True
) -> dict[str, int]:
    """Tag every pending article in batches; the gazetteer is synced into `entities` first."""
    tagger = get_tagger(seeds_dir, model)
    wh = Warehouse(db)
    if sync_entities:
        wh.ensure()
        wh.sync_entities(entity_rows(tagger.gaz))
    totals: Counter = Counter()
    while True:
        articles = wh.articles_to_tag(batch_size)
        if not articles:
            break
        batch = tag_articles(tagger, articles)
        wh.load_tagging(batch.article_ids, batch.tags, batch.mentions, batch.events, now_utc())
        totals.update(batch.counts())
        totals.update(f"event:{e['type']}" for e in batch.events)
    return dict(totals)


# -- detect ------------------------------------------------------------------------------


def cluster_pending(db, batch_size: int = 5000) -> list[str]:
    """Cluster pending events; returns ids of clusters created or grown."""
    store = DetectionStore(db)
    touched: list[str] = []
    while True:
        events = store.events_to_cluster(batch_size)
        if not events:
            break
        usable = [
            e
            for e in events
            if e["copy_of"] is None
            and e["status"] in detect.CLUSTERABLE_STATUSES
            and e["region_id"] != "unknown"
            and e["date_precision"] in detect.CLUSTERABLE_PRECISIONS
        ]
        for e in usable:
            detect.normalise_for_clustering(e)
        pairs = sorted({f"{e['type']}|{e['region_id']}" for e in usable})
        since = min((e["event_date"] for e in usable), default=None)
        clusters = [
            detect.Cluster(**c)
            for c in store.candidate_clusters(
                pairs, since - timedelta(days=detect.REREPORT_LAG_DAYS) if since else None
            )
        ]
        assignment = detect.cluster_events(usable, clusters)
        changed = [c for c in clusters if c.event_ids]
        store.load_clusters(
            [c.row() for c in changed], assignment, [e["event_id"] for e in events], now_utc()
        )
        touched += [c.cluster_id for c in changed]
    return list(dict.fromkeys(touched))


def recurrence_alerts(db, *args, **kwargs) -> list[dict[str, Any]]:
    """Alerts for touched clusters that repeat an earlier cluster (see _recurrence_alerts);
    all reads share one connection."""
    with DetectionStore(db).reading() as store:
        return _recurrence_alerts(store, *args, **kwargs)


def _recurrence_alerts(
    store,
    rules: RuleSet,
    cluster_ids: list[str],
    now: datetime,
    stored_alerts: bool = True,
    prior: list[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Alerts for touched clusters that repeat an earlier cluster, one rule per cluster,
    none while the same happening is in its rule's cooldown (alerts stored in the
    warehouse, or for a backtest only `prior` simulated ones)."""
    details = store.cluster_details(cluster_ids)
    if not details:
        return []
    names = store.entity_names()
    recurrence_rules = rules.by_kind("recurrence")
    if not recurrence_rules:
        return []
    # One batched lookup by key over the longest window, not one query per cluster.
    candidates_of = store.earlier_clusters_batch(details, max(r.lookback_days for r in recurrence_rules))
    alerted_articles = (
        store.recently_alerted_articles(now, max(r.cooldown_hours for r in recurrence_rules))
        if stored_alerts
        else set()
    )
    out: list[tuple[dict[str, Any], dict[str, Any]]] = [(a, a["_cluster"]) for a in prior or []]
    for cluster in sorted(details, key=lambda c: (c["first_date"], c["cluster_id"])):
        rule = next(
            (r for r in rules.by_kind("recurrence") if alert_logic.rule_matches_cluster(r, cluster)), None
        )
        if rule is None:
            continue  # first matching rule of a kind wins for a cluster
        alerted = (
            store.recent_alerted_clusters(rule.name, cluster, rule.cooldown_hours) if stored_alerts else []
        )
        alerted += [c for a, c in out if a["rule"] == rule.name]
        if any(alert_logic.in_cooldown(rule, cluster, other) for other in alerted):
            continue  # this happening was just alerted on: one alert, not a flood
        articles = set(cluster.get("article_ids") or [])
        if any(articles & set(c.get("article_ids") or []) for _a, c in out):
            continue  # the same reports raised an alert in this run (another type of one happening)
        if articles & alerted_articles:
            continue  # ... or in an earlier run
        candidates = candidates_of.get(cluster["cluster_id"], [])
        earlier = alert_logic.earlier_matches(rule, cluster, candidates)
        if not earlier:
            continue
        more = {d["cluster_id"]: d for d in store.cluster_details([e["cluster_id"] for e in earlier])}
        earlier = [{**e, **more.get(e["cluster_id"], {})} for e in earlier]
        alert = alert_logic.build_recurrence_alert(rule, cluster, earlier, names, now)
        alert["created_for"] = cluster["first_date"]
        alert["_cluster"] = cluster
        out.append((alert, cluster))
    skip = len(prior or [])
    return [
        {k: v for k, v in a.items() if k not in ("_cluster",) or not stored_alerts} for a, _c in out[skip:]
    ]


def record_alerts(db, rules: RuleSet, alerts: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Store new alerts with one outbox row per channel; returns the alerts that were new."""
    store = DetectionStore(db)
    existing = store.existing_alert_ids([a["alert_id"] for a in alerts])
    fresh = [a for a in alerts if a["alert_id"] not in existing]
    by_rule = {r.name: r for r in rules.rules}
    deliveries = [
        {"alert_id": a["alert_id"], "channel": ch, "status": "pending", "attempts": 0, "next_attempt_at": now}
        for a in fresh
        for ch in (by_rule[a["rule"]].channels if a["rule"] in by_rule else [])
    ]
    store.insert_alerts(fresh, deliveries)
    return fresh


def other_alerts(db, rules: RuleSet, cluster_ids: list[str], now: datetime) -> list[dict[str, Any]]:
    """first_seen, meeting, burst and feed_health alerts (see newswatch.rule_kinds)."""
    with DetectionStore(db).reading() as store:
        return _other_alerts(store, rules, cluster_ids, now)


def _other_alerts(store, rules: RuleSet, cluster_ids: list[str], now: datetime) -> list[dict[str, Any]]:
    from newswatch import rule_kinds

    out: list[dict[str, Any]] = []
    cluster_rules = rules.by_kind("first_seen") + rules.by_kind("meeting")
    details = store.cluster_details(cluster_ids) if cluster_rules else []
    names = store.entity_names() if rules.rules else {}
    history_starts = store.history_start() if rules.by_kind("first_seen") else None
    for cluster in sorted(details, key=lambda c: (c["first_date"], c["cluster_id"])):
        for rule in cluster_rules:
            if not alert_logic.rule_matches_cluster(rule, cluster):
                continue
            if rule.kind == "first_seen":
                before = store.earlier_clusters(
                    cluster["type"], cluster["region_id"], cluster["first_date"], rule.quiet_days
                )
                alert = rule_kinds.first_seen_alert(rule, cluster, before, history_starts, names, now)
            else:
                postponed = store.earlier_clusters(
                    "MEETING_POSTPONED", "any", cluster["first_date"] + timedelta(days=1), rule.lookback_days
                )
                alert = rule_kinds.meeting_held_alert(rule, cluster, postponed, names, now)
            if alert:
                out.append(alert)
    for rule in rules.by_kind("burst"):
        counts = store.burst_counts(now.date(), rule.window_days, rule.baseline_windows)
        out += rule_kinds.burst_alerts(rule, counts, now.date(), names, now)
    for rule in rules.by_kind("feed_health"):
        out += rule_kinds.feed_health_alerts(rule, store.feed_health_state(), now)
    return out


def run_detect(
    db, rules_path, now: datetime | None = None, rules: RuleSet | None = None, ensure: bool = True
) -> list[dict[str, Any]]:
    now = now or now_utc()
    rules = rules or load_rules(rules_path)
    if ensure:
        Warehouse(db).ensure()
    touched = cluster_pending(db)
    alerts = recurrence_alerts(db, rules, touched, now) + other_alerts(db, rules, touched, now)
    return record_alerts(db, rules, alerts, now)


# -- notify ------------------------------------------------------------------------------


PERIODS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1)}


def due_for_channel(
    channel, alerts: list[dict[str, Any]], last_sent: datetime | None, sent_last_hour: int, now: datetime
) -> list[dict[str, Any]]:
    """Which pending alerts a channel gets now: digests wait for their period, and a rate
    limit keeps a burst from flooding anyone (the rest stay pending for later cycles)."""
    period = PERIODS.get(channel.mode)
    if period and last_sent is not None and now - last_sent < period:
        return []
    room = max(0, channel.max_per_hour - sent_last_hour) if channel.max_per_hour else len(alerts)
    if period:  # a digest is one message, whatever it holds
        return alerts if room else []
    return alerts[:room]


def run_notify(db, rules_path, now: datetime | None = None, artifact_sink=None) -> dict[str, int]:
    """Deliver the outbox: each channel gets its due alerts; failures are recorded with a
    backoff and retried by later cycles; a sent delivery is never sent again."""
    from warehouse.outbox import Outbox

    now = now or now_utc()
    rules = load_rules(rules_path)
    outbox = Outbox(db)
    counts: Counter = Counter()
    for channel_name, pending in outbox.pending(now).items():
        channel = rules.channels.get(channel_name)
        if channel is None:
            outbox.record(
                channel_name,
                [a["alert_id"] for a in pending],
                now,
                error=f"channel {channel_name!r} is no longer defined",
            )
            counts["failed"] += len(pending)
            continue
        alerts = due_for_channel(channel, pending, *outbox.channel_history(channel_name, now), now)
        counts["waiting"] += len(pending) - len(alerts)
        if not alerts:
            continue
        try:
            send(channel, alerts, artifact_sink)
        except Exception as exc:  # a channel that is down must not stop the others
            outbox.record(
                channel_name,
                [a["alert_id"] for a in alerts],
                now,
                error=redact(f"{type(exc).__name__}: {exc}"),
            )
            counts["failed"] += len(alerts)
        else:
            outbox.record(channel_name, [a["alert_id"] for a in alerts], now)
            counts["sent"] += len(alerts)
    return {k: v for k, v in counts.items() if v}


def run_cycle(
    feeds_path, db, settings: FetchSettings, rules_path, seeds_dir=SEEDS_DIR, now: datetime | None = None
) -> dict[str, Any]:
    """One monitoring cycle without Prefect (the flows compose the same steps as tasks)."""
    with cycle_lock(db):
        report = run_ingest(feeds_path, db, settings, now)
        processed = run_process(db, seeds_dir)
        new_alerts = run_detect(db, rules_path, now)
        delivered = run_notify(db, rules_path, now)
    return {"ingest": report, "process": processed, "alerts": new_alerts, "delivered": delivered}


# -- replay ------------------------------------------------------------------------------


def run_replay(paths, db, rules_path, seeds_dir=SEEDS_DIR, batch_days: float = 1.0, progress=None) -> Any:
    """Replay archives in time order with a simulated clock; returns a ReplayReport."""
    from newswatch import replay

    items = replay.collect(paths)
    wh = Warehouse(db)
    wh.ensure()
    feeds = {r.feed.url: r.feed for r in items}
    wh.sync_feeds(
        {"feed_id": f.feed_id, "url": f.url, "name": f.name, "language": None, "tags": ["replay"]}
        for f in feeds.values()
    )
    report = replay.ReplayReport(items=len(items))
    tagger = get_tagger(seeds_dir)
    wh.sync_entities(entity_rows(tagger.gaz))
    rules = load_rules(rules_path)
    for end, batch in replay.day_batches(items, timedelta(days=batch_days)):
        known = wh.known_urls([r.item.link for r in batch])
        rows = replay.rows_for(batch, known, end)
        report.copies += ingest.mark_copies(rows, wh.copy_candidates(end - COPY_WINDOW))
        report.new_articles += wh.load_ingest([], rows, [])
        report.events += run_process(db, seeds_dir, sync_entities=False).get("events", 0)
        report.alerts += run_detect(db, rules_path, end, rules=rules, ensure=False)
        report.batches += 1
        if progress:
            progress(end, report)
    return report


# -- backtest ----------------------------------------------------------------------------


def backtest(db, rules_path, since=None) -> list[dict[str, Any]]:
    """What the rules would have raised over the stored clusters, in time order.

    Reads only: nothing is stored or sent. Cooldowns apply among the simulated alerts.
    """
    from warehouse import connect

    rules = load_rules(rules_path)
    with connect(db, read_only=True) as con:
        query = "SELECT cluster_id FROM event_clusters"
        params: list[Any] = []
        if since:
            query += " WHERE first_date >= ?"
            params.append(since)
        ids = [r[0] for r in con.execute(query + " ORDER BY first_date, cluster_id", params).fetchall()]
    fired: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        batch = recurrence_alerts(
            db, rules, ids[start : start + 500], now_utc(), stored_alerts=False, prior=fired
        )
        fired += batch
    return fired


# -- backfill ----------------------------------------------------------------------------


def run_backfill(
    db,
    since: datetime,
    seeds_dir=SEEDS_DIR,
    rules_path=None,
    batch_size: int = 500,
    raise_alerts: bool = False,
    progress=None,
) -> dict[str, Any]:
    """Re-tag stored articles published since `since` with the current gazetteer and rules,
    without fetching anything, then cluster the new events. Idempotent: events keep their
    ids, so a second run adds nothing. Alerts for the history are recorded only when asked
    (`newswatch backtest` shows what the rules say without recording anything)."""
    with cycle_lock(db):
        tagger = get_tagger(seeds_dir)
        wh = Warehouse(db)
        wh.ensure()
        wh.sync_entities(entity_rows(tagger.gaz))
        total, done = wh.count_articles_since(since), 0
        totals: Counter = Counter()
        cursor: tuple = (since, "")
        while True:
            page = wh.articles_page(since, cursor, batch_size)
            if not page:
                break
            batch = tag_articles(tagger, page)
            wh.load_tagging(batch.article_ids, batch.tags, batch.mentions, batch.events, now_utc())
            totals.update(batch.counts())
            cursor = (page[-1]["published_at"], page[-1]["article_id"])
            done += len(page)
            if progress:
                progress(done, total)
        touched = cluster_pending(db)
        alerts: list[dict[str, Any]] = []
        if raise_alerts and rules_path:
            now = now_utc()
            rules = load_rules(rules_path)
            alerts = record_alerts(
                db,
                rules,
                recurrence_alerts(db, rules, touched, now) + other_alerts(db, rules, touched, now),
                now,
            )
    return {
        "articles": done,
        "events": totals.get("events", 0),
        "clusters_touched": len(touched),
        "alerts": len(alerts),
    }
