"""HTML pieces for the report: escaping, safe links, alert explanations, tables.

Every value that came from a feed or a page (titles, outlets, sentences, URLs, feed names,
errors) is written through `esc` (html.escape with quote=True) into text or a double-quoted
attribute; a link is made only for an absolute http(s) URL, anything else (javascript:,
data:, relative, malformed) is shown as escaped text without a link.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from newswatch.alert_render import esc
from newswatch.alert_render import html_link as link


def fmt_time(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text[:16].replace("T", " ") if len(text) > 10 and text[10] in "T " else text


def table(headers: list[str], rows: list[list[str]], cls: str, row_cls: str = "") -> str:
    """rows hold ready HTML (callers escape); headers are escaped here."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join(
        f'<tr class="{esc(row_cls)}">' + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f'<table class="{esc(cls)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def sources_list(sources: Any) -> str:
    """Sources with outlet, date and link; copies (a source's `copies`) nested under it."""
    if not isinstance(sources, list) or not sources:
        return ""
    items = []
    for s in sources:
        if not isinstance(s, dict):
            items.append(f"<li>{esc(s)}</li>")
            continue
        when = fmt_time(s.get("published_at") or s.get("date"))[:10]
        copies = sources_list(s.get("copies"))
        items.append(
            f'<li class="source"><span class="date">{esc(when)}</span> '
            f'<span class="outlet">{esc(s.get("source") or s.get("outlet"))}</span>: '
            f"{link(s.get('url'), s.get('title'))}{copies}</li>"
        )
    return f'<ul class="sources">{"".join(items)}</ul>'


_SHOWN = {"rule", "kind", "severity", "key", "new", "earlier", "sources", "sentence", "postponed", "clusters"}


def _scalar(value: Any) -> str:
    if isinstance(value, dict):
        return esc(", ".join(f"{k} {v}" for k, v in value.items()))
    if isinstance(value, list):
        return esc(", ".join(str(v) for v in value))
    return esc(value)


def explanation_html(raw: Any) -> str:
    """The stored explanation as HTML: the same rendering as an alert e-mail
    (newswatch.alert_render.render_html: what happened, sources with copies folded, the
    earlier occurrences or baseline with dates and links; every value escaped)."""
    from newswatch.alert_render import render_html

    return render_html(raw, heading=False)
