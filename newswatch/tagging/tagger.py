"""Tag an article: theatre and country tags with scores, entity mentions, typed events.

`Tagger.tag(title, text, published)` is a pure function of its inputs and the seeds.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from newswatch.tagging.dates import resolve_date
from newswatch.tagging.gazetteer import Gazetteer
from newswatch.tagging.pipeline import build_nlp
from newswatch.tagging.rules import SYMMETRIC_TYPES, EventRules, load_event_rules

THEATRE_COUNTRY = {"SYR": "syria", "LBY": "libya"}
TRI_COUNTRIES = ("TUR", "RUS", "IRN")
COUNTRY_TAGS = {
    "TUR": "turkey",
    "RUS": "russia",
    "IRN": "iran",
    "SYR": "syria-country",
    "LBY": "libya-country",
    "USA": "united-states",
    "ISR": "israel",
}
THEATRE_THRESHOLD = 0.5
# Events are kept only where the theatre is: their place's country or, without a place,
# the article's tags decide.
THEATRE_PLACE_COUNTRIES = {"SYR", "LBY", "TUR", "RUS", "IRN"}
PARTY_KINDS = {"person", "org", "armed_group", "state"}
ROAD_WORDS = {"highway", "road", "motorway", "route"}
TARGET_PREPS = {"on", "against", "targeting", "at", "toward", "towards", "into", "in"}


@dataclass
class Mention:
    entity_id: str
    count: int
    in_title: bool


@dataclass
class Event:
    type: str
    actors: list[str]
    targets: list[str]
    place_id: str | None
    region_id: str
    country: str | None
    event_date: date
    date_precision: str
    status: str
    mediation: bool
    sentence: str
    trigger: str
    confidence: float
    recurrence_key: str
    parties: list[str]
    sentence_index: int

    def event_id(self, article_id: str) -> str:
        basis = f"{article_id}|{self.type}|{self.sentence_index}|{self.place_id}|{self.event_date}"
        return hashlib.sha1(basis.encode()).hexdigest()[:16]


@dataclass
class TagResult:
    tags: dict[str, float] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    language: str = "en"


def _score(weight: float, scale: float = 3.0) -> float:
    return round(1.0 - math.exp(-weight / scale), 3)


class Tagger:
    def __init__(self, gazetteer: Gazetteer, rules: EventRules, model: str | None = None):
        self.gaz = gazetteer
        self.rules = rules
        self.model = model
        self._nlps: dict[str, object] = {}
        self.nlp = self._nlp("en")
        self._build_matchers()

    @classmethod
    def from_seeds(cls, seeds_dir: str | Path, model: str | None = None) -> Tagger:
        from newswatch.tagging.gazetteer import load_gazetteer

        seeds_dir = Path(seeds_dir)
        return cls(
            load_gazetteer(seeds_dir / "gazetteer"), load_event_rules(seeds_dir / "event_rules.yaml"), model
        )

    def _nlp(self, lang: str):
        if lang not in self._nlps:
            self._nlps[lang] = build_nlp(self.gaz, lang, self.model if lang == "en" else None)
        return self._nlps[lang]

    def _build_matchers(self) -> None:
        nlp = self.nlp
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.combo_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cue_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.combos: dict[str, tuple[str, set[str], int]] = {}
        for rule in self.rules.types.values():
            if rule.phrases:
                self.phrase_matcher.add(rule.type, [nlp.make_doc(p) for p in rule.phrases])
            for n, combo in enumerate(rule.combos):
                key = f"{rule.type}#{n}"
                self.combos[key] = (rule.type, combo.context, combo.window)
                self.combo_matcher.add(key, [nlp.make_doc(p) for p in combo.triggers])
        for status, cues in self.rules.status_cues.items():
            self.cue_matcher.add(status, [nlp.make_doc(c) for c in cues])

    # -- public -------------------------------------------------------------------------

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
        nlp = self._nlp(lang if lang != "en" else "en")
        title = (title or "").strip()
        body = (text or "").strip()
        if body.startswith(title) and title:
            body = body[len(title) :].lstrip()
        doc = nlp(f"{title}\n\n{body}" if title else body)
        title_end = len(title)
        result = TagResult(language=lang)
        result.mentions = self._mentions(doc, title_end)
        weights = self._theatre_weights(doc, title_end)
        if lang == "en":
            result.events = self._events(doc, published, title_end)
        for ev in result.events:
            theatre = self._event_theatre(ev)
            if theatre:
                weights[theatre] += 1.0
        result.tags = {t: _score(w) for t, w in weights.items() if _score(w) >= THEATRE_THRESHOLD}
        theatres = {t for t in result.tags if t in ("syria", "libya", "turkey-russia-iran")}
        if not require_theatre:
            pass
        elif not theatres:
            result.events = []
        else:
            result.events = [e for e in result.events if self._event_in_theatre(e)]
        return result

    # -- mentions and theatres ----------------------------------------------------------

    def _mentions(self, doc: Doc, title_end: int) -> list[Mention]:
        counts: Counter[str] = Counter()
        in_title: set[str] = set()
        for ent in doc.ents:
            if not ent.ent_id_:
                continue
            counts[ent.ent_id_] += 1
            if ent.start_char < title_end:
                in_title.add(ent.ent_id_)
        return [Mention(eid, n, eid in in_title) for eid, n in counts.items()]

    def _entity_theatres(self, entity_id: str) -> list[str]:
        ent = self.gaz.get(entity_id)
        if ent is None:
            return []
        if ent.theatres:
            # Turkey-Russia-Iran relations come from co-occurrence of their parties, not
            # from one official's name; only bodies such as the Astana format signal it alone.
            return [t for t in ent.theatres if t != "turkey-russia-iran" or ent.kind == "org"]
        theatre = THEATRE_COUNTRY.get(ent.country or "")
        return [theatre] if theatre else []

    def _theatre_weights(self, doc: Doc, title_end: int) -> defaultdict[str, float]:
        weights: defaultdict[str, float] = defaultdict(float)
        country_w: defaultdict[str, float] = defaultdict(float)
        per_entity: Counter[str] = Counter()
        tri_sentences = 0
        lead_end = None
        sents = list(doc.sents)
        body_sents = [s for s in sents if s.start_char > title_end]
        if len(body_sents) >= 3:
            lead_end = body_sents[2].end_char
        for sent in sents:
            countries_here = set()
            for ent in sent.ents:
                eid = ent.ent_id_
                if not eid:
                    continue
                per_entity[eid] += 1
                if per_entity[eid] > 4:  # one entity repeated cannot make a story "about" it
                    continue
                w = (
                    3.0
                    if ent.start_char < title_end
                    else (1.5 if lead_end is None or ent.start_char < lead_end else 1.0)
                )
                for theatre in self._entity_theatres(eid):
                    weights[theatre] += w
                gent = self.gaz.get(eid)
                if gent and gent.country and gent.kind in PARTY_KINDS | {"place"}:
                    # places count less than actors for country relevance
                    country_w[gent.country] += w if gent.kind != "place" else w / 2
                    if gent.country in TRI_COUNTRIES and gent.kind in PARTY_KINDS:
                        countries_here.add(gent.country)
            if len(countries_here) >= 2:
                tri_sentences += 1
        tri = sorted((country_w[c] for c in TRI_COUNTRIES), reverse=True)
        if tri_sentences and tri[1] >= 1.5:
            weights["turkey-russia-iran"] += tri[0] / 2 + tri[1] + tri_sentences
        for country, tag in COUNTRY_TAGS.items():
            if _score(country_w[country]) >= THEATRE_THRESHOLD:
                weights[tag] += country_w[country]
        return weights

    # -- events -------------------------------------------------------------------------

    def _sentence_types(self, sent: Span) -> dict[str, str]:
        """{type: trigger text} for the event types triggered in a sentence.

        Matchers called on a Span return offsets into the whole Doc.
        """
        doc = sent.doc
        found: dict[str, str] = {}
        for match_id, start, end in self.phrase_matcher(sent):
            found.setdefault(self.nlp.vocab.strings[match_id], doc[start:end].text)
        for match_id, start, end in self.combo_matcher(sent):
            etype, context, window = self.combos[self.nlp.vocab.strings[match_id]]
            lo, hi = max(sent.start, start - window), min(sent.end, end + window)
            lowers = [t.lower_ for t in doc[lo:hi]]
            near = set(lowers) | {f"{a} {b}" for a, b in zip(lowers, lowers[1:], strict=False)}
            near -= {t.lower_ for t in doc[start:end]}
            if "@place" in context and any(
                e.label_ in ("PLACE", "ROAD") and end <= e.start < hi for e in sent.ents
            ):
                near.add("@place")
            if near & context:
                found.setdefault(etype, doc[start:end].text)
        for etype in list(found):
            rule = self.rules.types.get(etype)
            for other in rule.suppresses if rule else []:
                found.pop(other, None)
        return found

    def _status(self, sent: Span, etype: str) -> str:
        if etype == "MEETING_POSTPONED":
            return "postponed"
        hits = {self.nlp.vocab.strings[m] for m, _s, _e in self.cue_matcher(sent)}
        for status in ("denied", "hypothetical", "announced"):
            if status in hits:
                return status
        return "reported"

    def _party(self, entity_id: str) -> str | None:
        ent = self.gaz.get(entity_id)
        if ent is None or ent.kind not in PARTY_KINDS:
            return None
        if entity_id in self.rules.party_of:
            return self.rules.party_of[entity_id]
        if ent.kind == "person":
            return self.gaz.state_for_country(ent.country) or entity_id
        return entity_id

    def _place_key(
        self, place_id: str | None, etype: str, road_id: str | None = None
    ) -> tuple[str, str | None]:
        """Where, for clustering: the road corridor when one is named (not for talks),
        else the ADM1 region, else the country."""
        if road_id and etype not in ("MEETING", "MEETING_POSTPONED", "AGREEMENT", "ACCUSATION"):
            road = self.gaz.get(road_id)
            return road_id, road.country if road else None
        if etype == "MEETING_POSTPONED":
            ent = self.gaz.get(place_id) if place_id else None
            return "any", ent.country if ent else None
        if not place_id:
            return "unknown", None
        ent = self.gaz.get(place_id)
        if ent is None:
            return "unknown", None
        if ent.kind == "road":
            return ent.id, ent.country
        if ent.kind == "state":
            return ent.id, ent.country
        if etype == "MEETING":
            return self.gaz.state_for_country(ent.country) or ent.id, ent.country
        region = self.gaz.region_of(ent.id)
        if region:
            return region, ent.country
        return self.gaz.state_for_country(ent.country) or ent.id, ent.country

    def _events(self, doc: Doc, published: date, title_end: int) -> list[Event]:
        events: list[Event] = []
        sents = [s for s in doc.sents if s.start_char >= title_end]  # headlines repeat the lead
        recent_places: list[str] = []
        place_counts = Counter(e.ent_id_ for e in doc.ents if e.label_ in ("PLACE", "ROAD") and e.ent_id_)
        main_place = next(
            (
                pid
                for pid, _n in place_counts.most_common()
                if (self.gaz.get(pid) and self.gaz.get(pid).country in ("SYR", "LBY"))
            ),
            None,
        )
        mediation_context: list[bool] = []
        roads = [[e.ent_id_ for e in s.ents if e.label_ == "ROAD" and e.ent_id_] for s in sents]
        previous_parties: list[str] = []
        for index, sent in enumerate(sents):
            lower = sent.text.lower()
            mediation_context.append("mediat" in lower or "reconcil" in lower)
            places = [e for e in sent.ents if e.label_ in ("PLACE", "ROAD") and e.ent_id_]
            here = [e.ent_id_ for e in sent.ents if self._party(e.ent_id_)]
            types = self._sentence_types(sent)
            if places:
                recent_places = [places[-1].ent_id_] + recent_places[:1]
            road_ref = self._road_reference(sent, index, roads) if types else None
            for etype, trigger in types.items():
                events.extend(
                    self._events_for_type(
                        sent,
                        road_ref,
                        index,
                        etype,
                        trigger,
                        places,
                        recent_places,
                        main_place,
                        published,
                        any(mediation_context[max(0, index - 2) :]),
                        previous_parties,
                    )
                )
            previous_parties = here[:1] or previous_parties
        return events

    @staticmethod
    def _refers_back(sent: Span) -> bool:
        """The sentence's subject is a pronoun or a definite description ("The group",
        "He", "The ministry"): its actor is the one named just before."""
        first = sent[0].lower_ if len(sent) else ""
        return first in {"he", "she", "it", "they", "the", "its", "his", "their", "both"}

    def _enough_parties(self, rule, parties: list[str], places: list[Span]) -> bool:
        """A meeting needs two sides: two parties, or one party at a venue abroad."""
        if not rule.min_parties:
            return True
        sides = {self._party(p) for p in parties} - {None}
        if len(sides) >= rule.min_parties:
            return True
        countries = {self.gaz.get(p).country for p in parties if self.gaz.get(p)}
        venues = {self.gaz.get(p.ent_id_).country for p in places if self.gaz.get(p.ent_id_)}
        return bool(sides) and bool(venues - countries - {None})

    @staticmethod
    def _road_reference(sent: Span, index: int, roads: list[list[str]]) -> str | None:
        """The road a sentence is on: named in it, or "the highway" when a neighbouring
        sentence names the road (news rarely repeats "M4" in every sentence)."""
        if roads[index]:
            return roads[index][0]
        if not ROAD_WORDS & {t.lower_ for t in sent}:
            return None
        for other in (index - 1, index + 1):
            if 0 <= other < len(roads) and roads[other]:
                return roads[other][0]
        return None

    def _split_meeting(self, sent: Span, places: list[Span]) -> list[tuple[Span, str]]:
        """A sentence naming several venues with several dates holds several meetings."""
        import re

        from newswatch.tagging.dates import WEEKDAYS

        venues = [p for p in places if p.label_ == "PLACE"]
        if len(venues) < 2:
            return []
        pairs = []
        for n, venue in enumerate(venues):
            end = venues[n + 1].start_char if n + 1 < len(venues) else sent.end_char
            chunk = sent.doc.text[venue.start_char : end]
            if re.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", chunk, re.I):
                pairs.append((venue, chunk))
        return pairs if len(pairs) >= 2 else []

    def _parties(self, sent: Span, trigger_start: int, etype: str) -> tuple[list[str], list[str]]:
        actors: list[str] = []
        targets: list[str] = []
        for ent in sent.ents:
            gent = self.gaz.get(ent.ent_id_) if ent.ent_id_ else None
            if gent is None or gent.kind not in PARTY_KINDS:
                continue
            before = sent.doc[ent.start - 1].lower_ if ent.start > sent.start else ""
            if etype in SYMMETRIC_TYPES or ent.start_char < trigger_start or before == "by":
                bucket = actors
            else:
                bucket = targets if before in TARGET_PREPS or ent.start_char > trigger_start else actors
            if gent.id not in bucket:
                bucket.append(gent.id)
        return actors, targets

    def _events_for_type(
        self,
        sent,
        road_ref,
        index,
        etype,
        trigger,
        places,
        recent_places,
        main_place,
        published,
        mediation,
        previous_parties=(),
    ) -> list[Event]:
        trigger_start = sent.start_char + max(0, sent.text.lower().find(trigger.lower()))
        actors, targets = self._parties(sent, trigger_start, etype)
        rule = self.rules.types[etype]
        if rule.needs_party and not (actors or targets) and self._refers_back(sent):
            actors = list(previous_parties)
        if rule.needs_party and not (actors or targets):
            return []
        if not self._enough_parties(rule, actors + targets, places):
            return []
        status = self._status(sent, etype)
        future = status in ("announced", "hypothetical")
        chunks = self._split_meeting(sent, places) if etype == "MEETING" else []
        if not chunks:
            chunks = [(self._best_place(places, etype), sent.text)]
        out = []
        for venue, chunk in chunks:
            place_id = venue.ent_id_ if hasattr(venue, "ent_id_") else venue
            from_context = False
            if place_id is None:
                place_id = recent_places[0] if recent_places else main_place
                from_context = place_id is not None
            these_actors = actors
            if len(chunks) > 1:
                these_actors = self._actors_for_venue(actors, place_id, [c[0].ent_id_ for c in chunks])
            event_date, precision = resolve_date(chunk, published, future=future)
            parties = sorted({p for p in map(self._party, these_actors + targets) if p})
            region, country = self._place_key(place_id, etype, road_ref)
            confidence = 0.45 + (0.15 if place_id and not from_context else 0.05 if place_id else 0)
            confidence += 0.15 if parties else 0
            confidence += 0.1 if precision == "day" else 0
            confidence += (
                0.1 if etype in {self.nlp.vocab.strings[m] for m, *_ in self.phrase_matcher(sent)} else 0
            )
            out.append(
                Event(
                    type=etype,
                    actors=these_actors,
                    targets=[t for t in targets if t not in these_actors],
                    place_id=place_id,
                    region_id=region,
                    country=country,
                    event_date=event_date,
                    date_precision=precision,
                    status=status,
                    mediation=bool(mediation and etype == "MEETING"),
                    sentence=sent.text.strip(),
                    trigger=trigger,
                    confidence=round(min(confidence, 0.99), 2),
                    recurrence_key=f"{etype}|{region}|{'+'.join(parties) or '-'}",
                    parties=parties,
                    sentence_index=index * 10 + len(out),
                )
            )
        return out

    def _actors_for_venue(self, actors: list[str], venue_id: str, all_venues: list[str]) -> list[str]:
        venue_country = self.gaz.get(venue_id).country if self.gaz.get(venue_id) else None
        other = {self.gaz.get(v).country for v in all_venues if v != venue_id and self.gaz.get(v)}
        kept = []
        for a in actors:
            country = self.gaz.get(a).country if self.gaz.get(a) else None
            if country == venue_country or country not in other:
                kept.append(a)
        return kept

    def _best_place(self, places: list[Span], etype: str):
        """The most specific place named (a town beats a region beats a country)."""
        if not places:
            return None

        def rank(p: Span) -> int:
            ent = self.gaz.get(p.ent_id_)
            if ent is None:
                return 9
            if ent.kind == "state":
                return 5
            if ent.kind == "road":
                return 4
            if ent.feature == "adm1":
                return 3
            return 1

        return min(places, key=rank)

    def _event_theatre(self, ev: Event) -> str | None:
        if ev.country in THEATRE_COUNTRY:
            return THEATRE_COUNTRY[ev.country]
        return None

    def _event_in_theatre(self, ev: Event) -> bool:
        return not (ev.country and ev.country not in THEATRE_PLACE_COUNTRIES)
