"""One explanation structure for every alert kind, and its four renderings.

Every alert (recurrence, meeting, first_seen, burst, feed_health) explains itself with the
same parts, built here from plain dicts (pure: no warehouse, no I/O):

* ``reasons``: the rule(s) that matched — one happening matched by two rule kinds is one
  alert naming both;
* ``new``: what happened (type, place, region, parties, date, the sentence), every source
  with outlet, date and link (copies folded under their original), the independent-source
  count;
* ``earlier`` with ``earlier_label``: the earlier occurrences (recurrence), the distinct
  postponements (meeting), the last happening before the quiet (first_seen) or the
  happenings in the window (burst), each with dates, sources and links;
* ``baseline`` (first_seen, burst) and ``scores``: the numbers that matched.

`render_text` (terminals: no Markdown escapes), `render_markdown` (files, chat),
`render_html` (e-mail, the report: everything escaped, links only for http(s)) and
`render_json` (machines) all read that one structure.
"""

from __future__ import annotations

import html
import json
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

VERSION = 2

EARLIER_LABELS = {
    "recurrence": "Earlier occurrences",
    "meeting": "Postponed before",
    "first_seen": "Last before the quiet",
    "burst": "Happenings in the window",
}


# -- building ----------------------------------------------------------------------------


def iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def names_of(ids: list[str] | None, names: dict[str, str]) -> list[str]:
    return [names.get(i, i) for i in ids or []]


def fold_sources(sources: list[dict[str, Any]] | None, seen: set[str] | None = None) -> list[dict[str, Any]]:
    """Sources once per link, in time order, each copy (a source with `copy_of` naming another
    source's `article_id`) nested under its original; links in `seen` (already cited higher
    up in the same explanation) are left out, and the links kept are added to it."""
    seen = seen if seen is not None else set()
    out: list[dict[str, Any]] = []
    by_article: dict[str, dict[str, Any]] = {}
    copies = []
    for s in sorted(sources or [], key=lambda s: (str(s.get("published_at") or ""), str(s.get("url") or ""))):
        if s.get("copy_of"):
            copies.append(s)
            continue
        url = str(s.get("url") or "")
        if url and url in seen:
            continue
        seen.add(url)
        item = {
            "source": s.get("source"),
            "title": s.get("title"),
            "url": s.get("url"),
            "published_at": iso(s.get("published_at")),
            "copies": [],
        }
        out.append(item)
        if s.get("article_id"):
            by_article[s["article_id"]] = item
    for c in copies:
        original = by_article.get(c["copy_of"])
        url = str(c.get("url") or "")
        if original is None or (url and url in seen):
            continue
        seen.add(url)
        original["copies"].append(
            {
                "source": c.get("source"),
                "title": c.get("title"),
                "url": c.get("url"),
                "published_at": iso(c.get("published_at")),
            }
        )
    return out


def happening(
    cluster: dict[str, Any], names: dict[str, str], seen: set[str] | None = None, sources=None
) -> dict[str, Any]:
    """What happened, from a cluster row (cluster_details) with its sources."""
    region_id = cluster.get("region_id") or ""
    return {
        "cluster_id": cluster.get("cluster_id"),
        "type": cluster.get("type"),
        "place": names.get(cluster.get("place_id") or "", cluster.get("place_id") or None),
        "region": None if region_id in ("any", "") else names.get(region_id, region_id),
        "parties": names_of(cluster.get("parties"), names),
        "date": iso(cluster.get("first_date")),
        "sentence": cluster.get("sentence"),
        "n_articles": cluster.get("n_articles", 0),
        "n_sources": cluster.get("n_sources", 0),
        "sources": fold_sources(cluster.get("sources") if sources is None else sources, seen),
    }


