"""Copy detection: exact copies, near copies (wire re-posts), different stories kept apart.

The unit tests run on three invented wire stories written out below, so they always run;
the same checks on real articles, and the SimHash distance distribution NEAR_COPY_BITS is
chosen on (docs/ingestion.md; `pytest -s` prints it), need ../shared/corpus and skip without it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newswatch import dedup
from newswatch.ingest import mark_copies

EDITS: dict[str, Callable[[str], str]] = {
    "dateline": lambda t: "BEIRUT (Reuters) - " + t,
    "byline": lambda t: "By Sarah Ahmed, Middle East correspondent\n" + t,
    "trailer": lambda t: t + "\nRead more: Syria crisis live updates. Follow us on Twitter and Facebook.",
    "all three": lambda t: (
        "By Sarah Ahmed\nBEIRUT (Reuters) - "
        + t
        + "\nRead more: Syria crisis live updates. Follow us on Twitter and Facebook."
    ),
}


# Invented stories (~150-220 words, the length of a short wire piece); none is a copy of another.
WIRE = (
    "Turkish and Russian troops resumed joint patrols on the M4 highway in Idlib province on Tuesday,"
    " a week after a roadside bomb struck an armoured vehicle near the town of Ariha and wounded "
    "three soldiers. The patrol set out from the village of Tronba west of Saraqeb and drove about "
    "twenty kilometres towards Jisr al-Shughur before turning back, according to a statement from the"
    " Turkish defence ministry. Drones flew overhead and engineers checked the road surface ahead of "
    "the convoy. Residents said shops in the market of Ariha stayed closed for most of the morning "
    "while the vehicles passed. The agreement signed in Moscow in March set up a security corridor "
    "six kilometres deep on each side of the highway, which links Aleppo with Latakia on the coast, "
    "but armed groups opposed to the deal have attacked the patrols several times since then. A "
    "spokesman for one of the groups denied any role in the latest blast and blamed what he called "
    "provocateurs working for the government in Damascus. Russian officials said the patrols would "
    "continue every week and that the corridor would be extended once the road was safe. Humanitarian"
    " agencies warned that renewed fighting could push tens of thousands more people towards camps "
    "along the Turkish border, where shelters are already crowded and winter supplies are running "
    "short."
)
OTHER = (
    "The United Nations envoy for Libya said on Thursday that talks between the rival administrations"
    " would move to Geneva next month after a week of meetings in Tunis produced agreement on a "
    "timetable for elections but not on the powers of a transitional executive. Delegates from the "
    "east and the west of the country spent most of the final session arguing over who would control "
    "the central bank and the national oil corporation, whose revenues fund salaries across both "
    "territories. The envoy told reporters that both sides had accepted the principle of a unified "
    "government and a ceasefire monitoring committee based in Sirte, and that foreign fighters should"
    " leave within ninety days. Diplomats in Tripoli were cautious, noting that similar promises made"
    " last year were never carried out and that mercenaries remained at the Jufra air base. Oil "
    "output has recovered to more than a million barrels a day since the blockade of the eastern "
    "terminals was lifted in September, easing a fuel shortage that had caused long power cuts in "
    "Benghazi and Misrata during the summer."
)
THIRD = (
    "Iran's foreign minister arrived in Ankara on Monday for talks with his Turkish counterpart on "
    "trade, border security and the war in Syria, the first visit by a senior Iranian official since "
    "flights between the two countries were suspended in the spring. Officials said they expected to "
    "sign an agreement reopening two crossings on the shared frontier to lorries carrying food and "
    "medicine, and to discuss a gas contract that expires in two years. The minister is also due to "
    "meet the president before travelling on to Baku. Turkish exporters have complained that the "
    "closure of the border cost them hundreds of millions of dollars in lost sales of textiles, steel"
    " and farm produce, while Iranian truck drivers were stranded for weeks at the Gurbulak crossing."
    " Analysts in Istanbul said the visit showed that both governments wanted to keep economic ties "
    "apart from their disagreements over the Syrian conflict, where they back opposite sides."
)
STORIES = [WIRE, OTHER, THIRD]


@pytest.fixture(scope="module")
def articles(corpus: Path) -> list[str]:
    path = corpus / "corpora/guardian_sdf_syria_2017-2019/Guardian_SDF_sample.csv.zip"
    with zipfile.ZipFile(path) as archive, archive.open("Guardian_SDF_sample.csv") as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        texts = list(dict.fromkeys(r["text"] for r in rows if r["text"].strip()))
    assert len(texts) >= 240
    return texts


def _first_words(text: str, n: int | None) -> str:
    return " ".join(text.split()[:n]) if n else text


def _percentile(values: list[int], q: float) -> int:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


@pytest.mark.parametrize(("length", "min_detected"), [(200, 0.99), (None, 0.999)])
def test_simhash_separates_edited_copies_from_different_stories(articles, length, min_detected):
    texts = [_first_words(t, length) for t in articles]
    hashes = [dedup.simhash(t) for t in texts]
    near = {
        name: [dedup.hamming(h, dedup.simhash(edit(t))) for t, h in zip(texts, hashes, strict=True)]
        for name, edit in EDITS.items()
    }
    different = [
        dedup.hamming(hashes[i], hashes[j]) for i in range(len(hashes)) for j in range(i + 1, len(hashes))
    ]
    all_near = [d for ds in near.values() for d in ds]
    detected = sum(d <= dedup.NEAR_COPY_BITS for d in all_near) / len(all_near)
    label = f"{length} words" if length else "whole articles"
    print(
        f"\n{label}: edited copies ({len(all_near)}): "
        + ", ".join(f"{k} max {max(v)}" for k, v in near.items())
        + f"; median {_percentile(all_near, 0.5)}, p99 {_percentile(all_near, 0.99)}; "
        f"within {dedup.NEAR_COPY_BITS} bits {detected:.1%}\n"
        f"{label}: different articles, same topic ({len(different)} pairs): min {min(different)}, "
        f"p1 {_percentile(different, 0.01)}, median {_percentile(different, 0.5)}"
    )
    assert detected >= min_detected
    assert min(different) > dedup.NEAR_COPY_BITS + 2, "a margin between copies and different stories"
    assert _percentile(different, 0.5) >= 28


def _assert_exact_copies_ignore_whitespace_case_and_punctuation(text: str, other: str) -> None:
    variants = [
        text.upper(),
        "  " + text.replace(" ", "\n  ") + "\n\n",
        text.replace(", ", " ; ").replace(". ", "! "),
    ]
    assert {dedup.text_hash(v) for v in variants} == {dedup.text_hash(text)}
    assert dedup.text_hash(other) != dedup.text_hash(text)
    assert dedup.text_hash(text + " Updated.") != dedup.text_hash(text), "a word more is not the same text"


def test_exact_copies_ignore_whitespace_case_and_punctuation():
    _assert_exact_copies_ignore_whitespace_case_and_punctuation(WIRE, OTHER)


def test_exact_copies_on_real_articles(articles):
    _assert_exact_copies_ignore_whitespace_case_and_punctuation(articles[0], articles[1])


def test_edited_copies_are_near_and_different_stories_far():
    """The three invented stories: every edit stays within NEAR_COPY_BITS, every pair of
    different stories is well outside it."""
    for text in STORIES:
        original = dedup.simhash(text)
        for name, edit in EDITS.items():
            assert dedup.hamming(original, dedup.simhash(edit(text))) <= dedup.NEAR_COPY_BITS, name
    hashes = [dedup.simhash(t) for t in STORIES]
    distances = [dedup.hamming(a, b) for i, a in enumerate(hashes) for b in hashes[i + 1 :]]
    assert min(distances) > 2 * dedup.NEAR_COPY_BITS, distances


def _row(article_id: str, text: str, hours: int) -> dict:
    return {
        "article_id": article_id,
        "text_hash": dedup.text_hash(text),
        "simhash": dedup.simhash(text),
        "published_at": datetime(2026, 3, 2, tzinfo=UTC) + timedelta(hours=hours),
        "copy_of": None,
    }


def _assert_mark_copies_on_a_batch(wire: str, other: str, third: str) -> None:
    rows = [
        _row("reposted", EDITS["all three"](wire), 2),
        _row("original", wire, 0),
        _row("shouting", wire.upper(), 3),
        _row("other-story", other, 1),
        _row("third-story", third, 4),
    ]
    known = [("stored-long-ago", dedup.text_hash(third), dedup.simhash(third))]
    assert mark_copies(rows, known) == 3
    copy_of = {r["article_id"]: r["copy_of"] for r in rows}
    assert copy_of == {
        "original": None,
        "other-story": None,
        "reposted": "original",
        "shouting": "original",
        "third-story": "stored-long-ago",
    }


def test_mark_copies_on_a_batch():
    _assert_mark_copies_on_a_batch(WIRE, OTHER, THIRD)


def test_mark_copies_on_real_articles(articles):
    _assert_mark_copies_on_a_batch(articles[3], articles[4], articles[5])


def test_short_texts_are_not_near_matched():
    short = "Russia and Turkey postponed talks on Idlib again."
    assert dedup.simhash(short) is None
    assert dedup.find_copy_of(dedup.text_hash(short + " today"), None, [("x", "h", None)]) is None


def simhash_reference(text: str) -> int | None:
    """SimHash by its plain definition (one loop per shingle and bit), the oracle for the
    vectorised `dedup.simhash`: bit i is set when more shingle hashes have it set than not."""
    tokens = dedup.words(text)
    if len(tokens) < dedup.MIN_WORDS_FOR_NEAR:
        return None
    weights = [0] * 64
    for i in range(len(tokens) - dedup.SHINGLE + 1):
        shingle = " ".join(tokens[i : i + dedup.SHINGLE]).encode()
        h = int.from_bytes(hashlib.blake2b(shingle, digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if (h >> bit) & 1 else -1
    return sum(1 << bit for bit in range(64) if weights[bit] > 0)


def test_fast_simhash_equals_the_reference():
    edited = [edit(t) for t in STORIES for edit in EDITS.values()]
    for text in STORIES + edited + ["word " * 25, "مرحبا " * 30, WIRE.upper()]:
        assert dedup.simhash(text) == simhash_reference(text)
    assert dedup.simhash("a b c " * 9) is not None and dedup.simhash("too short") is None


def test_fast_simhash_equals_the_reference_on_real_articles(articles):
    for text in articles[:40] + [EDITS["byline"](articles[0])]:
        assert dedup.simhash(text) == simhash_reference(text)


def test_copy_index_answers_like_find_copy_of():
    """The vectorised index behind mark_copies gives the linear scan's answer (the earliest
    matching entry), for exact copies, near copies and texts without a SimHash."""
    import random

    rng = random.Random(7)
    pool = []
    for i in range(2500):
        text_hash = rng.choice(["a", "b"] + [f"x{i}"] * 30)
        sim = None if rng.random() < 0.1 else rng.getrandbits(64)
        if pool and rng.random() < 0.3:
            earlier = pool[rng.randrange(len(pool))][2]
            if earlier is not None:
                sim = earlier ^ (1 << rng.randrange(64)) ^ (1 << rng.randrange(64))
        pool.append((f"id{i}", text_hash, sim))
    index = dedup.CopyIndex(pool[:500])
    reference = list(pool[:500])
    for entry in pool[500:]:
        assert index.find(entry[1], entry[2]) == dedup.find_copy_of(entry[1], entry[2], reference)
        reference.append(entry)
        index.add(*entry)
