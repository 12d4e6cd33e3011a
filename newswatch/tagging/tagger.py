"""Tag an article: theatre and country tags with scores, entity mentions, typed events.

`Tagger.tag(title, text, published)` is a pure function of its inputs and the seeds.
"""

from __future__ import annotations

import bisect
import hashlib
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.attrs import LOWER
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
# Types whose place may lie outside the theatre (talks in Geneva, a deal signed in Sochi,
# sanctions announced in Washington) when a party to them belongs to the theatre.
DIPLOMATIC_TYPES = {"MEETING", "MEETING_POSTPONED", "AGREEMENT", "SANCTION", "ACCUSATION", "THREAT"}
VIOLENT_TYPES = {
    "AIRSTRIKE",
    "SHELLING",
    "BOMBING",
    "ARMED_CLASH",
    "TERRITORY_CHANGE",
    "SHOOTDOWN",
    "KILLING",
}
# "Turkish-backed", "Russian-made", "pro-Turkish": the state is a qualifier, not a party.
MODIFIER_WORDS = {
    "backed",
    "made",
    "built",
    "supplied",
    "sponsored",
    "brokered",
    "led",
    "linked",
    "aligned",
    "allied",
    "funded",
    "trained",
    "controlled",
    "held",
    "run",
    "based",
    "owned",
    "designed",
    "mediated",
}
# Prepositions after which a capital is a place ("talks in Moscow"), not a party.
PLACE_PREPS = {
    "in",
    "to",
    "from",
    "at",
    "near",
    "of",
    "via",
    "into",
    "toward",
    "towards",
    "outside",
    "around",
    "across",
    "over",
    "through",
    "between",
    "inside",
    "north",
    "south",
    "east",
    "west",
    "on",
    "for",
    "under",
}
# Words after a capital that make it a place ("Damascus airport", "Tripoli's suburbs").
PLACE_NOUNS = {"airport", "countryside", "suburbs", "province", "outskirts", "'s", "-", "city", "port"}
MODEL_PARTY_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
ACTOR_NOUNS = {
    "president",
    "government",
    "minister",
    "ministry",
    "army",
    "rebels",
    "police",
    "officials",
    "leader",
    "leaders",
    "party",
    "military",
    "authorities",
    "council",
    "spokesman",
    "spokeswoman",
    "king",
    "emir",
    "parliament",
    "secretary",
    "chancellor",
    "premier",
    "guerrillas",
    "militants",
    "insurgents",
    "opposition",
    "embassy",
}
NOT_SUBJECTS = {
    "the", "a", "an", "it", "he", "she", "they", "we", "i", "this", "that", "these", "those", "in", "on",
    "at", "after", "before", "when", "while", "as", "but", "and", "if", "some", "many", "more", "most",
    "no", "one", "two", "three", "several", "there", "here", "his", "her", "its", "their", "our", "by",
    "for", "from", "with", "without", "under", "since", "during", "following", "despite", "earlier",
    "later", "meanwhile", "however", "also", "both", "all", "each", "other", "another", "such", "what",
    "who", "which", "until", "then", "so", "yet", "to", "of", "over", "about", "analysts", "experts",
}  # fmt: skip
CLAUSE_BREAKS = {",", ";", "–", "—", ":", "(", ")", '"', "“", "”"}
STATUS_BEFORE, STATUS_AFTER = 10, 6
# Place names shared with another country: the entity is dropped when the text names it.
AMBIGUOUS_PLACES = {"place:tripoli": ("lebanon", "lebanese", "lebanon's")}


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


def _ents(sent: Span) -> list[Span]:
    """The entities of a sentence. Span.ents scans every entity of the doc on each call;
    this indexes them once per doc (in doc.user_data), which keeps long articles fast."""
    doc = sent.doc
    index = doc.user_data.get("newswatch_sent_ents")
    if index is None:
        index = defaultdict(list)
        for ent in doc.ents:
            index[_sent_start(doc, ent.start)].append(ent)
        doc.user_data["newswatch_sent_ents"] = index
    return index.get(sent.start, [])


