"""The per-document caches (doc_index) and the token-array helpers answer exactly what the
spaCy attributes they replace answer: they exist for speed only."""

from __future__ import annotations

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.stages.process import get_tagger
from newswatch.tagging.doc_index import doc_ents, doc_sents, remember_text, sentence_ents, span_text
from newswatch.tagging.places import drop_ambiguous
from newswatch.tagging.theatre_scoring import TheatreScorer, title_tokens

TITLE = "Turkish drones strike Idlib as Russia, Turkey hold talks  "
BODY = (
    "Syrian Kurdish forces said on Monday that Turkish-backed fighters shelled Afrin.\n\n"
    "Sergei Lavrov met Mevlut Cavusoglu in Ankara!  The M4 highway stayed closed...\n"
    "A Ramadan recipe from Aleppo: no war here. Tripoli, Lebanon was quiet"
)


@pytest.fixture(scope="module")
def nlp():
    return get_tagger(SEEDS_DIR).nlp


@pytest.fixture(scope="module")
def doc(nlp):
    text = f"{TITLE}\n\n{BODY}"
    doc = nlp(text)
    drop_ambiguous(doc)
    remember_text(doc, text)
    return doc


def test_the_text_the_doc_was_made_from_is_its_text(doc):
    assert doc.user_data["newswatch_text"] == doc.text


def test_cached_ents_and_sentences_are_spacys(doc):
    assert doc_ents(doc) == doc.ents and len(doc.ents) > 5
    assert doc_sents(doc) == list(doc.sents) and len(doc_sents(doc)) >= 5


def test_span_text_is_span_text(doc):
    spans = [*doc.sents, *doc.ents, doc[0:0], doc[3:3], doc[:], doc[len(doc) - 1 :]]
    for span in spans:
        assert span_text(span) == span.text, span


def test_sentence_ents_are_the_ents_inside_each_sentence(doc):
    for sent in doc.sents:
        assert sentence_ents(sent) == list(sent.ents)


def test_sentence_ents_without_remembered_text(nlp):
    doc = nlp("Idlib. Damascus and Aleppo.\nTripoli")
    assert [sentence_ents(s) for s in doc.sents] == [list(s.ents) for s in doc.sents]
    assert [span_text(s) for s in doc.sents] == [s.text for s in doc.sents]


@pytest.mark.parametrize("title", ["", "Syria", "Idlib talks   ", "A much longer headline about Libya"])
def test_title_tokens_counts_the_headline_tokens(nlp, title):
    doc = nlp(f"{title}\n\nBody text about Syria." if title else "Body text about Syria.")
    naive = next((t.i for t in doc if t.idx >= len(title)), len(doc))
    assert title_tokens(doc, len(title)) == naive
    assert title_tokens(nlp(""), 0) == 0


def test_culture_headline_reads_only_the_headline(nlp):
    doc = nlp("Ramadan recipe: lentil soup\n\nA dish from Aleppo.")
    assert TheatreScorer.culture_headline(doc, len("Ramadan recipe: lentil soup"))
    doc = nlp("Shelling hits Aleppo\n\nA Ramadan recipe.")
    assert not TheatreScorer.culture_headline(doc, len("Shelling hits Aleppo"))
    assert not TheatreScorer.culture_headline(doc, 0)


def test_fast_sentences_split_after_end_punctuation_and_breaks(nlp):
    # the sentence starts the isin-based version gave (checked on be33cb5)
    doc = nlp("Talks ended... Then what? Nothing!\n\nNew para. (Quote.) end")
    assert [t.text for t in doc if t.is_sent_start] == ["Talks", "Nothing", "\n\n", "New", "(", ")"]
