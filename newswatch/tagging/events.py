"""Event assembly: for each sentence, the types an `EventTyper` finds become events with
their parties (parties.py), place and place key (places.py), date (dates.py), status and
confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span

from newswatch.ids import event_id_for
from newswatch.tagging.dates import described_day, resolve_date
from newswatch.tagging.doc_index import doc_sents, sentence_ents, span_text
from newswatch.tagging.event_rules import EventRules
from newswatch.tagging.headlines import (
    HeadlineGrammar,
    fire_trigger,
    missile_fire_only,
    restates_air_strike,
    says_from_the_air,
)
from newswatch.tagging.parties import Parties, generic_actor, refers_back
from newswatch.tagging.places import PLACE_LABELS, Places, road_reference, split_meeting, word_before
from newswatch.tagging.triggers import (
    DEMAND_CLAUSE_ENDS,
    SPEECH_TYPES,
    EventTyper,
    TriggerHit,
    in_clause_before,
)
from newswatch.tagging.vocabulary import CLAUSE_BREAKS, STATUS_AFTER, STATUS_BEFORE
from newswatch.taxonomy import TARGETING_TYPES, VIOLENT_TYPES

# Words that make a meeting a remote one: a phone or video call is held nowhere, so it has no
# place (streams guide: "For meetings, where the meeting is held ... null when the text gives
# no place"); the country it is about ("discuss Syria in phone call") is its topic.
REMOTE_MEETING_WORDS = {"phone", "telephone", "phoned", "telephoned", "video"}
# Types whose country named right before the trigger is a side, not the place ("Russia-Turkey
# talks", "Iran and Russia to sign agreement"): only a preposition or a visit verb places them.
SIDES_NOT_VENUE = {"MEETING", "AGREEMENT"}
# A seat of government hosting talks ("met Putin at the Kremlin", "marathon Kremlin talks") is
# its city: talks are held in a city (the streams guide's meetings "where held" are cities).
SEAT_CITIES = {"place:kremlin": "place:moscow", "place:white-house": "place:washington"}
TALKS_TYPES = {"MEETING", "AGREEMENT", "MEETING_POSTPONED"}
# Words before a place that make it what a meeting is about, not where it is held ("talks on
# Idlib", "discussed Syria"): the guide places meetings where they are held.
MEETING_TOPIC_WORDS = {"on", "over", "about", "regarding", "concerning", "discuss", "discussed", "discusses"}

# Words that leave a ceasefire in doubt ("could lead to a truce", "if the ceasefire holds"); a
# truce called for, proposed or offered without them is news of its own (taxonomy: CEASEFIRE
# is "a ceasefire called for, agreed, declared or broken (status says which)"; the recurrence
# gold keys a truce "declared, proposed or agreed"), so it is `announced`, not `hypothetical`.
DOUBT_WORDS = {"may", "might", "could", "would", "if", "unless", "whether", "possible", "possibility"}


# A deal named as what talks are about or what a party wants back ("discuss grain deal",
# "no breakthrough on the grain deal", "Russia would return to the deal", "hopes to revive
# the deal") is an existing deal as a topic, not a deal made (taxonomy AGREEMENT: "a deal,
# memorandum or joint statement" signed or agreed; the talks themselves are the MEETING).
DEAL_NOUNS = {"deal", "deals", "agreement", "agreements", "accord", "accords", "pact", "treaty", "treaties"}
DEAL_TOPIC_WORDS = {
    "discuss", "discusses", "discussed", "discussing", "on", "over", "about", "regarding", "revive",
    "revives", "revived", "reviving", "revival", "return", "returns", "returned", "returning",
    "rejoin", "rejoins", "rejoined", "rejoining", "salvage", "salvaging", "save", "saving",
}  # fmt: skip
# Verbs that make a deal in the same sentence ("agreed to return to the deal").
DEAL_MAKING = {
    "agree", "agrees", "agreed", "agreeing", "sign", "signs", "signed", "signing", "reach", "reaches",
    "reached", "reaching", "inked", "seal", "sealed", "seals", "finalised", "finalized", "concluded",
    "clinched", "brokered", "struck",
}  # fmt: skip
DEAL_TOPIC_REACH = 5
# A deal named by who sponsored or backed it ("joined a Russian-sponsored reconciliation deal")
# is one made before and now referred to. Not "-brokered", which is DEAL_MAKING: a deal
# brokered is news of a deal made ("Turkey-brokered deal"), and PLOVER held-out fell with it.
BROKER_PARTICIPLES = {"sponsored", "mediated", "backed"}


def deal_as_topic(sent: Span, hit: TriggerHit) -> bool:
    """An AGREEMENT whose trigger is a bare deal noun that talks are about, that a party
    wants to return to or that is named by its sponsor, with no deal-making verb in the
    sentence."""
    doc = sent.doc
    if hit.text.lower().split()[0] not in DEAL_NOUNS:
        return False
    if any(t.lower_ in DEAL_MAKING for t in sent):
        return False
    for i in range(hit.token - 1, max(sent.start, hit.token - DEAL_TOPIC_REACH) - 1, -1):
        word = doc[i].lower_
        if word in CLAUSE_BREAKS:
            return False
        if word in DEAL_TOPIC_WORDS:
            return True
        if word in BROKER_PARTICIPLES and i > sent.start and doc[i - 1].text == "-":
            return True  # "a Russian-sponsored deal": a deal made before, named by its sponsor
    return False


# A withdrawal, deployment or attack that a party wants, needs or demands is a condition it
# states ("normalisation needs a Turkish troop withdrawal", "Damascus wants a timetable for a
# withdrawal"), not a move made (streams GUIDE: "statements without accusation/threat are no
# event"; CAMEO 10 DEMAND). Truces, talks and deals called for keep their own statuses.
DEMAND_WORDS = {
    "want", "wants", "wanted", "need", "needs", "needed", "require", "requires", "required",
    "demand", "demands", "demanded", "demanding", "seek", "seeks", "sought", "insist", "insists",
    "insisted", "condition", "conditions", "precondition", "timetable",
}  # fmt: skip
DEMAND_REACH = 6
# Words that open a clause of news after the demand ("demanded a probe after Russian jets
# bombed a market"): what follows them happened, it is not what is demanded (as the
# triggers' demand-verb rule, without its "and"/"but": "wants a timetable and a withdrawal").
DEMAND_NEWS_OPENERS = DEMAND_CLAUSE_ENDS - {"and", "but"}


def demanded(sent: Span, token: int) -> bool:
    """A demand word within DEMAND_REACH tokens before the trigger, in its clause (which ends
    at a clause break or a word opening news of its own, DEMAND_NEWS_OPENERS)."""
    return in_clause_before(sent, token, DEMAND_WORDS, DEMAND_NEWS_OPENERS, DEMAND_REACH)


# Observers who warn of what may happen ("analysts warned", "aid agencies ... with warnings
# that 12 million remain displaced") predict or describe; a THREAT is a party warning of the
# force or measures it would use (taxonomy THREAT; streams GUIDE: statements without a threat
# are no event).
OBSERVER_WORDS = {
    "analyst", "analysts", "expert", "experts", "observers", "agencies", "charities", "charity",
    "ngos", "researchers", "scientists", "economists", "think-tank", "doctors", "campaigners",
    "activists", "monitors",
}  # fmt: skip
OBSERVER_REACH = 12


def observer_warning(sent: Span, token: int) -> bool:
    """An observer noun within OBSERVER_REACH tokens before the warning, in its clause."""
    return in_clause_before(sent, token, OBSERVER_WORDS, reach=OBSERVER_REACH)


def event_status(typer: EventTyper, sent: Span, etype: str, token: int) -> str:
    """The status of the event a trigger reports.

    A threat or accusation is reported when the speech is: the modal and future words after
    "threatened"/"warned"/"accused" ("threatened to destroy", "warned it would strike") tell
    what is threatened or alleged, not whether the threat was made, so only the words before
    the trigger count ("denied threatening", "may accuse")."""
    if etype in SPEECH_TYPES:
        lo = max(sent.start, token - STATUS_BEFORE)
        return typer.status(sent.doc[lo:token], etype) if token > lo else "reported"
    status = typer.status(sent, etype, token)
    if etype == "CEASEFIRE" and status == "hypothetical":
        window = sent.doc[max(sent.start, token - STATUS_BEFORE) : min(sent.end, token + STATUS_AFTER)]
        if not any(t.lower_ in DOUBT_WORDS for t in window):
            return "announced"
    return status


def recurrence_key(etype: str, region_id: str, parties: list[str]) -> str:
    """`TYPE|place key|party+party` ('-' when no party is known): what a recurrence repeats."""
    return f"{etype}|{region_id}|{'+'.join(parties) or '-'}"


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
    # The place was not named in the sentence but taken from the ones before (or the
    # article's main place); such an event does not add to its theatre's weight.
    # Not a warehouse column.
    place_from_context: bool = field(default=False, compare=False)
    # Found in the headline (its sentence_index is negative). Not a warehouse column.
    from_headline: bool = field(default=False, compare=False)

    def event_id(self, article_id: str) -> str:
        return event_id_for(article_id, self.type, self.sentence_index, self.place_id, self.event_date)


@dataclass
class SentenceContext:
    """What event assembly knows about one sentence and the text before it."""

    sent: Span
    text: str  # sent.text, read once
    index: int  # among the body's sentences
    places: list[Span]  # gazetteer places and roads named in the sentence
    recent_places: list[str]  # the last places named, this sentence's first
    main_place: str | None  # the article's most-named place in Syria or Libya
    road: str | None  # the road the sentence is on
    published: date
    mediation: bool  # mediation is mentioned in this sentence or the two before
    previous_parties: list[str]  # the party the sentence before began with
    violence: bool = False  # a violent event is reported in this sentence or one before


class EventAssembler:
    def __init__(self, rules: EventRules, typer: EventTyper, parties: Parties, places: Places):
        self.rules = rules
        self.typer = typer
        self.parties = parties
        self.places = places
        self.headline = HeadlineGrammar(places.gaz)

    def events(self, doc: Doc, published: date, title_end: int) -> list[Event]:
        body = [s for s in doc_sents(doc) if s.start_char >= title_end]
        headline = [s for s in doc_sents(doc) if s.start_char < title_end] if title_end else []
        # The description's "He", "The two leaders" are the headline's parties.
        named = [eid for s in headline for _e, eid in self.parties.mentions(s) if self.parties.party(eid)]
        events = self._sentence_events(doc, body, published, previous=list(dict.fromkeys(named)))
        if headline:
            head = self._sentence_events(doc, headline, published, headline=True)
            if any(e.type == "AIRSTRIKE" for e in head) and says_from_the_air(head[0].sentence):
                # the description's missiles retell the headline's strike, placed by it
                events = [e for e in events if not restates(e)]
            events = merge_headline(head, events, self.places.rank)
            events = self._missile_fire(events, headline, body)
            events = _toll_of_described_attack(events)
            events = dated_by_description(events, headline, body, published)
        return events

    def _missile_fire(self, events: list[Event], headline: list[Span], body: list[Span]) -> list[Event]:
        """GUIDE (adjudication): "missile attack/fire" with no air word is SHELLING. When the
        headline and description name missiles or rockets and never the air ("Israeli missiles
        hit Syria", "Israeli attack puts Aleppo airport out of service ... missile attacks"),
        an AIRSTRIKE whose trigger is no air word and no "strike" (a state's cross-border
        "strikes" stay air strikes, headlines.py) is that fire: one SHELLING."""
        lead = " ".join(s.text for s in headline + body[:2])
        if not missile_fire_only(lead):
            return events
        fired = [e for e in events if e.type == "AIRSTRIKE" and fire_trigger(e.trigger)]
        if not fired:
            return events
        fire = [
            replace(e, type="SHELLING", recurrence_key=recurrence_key("SHELLING", e.region_id, e.parties))
            for e in fired
        ]
        rest = [e for e in events if not any(e is f for f in fired)]
        return merge_headline(fire, rest, self.places.rank)

    def _sentence_events(
        self,
        doc: Doc,
        sents: list[Span],
        published: date,
        headline: bool = False,
        previous: list[str] | None = None,
    ) -> list[Event]:
        events: list[Event] = []
        recent_places: list[str] = []
        main_place = self.places.main_place(doc)
        mediation_context: list[bool] = []
        roads = [[e.ent_id_ for e in sentence_ents(s) if e.label_ == "ROAD" and e.ent_id_] for s in sents]
        first_party: dict[int, list[str]] = {}

        def party_before(index: int) -> list[str]:
            """The first party of the nearest sentence before `index` that names one, else
            `previous`. Read only for sentences with a trigger (most have none), so the
            parties of the sentences before are looked up on demand, each once."""
            for j in range(index - 1, -1, -1):
                if j not in first_party:
                    here = [eid for _e, eid in self.parties.mentions(sents[j]) if self.parties.party(eid)]
                    first_party[j] = here[:1]
                if first_party[j]:
                    return first_party[j]
            return previous or []

        for index, sent in enumerate(sents):
            text = span_text(sent)
            lower = text.lower()
            mediation_context.append("mediat" in lower or "reconcil" in lower)
            named = [e for e in sentence_ents(sent) if e.label_ in PLACE_LABELS and e.ent_id_]
            places = self.places.where(named)
            hits = self.typer.sentence_types(sent)
            if headline:
                hits = self.headline.extend(sent, hits)
            if places:
                # the article's main place when the sentence names it ("entered Aleppo ... an
                # offensive launched from Idlib": the next sentence's "the city" is Aleppo)
                mains = [p for p in places if self.places.named_place(p) == main_place]
                recent_places = [(mains or places)[-1].ent_id_] + recent_places[:1]
            if not hits:
                continue
            ctx = SentenceContext(
                sent=sent,
                text=text,
                index=-1 - index if headline else index,
                places=places,
                recent_places=recent_places,
                main_place=main_place,
                road=road_reference(sent, index, roads),
                published=published,
                mediation=any(mediation_context[max(0, index - 2) :]),
                previous_parties=party_before(index),
                violence=any(e.type in VIOLENT_TYPES for e in events)
                or any(h.type in VIOLENT_TYPES for h in hits.values()),
            )
            sentence_events: list[Event] = []
            for hit in hits.values():
                sentence_events.extend(self.events_for(ctx, hit))
            events.extend(_drop_threatened(sentence_events))
        return events

    def events_for(self, ctx: SentenceContext, hit: TriggerHit) -> list[Event]:
        """The events one trigger reports: usually one, one per venue for a sentence that
        lists meetings in several places on several days."""
        sent, etype = ctx.sent, hit.type
        trigger_start = sent.doc[hit.token].idx
        actors, targets = self.parties.roles(sent, trigger_start, etype)
        rule = self.rules.types[etype]
        if etype == "AGREEMENT" and deal_as_topic(sent, hit):
            return []
        if etype == "THREAT" and hit.text.lower().startswith("warn") and observer_warning(sent, hit.token):
            return []
        if (etype == "MIL_DEPLOYMENT" or etype in VIOLENT_TYPES) and demanded(sent, hit.token):
            return []
        if rule.needs_party and refers_back(sent) and self._too_few_sides(rule, actors, targets):
            # "He will hold talks with Putin", "The two leaders spoke": the parties before
            actors = list(dict.fromkeys(ctx.previous_parties + actors))
        if rule.needs_party and not (actors or targets) and not generic_actor(sent, hit.token):
            return []
        if not self.parties.enough(rule, actors + targets, ctx.places, sent, hit.token):
            return []
        status = event_status(self.typer, sent, etype, hit.token)
        future = status in ("announced", "hypothetical")
        venues = ctx.places
        if etype == "MEETING":
            venues = [p for p in venues if word_before(p, sent.start) not in MEETING_TOPIC_WORDS]
        remote = etype == "MEETING" and any(t.lower_ in REMOTE_MEETING_WORDS for t in sent)
        if remote:
            chunks = [(None, ctx.text)]  # a call is held nowhere
        else:
            chunks = split_meeting(sent, venues) if etype == "MEETING" else []
            chunks = chunks or [(self.places.best(venues, etype, hit.token), ctx.text)]
        out = []
        direct_types = self.typer.direct_types(sent)
        for venue, chunk in chunks:
            place_id = venue.ent_id_ if hasattr(venue, "ent_id_") else venue
            from_context = False
            if remote:
                pass  # a call: no venue, and the countries named are its sides or its topic
            elif place_id is None:
                # a country right before a meeting names a side ("Russia-Turkey talks", "Turkey,
                # Russia hold talks"), not where it is held: only a preposition or a visit places it
                modified = None if etype in SIDES_NOT_VENUE else hit.token
                place_id = self.places.state_place(sent, etype, modified)
                if etype == "MEETING" and place_id and self._topic_state(sent, place_id):
                    place_id = None
            if place_id is None and etype == "CEASEFIRE":
                # a truce its sentence does not place holds in its parties' country ("Haftar
                # announces a Ramadan ceasefire"), not in the town named before
                place_id = self.places.theatre_state(actors + targets)
                from_context = place_id is not None
            # a call, or a meeting whose sentence names places only as its topic: not placed by
            # the places of the sentences around it either
            # a sanction, accusation or threat is made where its sentence says or nowhere: the
            # places of the sentences around it are where something else happened (GUIDE: null
            # when the text gives no place; it is keyed where it was issued); only blame for the
            # text's attack is placed where the attack was
            elsewhere = etype in TARGETING_TYPES and not (etype == "ACCUSATION" and ctx.violence)
            if place_id is None and not remote and not (ctx.places and not venues) and not elsewhere:
                place_id = ctx.recent_places[0] if ctx.recent_places else ctx.main_place
                from_context = place_id is not None
            if place_id is None and etype in VIOLENT_TYPES:
                # "Four Syrian soldiers killed in Israeli missile attack": in the theatre country
                place_id = self.places.theatre_state(actors + targets)
                from_context = place_id is not None
            if etype in TALKS_TYPES:
                place_id = SEAT_CITIES.get(place_id, place_id)
            these_actors = actors
            if len(chunks) > 1:
                these_actors = self.parties.actors_for_venue(actors, place_id, [c[0].ent_id_ for c in chunks])
            anchor = (trigger_start - sent.start_char) if chunk == ctx.text else None
            event_date, precision = resolve_date(chunk, ctx.published, future=future, anchor=anchor)
            parties = sorted({p for p in map(self.parties.party, these_actors + targets) if p})
            # a statement or measure is keyed where it was issued, whatever place it names
            issuer = these_actors if from_context or place_id is None or etype in TARGETING_TYPES else None
            region, country = self.places.key(place_id, etype, ctx.road, venue, issuer)
            confidence = 0.45 + (0.15 if place_id and not from_context else 0.05 if place_id else 0)
            confidence += 0.15 if parties else 0
            confidence += 0.1 if precision == "day" else 0
            confidence += 0.1 if etype in direct_types else 0
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
                    mediation=bool(ctx.mediation and etype == "MEETING"),
                    sentence=ctx.text.strip(),
                    trigger=hit.text,
                    confidence=round(min(confidence, 0.99), 2),
                    recurrence_key=recurrence_key(etype, region, parties),
                    parties=parties,
                    sentence_index=ctx.index * 10 + len(out),
                    place_from_context=from_context,
                    from_headline=ctx.index < 0,
                )
            )
        return out

    def _topic_state(self, sent: Span, place_id: str) -> bool:
        """Every mention of the country `place_id` is the meeting's topic ("talks on Syria")."""
        mentions = [e for e in sentence_ents(sent) if e.ent_id_ == place_id]
        return bool(mentions) and all(word_before(e, sent.start) in MEETING_TOPIC_WORDS for e in mentions)

    def _too_few_sides(self, rule, actors: list[str], targets: list[str]) -> bool:
        if not actors:
            return True
        sides = {self.parties.party(p) for p in actors + targets} - {None}
        return len(sides) < rule.min_parties


def merge_headline(headline: list[Event], body: list[Event], rank) -> list[Event]:
    """A feed item's headline states its event and the description often restates it: a type
    the body reports once is one event, placed at the more specific of the two places (a
    road corridor the body names stands); a type only the headline reports is added."""
    out = list(body)
    for ev in headline:
        same = [b for b in out if b.type == ev.type]
        if not same:
            out.append(ev)
            continue
        first = same[0]
        # The headline states it: the news of the day the item is published, so its sentence
        # is the event's (warehouse/queries/cluster_details.sql counts it as dated), and it is
        # as well attested as the headline's own reading of it.
        out[out.index(first)] = first = replace(
            first, sentence=ev.sentence, confidence=max(first.confidence, ev.confidence)
        )
        if ev.parties and not first.parties:  # the body's retelling names nobody
            out[out.index(first)] = first = replace(
                first,
                actors=ev.actors,
                targets=ev.targets,
                parties=ev.parties,
                recurrence_key=recurrence_key(first.type, first.region_id, ev.parties),
            )
        # A more specific place replaces the body's, but not a road corridor the body is on.
        better = rank(ev.place_id, ev.type) < rank(first.place_id, first.type)
        better = better and not first.region_id.startswith("road:")
        if ev.place_id and (first.place_id is None or first.place_from_context or better):
            out[out.index(first)] = replace(
                first,
                place_id=ev.place_id,
                region_id=ev.region_id,
                country=ev.country,
                recurrence_key=recurrence_key(first.type, ev.region_id, first.parties),
                place_from_context=False,
            )
    return out


# "<attack> killed/kills ..." in a headline: the toll of an attack (typed by its cause, GUIDE:
# casualty-led headlines are typed by the cause).
ATTACK_TOLL = re.compile(
    r"\b(attack|attacks|raid|raids|strike|strikes)\s+(\w+\s+)?(kill|kills|killed)\b", re.I
)


def _toll_of_described_attack(events: list[Event]) -> list[Event]:
    """A headline KILLING that is an attack's toll ("US probes whether attack killed civilian")
    when the description types the attack (AIRSTRIKE, SHELLING, BOMBING ...): one event, the
    description's; the killing is not a second one."""
    typed = {
        e.type for e in events if not e.from_headline and e.type in VIOLENT_TYPES and e.type != "KILLING"
    }
    if not typed:
        return events
    return [
        e for e in events if not (e.type == "KILLING" and e.from_headline and ATTACK_TOLL.search(e.sentence))
    ]


def restates(ev: Event) -> bool:
    return ev.type == "SHELLING" and restates_air_strike(ev.sentence)


def dated_by_description(events: list[Event], headline: list[Span], body: list[Span], published: date):
    """A headline states no date ("Islamic State chief killed in Syria"); its one-line
    description often does ("... killed by Turkish forces on Saturday"): the headline's event,
    dated only by the item, takes the one day the description gives for a happening."""
    titles = {s.text.strip() for s in headline}
    undated = [e for e in events if e.sentence in titles and e.date_precision == "article"]
    pending = [e for e in undated if e.status not in ("announced", "hypothetical")]
    if not pending or not body:
        return events
    day = described_day(body[0].text, published)
    if day is None:
        return events
    return [replace(e, event_date=day, date_precision="day") if e in pending else e for e in events]


def _drop_threatened(sentence_events: list[Event]) -> list[Event]:
    """What a threat threatens is not a separate event ("warned the purchase would trigger
    sanctions", "vowed a ground operation")."""
    if not any(e.type == "THREAT" for e in sentence_events):
        return sentence_events
    return [
        e
        for e in sentence_events
        if e.type in ("THREAT", "ACCUSATION", "MEETING") or e.status not in ("hypothetical", "announced")
    ]
