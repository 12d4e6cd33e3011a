"""Inline SVG charts for the report: stacked bars per day, recurrence timelines, a map.

Pure functions from plain data to SVG text. Every text that reaches the markup passes
through `esc` (html.escape with quotes), every attribute is double-quoted, and the
elements carry `data-*` attributes (day, series, value, key, place) so tests can count
what was drawn by parsing the DOM. Hover details use SVG <title>, which needs no script.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from newswatch.alert_render import esc
from newswatch.report.outline import COUNTRIES, THEATRE_BBOX

PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac", "#1f77b4", "#8c564b", "#17becf", "#bcbd22", "#7f7f7f",
           "#d62728"]  # fmt: skip


def colors_for(series: Sequence[str], fixed: dict[str, str] | None = None) -> dict[str, str]:
    fixed = fixed or {}
    out, i = {}, 0
    for name in series:
        if name in fixed:
            out[name] = fixed[name]
        else:
            out[name] = PALETTE[i % len(PALETTE)]
            i += 1
    return out


def _nice_max(value: int) -> int:
    if value <= 5:
        return max(value, 1)
    magnitude = 10 ** int(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return int(math.ceil(top))
    return value


def legend(colors: dict[str, str], labels: dict[str, str] | None = None) -> str:
    labels = labels or {}
    items = "".join(
        f'<span class="key"><span class="swatch" style="background:{esc(c)}"></span>'
        f"{esc(labels.get(name, name))}</span>"
        for name, c in colors.items()
    )
    return f'<div class="legend">{items}</div>'


def stacked_bars(
    chart_id: str,
    bins: list[date],
    bin_days: int,
    values: dict[date, dict[str, int]],
    colors: dict[str, str],
    labels: dict[str, str] | None = None,
    width: int = 900,
    height: int = 260,
) -> str:
    """One bar per bin (day or week) with data, stacked by series in the order of `colors`.

    Bars are <g class="bar" data-day data-total>; segments <rect class="seg" data-series
    data-value>. Empty bins draw nothing but keep their place on the axis.
    """
    labels = labels or {}
    left, right, top, bottom = 40, 10, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(bins), 1)
    slot = plot_w / n
    bar_w = max(slot * 0.8, 1.0)
    total_max = max((sum(v.values()) for v in values.values()), default=0)
    y_max = _nice_max(total_max)
    parts = [
        f'<svg class="chart chart-bars" id="{esc(chart_id)}" data-chart="{esc(chart_id)}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(chart_id)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    ticks = sorted({0, y_max, y_max // 2} if y_max >= 2 else {0, y_max})
    for t in ticks:
        y = top + plot_h - plot_h * t / y_max
        parts.append(
            f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{t}</text>'
        )
    label_every = max(1, math.ceil(n / 10))
    for i, day in enumerate(bins):
        x = left + i * slot + (slot - bar_w) / 2
        if i % label_every == 0:
            parts.append(
                f'<text class="tick" x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle">{esc(day.strftime("%d %b"))}</text>'
            )
        stack = values.get(day) or {}
        total = sum(stack.values())
        if not total:
            continue
        span = day.isoformat() if bin_days == 1 else f"week of {day.isoformat()}"
        parts.append(f'<g class="bar" data-day="{esc(day.isoformat())}" data-total="{total}">')
        y = top + plot_h
        for name, color in colors.items():
            value = stack.get(name, 0)
            if not value:
                continue
            h = plot_h * value / y_max
            y -= h
            parts.append(
                f'<rect class="seg" data-series="{esc(name)}" data-value="{value}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}" fill="{esc(color)}">'
                f"<title>{esc(span)}: {esc(labels.get(name, name))} {value}</title></rect>"
            )
        parts.append("</g>")
    parts.append(
        f'<line class="axis" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/></svg>'
    )
    return "".join(parts)


def timelines(
    chart_id: str,
    rows: list[dict[str, Any]],
    start: date,
    end: date,
    width: int = 900,
    row_h: int = 26,
) -> str:
    """One row per recurrence key: its occurrences as dots on a shared date axis, joined by a
    line. rows: [{key, label, points: [{date, label, alerted, n_sources}]}]. Dots are
    <circle class="occurrence" data-date data-alerted>; rows <g class="chain" data-key>."""
    label_w, right, top = 330, 20, 24
    plot_w = width - label_w - right
    span = max((end - start).days, 1)
    height = top + row_h * max(len(rows), 1) + 10

    def x_of(d: date) -> float:
        return label_w + plot_w * (d - start).days / span

    parts = [
        f'<svg class="chart chart-timeline" id="{esc(chart_id)}" data-chart="{esc(chart_id)}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(chart_id)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    step = max(1, math.ceil(span / 8))
    d = start
    while d <= end:
        x = x_of(d)
        parts.append(
            f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 6}" y2="{height - 6}"/>'
            f'<text class="tick" x="{x:.1f}" y="{top - 10}" text-anchor="middle">'
            f"{esc(d.strftime('%d %b %y'))}</text>"
        )
        d += timedelta(days=step)
    for i, row in enumerate(rows):
        y = top + row_h * i + row_h / 2
        label = str(row["label"])
        short = label if len(label) <= 46 else label[:45] + "…"
        parts.append(
            f'<g class="chain" data-key="{esc(row["key"])}">'
            f'<text class="row-label" x="{label_w - 8}" y="{y + 4:.1f}" text-anchor="end">'
            f"<title>{esc(row['key'])}</title>{esc(short)}</text>"
        )
        xs = [x_of(p["date"]) for p in row["points"]]
        if len(xs) > 1:
            parts.append(
                f'<line class="chain-line" x1="{min(xs):.1f}" x2="{max(xs):.1f}" y1="{y:.1f}" y2="{y:.1f}"/>'
            )
        for p, x in zip(row["points"], xs, strict=True):
            r = 4 + min(int(p.get("n_sources") or 0), 6)
            cls = "occurrence alerted" if p.get("alerted") else "occurrence"
            parts.append(
                f'<circle class="{cls}" data-date="{esc(p["date"].isoformat())}" '
                f'data-alerted="{"true" if p.get("alerted") else "false"}" cx="{x:.1f}" cy="{y:.1f}" r="{r}">'
                f"<title>{esc(p['date'].isoformat())} {esc(p.get('label'))}</title></circle>"
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def theatre_map(
    chart_id: str,
    points: list[dict[str, Any]],
    bbox: tuple[float, float, float, float] = THEATRE_BBOX,
    width: int = 900,
) -> str:
    """Equirectangular map (x scaled by cos of the middle latitude) of the bundled outline
    with one circle per place: <circle class="place" data-place-id data-clusters>.
    points: [{place_id, name, lat, lon, clusters, alerted, detail}]; those outside bbox are
    the caller's to list."""
    lon0, lat0, lon1, lat1 = bbox
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    scale = width / ((lon1 - lon0) * kx)
    height = round((lat1 - lat0) * scale)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon0) * kx * scale, (lat1 - lat) * scale

    parts = [
        f'<svg class="chart chart-map" id="{esc(chart_id)}" data-chart="{esc(chart_id)}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{esc(chart_id)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
        f'<rect class="sea" x="0" y="0" width="{width}" height="{height}"/>'
    ]
    for code, name, theatre, ring in COUNTRIES:
        d = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (xy(lon, lat) for lon, lat in ring)) + "Z"
        cls = "country theatre" if theatre else "country"
        parts.append(
            f'<path class="{cls}" data-country="{esc(code)}" d="{d}"><title>{esc(name)}</title></path>'
        )
    for _code, name, theatre, ring in COUNTRIES:
        if theatre:
            lon = sum(p[0] for p in ring) / len(ring)
            lat = sum(p[1] for p in ring) / len(ring)
            x, y = xy(lon, lat)
            parts.append(
                f'<text class="country-label" x="{x:.1f}" y="{y:.1f}" text-anchor="middle">{esc(name)}</text>'
            )
    biggest = max((int(p.get("clusters") or 1) for p in points), default=1)
    for p in sorted(points, key=lambda p: -int(p.get("clusters") or 1)):
        x, y = xy(float(p["lon"]), float(p["lat"]))
        r = 3 + 9 * math.sqrt(int(p.get("clusters") or 1) / biggest)
        cls = "place alerted" if p.get("alerted") else "place"
        parts.append(
            f'<circle class="{cls}" data-place-id="{esc(p["place_id"])}" '
            f'data-clusters="{int(p.get("clusters") or 0)}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">'
            f"<title>{esc(p['name'])}: {esc(p.get('detail'))}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def in_bbox(lat: float, lon: float, bbox: tuple[float, float, float, float] = THEATRE_BBOX) -> bool:
    lon0, lat0, lon1, lat1 = bbox
    return lon0 <= lon <= lon1 and lat0 <= lat <= lat1
