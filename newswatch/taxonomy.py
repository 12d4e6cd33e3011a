"""The design contract's vocabulary in one place: theatres, countries, event types and the
families of event types (../shared/design/taxonomy.md). Plain data, no I/O."""

from __future__ import annotations

# -- theatres ----------------------------------------------------------------------------

THEATRES = ("syria", "libya", "turkey-russia-iran")
# The two theatres that are one country each; Turkey-Russia-Iran is a relation of three.
THEATRE_COUNTRY = {"SYR": "syria", "LBY": "libya"}
TRI_COUNTRIES = ("TUR", "RUS", "IRN")
# Events are kept only where the theatre is: their place's country or, without a place,
# the article's tags decide.
THEATRE_PLACE_COUNTRIES = {"SYR", "LBY", "TUR", "RUS", "IRN"}
# Country tags an article may carry besides its theatres.
COUNTRY_TAGS = {
    "TUR": "turkey",
    "RUS": "russia",
    "IRN": "iran",
    "SYR": "syria-country",
    "LBY": "libya-country",
    "USA": "united-states",
    "ISR": "israel",
}

# -- event types -------------------------------------------------------------------------

EVENT_TYPES = (
    "AIRSTRIKE",
    "SHELLING",
    "BOMBING",
    "ARMED_CLASH",
    "TERRITORY_CHANGE",
    "SHOOTDOWN",
    "KILLING",
    "MIL_DEPLOYMENT",
    "JOINT_PATROL",
    "MEETING",
    "MEETING_POSTPONED",
    "CEASEFIRE",
    "AGREEMENT",
    "SANCTION",
    "ACCUSATION",
    "THREAT",
)
STATUSES = ("reported", "announced", "postponed", "denied", "hypothetical")

# -- families of event types -------------------------------------------------------------

# Alert-rule families (`family:` in seeds/alerts.yaml).
FAMILIES = {
    "violence": ["AIRSTRIKE", "SHELLING", "BOMBING", "ARMED_CLASH", "SHOOTDOWN", "KILLING"],
    "diplomacy": ["MEETING", "MEETING_POSTPONED", "AGREEMENT", "CEASEFIRE"],
    "pressure": ["SANCTION", "ACCUSATION", "THREAT"],
}
# Types that happen at a place on the ground: the "violence" family plus territory changing
# hands. The tagger prefers a place in Syria or Libya for them, nearest the trigger.
VIOLENT_TYPES = frozenset(FAMILIES["violence"]) | {"TERRITORY_CHANGE"}
# Types whose place may lie outside the theatre (talks in Geneva, a deal signed in Sochi,
# sanctions announced in Washington) when a party to them belongs to the theatre.
DIPLOMATIC_TYPES = frozenset(
    {"MEETING", "MEETING_POSTPONED", "AGREEMENT", "SANCTION", "ACCUSATION", "THREAT"}
)
# Types whose parties are all "actors": nobody does them *to* someone.
SYMMETRIC_TYPES = frozenset(
    {"MEETING", "MEETING_POSTPONED", "JOINT_PATROL", "AGREEMENT", "CEASEFIRE", "ARMED_CLASH"}
)
# Types whose target names a state ("sanctions on Tehran", "accused Ankara").
TARGETING_TYPES = frozenset({"SANCTION", "ACCUSATION", "THREAT"})
# Types whose place key is never a road corridor (talks are not "on the M4").
NOT_ON_ROADS = frozenset({"MEETING", "MEETING_POSTPONED", "AGREEMENT", "ACCUSATION"})
# A postponed meeting matches its held meeting wherever either is reported: place key "any".
POSTPONED_MEETING_KEY = ("MEETING_POSTPONED", "any")


# -- recurrence: what counts as the same kind of event at the same place ------------------

# Air strikes and shelling are one kind for recurrence: ACLED files both under
# "Explosions/Remote violence", and the news calls the same Israeli strike on Damascus
# "air strikes", "missile attack" and "artillery fire" on the same day. Same-event
# clustering still keeps the types apart (one exception: a report's undated mention of another
# type that retells its own dated news joins that news, clustering._dated_news); only "has this
# happened again" treats them as one.
RECURRENCE_KINDS: dict[str, frozenset[str]] = {
    "AIRSTRIKE": frozenset({"AIRSTRIKE", "SHELLING"}),
    "SHELLING": frozenset({"AIRSTRIKE", "SHELLING"}),
}
# Place keys that count as one place for recurrence (none yet). Damascus city and the
# governorate around it were tried as one and left apart: the real-stream gold keeps
# "Damascus" and "near Damascus" apart, and merging them raised an alert there that the gold
# calls a different place (tune half).
SAME_PLACE: dict[str, frozenset[str]] = {}


# Parties that are one side when two clusters' sides are compared (recurrence, cooldown).
# Libya's recognised government is the state, as Syria's government is `state:syr` (the gold
# conventions: government forces are `state:syr`; the UN-recognised Libyan government, its
# forces and "government troops" are one party, tests/gold/recurrence_snapshots/README.md):
# the news says "Libya's UN-recognised government" or "government-backed forces" (`state:lby`)
# as often as "GNA forces", so "government-backed forces push into Sirte" three days after
# "GNA forces press on towards Sirte" is the same again. GNA (2016-2021) and GNU (2021-) are
# the recognised government of their years.
SAME_SIDE: dict[str, str] = {"org:gna": "state:lby", "org:gnu": "state:lby"}


def side(party: str) -> str:
    """The side a party stands for when two clusters' sides are compared."""
    return SAME_SIDE.get(party, party)


def recurrence_types(event_type: str) -> list[str]:
    """The types an earlier cluster may have to make one of `event_type` a recurrence."""
    return sorted(RECURRENCE_KINDS.get(event_type, {event_type}))


def recurrence_places(region_id: str) -> list[str]:
    """The place keys an earlier cluster may have to count as the same place."""
    return sorted(SAME_PLACE.get(region_id, {region_id}))


def host_state(region_id: str | None) -> str | None:
    """The state a place key lies in, read from the id (`adm1:syr-idlib` and `state:syr`
    give `state:syr`); None for a road corridor or an unknown place."""
    if not region_id:
        return None
    prefix, _, rest = region_id.partition(":")
    if prefix == "state":
        return region_id
    if prefix == "adm1" and "-" in rest:
        return "state:" + rest.split("-", 1)[0]
    return None
