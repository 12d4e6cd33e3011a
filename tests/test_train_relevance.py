"""The relevance classifier's training data (scripts/train_relevance.py): labels from the
recurrence timelines' story keys, and no held-out item of any gold set among the examples."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from newswatch.gold_sets import load_recurrence_gold

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def train():
    spec = importlib.util.spec_from_file_location("train_relevance", ROOT / "scripts/train_relevance.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("key", "tags"),
    [
        ("AIRSTRIKE|adm1:syr-idlib|state:rus+state:syr", {"syria"}),
        ("CEASEFIRE|state:lby|org:gna+org:lna", {"libya"}),
        ("TALKS|state:syr|state:irn+state:rus+state:tur", {"syria", "turkey-russia-iran"}),
        ("TALKS|state:rus|state:irn+state:rus", {"turkey-russia-iran"}),
        ("TALKS|state:sau|state:sau+state:syr", None),  # in-theatre, theatre not in the key
    ],
)
def test_key_theatres(train, key, tags):
    assert train.key_theatres(key) == tags


def test_recurrence_examples_are_tune_only(train, corpus):
    stream_links = train.gold_links()
    examples = train.recurrence_examples(corpus, stream_links, set())
    seen = {gid for *_, gid in examples}
    assert seen, "no recurrence examples"
    for name in train.RECURRENCE_SETS:
        timeline, _expected, cut = load_recurrence_gold(ROOT / "tests/gold" / name, corpus)
        first: dict[str, str] = {}
        for article in timeline:
            first.setdefault(article["story"], article["published"][:10])
        for article in timeline:
            if f"{name}:{article['id']}" in seen:
                assert article["published"][:10] < cut and first[article["story"]] < cut
                assert article["url"] not in stream_links