def _sent_start(doc: Doc, i: int) -> int:
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return i


def _in_sentence(sent: Span, matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    lo = bisect.bisect_left(matches, (sent.start, -1, -1), key=lambda m: (m[1], -1, -1))
    out = []
    for m in matches[lo:]:
        if m[1] >= sent.end:
            break
        if m[2] <= sent.end:
            out.append(m)
    return out


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
        self.exclude_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.combos: dict[str, tuple[str, set[str], int]] = {}
        for rule in self.rules.types.values():
            if rule.phrases:
                self.phrase_matcher.add(rule.type, [nlp.make_doc(p) for p in rule.phrases])
            for n, combo in enumerate(rule.combos):
                key = f"{rule.type}#{n}"
                self.combos[key] = (rule.type, combo.context, combo.window)
                self.combo_matcher.add(key, [nlp.make_doc(p) for p in combo.triggers])
            if rule.exclude:
                self.exclude_matcher.add(rule.type, [nlp.make_doc(p) for p in rule.exclude])
        for status, cues in self.rules.status_cues.items():
            self.cue_matcher.add(status, [nlp.make_doc(c) for c in cues])
        self._topic_cues = set(self.rules.topic_cues)
        self._topic_cue_hashes = {self.nlp.vocab.strings.add(c) for c in self._topic_cues}

    def _matches(self, sent: Span, name: str) -> list[tuple[int, int, int]]:
        """Matches of one of the matchers inside a sentence; the matcher runs once per doc."""
        doc = sent.doc
        key = f"newswatch_{name}"
        matches = doc.user_data.get(key)
        if matches is None:
            matches = sorted(getattr(self, name)(doc), key=lambda m: (m[1], m[2]))
            doc.user_data[key] = matches
        return _in_sentence(sent, matches)

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
        self._drop_ambiguous(doc)
        title_end = len(title)
        result = TagResult(language=lang)
        result.mentions = self._mentions(doc, title_end)
        weights = self._theatre_weights(doc, title_end)
        # Events can only add to a theatre that the text already names (their places are
        # theatre entities), so an article naming none skips event extraction: most items
        # of a world-news feed.
        could_tag = any(weights.get(t, 0) > 0 for t in ("syria", "libya", "turkey-russia-iran"))
        if lang == "en" and (could_tag or not require_theatre):
            result.events = self._events(doc, published, title_end)
        direct_events = set()
        for ev in result.events:
            theatre = self._event_theatre(ev)
            if theatre and not getattr(ev, "_place_from_context", False):
                weights[theatre] += 1.0
                direct_events.add(theatre)
        if lang == "en" and not self._on_topic(doc):
            # No war/politics vocabulary: a place name in a recipe, a ship's or a singer's
            # name, a football score. Only an event or a theatre actor can still tag it.
            for theatre in ("syria", "libya", "turkey-russia-iran"):
                if theatre not in direct_events and not self._has_actor(doc, theatre):
                    weights.pop(theatre, None)
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

    @staticmethod
    def _drop_ambiguous(doc: Doc) -> None:
        """Forget a place whose name the text ties to another country (Tripoli, Lebanon)."""
        lower = None
        kept = []
        for ent in doc.ents:
            cues = AMBIGUOUS_PLACES.get(ent.ent_id_)
            if cues:
                lower = lower if lower is not None else {t.lower_ for t in doc}
            if cues and lower & set(cues):
                continue
            kept.append(ent)
        if len(kept) != len(doc.ents):
            doc.ents = kept
            doc.user_data.pop("newswatch_sent_ents", None)

    def _on_topic(self, doc: Doc) -> bool:
        # Compare hashes on the token array: no Python Token objects per word.
        cue_hashes = self._topic_cue_hashes
        return bool(cue_hashes.intersection(doc.to_array(LOWER).tolist()))

    def _has_actor(self, doc: Doc, theatre: str) -> bool:
        """A person or armed group of the theatre (not a place or a state name) is named."""
        for ent in doc.ents:
            gent = self.gaz.get(ent.ent_id_) if ent.ent_id_ else None
            if (
                gent
                and gent.kind in ("person", "armed_group", "org")
                and theatre in self._entity_theatres(gent.id)
            ) and not self._is_secondary(gent, theatre):
                return True
        return False

    @staticmethod
    def _is_modifier(ent: Span) -> bool:
        """ "Turkish-backed", "Russian-made", "pro-Turkish": a state used as a qualifier."""
        doc = ent.doc
        if ent.end + 1 < len(doc) and doc[ent.end].text == "-" and doc[ent.end + 1].lower_ in MODIFIER_WORDS:
            return True
        return ent.start >= 2 and doc[ent.start - 1].text == "-" and doc[ent.start - 2].lower_ == "pro"

    def _capital_party(self, ent: Span, as_target: bool = False) -> str | None:
        """Metonymy: "Ankara said", "Moscow blamed", "condemned by Damascus" -> the state.

        A capital counts as its state when it is not governed by a place preposition and not
        followed by a noun that makes it a place ("Damascus airport")."""
        gent = self.gaz.get(ent.ent_id_) if ent.ent_id_ else None
        if gent is None or gent.feature != "capital":
            return None
        doc = ent.doc
        before = doc[ent.start - 1].lower_ if ent.start > 0 and not doc[ent.start].is_sent_start else ""
        after = doc[ent.end].lower_ if ent.end < len(doc) else ""
        if after in PLACE_NOUNS or (
            before in PLACE_PREPS and not (as_target and before in ("on", "against"))
        ):
            return None
        return self.gaz.state_for_country(gent.country)

    def _party_mentions(self, sent: Span, etype: str | None = None) -> list[tuple[Span, str]]:
        """(mention, entity id) for the parties a sentence names, in order. For sanctions,
        accusations and threats "on Tehran" / "against Ankara" names the state targeted."""
        as_target = etype in ("SANCTION", "ACCUSATION", "THREAT")
        out = []
        for ent in _ents(sent):
            gent = self.gaz.get(ent.ent_id_) if ent.ent_id_ else None
            if gent is None or self._is_modifier(ent):
                continue
            if gent.kind in PARTY_KINDS:
                out.append((ent, gent.id))
            elif gent.kind == "place":
                state = self._capital_party(ent, as_target)
                if state:
                    out.append((ent, state))
        return out

    def _is_secondary(self, gent, theatre: str) -> bool:
        """Foreign actors (Wagner, Hezbollah, Soleimani) count toward Syria or Libya only
        when the text also names the country itself, its places or its own actors."""
        if theatre not in THEATRE_COUNTRY.values() or gent.kind in ("place", "road"):
            return False
        return gent.country not in (None, "SYR", "LBY")

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
        secondary: defaultdict[str, float] = defaultdict(float)
        country_w: defaultdict[str, float] = defaultdict(float)
        per_entity: Counter[str] = Counter()
        tri_sentences = 0
        lead_end = None
        sents = list(doc.sents)
        body_sents = [s for s in sents if s.start_char > title_end]
        if len(body_sents) >= 3:
            lead_end = body_sents[2].end_char
        doc_tri = {
            self.gaz.get(e.ent_id_).country
            for e in doc.ents
            if e.ent_id_ and self.gaz.get(e.ent_id_) and not self._is_modifier(e)
        } & set(TRI_COUNTRIES)
        for sent in sents:
            countries_here = set()
            for ent in _ents(sent):
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
                gent = self.gaz.get(eid)
                for theatre in self._entity_theatres(eid):
                    if theatre == "turkey-russia-iran" and len(doc_tri) < 2:
                        continue  # Baykar or Sputnik alone is Turkish or Russian news
                    if gent and self._is_secondary(gent, theatre):
                        secondary[theatre] += w
                    else:
                        weights[theatre] += w
                if gent and gent.country and gent.kind in PARTY_KINDS | {"place"}:
                    modifier = self._is_modifier(ent)
                    capital_party = gent.kind == "place" and self._capital_party(ent)
                    # places (and "Turkish-backed") count less than actors for country relevance
                    actor_like = (gent.kind != "place" or capital_party) and not modifier
                    country_w[gent.country] += w if actor_like else w / 2
                    if (
                        gent.country in TRI_COUNTRIES
                        and gent.kind in PARTY_KINDS
                        and not modifier
                        or gent.country in TRI_COUNTRIES
                        and self._capital_party(ent)
                    ):
                        countries_here.add(gent.country)
            if len(countries_here) >= 2:
                tri_sentences += 1
        for theatre, extra in secondary.items():
            if weights[theatre] >= 1.0:
                weights[theatre] += min(extra, weights[theatre])
        tri = sorted((country_w[c] for c in TRI_COUNTRIES), reverse=True)
        if tri_sentences and tri[1] >= 1.5:
            weights["turkey-russia-iran"] += tri[0] / 2 + tri[1] + tri_sentences
        for country, tag in COUNTRY_TAGS.items():
            if _score(country_w[country]) >= THEATRE_THRESHOLD:
                weights[tag] += country_w[country]
        return weights

    # -- events -------------------------------------------------------------------------

    def _trigger_spans(self, sent: Span) -> dict[str, list[tuple[int, int, int, int]]]:
        """{type: [(start, end, scope_start, scope_end)]} trigger matches in a sentence.

        `scope` widens a combo match to the context word that licensed it ("talks ...
        called off"), so that suppression covers the whole phrase. Matchers called on a
        Span return offsets into the whole Doc.
        """
        doc = sent.doc
        spans: defaultdict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
        for match_id, start, end in self._matches(sent, "phrase_matcher"):
            spans[self.nlp.vocab.strings[match_id]].append((start, end, start, end))
        places = None
        for match_id, start, end in self._matches(sent, "combo_matcher"):
            etype, context, window = self.combos[self.nlp.vocab.strings[match_id]]
            lo, hi = max(sent.start, start - window), min(sent.end, end + window)
            best = None
            for i in range(lo, hi):
                if start <= i < end:
                    continue
                word = doc[i].lower_
                pair = f"{word} {doc[i + 1].lower_}" if i + 1 < hi else ""
                hit = word in context or (pair and pair in context)
                if hit and (best is None or abs(i - start) < abs(best - start)):
                    best = i
            if best is None and "@place" in context:
                if places is None:
                    places = [e.start for e in _ents(sent) if e.label_ in ("PLACE", "ROAD")]
                best = next((p for p in places if end <= p < hi), None)
            if best is not None:
                spans[etype].append((start, end, min(start, best), max(end, best + 1)))
        if not spans:
            return spans
        inside = [(e.start, e.end) for e in _ents(sent) if e.ent_id_]
        excluded: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        for match_id, start, end in self._matches(sent, "exclude_matcher"):
            excluded[self.nlp.vocab.strings[match_id]].append((start, end))

        def keep(etype: str, start: int, end: int) -> bool:
            if any(a <= start and end <= b for a, b in inside):
                return False  # "Accord" in "Government of National Accord"
            if any(start < b and a < end for a, b in excluded.get(etype, ())):
                return False  # "took hold", "deal with", "highways meet"
            return not (start > sent.start and doc[start - 1].lower_ == "no")  # "no agreement"

        found = {t: [m for m in ms if keep(t, m[0], m[1])] for t, ms in spans.items()}
        found = {t: sorted(ms) for t, ms in found.items() if ms}
        window = self.rules.suppress_window
        for etype, matches in list(found.items()):
            rule = self.rules.types.get(etype)
            for other in rule.suppresses if rule else []:
                if other not in found:
                    continue
                rest = [
                    m
                    for m in found[other]
                    if not any(m[0] < b + window and a - window < m[1] for _s, _e, a, b in matches)
                ]
                if rest:
                    found[other] = rest
                else:
                    found.pop(other)
        return found

    def _sentence_types(self, sent: Span) -> dict[str, tuple[str, int]]:
        """{type: (trigger text, trigger token index)} for the event types in a sentence."""
        doc = sent.doc
        return {t: (doc[ms[0][0] : ms[0][1]].text, ms[0][0]) for t, ms in self._trigger_spans(sent).items()}

    def _status(self, sent: Span, etype: str, trigger_token: int | None = None) -> str:
        """Status from cue words near the trigger (its clause: 10 tokens before, 5 after)."""
        if etype == "MEETING_POSTPONED":
            return "postponed"
        lo, hi = sent.start, sent.end
        if trigger_token is not None:
            lo, hi = (
                max(sent.start, trigger_token - STATUS_BEFORE),
                min(sent.end, trigger_token + STATUS_AFTER),
            )
        hits = {
            self.nlp.vocab.strings[m] for m, s, e in self._matches(sent, "cue_matcher") if lo <= s and e <= hi
        }
        for status in ("denied", "hypothetical", "announced"):
            if status in hits:
                return status
        return "reported"

    def _party(self, entity_id: str) -> str | None:
        ent = self.gaz.get(entity_id)
        if ent is None or ent.kind not in PARTY_KINDS:
            return None
        if entity_id in self.rules.party_of:
            return self.rules.party_of[entity_id] or None  # null: never a party (news agencies)
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
        roads = [[e.ent_id_ for e in _ents(s) if e.label_ == "ROAD" and e.ent_id_] for s in sents]
        previous_parties: list[str] = []
        for index, sent in enumerate(sents):
            lower = sent.text.lower()
            mediation_context.append("mediat" in lower or "reconcil" in lower)
            places = [e for e in _ents(sent) if e.label_ in ("PLACE", "ROAD") and e.ent_id_]
            here = [eid for _e, eid in self._party_mentions(sent) if self._party(eid)]
            types = self._sentence_types(sent)
            if places:
                recent_places = [places[-1].ent_id_] + recent_places[:1]
            road_ref = self._road_reference(sent, index, roads) if types else None
            sentence_events: list[Event] = []
            for etype, trigger in types.items():
                sentence_events.extend(
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
            if any(e.type == "THREAT" for e in sentence_events):
                # What a threat threatens is not a separate event ("warned the purchase would
                # trigger sanctions", "vowed a ground operation").
                sentence_events = [
                    e
                    for e in sentence_events
                    if e.type in ("THREAT", "ACCUSATION", "MEETING")
                    or e.status not in ("hypothetical", "announced")
                ]
            events.extend(sentence_events)
            previous_parties = here[:1] or previous_parties
        return events

    @staticmethod
    def _generic_actor(sent: Span, trigger_token: int) -> bool:
        """A party the gazetteer does not know: a trained model's PERSON/ORG/GPE/NORP entity,
        or an office-holder noun ("the President", "the army") before the trigger."""
        if any(e.label_ in MODEL_PARTY_LABELS and not e.ent_id_ for e in _ents(sent)):
            return True
        first = sent[0]
        if first.is_title and first.lower_ not in NOT_SUBJECTS and not first.ent_type_:
            return True  # a lede's proper-noun subject: "Peru has issued an ultimatum"
        return any(t.lower_ in ACTOR_NOUNS for t in sent.doc[sent.start : trigger_token])

    @staticmethod
    def _refers_back(sent: Span) -> bool:
        """The sentence's subject is a pronoun or a definite description ("The group",
        "He", "The ministry"): its actor is the one named just before."""
        first = sent[0].lower_ if len(sent) else ""
        return first in {"he", "she", "it", "they", "the", "its", "his", "their", "both"}

    def _enough_parties(self, rule, parties: list[str], places: list[Span], sent: Span | None = None) -> bool:
        """A meeting needs two sides: two parties, or one party at a venue abroad."""
        if not rule.min_parties:
            return True
        sides = {self._party(p) for p in parties} - {None}
        if len(sides) >= rule.min_parties:
            return True
        if sides and sent is not None and "mediat" in sent.text.lower():
            return True  # a mediator implies the sides it mediates between
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
            chunk = sent.text[venue.start_char - sent.start_char : end - sent.start_char]
            if re.search(r"\b(" + "|".join(WEEKDAYS) + r")\b", chunk, re.I):
                pairs.append((venue, chunk))
        return pairs if len(pairs) >= 2 else []

    def _parties(self, sent: Span, trigger_start: int, etype: str) -> tuple[list[str], list[str]]:
        """Actors and targets. For one-sided types the actor is who is named before the
        trigger in its clause ("..., Syrian and Russian jets raided TIP bases"), else the
        nearest party before it; a passive ("shot down by Syrian air defences") swaps roles."""
        doc = sent.doc
        mentions = self._party_mentions(sent, etype)
        if etype in SYMMETRIC_TYPES:
            return list(dict.fromkeys(eid for _e, eid in mentions)), []
        trig = next((t.i for t in sent if t.idx >= trigger_start), sent.end - 1)
        trig_end = trig + 1
        while trig_end < sent.end and doc[trig_end].lower_ in ("down", "up", "out", "off"):
            trig_end += 1
        passive = trig_end < sent.end and doc[trig_end].lower_ == "by"
        clause_start = sent.start
        for i in range(trig - 1, sent.start - 1, -1):
            if doc[i].text in CLAUSE_BREAKS:
                clause_start = i + 1
                break
        if doc.has_annotation("DEP"):
            roles = self._dependency_roles(doc[trig], mentions)
            if roles is not None:
                return roles
        before = [(e, eid) for e, eid in mentions if e.end <= trig]
        after = [(e, eid) for e, eid in mentions if e.start >= trig_end]
        in_clause = [(e, eid) for e, eid in before if e.start >= clause_start]
        by_agent = [(e, eid) for e, eid in before if e.start > sent.start and doc[e.start - 1].lower_ == "by"]
        if passive:
            actors = [eid for e, eid in after if e.start <= trig_end + 6]
            targets = [eid for _e, eid in (in_clause or before[-1:])]
            others = [eid for e, eid in after if e.start > trig_end + 6]
        else:
            actors = [eid for _e, eid in (in_clause or before[-1:])]
            actors += [eid for _e, eid in by_agent]
            targets = [eid for _e, eid in after]
            others = []
        actors = list(dict.fromkeys(actors))
        targets = [t for t in dict.fromkeys(targets + others) if t not in actors]
        return actors, targets

    @staticmethod
    def _dependency_roles(trigger, mentions) -> tuple[list[str], list[str]] | None:
        """With a trained parser: subjects (and "by" agents) of the trigger's verb are actors,
        its objects and passive subjects targets. None when no party hangs off that verb."""
        verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
        actors: list[str] = []
        targets: list[str] = []
        for ent, eid in mentions:
            node = ent.root
            while node.head.i != node.i and node.head.i != verb.i:
                node = node.head
            if node.head.i != verb.i or node.i == verb.i:
                continue
            if node.dep_ in ("nsubj", "agent", "csubj"):
                actors.append(eid)
            elif node.dep_ in ("nsubjpass", "dobj", "obj", "pobj", "prep", "dative", "attr"):
                targets.append(eid)
        if not actors:
            return None
        actors = list(dict.fromkeys(actors))
        return actors, [t for t in dict.fromkeys(targets) if t not in actors]

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
        trigger, trigger_token = trigger
        trigger_start = sent.doc[trigger_token].idx
        actors, targets = self._parties(sent, trigger_start, etype)
        rule = self.rules.types[etype]
        if rule.needs_party and not (actors or targets) and self._refers_back(sent):
            actors = list(previous_parties)
        if rule.needs_party and not (actors or targets) and not self._generic_actor(sent, trigger_token):
            return []
        if not self._enough_parties(rule, actors + targets, places, sent):
            return []
        status = self._status(sent, etype, trigger_token)
        future = status in ("announced", "hypothetical")
        chunks = self._split_meeting(sent, places) if etype == "MEETING" else []
        if not chunks:
            chunks = [(self._best_place(places, etype, trigger_token), sent.text)]
        out = []
        direct_types = {self.nlp.vocab.strings[m] for m, *_ in self._matches(sent, "phrase_matcher")}
        for venue, chunk in chunks:
            place_id = venue.ent_id_ if hasattr(venue, "ent_id_") else venue
            from_context = False
            if place_id is None:
                place_id = recent_places[0] if recent_places else main_place
                from_context = place_id is not None
            these_actors = actors
            if len(chunks) > 1:
                these_actors = self._actors_for_venue(actors, place_id, [c[0].ent_id_ for c in chunks])
            anchor = (trigger_start - sent.start_char) if chunk == sent.text else None
            event_date, precision = resolve_date(chunk, published, future=future, anchor=anchor)
            parties = sorted({p for p in map(self._party, these_actors + targets) if p})
            region, country = self._place_key(place_id, etype, road_ref)
            confidence = 0.45 + (0.15 if place_id and not from_context else 0.05 if place_id else 0)
            confidence += 0.15 if parties else 0
            confidence += 0.1 if precision == "day" else 0
            confidence += 0.1 if etype in direct_types else 0
            event = Event(
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
            event._place_from_context = from_context  # not a field: the warehouse never sees it
            out.append(event)
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

    def _best_place(self, places: list[Span], etype: str, trigger_token: int | None = None):
        """The most specific place named (a town beats a region beats a country); for
        violence a place in Syria or Libya beats one abroad, and the nearest to the trigger wins."""
        if not places:
            return None

        def rank(p: Span) -> tuple[int, int, int]:
            ent = self.gaz.get(p.ent_id_)
            if ent is None:
                return (1, 9, 0)
            abroad = int(etype in VIOLENT_TYPES and ent.country not in ("SYR", "LBY"))
            if ent.kind == "state":
                level = 5
            elif ent.kind == "road":
                level = 4
            elif ent.feature == "adm1":
                level = 3
            else:
                level = 1
            distance = abs(p.start - trigger_token) if trigger_token is not None and abroad == 0 else 0
            return (abroad, level, distance if etype in VIOLENT_TYPES else 0)

        return min(places, key=rank)

    def _event_theatre(self, ev: Event) -> str | None:
        if ev.country in THEATRE_COUNTRY:
            return THEATRE_COUNTRY[ev.country]
        return None

    def _event_in_theatre(self, ev: Event) -> bool:
        """Violence, patrols and deployments must happen in the theatre; talks, deals,
        sanctions, accusations and threats may be held or made elsewhere by its parties."""
        if not ev.country or ev.country in THEATRE_PLACE_COUNTRIES:
            return True
        if ev.type == "CEASEFIRE":
            return any(self._theatre_party(p, ("SYR", "LBY")) for p in ev.actors + ev.targets)
        if ev.type not in DIPLOMATIC_TYPES:
            return False
        return any(self._theatre_party(p, THEATRE_PLACE_COUNTRIES) for p in ev.actors + ev.targets)

    def _theatre_party(self, entity_id: str, countries) -> bool:
        ent = self.gaz.get(entity_id)
        if ent is None:
            return False
        theatres = {THEATRE_COUNTRY[c] for c in countries if c in THEATRE_COUNTRY}
        if "TUR" in countries:
            theatres.add("turkey-russia-iran")
        return ent.country in countries or bool(theatres & set(ent.theatres))
