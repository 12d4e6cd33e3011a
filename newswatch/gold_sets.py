"""The independent gold sets: real feed items and full articles, labelled twice and adjudicated.

The repository keeps links and labels only (`tests/gold/streams/`, `tests/gold/articles/`);
the text is read back from `../shared/corpus` by link. `load_stream_gold` and
`load_article_gold` return items in the format the tagging evaluation reads
(`{"id", "date", "title", "text", "tags", "events", "split"}`), so the same scorer serves the
invented set and these. Each set is split 50/50 by date into `tune` (errors may be studied)
and `held_out` (reported only).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

SPLITS = ("tune", "held_out")
EVENT_TYPES = (
    "AIRSTRIKE", "SHELLING", "BOMBING", "ARMED_CLASH", "TERRITORY_CHANGE", "SHOOTDOWN", "KILLING",
    "MIL_DEPLOYMENT", "JOINT_PATROL", "MEETING", "MEETING_POSTPONED", "CEASEFIRE", "AGREEMENT",
    "SANCTION", "ACCUSATION", "THREAT",
)  # fmt: skip
THEATRE_TAGS = ("syria", "libya", "turkey-russia-iran")
# The Guardian Syria corpus (2017-2019, 249 articles) under the shared corpus directory.
GUARDIAN_SDF = "corpora/guardian_sdf_syria_2017-2019/Guardian_SDF_sample.csv.zip"


class GoldError(ValueError):
    """A gold file is missing, malformed or refers to text that cannot be found."""


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{n}: not JSON: {exc}") from None
    return rows


def _html_text(fragment: str) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", " ", fragment or "")).strip()


def stream_texts(streams_dir: str | Path, links: set[str]) -> dict[str, dict[str, str]]:
    """Title and description of the stream items with these links."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(Path(streams_dir).glob("rss_link_database_*/*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                raw = json.loads(line)
                link = raw.get("link")
                if link in links and link not in found:
                    found[link] = {
                        "title": _html_text(raw.get("title") or ""),
                        "description": _html_text(raw.get("description") or ""),
                        "published": raw.get("date_published") or raw.get("_day") or "",
                    }
    return found


def _labelled(items: list[dict], labels: list[dict], split: str | None) -> Iterable[tuple[dict, dict]]:
    by_gid = {lab["gid"]: lab for lab in labels}
    for item in items:
        if split and item["split"] != split:
            continue
        if item.get("excluded"):  # labelled, but not scored (the reason is in the item)
            continue
        label = by_gid.get(item["gid"])
        if label is not None:
            yield item, label


def load_stream_gold(
    gold_dir: str | Path, corpus_dir: str | Path, split: str | None = None, labels: str = "gold.jsonl"
) -> list[dict[str, Any]]:
    gold_dir = Path(gold_dir)
    items = read_jsonl(gold_dir / "items.jsonl")
    pairs = list(_labelled(items, read_jsonl(gold_dir / labels), split))
    texts = _stream_item_texts((item for item, _ in pairs), corpus_dir, id_field="gid")
    out = []
    for item, label in pairs:
        text = texts[item["gid"]]
        out.append(
            {
                "id": item["gid"],
                "date": item["date"],
                "title": text["title"],
                "text": text["description"],
                "tags": label.get("tags", []),
                "events": label.get("events", []),
                "split": item["split"],
                "link": item["link"],
            }
        )
    return out


@lru_cache(maxsize=2)
def guardian_rows_by_key(path: Path) -> dict[str, dict[str, str]]:
    """The Guardian Syria corpus keyed by its row index (the CSV's unnamed first column),
    read once however many gold articles refer to it."""
    with zipfile.ZipFile(path) as zf:
        name = zf.namelist()[0]
        reader = csv.DictReader(io.TextIOWrapper(zf.open(name), encoding="utf-8"))
        return {row[""]: row for row in reader}


# A sentence ends at . ! or ? (optionally followed by a closing quote) before white space and
# an upper-case letter, a digit or an opening quote/bracket. Guardian style writes "Mr", "US",
# "Dr" without full stops, so no abbreviation list is needed for this corpus.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’']))\s+(?=[\"“‘'(]?[A-Z0-9])")
LEAD_DESCRIPTION_MIN = 150  # a description of one short sentence takes the next one too


def lead_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def feed_lead(text: str) -> tuple[str, str]:
    """An article read as a feed item: the first sentence is the title, the next sentence the
    description, plus the one after it when the second is shorter than LEAD_DESCRIPTION_MIN."""
    sentences = lead_sentences(text)
    if not sentences:
        return "", ""
    rest = sentences[1:3]
    if rest and len(rest[0]) >= LEAD_DESCRIPTION_MIN:
        rest = rest[:1]
    return sentences[0], " ".join(rest)


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def article_text(ref: dict[str, Any], corpus_dir: Path) -> str:
    """The text of one gold article from its reference into the shared corpus."""
    if "row_key" in ref:
        return guardian_rows_by_key(corpus_dir / ref["corpus"])[ref["row_key"]]["text"]
    path = corpus_dir / ref["path"]
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".xml":
        import feedparser

        for entry in feedparser.parse(path.read_bytes()).entries:
            if entry.get("link") == ref["link"]:
                return entry.get("title", "") + "\n\n" + _html_text(entry.get("summary", ""))
        raise GoldError(f"{ref['link']} not in {path}")
    from newswatch.extract import extract_html

    extraction = extract_html(path.read_text(encoding="utf-8", errors="replace"))
    title = (extraction.title or "") if extraction else ""
    return f"{title}\n{extraction.text}" if extraction else ""


def load_article_gold(
    gold_dir: str | Path, corpus_dir: str | Path, split: str | None = None, labels: str = "gold.jsonl"
) -> list[dict[str, Any]]:
    gold_dir, corpus_dir = Path(gold_dir), Path(corpus_dir)
    out = []
    for item, label in _labelled(read_jsonl(gold_dir / "items.jsonl"), read_jsonl(gold_dir / labels), split):
        text = article_text(item["ref"], corpus_dir)
        title, _, body = text.partition("\n")
        out.append(
            {
                "id": item["gid"],
                "date": item.get("date") or "2020-01-01",
                "title": title.strip() if len(title) < 200 else "",
                "text": body if len(title) < 200 else text,
                "tags": label.get("tags", []),
                "events": label.get("events", []),
                "split": item["split"],
            }
        )
    return out


def cohen_kappa(a: list[bool], b: list[bool]) -> float:
    """Cohen's kappa for two raters' binary decisions on the same items."""
    n = len(a)
    if n == 0 or n != len(b):
        raise GoldError("kappa needs two equal, non-empty lists")
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(pass_a: list[dict], pass_b: list[dict]) -> dict[str, Any]:
    """Kappa per theatre tag and for event types (pooled over item × type decisions on the
    items that either labeller put in a theatre), with the raw agreement counts."""
    b_by = {lab["gid"]: lab for lab in pass_b}
    common = [(lab, b_by[lab["gid"]]) for lab in pass_a if lab["gid"] in b_by]
    result: dict[str, Any] = {"items": len(common)}
    for tag in THEATRE_TAGS:
        xa = [tag in a.get("tags", []) for a, _ in common]
        xb = [tag in b.get("tags", []) for _, b in common]
        result[tag] = {
            "kappa": cohen_kappa(xa, xb),
            "a": sum(xa),
            "b": sum(xb),
            "both": sum(x and y for x, y in zip(xa, xb, strict=True)),
        }
    in_theatre = [(a, b) for a, b in common if a.get("tags") or b.get("tags")]
    xa, xb = [], []
    for a, b in in_theatre:
        ta = {e["type"] for e in a.get("events", [])}
        tb = {e["type"] for e in b.get("events", [])}
        for etype in EVENT_TYPES:
            xa.append(etype in ta)
            xb.append(etype in tb)
    result["event_type"] = {"kappa": cohen_kappa(xa, xb) if xa else None, "items": len(in_theatre)}
    return result


def _outlet(stream: str, link: str) -> str:
    """An outlet name for a stream item: the stream file's name (`reuters_world`), which is
    what a feed list would call it."""
    return Path(stream).name.removesuffix(".jsonl.gz") if stream else link.split("/")[2]


def guardian_item_texts(items: Iterable[dict[str, Any]], corpus_dir: str | Path) -> dict[str, dict[str, str]]:
    """Title and description (`feed_lead`) of Guardian timeline items (`row`, `text_sha1`), by rid.
    A missing corpus, a missing row or a changed text is a GoldError: the labels describe that text."""
    path = Path(corpus_dir) / GUARDIAN_SDF
    if not path.is_file():
        raise GoldError(f"the Guardian corpus is not at {path}")
    rows = guardian_rows_by_key(path)
    out = {}
    for item in items:
        row = rows.get(item["row"])
        if row is None:
            raise GoldError(f"{item['rid']}: row {item['row']} not in {path}")
        if text_sha1(row["text"]) != item["text_sha1"]:
            raise GoldError(f"{item['rid']}: row {item['row']} of {path} has changed (text_sha1 differs)")
        title, description = feed_lead(row["text"])
        out[item["rid"]] = {"title": title, "description": description, "url": guardian_item_url(item)}
    return out


def guardian_item_url(item: dict[str, Any]) -> str:
    """A stable stand-in link for a Guardian corpus row (the corpus has none); `.invalid` is never
    a real host."""
    return f"https://guardian-sdf.invalid/row/{item['row']}"


# Feed snapshots (XML files saved by a feed reader) under the shared corpus: the third timeline.
SNAPSHOTS = "feeds/snapshots"
# Al Jazeera's YouTube feed appends channel links and hashtags to every description.
_YOUTUBE_TAIL = re.compile(
    r"\n\s*(?:-\s*)?"
    r"(?:Subscribe to our channel|Join the conversation|Follow us on|Find us on|Check our website)"
)
_HASHTAG_LINE = re.compile(r"(?m)^\s*(?:#\S+\s*)+$")


def snapshot_entry_sha1(entry: Any) -> str:
    """SHA-1 of a snapshot entry's title + raw summary, as stored in items.jsonl (`text_sha1`)."""
    return text_sha1(entry.get("title", "") + "\n" + entry.get("summary", ""))


def snapshot_entry_text(entry: Any) -> tuple[str, str]:
    """Title and description of a feed-snapshot entry: tags stripped, the YouTube channel's
    boilerplate (subscribe links, hashtag lines) cut, white space collapsed; a description that
    repeats the title is empty."""
    import html

    summary = html.unescape(re.sub(r"<[^>]+>", " ", entry.get("summary", "") or ""))
    summary = _HASHTAG_LINE.sub("", _YOUTUBE_TAIL.split(summary, maxsplit=1)[0])
    title = " ".join(html.unescape(entry.get("title", "") or "").split())
    description = " ".join(summary.split())
    return title, "" if description.lower() == title.lower() else description


def snapshot_outlet(feed: str, snapshot: str) -> str:
    """The outlet of a snapshot item: the feed folder's name (`gesab001_headlines/bbc` -> `bbc`), or
    for a folder of single dated files the file's name without its date (`theguardian_world`)."""
    name = Path(feed).name
    if re.match(r"\d{8}T\d{6}", snapshot):
        return name
    return re.sub(r"_\d{4}-\d{2}-\d{2}$", "", Path(snapshot).stem)


def snapshot_item_texts(items: Iterable[dict[str, Any]], corpus_dir: str | Path) -> dict[str, dict[str, str]]:
    """Title, description, url and source of feed-snapshot timeline items (`feed`, `snapshot`,
    `link`, `text_sha1`), by rid. Each item is read from the snapshot file it was first seen in; a
    missing file or entry, or an entry whose SHA-1 differs, is a GoldError."""
    import feedparser

    items = list(items)
    root = Path(corpus_dir) / SNAPSHOTS
    entries: dict[tuple[str, str], dict[str, Any]] = {}
    for feed, snapshot in sorted({(i["feed"], i["snapshot"]) for i in items}):
        path = root / feed / snapshot
        if not path.is_file():
            raise GoldError(f"the feed snapshot {path} is not there")
        for entry in feedparser.parse(path.read_bytes()).entries:
            entries.setdefault((f"{feed}/{snapshot}", entry.get("link", "")), entry)
    out = {}
    for item in items:
        entry = entries.get((f"{item['feed']}/{item['snapshot']}", item["link"]))
        if entry is None:
            raise GoldError(f"{item['rid']}: {item['link']} not in {item['feed']}/{item['snapshot']}")
        if snapshot_entry_sha1(entry) != item["text_sha1"]:
            raise GoldError(f"{item['rid']}: {item['link']} has changed in the snapshot (text_sha1 differs)")
        title, description = snapshot_entry_text(entry)
        source = snapshot_outlet(item["feed"], item["snapshot"])
        out[item["rid"]] = {"title": title, "description": description, "url": item["link"], "source": source}
    return out


def _stream_item_texts(
    items: Iterable[dict[str, Any]], corpus_dir: str | Path, id_field: str = "rid"
) -> dict[str, dict[str, str]]:
    """Title, description (empty when it repeats the title), url and outlet of stream items
    (`link`, `stream`), by their `id_field`; GoldError for a link the streams lack."""
    items = list(items)
    texts = stream_texts(Path(corpus_dir) / "feeds/streams", {i["link"] for i in items})
    out = {}
    for item in items:
        text = texts.get(item["link"])
        if text is None:
            raise GoldError(f"{item[id_field]}: {item['link']} not found in the streams under {corpus_dir}")
        description = text["description"]
        if description.strip().lower() == text["title"].strip().lower():
            description = ""  # some feeds repeat the title as the description
        out[item[id_field]] = {
            "title": text["title"],
            "description": description,
            "url": item["link"],
            "source": _outlet(item.get("stream", ""), item["link"]),
        }
    return out


def recurrence_item_texts(items: list[dict[str, Any]], corpus_dir: str | Path) -> dict[str, dict[str, str]]:
    """Title, description, url and source of each timeline item, by rid: stream items (`link`) from
    the feed streams, snapshot items (`snapshot`) from the feed snapshots, Guardian corpus items
    (`row`) from the corpus zip."""
    out = _stream_item_texts([i for i in items if "link" in i and "snapshot" not in i], corpus_dir)
    snapshots = [i for i in items if "snapshot" in i]
    if snapshots:
        out.update(snapshot_item_texts(snapshots, corpus_dir))
    guardian = [i for i in items if "row" in i]
    if guardian:
        for rid, text in guardian_item_texts(guardian, corpus_dir).items():
            out[rid] = {**text, "source": "guardian"}
    return out


def load_recurrence_gold(
    gold_dir: str | Path, corpus_dir: str | Path, labels: str = "gold.jsonl", stories: str = "stories.jsonl"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """A real recurrence timeline (`recurrence_streams`: feed items; `recurrence_guardian`: Guardian
    articles read as feed items; `recurrence_snapshots`: items of saved feed snapshots) in the alert
    evaluation's format.

    Returns (timeline, expected, cut): timeline articles `{"id", "published", "source", "url",
    "title", "text", "story", "copy_of"}` sorted by time; the expected recurrence stories
    (`{"story", "kind": "recurrence", "key", "recurs", "first_published", "split"}`); and the
    cut date. A story belongs to `held_out` when its first report is on or after the cut (the
    median item date): the whole timeline is replayed, since a recurrence needs its history,
    and each half is scored on its own stories.
    """
    gold_dir = Path(gold_dir)
    items = {i["rid"]: i for i in read_jsonl(gold_dir / "items.jsonl")}
    label_rows = read_jsonl(gold_dir / labels)
    unknown = [row["rid"] for row in label_rows if row["rid"] not in items]
    if unknown:
        raise GoldError(f"{gold_dir / labels}: labels for items not in items.jsonl: {unknown[:5]}")
    texts = recurrence_item_texts(list(items.values()), corpus_dir)
    timeline = []
    for row in label_rows:
        item, text = items[row["rid"]], texts[row["rid"]]
        timeline.append(
            {
                "id": row["rid"],
                "published": item["published"],
                "source": text["source"],
                "url": text["url"],
                "title": text["title"],
                "text": text["description"],
                "story": row["story"],
                "copy_of": row.get("copy_of"),
            }
        )
    timeline.sort(key=lambda a: (a["published"], a["id"]))
    dates = sorted(a["published"][:10] for a in timeline)
    cut = dates[len(dates) // 2] if dates else ""
    first: dict[str, str] = {}
    for article in timeline:
        first.setdefault(article["story"], article["published"])
    expected = []
    for story in read_jsonl(gold_dir / stories):
        if story.get("role") != "recurrence":
            continue
        published = first.get(story["story"], story.get("event_date", ""))
        expected.append(
            {
                "story": story["story"],
                "kind": "recurrence",
                "type": story.get("type"),
                "key": story.get("key"),
                "recurs": story.get("recurs", []),
                "first_published": published,
                "split": "held_out" if published[:10] >= cut else "tune",
            }
        )
    return timeline, expected, cut


RECURRENCE_DAYS = (2, 60)  # a same-key story this many days earlier makes a recurrence
NEAR_MISS_DAYS = 60  # an earlier story sharing two of type/place/parties this close is a near-miss
NEVER_RECURS = ("MIL_DEPLOYMENT",)


def recurrence_roles(stories: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The role of every story of a recurrence timeline, computed from its type, key and event
    date by the rule in tests/gold/ALERTS.md (as applied in tests/gold/recurrence_streams):
    `recurrence` if an earlier story has the same key 2..60 days earlier (`recurs` lists all of
    them); else `near-miss` if an earlier story 0..60 days earlier shares exactly two of type,
    place and parties (the earliest such story is named); else `first` if a later story recurs on
    it; else `single`. MIL_DEPLOYMENT never recurs; noise stories (no key) are `noise`.
    Returns {story: {"role", "recurs", "reason"}}; `reason` is the text after `|` in `why`."""
    from datetime import date

    theatre = sorted((s for s in stories if s.get("key")), key=lambda s: (s["event_date"], s["story"]))
    day = {s["story"]: date.fromisoformat(s["event_date"]) for s in theatre}
    out: dict[str, dict[str, Any]] = {
        s["story"]: {"role": "noise", "recurs": [], "reason": ""} for s in stories if not s.get("key")
    }
    for n, story in enumerate(theatre):
        name, parts = story["story"], story["key"].split("|")
        earlier = [(e, (day[name] - day[e["story"]]).days) for e in theatre[:n]]
        recurs = [
            (e["story"], gap)
            for e, gap in earlier
            if story["type"] not in NEVER_RECURS
            and e["key"] == story["key"]
            and RECURRENCE_DAYS[0] <= gap <= RECURRENCE_DAYS[1]
        ]
        if recurs:
            reason = "recurs " + ", ".join(f"{s} ({gap} d)" for s, gap in recurs)
            out[name] = {"role": "recurrence", "recurs": [s for s, _ in recurs], "reason": reason}
            continue
        near = [
            (e["story"], gap, differ[0])
            for e, gap in earlier
            if gap <= NEAR_MISS_DAYS and len(differ := _key_differences(parts, e["key"])) == 1
        ]
        if near:
            other, gap, part = near[0]
            reason = f"near-miss of {other} ({gap} d earlier): same key except {part}"
            out[name] = {"role": "near-miss", "recurs": [], "reason": reason}
        else:
            out[name] = {
                "role": "single",
                "recurs": [],
                "reason": "single: no same-key story 2..60 d earlier",
            }
    for name, row in list(out.items()):
        later = sorted((s for s, r in out.items() if name in r["recurs"]), key=lambda s: (day[s], s))
        if later and row["role"] == "near-miss":
            row["reason"] += f"; also first of its key (recurs in {', '.join(later)})"
        elif later and row["role"] == "single":
            out[name] = {
                "role": "first",
                "recurs": [],
                "reason": f"first of key; recurs in {', '.join(later)}",
            }
    return out


KEY_PARTS = ("type", "place", "parties")


def _key_differences(parts: list[str], other_key: str) -> list[str]:
    """Which of type / place / parties differ between a split key and another key."""
    return [name for name, a, b in zip(KEY_PARTS, parts, other_key.split("|"), strict=True) if a != b]
