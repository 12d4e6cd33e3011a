"""Tag an article: theatre and country tags with scores, entity mentions, typed events.

`Tagger.tag(title, text, published)` is a pure function of its inputs and the seeds. It
composes the parts, each in its own module:

* `spacy_pipeline` builds the spaCy pipeline (gazetteer entity rulers, sentences);
* `theatre_scoring.TheatreScorer`: theatre and country tags;
* `triggers.TriggerTyper`: event types, triggers and statuses (an `EventTyper`);
* `parties.Parties` and `places.Places`: who and where;
* `events.EventAssembler`: events from the typed sentences.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from newswatch.tagging.doc_index import doc_ents, remember_text
from newswatch.tagging.event_rules import EventRules, load_event_rules
from newswatch.tagging.events import Event, EventAssembler
from newswatch.tagging.gazetteer import Gazetteer, load_gazetteer
from newswatch.tagging.parties import Parties
from newswatch.tagging.places import Places, drop_ambiguous
from newswatch.tagging.relevance import RelevanceModel, load_relevance
from newswatch.tagging.spacy_pipeline import build_nlp
from newswatch.tagging.theatre_scoring import TheatreScorer
from newswatch.tagging.triggers import EventTyper, TriggerTyper
from newswatch.taxonomy import THEATRES

__all__ = ["Event", "Mention", "TagResult", "Tagger"]


@dataclass
class Mention:
    entity_id: str
    count: int
    in_title: bool


@dataclass
class TagResult:
    tags: dict[str, float] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    language: str = "en"


def mentions(doc: Doc, title_end: int) -> list[Mention]:
    counts: Counter[str] = Counter()
    in_title: set[str] = set()
    for ent in doc_ents(doc):
        if not ent.ent_id_:
            continue
        counts[ent.ent_id_] += 1
        if ent.start_char < title_end:
            in_title.add(ent.ent_id_)
    return [Mention(eid, n, eid in in_title) for eid, n in counts.items()]


class Tagger:
    def __init__(
        self,
        gazetteer: Gazetteer,
        rules: EventRules,
        model: str | None = None,
        typer: EventTyper | None = None,
        scorer: TheatreScorer | None = None,
        relevance: RelevanceModel | None | bool = True,
    ):
        """`relevance`: the theatre relevance classifier; True loads the shipped one (if
        built), None or False tags on the gazetteer evidence alone."""
        self.gaz = gazetteer
        self.rules = rules
        self.model = model
        self._nlps: dict[str, object] = {}
        self.nlp = self._nlp("en")
        self.parties = Parties(gazetteer, rules)
        self.places = Places(gazetteer)
        self.typer = typer or TriggerTyper(self.nlp, rules)
        self.scorer = scorer or TheatreScorer(gazetteer, rules, self.parties, self.nlp.vocab.strings)
        self.assembler = EventAssembler(rules, self.typer, self.parties, self.places)
        self.relevance = load_relevance() if relevance is True else (relevance or None)

    @classmethod
    def from_seeds(cls, seeds_dir: str | Path, model: str | None = None) -> Tagger:
        seeds_dir = Path(seeds_dir)
        return cls(
            load_gazetteer(seeds_dir / "gazetteer"), load_event_rules(seeds_dir / "event_rules.yaml"), model
        )

    def _nlp(self, lang: str):
        if lang not in self._nlps:
            self._nlps[lang] = build_nlp(self.gaz, lang, self.model if lang == "en" else None)
        return self._nlps[lang]

    def tag(
        self,
        title: str,
        text: str,
        published: date,
        language: str | None = None,
        require_theatre: bool = True,
    ) -> TagResult:
        """Tag one article. Events are kept only for articles about a theatre, unless
        `require_theatre` is False (scoring event types on out-of-theatre sentences)."""
        lang = (language or "en").split("-")[0].lower()
        nlp = self._nlp(lang)
        title = (title or "").strip()
        body = (text or "").strip()
        if body.startswith(title) and title:
            body = body[len(title) :].lstrip()
        source = f"{title}\n\n{body}" if title else body
        doc = nlp(source)
        remember_text(doc, source)
        drop_ambiguous(doc)
        title_end = len(title)
        result = TagResult(language=lang)
        result.mentions = mentions(doc, title_end)
        weights = self.scorer.weights(doc, title_end)
        # An article naming no theatre skips event extraction: most items of a world-news feed.
        if lang == "en" and (self.scorer.names_a_theatre(weights) or not require_theatre):
            result.events = self.assembler.events(doc, published, title_end)
        about = None
        if lang == "en" and self.relevance is not None and self.scorer.names_a_theatre(weights):
            about = self.relevance.scores(title, body)["about"]
        result.tags = self.scorer.scores(
            doc, weights, result.events, check_topic=lang == "en", about=about, title_end=title_end
        )
        if require_theatre:
            if not any(t in THEATRES for t in result.tags):
                result.events = []
            else:
                result.events = [e for e in result.events if self.scorer.event_in_theatre(e)]
        return result
