"""Read the warehouse (read-only, named queries report_*.sql) and assemble the report."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from newswatch.alert_render import esc
from newswatch.report import render, svg
from warehouse.db import connect, named_query

THEATRES = {
    "syria": "Syria",
    "libya": "Libya",
    "turkey-russia-iran": "Turkey–Russia–Iran",
    "none": "no theatre tag",
}
THEATRE_COLORS = {"syria": "#e15759", "libya": "#4e79a7", "turkey-russia-iran": "#f28e2b", "none": "#bab0ac"}
MAX_ALERTS = 500
_PARAM = re.compile(r"\$([a-z_]+)")


def _query(con, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    sql = named_query(name)
    used = {p: params[p] for p in set(_PARAM.findall(sql))}
    cur = con.execute(sql, used)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def load(db_path: str | Path, since: datetime, until: datetime) -> dict[str, Any]:
    """Everything the report shows, for the window [since, until)."""
    params = {
        "since": since,
        "until": until,
        "first_day": since.astimezone(UTC).date(),
        "last_day": (until - timedelta(microseconds=1)).astimezone(UTC).date(),
        "limit": MAX_ALERTS,
    }
    with connect(db_path, read_only=True) as con:
        return {
            "params": params,
            "counts": _query(con, "report_counts", params)[0],
            "daily": _query(con, "report_daily_clusters", params),
            "chains": _query(con, "report_chains", params),
            "places": _query(con, "report_places", params),
            "alerts": _query(con, "report_alerts", params),
            "feeds": _query(con, "report_feeds", params),
            "names": {r["entity_id"]: r["name"] for r in _query(con, "report_names", params)},
        }


def key_label(key: str, names: dict[str, str]) -> str:
    """AIRSTRIKE|adm1:syr-idlib|org:hts+state:rus -> AIRSTRIKE · Idlib Governorate · HTS, Russia"""
    parts = (key or "").split("|")
    if len(parts) != 3:
        return key
    kind, place, parties = parts
    place_name = "any place" if place == "any" else names.get(place, place)
    sides = (
        "sides unknown" if parties in ("-", "") else ", ".join(names.get(p, p) for p in parties.split("+"))
    )
    return f"{kind} · {place_name} · {sides}"


def _bins(first: date, last: date) -> tuple[list[date], int]:
    days = (last - first).days + 1
    if days <= 120:
        return [first + timedelta(days=i) for i in range(days)], 1
    start = first - timedelta(days=first.weekday())
    weeks = []
    while start <= last:
        weeks.append(start)
        start += timedelta(days=7)
    return weeks, 7


def _bin_of(day: date, bin_days: int) -> date:
    return day if bin_days == 1 else day - timedelta(days=day.weekday())


def _section(anchor: str, title: str, body: str, note: str = "") -> str:
    note_html = f'<p class="note">{note}</p>' if note else ""
    return f'<section id="{esc(anchor)}"><h2>{esc(title)}</h2>{note_html}{body}</section>'


def _headline(counts: dict[str, Any], feeds: list[dict[str, Any]]) -> str:
    ok = sum(1 for f in feeds if f["health"] == "ok")
    failing = sum(1 for f in feeds if f["health"] == "failing")
    cards = [
        ("articles", counts["articles"], f"{counts['copies']} copies"),
        ("events", counts["events"], "sentences typed"),
        ("clusters", counts["clusters"], "happenings"),
        ("alerts", counts["alerts"], "raised"),
        ("feeds-ok", ok, "feeds OK"),
        ("feeds-failing", failing, "feeds failing"),
    ]
    return (
        '<div class="headline">'
        + "".join(
            f'<div class="card" data-count="{esc(k)}" data-value="{int(v)}"><div class="value">{int(v)}</div>'
            f'<div class="what">{esc(k.replace("-", " "))}</div><div class="sub">{esc(sub)}</div></div>'
            for k, v, sub in cards
        )
        + "</div>"
    )


def _daily_charts(data: dict[str, Any]) -> str:
    first, last = data["params"]["first_day"], data["params"]["last_day"]
    bins, bin_days = _bins(first, last)
    by_theatre: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_type: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    types: set[str] = set()
    for row in data["daily"]:
        b = _bin_of(row["day"], bin_days)
        by_theatre[b][row["theatre"]] += row["clusters"]
        by_type[b][row["type"]] += row["clusters"]
        types.add(row["type"])
    theatre_colors = {t: THEATRE_COLORS[t] for t in THEATRES}
    type_colors = svg.colors_for(sorted(types))
    per = "day" if bin_days == 1 else "week"
    return (
        f"<h3>By theatre, per {per}</h3>"
        + svg.stacked_bars("clusters-by-theatre", bins, bin_days, by_theatre, theatre_colors, THEATRES)
        + svg.legend(theatre_colors, THEATRES)
        + f"<h3>By event type, per {per}</h3>"
        + svg.stacked_bars("clusters-by-type", bins, bin_days, by_type, type_colors)
        + svg.legend(type_colors)
    )


def _chains(data: dict[str, Any]) -> tuple[str, int]:
    rows: dict[str, dict[str, Any]] = {}
    for r in data["chains"]:
        row = rows.setdefault(
            r["recurrence_key"],
            {
                "key": r["recurrence_key"],
                "label": key_label(r["recurrence_key"], data["names"]),
                "points": [],
            },
        )
        row["points"].append(
            {
                "date": r["first_date"],
                "alerted": r["alerted"],
                "n_sources": r["n_sources"],
                "label": f"{r['type']} at {r['place']}, {r['n_sources']} source(s)"
                + (" (alerted)" if r["alerted"] else ""),
            }
        )
    if not rows:
        return '<p class="empty">No recurrence alert in this window.</p>', 0
    start = min(data["params"]["first_day"], *(p["date"] for row in rows.values() for p in row["points"]))
    end = max(data["params"]["last_day"], *(p["date"] for row in rows.values() for p in row["points"]))
    ordered = sorted(
        rows.values(), key=lambda row: (max(p["date"] for p in row["points"]), row["key"]), reverse=True
    )
    return svg.timelines("recurrence-chains", ordered, start, end), len(ordered)


def _map(data: dict[str, Any]) -> str:
    points, elsewhere, unplaced = [], [], 0
    for p in data["places"]:
        if p["lat"] is None or p["lon"] is None:
            unplaced += p["clusters"]
            continue
        types = ", ".join(p["types"] or [])
        point = {
            "place_id": p["place_id"],
            "name": p["name"],
            "lat": p["lat"],
            "lon": p["lon"],
            "clusters": p["clusters"],
            "alerted": p["alerted_clusters"] > 0,
            "detail": f"{p['clusters']} happening(s) ({types}), {p['first_date']} to {p['last_date']}",
        }
        (points if svg.in_bbox(p["lat"], p["lon"]) else elsewhere).append(point)
    notes = []
    if elsewhere:
        notes.append(
            "Outside the map: " + ", ".join(f"{esc(p['name'])} ({p['clusters']})" for p in elsewhere) + "."
        )
    if unplaced:
        notes.append(f"{unplaced} happening(s) have no coordinates (a country or an unknown place).")
    note_html = "".join(f'<p class="note">{n}</p>' for n in notes)
    return svg.theatre_map("event-map", points) + note_html


def _alerts(data: dict[str, Any]) -> str:
    if not data["alerts"]:
        return '<p class="empty">No alert in this window.</p>'
    rows = []
    for a in data["alerts"]:
        rows.append(
            [
                f'<span class="date">{esc(render.fmt_time(a["created_at"]))}</span>',
                f'<span class="sev sev-{esc(a["severity"])}">{esc(a["severity"])}</span>',
                f"{esc(a['kind'])}<br><code>{esc(a['rule'])}</code>",
                f'<div class="summary">{esc(a["summary"])}</div>'
                f'<div class="key">key <code>{esc(a["recurrence_key"])}</code> · '
                f"alert <code>{esc(a['alert_id'])}</code></div>" + render.explanation_html(a["explanation"]),
            ]
        )
    note = f'<p class="note">Showing the newest {MAX_ALERTS}.</p>' if len(rows) >= MAX_ALERTS else ""
    return note + render.table(
        ["raised", "severity", "kind / rule", "what and why"], rows, "alerts", "alert-row"
    )


def _feeds(data: dict[str, Any]) -> str:
    if not data["feeds"]:
        return '<p class="empty">No feed in the warehouse.</p>'
    rows = [
        [
            f'<span class="health health-{esc(f["health"].replace(" ", "-"))}">{esc(f["health"])}</span>',
            f"{esc(f['name'])}<br>{render.link(f['url'])}",
            esc(f["last_status"] or ""),
            str(int(f["fetches"])),
            str(int(f["failed"])),
            str(int(f["consecutive_failures"] or 0)),
            str(int(f["new_items"])),
            str(int(f["articles"])),
            esc(render.fmt_time(f["last_new_item_at"])),
            f'<span class="error">{esc((f["last_error"] or "")[:200])}</span>',
        ]
        for f in data["feeds"]
    ]
    headers = ["health", "feed", "last status", "fetches", "failed", "failures in a row", "new items",
               "articles", "last new item", "last error"]  # fmt: skip
    return render.table(headers, rows, "feeds", "feed-row")


CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
body{margin:0;color:#1d2733;background:#f6f7f9}
header{background:#1d2733;color:#fff;padding:16px 28px}header h1{margin:0;font-size:22px}
header p{margin:4px 0 0;color:#c9d1db}main{padding:8px 28px 40px;max-width:1200px}
section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:12px 18px;margin:14px 0}
h2{font-size:17px;margin:4px 0 8px}h3{font-size:14px;margin:10px 0 4px;color:#44505c}
.headline{display:flex;flex-wrap:wrap;gap:10px}
.card{flex:1 1 120px;border:1px solid #dde2e8;border-radius:6px;padding:8px 12px}
.card .value{font-size:26px;font-weight:600}
.card .what{text-transform:uppercase;font-size:11px;letter-spacing:.05em;color:#44505c}
.card .sub{font-size:12px;color:#6b7785}.chart{width:100%;height:auto;display:block}
.chart text{font-size:11px;fill:#44505c}.grid{stroke:#e6e9ee}.axis{stroke:#8a949f}
.chain-line{stroke:#8a949f;stroke-width:2}.occurrence{fill:#4e79a7;stroke:#fff;stroke-width:1}
.occurrence.alerted{fill:#e15759}.sea{fill:#dfeaf3}
.country{fill:#f3f1ea;stroke:#a7a29a;stroke-width:.8}
.country.theatre{fill:#fbf7e4;stroke:#5f5a50;stroke-width:1.4}
.country-label{font-size:14px!important;fill:#8a8170!important;font-weight:600}
.place{fill:rgba(78,121,167,.7);stroke:#fff;stroke-width:1}.place.alerted{fill:rgba(225,87,89,.8)}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin:2px 0 8px 40px}
.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px;vertical-align:middle}
table{border-collapse:collapse;width:100%}
th,td{border-top:1px solid #e6e9ee;padding:6px 8px;text-align:left;vertical-align:top}
th{font-size:12px;color:#44505c}.summary{font-weight:600}.key{font-size:12px;color:#6b7785}
.sources,.earlier{margin:2px 0 4px;padding-left:18px}
.date{color:#6b7785;font-variant-numeric:tabular-nums}.outlet{font-weight:600}
blockquote{margin:4px 0;padding-left:10px;border-left:3px solid #dde2e8;color:#44505c}
.label{font-weight:600;margin-top:4px}
dl.scores{display:flex;flex-wrap:wrap;gap:2px 12px;margin:4px 0;font-size:12px}
dl.scores dt{color:#6b7785}dl.scores dd{margin:0}
.sev{padding:1px 6px;border-radius:3px;background:#e6e9ee}.sev-high{background:#f8d3d3}
.sev-medium{background:#fbe7c6}.health{padding:1px 6px;border-radius:3px}
.health-ok{background:#d5efd9}.health-failing{background:#f8d3d3}
.health-not-polled{background:#e6e9ee}.error{color:#a33;font-size:12px}
.note,.empty{color:#6b7785;font-size:12px}a{color:#1f5d99}
"""


