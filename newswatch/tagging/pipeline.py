"""The spaCy pipeline: blank(lang) + sentencizer + EntityRulers built from the gazetteer.

Aliases in ALL CAPS (TIP, SNA, HTS) match with exact case; every other alias matches
case-insensitively and with or without diacritics (the ruler sees both the alias and its
folded form), so "Erdoğan", "Erdogan" and "ERDOGAN" all find person:erdogan.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import spacy
from spacy.language import Language

from newswatch.tagging.gazetteer import Gazetteer, fold

SUPPORTED_LANGS = {"en", "ar", "tr", "ru", "fa", "fr", "de", "es", "it"}


@Language.component("newline_sentences")
def newline_sentences(doc):
    """Paragraph breaks end sentences (headlines and sub-heads have no full stop)."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or token.text.endswith("\n"):
            doc[i + 1].is_sent_start = True
    return doc


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
    if "sentencizer" not in nlp.pipe_names and "parser" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    nlp.add_pipe("newline_sentences", after="sentencizer" if "sentencizer" in nlp.pipe_names else None)
    # Case-insensitive names first; acronyms (exact case) only fill the gaps they leave.
    loose = nlp.add_pipe(
        "entity_ruler",
        name="gazetteer_lower",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": False},
    )
    exact = nlp.add_pipe(
        "entity_ruler",
        name="gazetteer_exact",
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False},
    )
    exact_patterns, loose_patterns = [], []
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
    return nlp


@functools.lru_cache(maxsize=16)
def cached_nlp(gazetteer_dir: str, lang: str, model: str | None) -> tuple[Language, Gazetteer]:
    from newswatch.tagging.gazetteer import load_gazetteer

    gaz = load_gazetteer(gazetteer_dir)
    return build_nlp(gaz, lang, model), gaz


def default_model() -> str | None:
    """NEWSWATCH_SPACY_MODEL names an installed trained pipeline (optional)."""
    return os.environ.get("NEWSWATCH_SPACY_MODEL") or None


def gazetteer_dir_default() -> str:
    from newswatch.config import SEEDS_DIR

    return str(Path(os.environ.get("NEWSWATCH_GAZETTEER", SEEDS_DIR / "gazetteer")))
