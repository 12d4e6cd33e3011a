"""Floors for the tagger's figures (docs/tagging.md): a regression below them fails CI.

Measured (see docs/tagging.md for the commands): gold theatre micro-F1 0.980, gold event-type
micro-F1 0.88, PLOVER micro-F1 0.63, Guardian `syria` recall 0.99. Floors sit a little below.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.evaluation import (
    PRF,
    evaluate_guardian,
    evaluate_plover,
    evaluate_tagging,
    format_report,
    load_gold,
    load_seed_expectations,
    plover_category,
)
from newswatch.seeds import SeedError
from newswatch.stages.process import get_tagger

GOLD = Path(__file__).parent / "gold" / "tagging.jsonl"


@pytest.fixture(scope="module")
def gold_report():
    return evaluate_tagging(load_gold(GOLD), SEEDS_DIR, get_tagger(SEEDS_DIR))


def test_gold_theatre_f1_floor(gold_report):
    micro = gold_report.micro(gold_report.tags)
    assert micro.f1 >= 0.95, format_report(gold_report)
    assert micro.precision >= 0.93  # hard negatives stay untagged


def test_gold_event_type_f1_floor(gold_report):
    assert gold_report.micro(gold_report.types).f1 >= 0.85, format_report(gold_report)


def test_plover_f1_floor(corpus):
    report = evaluate_plover(corpus / "labeled" / "plover_gsr" / "PLOVER_GSR_CAMEO.json", SEEDS_DIR)
    assert report.micro(report.types).f1 >= 0.60, format_report(report)


def test_guardian_syria_recall_floor(corpus):
    path = corpus / "corpora" / "guardian_sdf_syria_2017-2019" / "Guardian_SDF_sample.csv.zip"
    report = evaluate_guardian(path, SEEDS_DIR)
    assert report.items == 249
    # The publisher files all 249 under Syria, but by the taxonomy's *about* test some are
    # not (the adjudicated sample in tests/gold/articles: 41 of 60 are). Until round 4 the
    # relevance model trained on the leads of all 249 as weak `syria` positives (0.96 here,
    # partly memorised, and a leak into recurrence_guardian's held-out half); retrained
    # without them in round 5 it gives 0.912 (227/249). The floor guards against a collapse,
    # not a score: the about-test figures are `newswatch eval tagging --split both`.
    assert report.recall >= 0.90, report.misses


def test_prf_arithmetic():
    prf = PRF()
    prf.add({"a", "b"}, {"b", "c"})
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 1)
    assert prf.precision == prf.recall == prf.f1 == 0.5


def test_plover_category_is_deterministic():
    class Ev:
        def __init__(self, type_, trigger, status="reported"):
            self.type, self.trigger, self.status = type_, trigger, status
            self.sentence, self.sentence_index = "Jets struck and the sides agreed a truce.", 0

    events = [Ev("CEASEFIRE", "truce"), Ev("AIRSTRIKE", "struck")]
    assert plover_category(events, "ASSAULT") == "ASSAULT"  # a strike may be coded either way
    assert plover_category(events, "AGREE") == "FIGHT"  # the first trigger is the main event
    assert plover_category([Ev("MEETING", "meet", "announced")]) == "AGREE"
    assert plover_category([Ev("MEETING", "meet", "denied")]) is None


# -- the seed article's expected events (seeds/seed_article_expected.yaml) ---------------------

_SEED_OK = """published: 2020-07-01
events:
  - name: talks put off
    type: MEETING_POSTPONED
    parties: [state:rus]
    checks: {status: [postponed, announced], event_date: 2020-07-01}
"""


def test_the_shipped_seed_expectations_load():
    seed = load_seed_expectations()
    assert seed.published.isoformat() == "2020-07-01" and len(seed.events) == 14
    assert len({e.name for e in seed.events}) == 14


def test_seed_expectations_are_validated_with_file_and_line(tmp_path):
    path = tmp_path / "expected.yaml"
    path.write_text(_SEED_OK)
    (event,) = load_seed_expectations(path).events
    assert event.checks["status"] == frozenset({"postponed", "announced"})
    bad = {
        "type: MEETING_POSTPONED": (
            "type: MEETING_POSTPOND",
            r"expected.yaml:3: event #1: .*MEETING_POSTPOND",
        ),
        "checks: {": ("chekcs: {", r"expected.yaml:3: event #1: unknown key\(s\) \['chekcs'\]"),
        "status: [": ("stattus: [", r"expected.yaml:6: event #1: checks: \['stattus'\] are not event fields"),
        "published: 2020-07-01": ("published: soon", r"expected.yaml:1: 'published' must be a date"),
    }
    for old, (new, message) in bad.items():
        path.write_text(_SEED_OK.replace(old, new))
        with pytest.raises(SeedError, match=message):
            load_seed_expectations(path)
    path.write_text(_SEED_OK + _SEED_OK.split("events:\n")[1])
    with pytest.raises(
        SeedError, match=r"expected.yaml:7: duplicate name 'talks put off' \(first at line 3\)"
    ):
        load_seed_expectations(path)
