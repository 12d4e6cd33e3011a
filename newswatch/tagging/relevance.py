"""Learned theatre relevance: a small spaCy text classifier that tells *about* from *mentions*.

The gazetteer evidence says which theatres an item names and how prominently; it cannot see
that "Galatasaray beat Fenerbahce" or "Syrian family settles in Wales" are sport and
migration stories. The classifier reads the headline and the lead (the desk editor's test)
and gives a probability per theatre; `blend` combines it with the evidence (docs/tagging.md).

The weights ship in the package (`models/relevance/`, built by scripts/train_relevance.py
from the tune half of the gold sets plus documented weak labels); nothing is downloaded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

MODEL_DIR = Path(__file__).parent / "models" / "relevance"
THEATRES = ("syria", "libya", "turkey-russia-iran")
# "about": the item is about any theatre's war or politics. Pooled over the three theatres it
# has several times the positives of any one, and what makes an item *about* a conflict
# (strikes, talks, militias, sanctions) rather than a migrant's life or a match in Istanbul is
# largely the same vocabulary everywhere; the gazetteer then says which theatre.
LABELS = ("about", *THEATRES)
LEAD_WORDS = 60
_WORD = re.compile(r"\S+")


def relevance_text(title: str, text: str) -> str:
    """What the classifier reads: the headline and the first LEAD_WORDS words of the body."""
    words = _WORD.findall(text or "")[:LEAD_WORDS]
    title = (title or "").strip()
    body = " ".join(words)
    if title and body.startswith(title):
        body = body[len(title) :].lstrip()
    return f"{title}. {body}".strip(". ") if title else body


class RelevanceModel:
    """The trained textcat pipeline; `scores` gives P(about theatre) per theatre tag."""

    def __init__(self, path: str | Path = MODEL_DIR):
        import spacy

        self.path = Path(path)
        self.nlp = spacy.load(self.path)

    def scores(self, title: str, text: str) -> dict[str, float]:
        doc = self.nlp(relevance_text(title, text))
        return {t: float(doc.cats.get(t, 0.0)) for t in LABELS}

    def scores_many(self, pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
        texts = [relevance_text(t, x) for t, x in pairs]
        return [{t: float(d.cats.get(t, 0.0)) for t in LABELS} for d in self.nlp.pipe(texts)]


@lru_cache(maxsize=2)
def load_relevance(path: str | None = None) -> RelevanceModel | None:
    """The shipped model, or None where it has not been built (the evidence then decides alone)."""
    model_dir = Path(path) if path else MODEL_DIR
    if not (model_dir / "meta.json").exists():
        return None
    return RelevanceModel(model_dir)
