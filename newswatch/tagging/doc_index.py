"""Per-document indexes over a spaCy Doc, kept in `doc.user_data` so that every sentence
of a long article is answered without rescanning the whole document."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable

from spacy.tokens import Doc, Span

Match = tuple[int, int, int]  # (match id, start token, end token)
SENT_ENTS_KEY = "newswatch_sent_ents"


def sentence_ents(sent: Span) -> list[Span]:
    """The entities of a sentence. Span.ents scans every entity of the doc on each call;
    this indexes them once per doc (in doc.user_data), which keeps long articles fast."""
    doc = sent.doc
    index = doc.user_data.get(SENT_ENTS_KEY)
    if index is None:
        index = defaultdict(list)
        for ent in doc.ents:
            index[_sent_start(doc, ent.start)].append(ent)
        doc.user_data[SENT_ENTS_KEY] = index
    return index.get(sent.start, [])


def forget_sentence_ents(doc: Doc) -> None:
    """Drop the index after `doc.ents` changed."""
    doc.user_data.pop(SENT_ENTS_KEY, None)


def _sent_start(doc: Doc, i: int) -> int:
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


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
