"""The feed-snapshot recurrence timeline (tests/gold/recurrence_snapshots): items located in the saved
feeds by snapshot + link + text hash, read back by the loader, roles recomputed from the story tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswatch.alert_eval import _timeline_kind, timeline_labels
from newswatch.gold_sets import (
    SNAPSHOTS,
    SPLITS,
    GoldError,
    load_recurrence_gold,
    read_jsonl,
    recurrence_roles,
    snapshot_item_texts,
    text_sha1,
)

GOLD = Path(__file__).parent / "gold"
SNAP = GOLD / "recurrence_snapshots"

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>BBC News</title><link>https://www.bbc.co.uk/news/</link>
<item><title>{title}</title><description>{summary}</description>
<link>https://www.bbc.co.uk/news/world-1</link><pubDate>Mon, 18 May 2020 10:00:00 GMT</pubDate></item>
</channel></rss>"""
YOUTUBE = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/"
 xmlns="http://www.w3.org/2005/Atom"><title>Al Jazeera English</title>
<entry><id>yt:video:abc</id><title>Haftar forces shell Tripoli airport</title>
<link rel="alternate" href="https://www.youtube.com/watch?v=abc"/><published>2020-05-09T18:40:51+00:00</published>
<media:group><media:title>Haftar forces shell Tripoli airport</media:title>
<media:description>Shelling hit fuel tanks at Mitiga.
Al Jazeera reports.

- Subscribe to our channel: http://aje.io/AJSubscribe
- Follow us on Twitter: https://twitter.com/AJEnglish

#Libya #AljazeeraEnglish</media:description></media:group></entry></feed>"""


def test_items_carry_no_text_and_are_ordered_by_time():
    items = read_jsonl(SNAP / "items.jsonl")
    assert [i["rid"] for i in items] == [f"n{n:03d}" for n in range(1, len(items) + 1)]
    assert [i["published"] for i in items] == sorted(i["published"] for i in items)
    assert len({i["link"] for i in items}) == len(items)
    for item in items:
        assert set(item) == {"rid", "link", "feed", "snapshot", "published", "text_sha1"}
    assert _timeline_kind(items) == "real-snapshot"


def test_loader_finds_every_snapshot_item(corpus):
    items = read_jsonl(SNAP / "items.jsonl")
    texts = snapshot_item_texts(items, corpus)
    assert set(texts) == {i["rid"] for i in items}
    assert all(t["title"] and t["url"] and t["source"] for t in texts.values())
    assert not any("Subscribe to our channel" in t["description"] for t in texts.values())
    if (SNAP / "pass_a.jsonl").is_file():
        labels, stories = timeline_labels(SNAP)
        timeline, expected, cut = load_recurrence_gold(SNAP, corpus, labels, stories)
        assert len(timeline) == len(items) and cut
        assert expected and {e["split"] for e in expected} <= set(SPLITS)
        assert json.dumps(timeline)


def _snapshot_corpus(root: Path, files: dict[str, str]) -> Path:
    for name, xml in files.items():
        path = root / SNAPSHOTS / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(xml, encoding="utf-8")
    return root


def test_loader_reads_the_first_snapshot_and_refuses_a_changed_or_missing_one(tmp_path):
    title, summary = "Libya's government retakes airbase", "Al Watiya was Haftar's base."
    rss = RSS.format(title=title, summary=summary)
    items = [
        {
            "rid": "n001",
            "link": "https://www.bbc.co.uk/news/world-1",
            "feed": "x/bbc",
            "snapshot": "20200518T120000+1200_a.xml",
            "published": "2020-05-18T10:00:00+00:00",
            "text_sha1": text_sha1(title + "\n" + summary),
        },
        {
            "rid": "n002",
            "link": "https://www.youtube.com/watch?v=abc",
            "feed": "x/aljazeeraenglish",
            "snapshot": "20200510T090000+1200_b.xml",
            "published": "2020-05-09T18:40:51+00:00",
            "text_sha1": "",
        },
    ]
    same = _snapshot_corpus(
        tmp_path / "same",
        {"x/bbc/20200518T120000+1200_a.xml": rss, "x/aljazeeraenglish/20200510T090000+1200_b.xml": YOUTUBE},
    )
    with pytest.raises(GoldError, match="changed"):  # n002's hash is wrong
        snapshot_item_texts(items, same)
    texts = snapshot_item_texts(items[:1], same)
    assert texts["n001"] == {
        "title": title,
        "description": summary,
        "url": items[0]["link"],
        "source": "bbc",
    }
    import feedparser

    entry = feedparser.parse(YOUTUBE.encode()).entries[0]
    items[1]["text_sha1"] = text_sha1(entry["title"] + "\n" + entry["summary"])
    youtube = snapshot_item_texts(items, same)["n002"]
    assert youtube["description"] == "Shelling hit fuel tanks at Mitiga. Al Jazeera reports."
    assert youtube["source"] == "aljazeeraenglish"
    changed = _snapshot_corpus(
        tmp_path / "changed", {"x/bbc/20200518T120000+1200_a.xml": RSS.format(title=title, summary="Other.")}
    )
    with pytest.raises(GoldError, match="changed"):
        snapshot_item_texts(items[:1], changed)
    with pytest.raises(GoldError, match="not there"):
        snapshot_item_texts(items[:1], tmp_path / "nowhere")


TABLES = [("pass_a.jsonl", "stories_pass_a.jsonl"), ("pass_b.jsonl", "stories_pass_b.jsonl")]
TABLES += [("gold.jsonl", "stories.jsonl")]


@pytest.mark.parametrize(("labels", "table"), TABLES)
def test_roles_recompute_from_the_table(labels, table):
    path = SNAP / table
    if not path.is_file():
        pytest.skip(f"{path} not written yet")
    rows = read_jsonl(path)
    roles = recurrence_roles(rows)
    for row in rows:
        assert (row["role"], row["recurs"]) == (roles[row["story"]]["role"], roles[row["story"]]["recurs"]), (
            row
        )
    by_story = {r["story"]: r for r in rows}
    rids = {i["rid"] for i in read_jsonl(SNAP / "items.jsonl")}
    label_rows = read_jsonl(SNAP / labels)
    assert {r["rid"] for r in label_rows} == rids  # every item labelled once
    for label in label_rows:
        assert label["story"] in by_story and label.get("key") == by_story[label["story"]]["key"]


def test_eval_alerts_scores_the_snapshot_timeline_by_default():
    from newswatch.cli.evals import REAL_TIMELINES

    assert [p.name for p in REAL_TIMELINES][-1] == "recurrence_snapshots"
    assert all((p / "items.jsonl").is_file() for p in REAL_TIMELINES)
    assert timeline_labels(SNAP)[0] in ("gold.jsonl", "pass_a.jsonl")