def explanation(
    *,
    rule: str,
    kind: str,
    severity: str,
    key: str | None,
    summary: str,
    new: dict[str, Any] | None,
    earlier: list[dict[str, Any]] | None = None,
    baseline: dict[str, Any] | None = None,
    scores: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    exp = {
        "version": VERSION,
        "rule": rule,
        "kind": kind,
        "severity": severity,
        "key": key,
        "summary": summary,
        "reasons": [{"rule": rule, "kind": kind, "severity": severity, "summary": summary}],
        "new": new,
        "independent_sources": (new or {}).get("n_sources", 0),
        "earlier_label": EARLIER_LABELS.get(kind),
        "earlier": earlier or [],
        "baseline": baseline or {},
        "scores": scores or {},
    }
    exp.update(extra)
    return exp


def add_reason(primary: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """`primary` naming `other`'s reason too (one happening matched by two rule kinds); the
    other's earlier occurrences are kept under its own label."""
    out = dict(primary)
    out["reasons"] = list(primary.get("reasons") or []) + [
        r for r in other.get("reasons") or [] if r not in (primary.get("reasons") or [])
    ]
    if other.get("earlier"):
        out.setdefault("also", []).append(
            {
                "kind": other.get("kind"),
                "earlier_label": other.get("earlier_label"),
                "earlier": other["earlier"],
            }
        )
    return out


def combined_summary(exp: dict[str, Any]) -> str:
    reasons = exp.get("reasons") or []
    if len(reasons) <= 1:
        return str(exp.get("summary") or "")
    return (
        str(exp.get("summary") or "")
        + "; also "
        + "; ".join(f"{r['kind']}: {r['summary']}" for r in reasons[1:])
    )


# -- legacy explanations (stored before version 2) ---------------------------------------


def normalise(exp: Any) -> dict[str, Any]:
    """Any stored explanation in the version-2 shape (older ones kept their parts elsewhere)."""
    if isinstance(exp, str):
        try:
            exp = json.loads(exp)
        except ValueError:
            return {"summary": exp, "new": None, "earlier": [], "reasons": []}
    if not isinstance(exp, dict):
        return {"summary": str(exp), "new": None, "earlier": [], "reasons": []}
    if exp.get("version") == VERSION:
        return exp
    out = dict(exp)
    new = exp.get("new") if isinstance(exp.get("new"), dict) else None
    if new is None and (exp.get("sources") or exp.get("sentence")):
        new = {
            "date": exp.get("date") or exp.get("held"),
            "sentence": exp.get("sentence"),
            "sources": exp.get("sources"),
        }
    if new is not None:
        new = {
            **new,
            "sources": fold_sources(new.get("sources") if isinstance(new.get("sources"), list) else []),
        }
    out["new"] = new
    earlier = exp.get("earlier") if isinstance(exp.get("earlier"), list) else []
    if not earlier and isinstance(exp.get("postponed"), list):
        earlier = [p if isinstance(p, dict) else {"date": p} for p in exp["postponed"]]
    seen = {s.get("url") for s in (new or {}).get("sources") or []}
    out["earlier"] = [
        {**e, "sources": fold_sources(e.get("sources"), seen)} if isinstance(e, dict) else {"date": e}
        for e in earlier
    ]
    out.setdefault("earlier_label", EARLIER_LABELS.get(exp.get("kind") or ""))
    out.setdefault(
        "reasons", [{"rule": exp.get("rule"), "kind": exp.get("kind"), "severity": exp.get("severity")}]
    )
    return out


# -- shared wording ----------------------------------------------------------------------


def _what(new: dict[str, Any]) -> str:
    bits = [str(new.get("type") or "event")]
    if new.get("place"):
        bits.append(f"at {new['place']}")
    if new.get("region") and new.get("region") != new.get("place"):
        bits.append(f"({new['region']})")
    if new.get("date"):
        bits.append(f"on {new['date']}")
    parties = ", ".join(str(p) for p in new.get("parties") or [])
    if parties:
        bits.append(f"— parties: {parties}")
    return " ".join(bits)


def _counts(new: dict[str, Any]) -> str:
    n = new.get("n_sources")
    a = new.get("n_articles")
    out = f"{n if n is not None else '?'} independent source(s)"
    return out + (f", {a} article(s)" if a else "")


def _earlier_head(e: dict[str, Any]) -> str:
    bits = [str(e.get("date") or "")]
    if e.get("to") and e.get("to") != e.get("date"):
        bits[0] += f" .. {e['to']}"
    if e.get("type"):
        bits.append(str(e["type"]))
    if e.get("place"):
        bits.append(f"at {e['place']}")
    parties = ", ".join(str(p) for p in e.get("parties") or [])
    if parties:
        bits.append(f"({parties})")
    if e.get("n_sources") is not None:
        bits.append(f"— {e['n_sources']} source(s)")
    return " ".join(bits)


def _scalar(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _pairs(d: dict[str, Any]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {_scalar(v)}" for k, v in d.items() if v is not None)


def _sections(exp: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    out = []
    if exp.get("earlier"):
        out.append((exp.get("earlier_label") or "Earlier", exp["earlier"]))
    for extra in exp.get("also") or []:
        if extra.get("earlier"):
            out.append((extra.get("earlier_label") or "Earlier", extra["earlier"]))
    return out


# -- text --------------------------------------------------------------------------------


def _text_sources(sources: list[dict[str, Any]], indent: str) -> list[str]:
    lines = []
    for s in sources or []:
        when = str(s.get("published_at") or "")[:10]
        lines.append(
            f"{indent}{when} {s.get('source') or ''}: {s.get('title') or ''} <{s.get('url') or ''}>".rstrip()
        )
        for c in s.get("copies") or []:
            when = str(c.get("published_at") or "")[:10]
            lines.append(
                f"{indent}  copy: {when} {c.get('source') or ''}: "
                f"{c.get('title') or ''} <{c.get('url') or ''}>"
            )
    return lines


def render_text(
    exp: Any, summary: str | None = None, severity: str | None = None, alert_id: str | None = None
) -> str:
    """Plain text for a terminal: no Markdown, no escapes."""
    exp = normalise(exp)
    summary = summary or combined_summary(exp)
    lines = [f"[{str(severity or exp.get('severity') or '').upper()}] {summary}"]
    reasons = exp.get("reasons") or []
    why = "; ".join(f"{r.get('kind')} (rule {r.get('rule')})" for r in reasons if r.get("rule"))
    if why:
        lines.append(f"  why:      {why}")
    if exp.get("key"):
        lines.append(f"  key:      {exp['key']}")
    new = exp.get("new")
    if new:
        lines.append(f"  what:     {_what(new)}")
        if new.get("sentence"):
            lines.append(f'            "{new["sentence"]}"')
        lines.append(f"  sources:  {_counts(new)}")
        lines += _text_sources(new.get("sources") or [], "    ")
    for label, items in _sections(exp):
        lines.append(f"  {label.lower()} ({len(items)}):")
        for e in items:
            lines.append(f"    {_earlier_head(e)}")
            lines += _text_sources(e.get("sources") or [], "      ")
    if exp.get("baseline"):
        lines.append(f"  baseline: {_pairs(exp['baseline'])}")
    if exp.get("scores"):
        lines.append(f"  scores:   {_pairs(exp['scores'])}")
    if alert_id:
        lines.append(f"  id:       {alert_id}")
    return "\n".join(lines)


# -- Markdown ----------------------------------------------------------------------------


def md_escape(text: Any) -> str:
    """Escape Markdown control characters in text that came from feeds."""
    out = str(text if text is not None else "")
    for ch in "\\`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return out


def _md_code(text: Any) -> str:
    return "`" + str(text if text is not None else "").replace("`", "'") + "`"


def _md_link(s: dict[str, Any]) -> str:
    url = str(s.get("url") or "").replace(")", "%29").replace(" ", "%20").replace("(", "%28")
    title = md_escape(s.get("title") or s.get("url") or "")
    return f"[{title}]({url})" if safe_url(s.get("url")) else title


def _md_sources(sources: list[dict[str, Any]], indent: str) -> list[str]:
    lines = []
    for s in sources or []:
        when = md_escape(str(s.get("published_at") or "")[:10])
        lines.append(f"{indent}- {when} {md_escape(s.get('source'))}: {_md_link(s)}")
        for c in s.get("copies") or []:
            when = md_escape(str(c.get("published_at") or "")[:10])
            lines.append(f"{indent}  - copy: {when} {md_escape(c.get('source'))}: {_md_link(c)}")
    return lines


def render_markdown(exp: Any, summary: str | None = None) -> str:
    """Markdown for files and chat; every feed string escaped, keys in code spans."""
    exp = normalise(exp)
    summary = summary or combined_summary(exp)
    lines = [f"### {md_escape(summary)}", ""]
    for r in exp.get("reasons") or []:
        if r.get("rule"):
            lines.append(
                f"- **Why**: {md_escape(r.get('kind'))} — rule {_md_code(r['rule'])}, "
                f"severity {md_escape(r.get('severity'))}"
            )
    if exp.get("key"):
        lines.append(f"- **Key**: {_md_code(exp['key'])}")
    new = exp.get("new")
    if new:
        lines.append(f"- **What**: {md_escape(_what(new))}")
        if new.get("sentence"):
            lines.append(f"  > {md_escape(new['sentence'])}")
        lines.append(f"- **Sources**: {md_escape(_counts(new))}")
        lines += _md_sources(new.get("sources") or [], "  ")
    for label, items in _sections(exp):
        lines.append(f"- **{md_escape(label)}** ({len(items)}):")
        for e in items:
            lines.append(f"  - {md_escape(_earlier_head(e))}")
            lines += _md_sources(e.get("sources") or [], "    ")
    if exp.get("baseline"):
        lines.append(f"- **Baseline**: {md_escape(_pairs(exp['baseline']))}")
    if exp.get("scores"):
        lines.append(f"- **Scores**: {md_escape(_pairs(exp['scores']))}")
    return "\n".join(lines) + "\n"


# -- HTML --------------------------------------------------------------------------------


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) URL without control characters, else None."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(ord(ch) < 32 or ch in "\x7f\"'<>` " for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def html_link(url: Any, text: Any = None) -> str:
    """<a href> for a safe URL, else the escaped text (or URL) alone."""
    label = esc(text if text not in (None, "") else url)
    href = safe_url(url)
    if href is None:
        return f'<span class="nolink">{label}</span>'
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow">{label}</a>'


def _html_sources(sources: list[dict[str, Any]]) -> str:
    if not sources:
        return ""
    items = []
    for s in sources:
        if not isinstance(s, dict):
            items.append(f"<li>{esc(s)}</li>")
            continue
        when = str(s.get("published_at") or "")[:10]
        items.append(
            f'<li class="source"><span class="date">{esc(when)}</span> '
            f'<span class="outlet">{esc(s.get("source"))}</span>: {html_link(s.get("url"), s.get("title"))}'
            f"{_html_sources(s.get('copies') or [])}</li>"
        )
    return f'<ul class="sources">{"".join(items)}</ul>'


def render_html(exp: Any, summary: str | None = None, heading: bool = True) -> str:
    """An HTML fragment (e-mail, the report): every value escaped."""
    exp = normalise(exp)
    summary = summary or combined_summary(exp)
    out = [f'<h3 class="summary">{esc(summary)}</h3>'] if heading else []
    why = [
        f"<li>{esc(r.get('kind'))} — rule <code>{esc(r['rule'])}</code>, "
        f"severity {esc(r.get('severity'))}</li>"
        for r in exp.get("reasons") or []
        if r.get("rule")
    ]
    if why:
        out.append(f'<div class="label">Why:</div><ul class="reasons">{"".join(why)}</ul>')
    if exp.get("key"):
        out.append(f'<div class="key">Key: <code>{esc(exp["key"])}</code></div>')
    new = exp.get("new")
    if new:
        out.append(f'<div class="new"><b>What:</b> {esc(_what(new))}; {esc(_counts(new))}</div>')
        if new.get("sentence"):
            out.append(f'<blockquote class="sentence">{esc(new["sentence"])}</blockquote>')
        out.append(_html_sources(new.get("sources") or []))
    for label, items in _sections(exp):
        rows = "".join(
            f'<li class="earlier-item"><span class="date">{esc(e.get("date"))}</span> '
            f"{esc(_earlier_head(e)[len(str(e.get('date') or '')) :].strip())}"
            f"{_html_sources(e.get('sources') or [])}</li>"
            for e in items
        )
        out.append(f'<div class="label">{esc(label)} ({len(items)}):</div><ul class="earlier">{rows}</ul>')
    for name in ("baseline", "scores"):
        if exp.get(name):
            cells = "".join(
                f"<dt>{esc(k.replace('_', ' '))}</dt><dd>{esc(_scalar(v))}</dd>" for k, v in exp[name].items()
            )
            out.append(f'<dl class="{name}">{cells}</dl>')
    return "".join(out)


# -- JSON --------------------------------------------------------------------------------


def render_json(exp: Any, **fields: Any) -> str:
    """The structure itself (with any alert fields given), for machines."""
    return json.dumps({**fields, "explanation": normalise(exp)}, ensure_ascii=False, default=str, indent=1)
