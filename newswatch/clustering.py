"""Same event vs recurrence, as plain functions over rows.

* Same event: same type and place key, compatible parties, dates close (never 2+ days
  apart when both dates are explicit), places not far apart. Such events join one cluster.
* Recurrence: a cluster whose recurrence key matches a cluster that began on an earlier day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

from newswatch.ids import cluster_id_for
from newswatch.taxonomy import recurrence_places, recurrence_types

CLUSTERABLE_STATUSES = {"reported", "postponed", "announced"}
# "Earlier this year", "last March": background, too vague to be an occurrence of its own.
CLUSTERABLE_PRECISIONS = {"day", "week", "article"}
EXPLICIT_GAP_DAYS = 1  # explicit dates 2+ days apart are never the same event
LOOSE_GAP_DAYS = 3  # when one date is approximate
REREPORT_LAG_DAYS = 7  # an undated mention may refer to an event up to a week old
MAX_SAME_EVENT_KM = 60.0


@dataclass
class Cluster:
    cluster_id: str
    type: str
    region_id: str
    recurrence_key: str
    first_date: date
    last_date: date
    first_seen_at: datetime
    last_seen_at: datetime
    parties: list[str]
    place_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    is_new: bool = False
    event_ids: list[str] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        """The stored columns (not the bookkeeping of this run)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("is_new", "event_ids")}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def dates_compatible(event: dict[str, Any], cluster: Cluster) -> bool:
    d = event["event_date"]
    if event["date_precision"] == "day":
        # the cluster's own span may have grown from approximate dates; compare to both ends
        gap = min(abs((d - cluster.first_date).days), abs((d - cluster.last_date).days))
        return gap <= EXPLICIT_GAP_DAYS
    if event["date_precision"] == "article":
        return (
            cluster.first_date - timedelta(days=LOOSE_GAP_DAYS) <= d
            and (d - cluster.last_date).days <= REREPORT_LAG_DAYS
        )
    return min(abs((d - cluster.first_date).days), abs((d - cluster.last_date).days)) <= LOOSE_GAP_DAYS


def parties_compatible(a: list[str], b: list[str]) -> bool:
    return not a or not b or bool(set(a) & set(b))


def places_compatible(event: dict[str, Any], cluster: Cluster) -> bool:
    if None in (event.get("lat"), event.get("lon"), cluster.lat, cluster.lon):
        return True
    return haversine_km(event["lat"], event["lon"], cluster.lat, cluster.lon) <= MAX_SAME_EVENT_KM


def same_event_score(event: dict[str, Any], cluster: Cluster) -> float | None:
    """None if the event cannot belong to the cluster; else a score (higher is better)."""
    # the kinds and places that recurrence treats as one are one happening here too: the same
    # strike reported as "air strikes" by one outlet and "missile attack" by another
    if event["type"] not in recurrence_types(cluster.type):
        return None
    if event["region_id"] not in recurrence_places(cluster.region_id):
        return None
    if not (
        dates_compatible(event, cluster)
        and parties_compatible(event["parties"], cluster.parties)
        and places_compatible(event, cluster)
    ):
        return None
    overlap = len(set(event["parties"]) & set(cluster.parties))
    gap = abs((event["event_date"] - cluster.first_date).days)
    same_place = 1.0 if event.get("place_id") and event.get("place_id") == cluster.place_id else 0.0
    same_type = 0.5 if event["type"] == cluster.type else 0.0
    return overlap + same_place + same_type - 0.25 * gap


def normalise_for_clustering(event: dict[str, Any]) -> None:
    """A postponement is news on the day it is reported: dates in its sentence are those of
    the meeting that will not happen, so cluster it by the article's date."""
    if event["type"] == "MEETING_POSTPONED" and event.get("published_at") is not None:
        event["event_date"] = event["published_at"].date()
        event["date_precision"] = "article"


def founding_order(event: dict[str, Any]) -> tuple:
    """The order events found and join clusters in: by date and publication, then by the
    report's link, type and sentence; the id (a hash of the link) only last. A cluster takes
    its first event's type and sides, so ties broken by the id made a happening read two ways
    in one report ("Artillery fire hits ..." and a body's "hit") follow the hash: the demo,
    whose links carry a random port, alerted on a SHELLING happening in one run and an
    AIRSTRIKE one in the next. The order among equals is arbitrary but now depends on the
    text only (ordering by confidence instead was tried: docs/tried.md)."""
    return (
        event["event_date"],
        event["published_at"],
        event.get("url") or "",
        event["type"],
        event.get("sentence") or "",
        event["event_id"],
    )


