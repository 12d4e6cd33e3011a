"""Word lists the tagger's English rules read (closed classes, not gazetteer data)."""

from __future__ import annotations

import re

ROAD_WORDS = {"highway", "road", "motorway", "route"}
# "Turkish-backed", "Russian-made", "pro-Turkish": the state is a qualifier, not a party.
MODIFIER_WORDS = {
    "backed", "made", "built", "supplied", "sponsored", "brokered", "led", "linked", "aligned",
    "allied", "funded", "trained", "controlled", "held", "run", "based", "owned", "designed",
    "mediated",
}  # fmt: skip
# Prepositions after which a capital is a place ("talks in Moscow"), not a party.
PLACE_PREPS = {
    "in", "to", "from", "at", "near", "of", "via", "into", "toward", "towards", "outside",
    "around", "across", "over", "through", "between", "inside", "north", "south", "east",
    "west", "on", "for", "under",
}  # fmt: skip
# Words after a capital that make it a place ("Damascus airport", "Tripoli's suburbs").
PLACE_NOUNS = {"airport", "countryside", "suburbs", "province", "outskirts", "'s", "-", "city", "port"}
# Labels of a trained model's entities that may name a party the gazetteer does not know.
MODEL_PARTY_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
# Office-holder nouns: "the President", "the army" before a trigger is an actor.
ACTOR_NOUNS = {
    "president", "government", "minister", "ministry", "army", "rebels", "police", "officials",
    "leader", "leaders", "party", "military", "authorities", "council", "spokesman",
    "spokeswoman", "king", "emir", "parliament", "secretary", "chancellor", "premier",
    "guerrillas", "militants", "insurgents", "opposition", "embassy",
}  # fmt: skip
# Capitalised sentence openers that are not a lede's proper-noun subject.
NOT_SUBJECTS = {
    "the", "a", "an", "it", "he", "she", "they", "we", "i", "this", "that", "these", "those", "in", "on",
    "at", "after", "before", "when", "while", "as", "but", "and", "if", "some", "many", "more", "most",
    "no", "one", "two", "three", "several", "there", "here", "his", "her", "its", "their", "our", "by",
    "for", "from", "with", "without", "under", "since", "during", "following", "despite", "earlier",
    "later", "meanwhile", "however", "also", "both", "all", "each", "other", "another", "such", "what",
    "who", "which", "until", "then", "so", "yet", "to", "of", "over", "about", "analysts", "experts",
}  # fmt: skip
# Sentence openers that refer back to the party named just before ("He", "The group").
BACK_REFERENCES = {"he", "she", "it", "they", "the", "its", "his", "their", "both"}
CLAUSE_BREAKS = {",", ";", "–", "—", "--", ":", "(", ")", '"', "“", "”"}
# A trigger right after one of these is negated, not an event ("no agreement", "will not withdraw").
NEGATIONS = {"no", "not", "never", "n't"}
# Particles after a trigger verb that belong to it ("shot down", "called off").
VERB_PARTICLES = ("down", "up", "out", "off")
# How far around a trigger status cues count (tokens before, after).
STATUS_BEFORE, STATUS_AFTER = 10, 6
# Place names shared with another country: the entity is dropped when the text names it.
AMBIGUOUS_PLACES = {"place:tripoli": ("lebanon", "lebanese", "lebanon's")}
# Reporting verbs: a place right before one is a speaker ("Tehran says", "the Pentagon said"),
# not where something happened.
SPEECH_VERBS = {
    "said", "says", "say", "told", "tells", "announced", "announces", "claimed", "claims",
    "reported", "reports", "confirmed", "confirms", "stated", "states", "added", "insists",
    "insisted", "noted", "believes", "thinks", "hopes", "wants",
}  # fmt: skip
# Prepositions after which a country is where an event happened ("killed in Syria", "raid on
# Syria", "arrives in Saudi Arabia", "troops into Libya").
# Verbs whose object is the place struck ("missiles hit Syria", "Israel strikes Syria").
STRIKE_VERBS = {
    "hit", "hits", "strike", "strikes", "struck", "attack", "attacks", "attacked", "bomb", "bombs",
    "bombed", "pound", "pounds", "pounded", "target", "targets", "targeted", "shell", "shells", "shelled",
    "raid", "raids", "raided", "rock", "rocks", "rocked",
}  # fmt: skip
STATE_PLACE_PREPS = {"in", "inside", "into", "across", "on", "over", "to", "near", "throughout", "within"}
# Verbs whose object is where their event happens ("visits Syria").
VENUE_VERBS = {"visits", "visit", "visited", "visiting", "tours", "toured", "enters", "entered", "reaches"}
# Meeting verbs whose object is the other side ("meets Arab lawmakers"), and meetings that
# have many sides by definition.
MEETING_VERBS = {"meets", "meet", "met", "receives", "received", "hosts", "hosted", "welcomes", "welcomed"}
MULTILATERAL_MEETINGS = {"summit", "summits"}
# Words after a meeting verb that are not its object ("met again", "met today").
NOT_OBJECTS = {
    "again",
    "today",
    "yesterday",
    "tomorrow",
    "briefly",
    "privately",
    "separately",
    "and",
    "or",
    "the",
}
# Headlines of digests: live blogs, round-ups, lists of the day's events, newsletters. Such an
# item is about what its headline names; what it lists after the headline is not its subject.
DIGEST_TITLE = re.compile(
    r"\blive\s*(:|news\b|updates?\b|blog\b)|[-\u2013\u2014|]\s*live\s*$|^live\s*:|\bround-?up\b|"
    r"\bkey events\b|\bat a glance\b|\bfirst thing\b|\bwhat happened\b|\bcatch up\b|\bmorning mail\b|"
    r"\bafternoon update\b|\bbriefing\s*:",
    re.IGNORECASE,
)
# A state named after one of these is a comparison, not the subject ("could become another
# Syria", "a bigger crisis than Syria, Yemen or Libya"); the guide's metaphors and comparisons.
COMPARISON_WORDS = {"than", "another", "like", "unlike"}
# Tokens that join the names of a list ("Syria, Yemen or Libya").
LIST_LINKS = {",", "and", "or"}
# Relation words of one side acting on another: with two of Turkey, Russia and Iran in one list
# ("US sanctions Russia and Iran") they are the objects of a third party, not dealing together.
DIRECTED_CUES = {
    "accuses", "accused", "accuse", "warns", "warned", "sanctions", "summoned", "summons", "summon",
    "drones", "missiles", "weapons", "arms", "supply", "supplies", "supplied", "jets", "fighter", "fighters",
}  # fmt: skip
# With "nuclear", a sentence about the nuclear deal's talks: Iran and the West (the guide's hard
# negative), not Turkey, Russia and Iran dealing with each other, even when Russia sits at the table.
# The nuclear deal's bodies: Iran and the West, not a Turkey-Russia-Iran body (the guide's hard
# negative "JCPOA talks in Vienna; IAEA inspectors").
NUCLEAR_DEAL_BODIES = {"org:iaea", "org:jcpoa"}
NUCLEAR_TALK_WORDS = {"deal", "talks", "negotiations", "negotiators", "accord", "agreement"}
# An earthquake story naming Syria only beside Turkey ("Turkey-Syria earthquake") is Turkey's
# disaster with Syria listed; the guide tags `syria` only when the Syrian side is the subject.
QUAKE_WORDS = {
    "earthquake",
    "earthquakes",
    "quake",
    "quakes",
    "aftershock",
    "aftershocks",
    "tremor",
    "tremors",
    # the disaster's aftermath, in a story naming Syria only beside Turkey
    "rubble",
    "buried",
    "survivors",
    "rescuers",
    "toll",
}
# Direction words between two names of one pair ("Turkey's Hatay and northern Syria").
DIRECTION_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "northwest",
    "north-west", "northwestern", "north-western", "northeast", "north-east", "northeastern",
    "north-eastern", "southeast", "south-east", "southeastern", "south-eastern", "southwest",
    "south-west", "southwestern", "south-western",
}  # fmt: skip
# Headline words of culture, food and sport stories: set in the region, not about its war or
# politics (the guide's hard negative); only an event in the theatre keeps a theatre tag.
CULTURE_WORDS = {
    "recipe", "recipes", "music", "musician", "musicians", "artist", "artists", "film", "films", "movie",
    "book", "books", "novel", "novelist", "festival", "nowruz", "song", "songs", "singer", "exhibition",
    "museum", "fashion", "football", "footballer", "cuisine", "chef", "poet", "poetry", "concert", "cinema",
    "statue", "archaeologists", "comedy", "comedian", "comedians", "satire", "cartoonist", "cartoonists",
    "dancer", "dancers", "ballet", "opera", "painter", "painters",
}  # fmt: skip
# Leaders' courtesies to each other are dealings between them (the guide: Erdogan-Putin or
# Raisi-Putin talks and calls): relation words beside the seeds' `relation_cues`. Directed, like
# `DIRECTED_CUES`: a third party thanking a list ("Trump thanked Russia, Turkey, Syria") is no relation.
COURTESY_CUES = {
    "thanks", "thanked", "thank", "congratulates", "congratulated", "congratulate", "congratulations",
    "condolences", "praises", "praised", "invites", "invited", "invitation",
}  # fmt: skip
# Border crossings for aid ("two more border crossings for aid delivery", "aid access through
# the Bab al-Hawa crossing") are aid access into Syria (the guide: `syria`), not migrants'
# crossings: `CROSSING_CUES` alone (no migrant, boat or asylum word) are not a migration cue.
CROSSING_CUES = {"crossing", "crossings"}
# Headline verbs of aid moving across a border ("aid convoy crosses border", "first aid enters"):
# with "into Syria" in the text, aid access into Syria is the subject (the guide).
ENTRY_WORDS = {
    "crosses",
    "crossed",
    "cross",
    "enters",
    "entered",
    "enter",
    "reaches",
    "reached",
    "arrives",
    "arrived",
}
AID_WORDS = {"aid", "humanitarian", "relief", "delivery", "deliveries", "convoy", "convoys", "supplies"}
# War words that, next to the state's name in the headline ("a decade of war in Syria", "Syria's
# war", "the Syrian civil war"), make the war itself the headline's subject.
WAR_WORDS = {"war", "conflict", "fighting", "uprising", "revolution"}
# Relation words of an alliance: in a text naming NATO they mean NATO, not Turkey, Russia or
# Iran allied with each other.
ALLIANCE_CUES = {"alliance", "alliances", "allies", "ally", "allied", "bloc"}
