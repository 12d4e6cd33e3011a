"""The spaCy pipeline: blank(lang) + sentencizer + EntityRulers built from the gazetteer.

Aliases in ALL CAPS (TIP, SNA, HTS) match with exact case; every other alias matches
case-insensitively and with or without diacritics (the ruler sees both the alias and its
folded form), so "Erdoğan", "Erdogan" and "ERDOGAN" all find person:erdogan.
"""

from __future__ import annotations

import numpy
import spacy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline.sentencizer import Sentencizer

from newswatch.tagging.gazetteer import Gazetteer, fold

SUPPORTED_LANGS = {"en", "ar", "tr", "ru", "fa", "fr", "de", "es", "it"}
# Phrases in which a theatre name is not the place or the state: matched before the
# gazetteer (longest match wins), labelled NOT_ENTITY and given no id, so they count for nothing.
NON_ENTITY_PHRASES = [
    "Aleppo pepper",
    "Aleppo soap",
    "Aleppo pine",
    "Damascus steel",
    "Damascus rose",
    "Damascus knife",
    "Syria Star",
    "Sputnik V",
    "Astana Qazaqstan",
    "Astana team",
    "Astana cycling team",
    "Turkish delight",
    "Turkish coffee",
    "Turkish bath",
    "Persian rug",
    "Persian carpet",
    "Persian cat",
    "Russian roulette",
    "Russian dolls",
]
NON_ENTITY = "NOT_ENTITY"


@Language.component("newline_sentences")
def newline_sentences(doc):
    """Paragraph breaks end sentences (headlines and sub-heads have no full stop)."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or token.text.endswith("\n"):
            doc[i + 1].is_sent_start = True
    return doc


_SENT_END = [c for c in Sentencizer.default_punct_chars]


@Language.factory("fast_sentences")
def make_fast_sentences(nlp: Language, name: str):
    """Sentence starts after . ! ? (spaCy's sentencizer rule) and after paragraph breaks,
    computed on arrays: several times faster than sentencizer + a Python loop."""
    ends = numpy.unique(numpy.array([nlp.vocab.strings.add(c) for c in _SENT_END], dtype="uint64"))

    def fast_sentences(doc):
        n = len(doc)
        if n == 0:
            return doc
        arr = doc.to_array([ORTH, IS_SPACE])
        # membership by binary search in the sorted hashes: numpy.isin sorts both arrays on
        # every call, a fixed cost that showed on short feed items
        orth = arr[:, 0]
        punct = ends[numpy.minimum(numpy.searchsorted(ends, orth), len(ends) - 1)] == orth
        starts = numpy.zeros(n, dtype=bool)
        starts[0] = True
        starts[1:] = punct[:-1] & ~punct[1:]
        for i in numpy.flatnonzero(arr[:-1, 1]):
            if "\n" in doc[int(i)].text:
                starts[i + 1] = True
        values = numpy.where(starts, 1, -1).astype("int64").astype("uint64")
        doc.from_array([SENT_START], values.reshape(-1, 1))
        return doc

    return fast_sentences


def _is_acronym(alias: str) -> bool:
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(alias) <= 6


def _label(kind: str) -> str:
    return kind.upper()


def build_nlp(gazetteer: Gazetteer, lang: str = "en", model: str | None = None) -> Language:
    """A blank pipeline with the gazetteer's patterns, or a trained model plus them."""
    if model:
        nlp = spacy.load(model, exclude=["lemmatizer"])
    else:
        nlp = spacy.blank(lang if lang in SUPPORTED_LANGS else "xx")
        if lang == "tr":
            # Turkish writes case endings after an apostrophe ("İdlib'de", "Suriye'deki"):
            # split them off so the name matches the gazetteer.
            infixes = list(nlp.Defaults.infixes) + [r"(?<=\w)['’](?=\w)"]
            nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    if "parser" in nlp.pipe_names or "senter" in nlp.pipe_names:
        first = "parser" if "parser" in nlp.pipe_names else "senter"
        nlp.add_pipe("newline_sentences", before=first)  # the parser keeps preset sentence starts
    else:
        nlp.add_pipe("fast_sentences")
    # Case-insensitive names first; acronyms (exact case) only fill the gaps they leave.
    # With a trained model the rulers run BEFORE its "ner", which keeps their spans and only
    # labels what the gazetteer does not know: gazetteer ids always win.
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    loose = nlp.add_pipe(
        "entity_ruler",
        name="gazetteer_lower",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False},
        **where,
    )
    exact = nlp.add_pipe(
        "entity_ruler",
        name="gazetteer_exact",
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False},
        after="gazetteer_lower",
    )
    exact_patterns, loose_patterns = [], []
    for phrase in NON_ENTITY_PHRASES:
        loose_patterns.append({"label": NON_ENTITY, "pattern": phrase})
    for ent in gazetteer.entities.values():
        names = {ent.name, *ent.aliases}
        for alias in names:
            label = _label(ent.kind)
            if _is_acronym(alias):
                exact_patterns.append({"label": label, "pattern": alias, "id": ent.id})
                continue
            for form in {alias, fold(alias)}:
                loose_patterns.append({"label": label, "pattern": form, "id": ent.id})
    with nlp.select_pipes(enable=[]):
        exact.add_patterns(exact_patterns)
        loose.add_patterns(loose_patterns)
    for ruler in (loose, exact):
        # EntityRuler checks on every doc that it has patterns by counting them all (len()),
        # a fixed cost that dominates short texts (feed items). They were just added.
        ruler._require_patterns = _patterns_present
    if not model:
        # Tokenising thousands of alias patterns leaves the tokenizer ~1.7x slower on new
        # text (measured in benchmarks/tagging.py); a fresh one on the same vocabulary and
        # rules tokenises identically at full speed.
        fresh = spacy.blank(lang if lang in SUPPORTED_LANGS else "xx", vocab=nlp.vocab).tokenizer
        fresh.infix_finditer = nlp.tokenizer.infix_finditer
        nlp.tokenizer = fresh
    return nlp


def _patterns_present() -> None:
    return None


def default_model() -> str | None:
    """NEWSWATCH_SPACY_MODEL names an installed trained pipeline (optional)."""
    from newswatch.settings import current_settings

    return current_settings().spacy_model