def build_report(
    db_path: str | Path,
    since: datetime | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
) -> str:
    """One self-contained HTML page (inline CSS and SVG, no script, no external resource)
    for the window [since, until); defaults: until = now, since = until - 7 days."""
    now = now or datetime.now(UTC)
    until = until or now
    since = since or until - timedelta(days=7)
    if since >= until:
        raise ValueError(f"the report window is empty: since {since} is not before until {until}")
    data = load(db_path, since, until)
    chains_svg, n_chains = _chains(data)
    window = f"{since.astimezone(UTC):%Y-%m-%d %H:%M} to {until.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    body = "".join(
        [
            _section("headline", "In this window", _headline(data["counts"], data["feeds"])),
            _section(
                "clusters",
                "Happenings per day",
                _daily_charts(data),
                "Event clusters (one per real-world happening, however many outlets reported it) by the "
                "date of the happening; each counts once, under the theatre its reports are most "
                "tagged with.",
            ),
            _section(
                "chains",
                f"Recurrence chains ({n_chains})",
                chains_svg,
                "One row per recurrence key alerted in this window: every occurrence on one time axis; "
                "red = the occurrence that raised the alert, dot size = independent sources.",
            ),
            _section(
                "map",
                "Where",
                _map(data),
                "Happenings in the window by place (gazetteer coordinates), on a coarse hand-drawn outline; "
                "red = at least one alerted happening, size = number of happenings.",
            ),
            _section("alerts", f"Alerts ({len(data['alerts'])})", _alerts(data)),
            _section("feeds", "Feed health", _feeds(data)),
        ]
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>newswatch report {esc(window)}</title><style>{CSS}</style></head>"
        f"<body><header><h1>newswatch report</h1><p>{esc(window)} · "
        f"generated {esc(render.fmt_time(now.astimezone(UTC)))} UTC · "
        f"{esc(Path(db_path).name)}</p></header><main>{body}</main></body></html>\n"
    )