def cluster_order(cluster: dict[str, Any]) -> tuple:
    """The order detection reads touched clusters in (the first of two clusters of one
    report alerts, see alerts.suppression): by date and content, the id (a hash) last."""
    return (
        cluster["first_date"],
        cluster["type"],
        cluster["region_id"],
        cluster.get("place_id") or "",
        cluster["recurrence_key"],
        cluster["cluster_id"],
    )


def cluster_events(events: list[dict[str, Any]], clusters: list[Cluster]) -> dict[str, str]:
    """Assign each event to a cluster (joining or creating); returns {event_id: cluster_id}.

    `events` must carry type, region_id, parties, event_date, date_precision, place_id,
    lat, lon, published_at, recurrence_key. New clusters are appended to `clusters`.
    """
    assignment: dict[str, str] = {}
    by_id = {c.cluster_id: c for c in clusters}
    ordered = sorted(events, key=founding_order)
    news_of = _dated_news(ordered)
    retold: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for event in ordered:
        best, best_score = None, None
        for cluster in clusters:
            score = same_event_score(event, cluster)
            if score is not None and (best_score is None or score > best_score):
                best, best_score = cluster, score
        news = news_of.get(event["event_id"])
        if best is None and news is not None:
            retold.append((event, news))  # joins its report's news once that is placed
            continue
        if best is None:
            best = Cluster(
                cluster_id=cluster_id_for(event["event_id"]),
                type=event["type"],
                region_id=event["region_id"],
                recurrence_key=event["recurrence_key"],
                first_date=event["event_date"],
                last_date=event["event_date"],
                first_seen_at=event["published_at"],
                last_seen_at=event["published_at"],
                parties=list(event["parties"]),
                place_id=event.get("place_id"),
                lat=event.get("lat"),
                lon=event.get("lon"),
                is_new=True,
            )
            clusters.append(best)
        else:
            if event["date_precision"] == "day":
                best.first_date = min(best.first_date, event["event_date"])
                best.last_date = max(best.last_date, event["event_date"])
            best.last_seen_at = max(best.last_seen_at, event["published_at"])
            best.first_seen_at = min(best.first_seen_at, event["published_at"])
            if not best.parties:  # keep the founding report's sides; fill them if it had none
                best.parties = sorted(event["parties"])
        best.event_ids.append(event["event_id"])
        assignment[event["event_id"]] = best.cluster_id
        by_id.setdefault(best.cluster_id, best)
    for event, news in retold:
        home = by_id[assignment[news["event_id"]]]
        home.last_seen_at = max(home.last_seen_at, event["published_at"])
        home.event_ids.append(event["event_id"])
        assignment[event["event_id"]] = home.cluster_id
    return assignment


def _dated_news(events: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """{undated event id: the dated event of its own report it retells}.

    A report's news is what it dates ("shelled Kansafra on Wednesday"); a mention in it with
    only the report's date, of another kind, the same place key and compatible sides ("the
    army said it targeted launch sites used to attack its positions") is that happening told
    by another verb, or its background - one report of one happening, not a second happening
    (../shared/design/taxonomy.md: same event). Such a mention joins the news's cluster when
    no cluster of its own kind takes it, instead of founding one that a later happening of its
    kind would "repeat". Only with one dated event of that place in the report (several: no
    telling which it retells) and compatible sides."""
    dated: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in events:
        if e["date_precision"] == "day" and e.get("article_id"):
            dated.setdefault((e["article_id"], e["region_id"]), []).append(e)
    out = {}
    for e in events:
        if e["date_precision"] != "article" or not e.get("article_id"):
            continue
        news = dated.get((e["article_id"], e["region_id"]), [])
        if len(news) != 1 or news[0]["type"] == e["type"]:
            continue
        if parties_compatible(news[0]["parties"], e["parties"]):
            out[e["event_id"]] = news[0]
    return out
