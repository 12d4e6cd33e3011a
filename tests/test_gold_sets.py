"""The independent gold sets: files consistent, loaders find every text, kappa computed right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newswatch.gold_sets import (
    SPLITS,
    agreement,
    cohen_kappa,
    load_article_gold,
    load_recurrence_gold,
    load_stream_gold,
    read_jsonl,
)

GOLD = Path(__file__).parent / "gold"


def test_kappa_matches_hand_computation():
    # 10 items: both yes 3, both no 5, disagree 2 -> po 0.8, pe 0.4*0.4+0.6*0.6=0.52
    a = [True] * 3 + [False] * 5 + [True, False]
    b = [True] * 3 + [False] * 5 + [False, True]
    assert cohen_kappa(a, b) == pytest.approx((0.8 - 0.52) / (1 - 0.52))
    assert cohen_kappa([True, False], [True, False]) == 1.0


def test_agreement_counts_tags_and_event_types():
    a = [
        {"gid": "1", "tags": ["syria"], "events": [{"type": "AIRSTRIKE"}]},
        {"gid": "2", "tags": [], "events": []},
    ]
    b = [
        {"gid": "1", "tags": ["syria"], "events": [{"type": "SHELLING"}]},
        {"gid": "2", "tags": [], "events": []},
    ]
    result = agreement(a, b)
    assert result["syria"]["kappa"] == 1.0 and result["syria"]["both"] == 1
    assert result["event_type"]["items"] == 1 and result["event_type"]["kappa"] < 1.0


@pytest.mark.parametrize("name", ["streams", "articles"])
def test_gold_is_the_adjudicated_merge_of_two_passes(name):
    items = {i["gid"]: i for i in read_jsonl(GOLD / name / "items.jsonl")}
    gold = {g["gid"]: g for g in read_jsonl(GOLD / name / "gold.jsonl")}
    pass_a = {g["gid"]: g for g in read_jsonl(GOLD / name / "pass_a.jsonl")}
    pass_b = {g["gid"]: g for g in read_jsonl(GOLD / name / "pass_b.jsonl")}
    decided = {d["gid"] for d in read_jsonl(GOLD / name / "adjudication.jsonl")}
    assert set(gold) == set(items) == set(pass_a) == set(pass_b)
    assert {i["split"] for i in items.values()} == set(SPLITS)
    for gid, label in gold.items():
        if gid not in decided:  # agreed items are pass A's labels
            assert label["tags"] == pass_a[gid]["tags"] and set(label["tags"]) == set(pass_b[gid]["tags"])
    # labels only: no titles or descriptions in the repository
    for row in items.values():
        assert not {"title", "description", "text"} & set(row)


def test_split_is_by_date():
    items = read_jsonl(GOLD / "streams" / "items.jsonl")
    tune = max(i["date"] for i in items if i["split"] == "tune")
    held = min(i["date"] for i in items if i["split"] == "held_out")
    assert tune <= held


def test_loaders_find_every_text(corpus):
    for split in SPLITS:
        streams = load_stream_gold(GOLD / "streams", corpus, split=split)
        assert streams and all(i["title"] and i["split"] == split for i in streams)
    articles = load_article_gold(GOLD / "articles", corpus)
    assert len(articles) == 124 and all(a["text"] for a in articles)
    timeline, expected, cut = load_recurrence_gold(GOLD / "recurrence_streams", corpus)
    assert len(timeline) == 265 and cut
    assert {e["split"] for e in expected} == set(SPLITS)
    assert json.dumps(timeline)  # plain data the replay can read


def test_an_item_marked_excluded_is_labelled_but_never_scored():
    from newswatch.gold_sets import _labelled

    items = read_jsonl(GOLD / "streams" / "items.jsonl")
    labels = read_jsonl(GOLD / "streams" / "gold.jsonl")
    excluded = {i["gid"] for i in items if i.get("excluded")}
    assert excluded and excluded <= {lab["gid"] for lab in labels}  # labelled like the rest
    scored = {item["gid"] for item, _label in _labelled(items, labels, None)}
    assert not scored & excluded and len(scored) == len(items) - len(excluded)
