"""Per-document indexes over a spaCy Doc, kept in `doc.user_data` so that every sentence
of a long article is answered without rescanning the whole document."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span

Match = tuple[int, int, int]  # (match id, start token, end token)
SENT_ENTS_KEY = "newswatch_sent_ents"
ENTS_KEY = "newswatch_ents"
TEXT_KEY = "newswatch_text"
SENTS_KEY = "newswatch_sents"
LOWERS_KEY = "newswatch_lowers"


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once per doc: Doc.ents makes a new Span (and reads two Tokens) for
    every entity on each call, and tagging one text asks for them about ten times."""
    ents = doc.user_data.get(ENTS_KEY)
    if ents is None:
        ents = doc.user_data[ENTS_KEY] = doc.ents
    return ents


def doc_sents(doc: Doc) -> list[Span]:
    """`list(doc.sents)`, built once per doc (theatre scoring, event assembly and the
    entity index each need the sentences). A doc nobody split into sentences (a bare
    `spacy.blank` doc, as the unit tests build) is one sentence, as a span of it was before
    the sentences were indexed, instead of spaCy's "sentence boundaries unset" error."""
    sents = doc.user_data.get(SENTS_KEY)
    if sents is None:
        whole = not doc.has_annotation("SENT_START")
        sents = doc.user_data[SENTS_KEY] = [doc[:]] if whole else list(doc.sents)
    return sents


def doc_lowers(doc: Doc) -> list[str]:
    """Every token's `lower_`, read once per doc from the LOWER array: the trigger and road
    checks look at windows of words, and `doc[i].lower_` makes a new Token on every read."""
    lowers = doc.user_data.get(LOWERS_KEY)
    if lowers is None:
        strings = doc.vocab.strings
        lowers = doc.user_data[LOWERS_KEY] = [strings[h] for h in doc.to_array(LOWER).tolist()]
    return lowers


def span_text(span: Span) -> str:
    """`span.text` (the same string), sliced from the doc's text: Span.text joins a new
    Token per word on every call, and event assembly reads a sentence's text several times."""
    doc = span.doc
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text[span.start_char : span.end_char]


def remember_text(doc: Doc, text: str) -> None:
    """Keep the string the doc was made from: spaCy's tokenizer loses nothing (doc.text ==
    text), and Doc.text would rebuild it from a new Token per word."""
    doc.user_data[TEXT_KEY] = text


def sentence_ents(sent: Span) -> list[Span]:
    """The entities of a sentence. Span.ents scans every entity of the doc on each call;
    this indexes them once per doc (in doc.user_data), which keeps long articles fast."""
    doc = sent.doc
    index = doc.user_data.get(SENT_ENTS_KEY)
    if index is None:
        index = defaultdict(list)
        # each entity's sentence by bisecting the sentence starts, instead of walking back
        # Token by Token from every entity
        starts = [s.start for s in doc_sents(doc)] or [0]
        for ent in doc_ents(doc):
            index[starts[bisect.bisect_right(starts, ent.start) - 1]].append(ent)
        doc.user_data[SENT_ENTS_KEY] = index
    return index.get(sent.start, [])


def forget_sentence_ents(doc: Doc) -> None:
    """Drop the entity indexes after `doc.ents` changed."""
    doc.user_data.pop(SENT_ENTS_KEY, None)
    doc.user_data.pop(ENTS_KEY, None)


def in_sentence(sent: Span, matches: list[Match]) -> list[Match]:
    """The matches (sorted by start, end) that lie inside a sentence."""
    lo = bisect.bisect_left(matches, (sent.start, -1, -1), key=lambda m: (m[1], -1, -1))
    out = []
    for m in matches[lo:]:
        if m[1] >= sent.end:
            break
        if m[2] <= sent.end:
            out.append(m)
    return out


def sentence_matches(sent: Span, name: str, matcher: Callable[[Doc], list[Match]]) -> list[Match]:
    """Matches of a matcher inside a sentence; the matcher runs once per doc."""
    doc = sent.doc
    key = f"newswatch_{name}"
    matches = doc.user_data.get(key)
    if matches is None:
        matches = sorted(matcher(doc), key=lambda m: (m[1], m[2]))
        doc.user_data[key] = matches
    return in_sentence(sent, matches)
