# ruff: noqa: E501  (authored prose: long string literals are the data)
"""Authoring script for the sample world (not imported at run time).

The world's YAML files under `world/` were written with this script: each story below is an
invented happening with its facts and a few sentences of its own; the script spreads each
story over the outlets that report it (different leads, titles and details per outlet), adds
the aggregators' verbatim copies and the unrelated news, and writes `world/*.yaml`.

    python -m newswatch.demo._author      # rewrites newswatch/demo/world/*.yaml

Everything here is invented: outlets on `.example` domains, events, casualty figures, quotes.
The setting is a fictional March 2026 that keeps the 2020-era configuration of the theatre.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

WORLD = Path(__file__).parent / "world"
START, END = date(2026, 3, 1), date(2026, 3, 30)
SILENT_FROM = date(2026, 3, 16)

FEEDS = [
    # id, name, domain, kind, tags
    ("orontes", "Orontes Wire", "orontes-wire.example", "wire", ["wire", "syria", "region"]),
    ("bosphorus", "Bosphorus Daily", "bosphorus-daily.example", "outlet", ["turkey"]),
    ("caspian", "Caspian Courier", "caspian-courier.example", "outlet", ["iran"]),
    ("volga", "Volga Herald", "volga-herald.example", "outlet", ["russia"]),
    ("sidra", "Sidra Gazette", "sidra-gazette.example", "outlet", ["libya"]),
    ("cyrenaica", "Cyrenaica Today", "cyrenaica-today.example", "outlet", ["libya"]),
    ("jazira", "Jazira Observer", "jazira-observer.example", "outlet", ["syria"]),
    ("eastmed", "Eastern Med Monitor", "eastmed-monitor.example", "outlet", ["region"]),
    ("meridian", "Meridian World Desk", "meridian-desk.example", "outlet", ["international"]),
    ("idlibnotes", "Idlib Field Notes", "idlib-field-notes.example", "outlet", ["syria", "local"]),
    ("relay", "Headline Relay", "headline-relay.example", "aggregator", ["aggregator"]),
    ("newsloop", "NewsLoop", "newsloop.example", "aggregator", ["aggregator"]),
    ("sportline", "Sportline Arena", "sportline-arena.example", "outlet", ["sport"]),
    ("marketpulse", "Market Pulse", "market-pulse.example", "outlet", ["economy"]),
]
FEED_NAMES = {f[0]: f[1] for f in FEEDS}

ATTRIBUTION = {
    "orontes": "Orontes Wire could not independently verify the casualty figures.",
    "bosphorus": "Bosphorus Daily's regional correspondent contributed to this report.",
    "caspian": "The Caspian Courier compiled this report from its correspondents and official statements.",
    "volga": "The Volga Herald's correspondent contributed to this report.",
    "sidra": "The Sidra Gazette's newsroom in Tripoli compiled this report.",
    "cyrenaica": "Cyrenaica Today's correspondents in the east contributed to this report.",
    "jazira": "Residents who spoke to the Jazira Observer asked not to be named.",
    "eastmed": "The Eastern Med Monitor will update this report as more details emerge.",
    "meridian": "Meridian World Desk compiled this report from local sources and official statements.",
    "idlibnotes": "Idlib Field Notes spoke to residents by phone; their names are withheld.",
}

BACKGROUND = {
    "idlib": "The area lies close to the front line that has divided the province for years, and many "
    "families there have been displaced more than once.",
    "m4": "The M4 highway links Aleppo with the coast, and reopening it to civilian traffic has been a "
    "stated goal of Moscow and Ankara for years.",
    "hasakah": "The province is run by the Kurdish-led administration, which Ankara regards as an extension "
    "of the PKK.",
    "raqqa": "The town sits on the M4 road north of Raqqa and has changed hands several times since 2019.",
    "sirte": "Sirte lies on the line that has separated the forces of eastern and western Libya since 2020.",
    "misrata": "Misrata is home to some of the most powerful armed groups of western Libya.",
    "libya": "Libya has been divided between rival administrations in Tripoli and the east for more than a "
    "decade.",
    "dez": "The Euphrates valley in the province is split between government-held areas on the west bank "
    "and SDF-held areas on the east bank.",
    "damascus": "The area south of the capital hosts several depots used by Iran-backed forces, according to "
    "monitors.",
    "hama": "The Ghab plain has been a front line between government forces and armed groups for years.",
    "aleppo": "The northern Aleppo countryside is divided between Turkish-backed factions and Kurdish-led "
    "forces.",
    "latakia": "The Russian base at Hmeimim is Moscow's main air hub in the Middle East.",
    "diplomacy": "Relations between Moscow and Ankara mix close trade with rival interests in Syria and "
    "Libya.",
    "iran": "Tehran has sought closer economic ties with its neighbours to soften the effect of Western "
    "measures.",
}

TEMPLATES = {
    "AIRSTRIKE": (
        [
            "{A_cap} carried out air strikes on {T} near {P} {R} {W}.",
            "An air strike by {A} hit {T} on the outskirts of {P} {R} {W}, local sources said.",
            "Air strikes by {A} targeted {T} around {P} {R} {W}.",
            "{A_cap} carried out a fresh air strike on {T} close to {P} {R} {W}, witnesses said.",
        ],
        [
            "{As_cap} carry out air strikes near {P}",
            "Air strike hits {Ts} on outskirts of {P}",
            "{P}: air strikes by {As} target {Ts}",
            "Fresh air strike reported near {P}",
        ],
    ),
    "SHELLING": (
        [
            "{A_cap} shelled {T} in and around {P} {R} {W}.",
            "Artillery fire from {A} hit {T} near {P} {R} {W}, residents said.",
            "{A_cap} pounded {T} around {P} {R} with artillery and rocket fire {W}.",
            "Heavy artillery shelling by {A} struck {T} near {P} {R} {W}.",
        ],
        [
            "{As_cap} shell {Ts} near {P}",
            "Artillery fire hits {P} area",
            "Shelling around {P} as {As} pound {Ts}",
            "Residents report heavy shelling near {P}",
        ],
    ),
    "ARMED_CLASH": (
        [
            "Clashes erupted between {A} and {T} near {P} {R} {W}.",
            "Heavy fighting broke out between {A} and {T} on the outskirts of {P} {R} {W}.",
            "{A_cap} and {T} clashed near {P} {R} {W}, sources on both sides said.",
            "Fierce fighting between {A} and {T} was reported around {P} {R} {W}.",
        ],
        [
            "Clashes erupt between {As} and {Ts} near {P}",
            "Heavy fighting near {P}",
            "{As_cap} and {Ts} clash around {P}",
            "Fighting reported on the outskirts of {P}",
        ],
    ),
    "BOMBING": (
        [
            "An improvised explosive device struck {T} on the M4 highway near {P} {R} {W}.",
            "A roadside bomb exploded as {T} passed along the M4 highway near {P} {W}.",
            "An IED struck {T} on the M4 highway near {P} {R} {W}, damaging an armoured vehicle.",
            "A roadside explosive charge detonated next to {T} on the M4 highway close to {P} {W}.",
            "Militants targeted {T} with an improvised explosive device on the M4 highway outside {P} {R} {W}.",
        ],
        [
            "IED hits {Ts} on M4 near {P}",
            "Roadside bomb targets {Ts} near {P}",
            "Blast on M4 highway near {P} hits {Ts}",
            "M4 patrol struck by roadside bomb near {P}",
            "Explosive device targets {Ts} outside {P}",
        ],
    ),
}

FILLERS = [
    "Further details were not immediately available, and officials promised to say more later in the day.",
    "The account could not be confirmed with other sources at the time of publication.",
    "Earlier coverage of the region is available in the archive section of this site.",
]
ORDINAL = {2: "second", 3: "third", 4: "fourth"}


class Story:
    def __init__(self, sid, day, etype, key, role, theatre, *, reports, copies="", recurs=(), bg="",
                 A="", T="", As="", Ts="", P="", R="", leads=(), titles=(), details=(), nth=None,
                 summary=""):  # fmt: skip
        self.id, self.date, self.type, self.key, self.role = sid, date(2026, 3, day), etype, key, role
        self.theatre = theatre
        self.reports = [(r.split(":")[0], int(r.split(":")[1])) for r in reports.split()]
        self.copies = [tuple(c.split("<")) for c in copies.split()]
        self.recurs = list(recurs)
        self.bg, self.A, self.T, self.As, self.Ts, self.P, self.R = bg, A, T, As or A, Ts or T, P, R
        self.leads, self.titles, self.details = list(leads), list(titles), list(details)
        self.nth, self.summary = nth, summary


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


M4 = "BOMBING|road:m4|state:rus+state:tur"
IDLIB_AIR = "AIRSTRIKE|adm1:syr-idlib|org:hts+state:rus"
IDLIB_SHELL = "SHELLING|adm1:syr-idlib|org:hts+state:syr"
HASAKAH = "AIRSTRIKE|adm1:syr-hasakah|org:sdf+state:tur"
SIRTE = "ARMED_CLASH|adm1:lby-sirte|org:gnu+org:lna"
RUTR_POSTPONED = "MEETING_POSTPONED|any|state:rus+state:tur"
DAMASCUS_AIR = "AIRSTRIKE|adm1:syr-rif-dimashq|org:irgc+state:isr"
DEZ_CLASH = "ARMED_CLASH|adm1:syr-deir-ez-zor"

PATROL = dict(A="militants", T="a joint Russian-Turkish patrol", Ts="joint Russian-Turkish patrol",
              R="in Idlib province", bg="m4")  # fmt: skip
RU_JETS = dict(A="Russian warplanes", As="Russian jets", T="positions of Hayat Tahrir al-Sham (HTS)",
               Ts="HTS positions", R="in Idlib province", bg="idlib")  # fmt: skip
SY_GUNS = dict(A="Syrian army artillery", As="Syrian army", T="positions of Hayat Tahrir al-Sham (HTS)",
               Ts="HTS positions",
               R="in Idlib province", bg="idlib")  # fmt: skip
TR_DRONES = dict(A="Turkish drones", T="Syrian Democratic Forces (SDF) targets", Ts="SDF targets",
                 R="in Hasakah province", bg="hasakah")  # fmt: skip
LIBYA_CLASH = dict(A="forces of the Libyan National Army (LNA)", As="LNA",
                   T="troops loyal to the Government of National Unity (GNU)", Ts="GNU troops",
                   R="in Sirte district", bg="sirte")  # fmt: skip

STORIES = [
    # --- Russian air strikes on HTS in Idlib: first, then two recurrences ---
    Story(
        "s01",
        2,
        "AIRSTRIKE",
        IDLIB_AIR,
        "first",
        "syria",
        P="Sarmin",
        **RU_JETS,
        reports="orontes:0 idlibnotes:0 volga:0 eastmed:1",
        copies="relay<orontes",
        details=[
            "A school building used as a shelter and two poultry farms were damaged, and a civil "
            "defence team said three people were hurt.",
            "The Russian defence ministry said its aircraft had hit a workshop where HTS assembled "
            "armed drones.",
            "Families from the outskirts of Sarmin moved north towards the Turkish border after the raids.",
        ],
        summary="Russian jets strike HTS positions around Sarmin, Idlib.",
    ),
    Story(
        "s15",
        13,
        "AIRSTRIKE",
        IDLIB_AIR,
        "recurrence",
        "syria",
        recurs=["s01"],
        P="Ihsim",
        nth=2,
        **RU_JETS,
        reports="idlibnotes:0 orontes:0 volga:1",
        copies="relay<orontes",
        details=[
            "Residents said the jets struck a hillside near the village of Ihsim in Jabal al-Zawiya "
            "twice in one hour.",
            "A local rescue team said two fighters and a shepherd were killed.",
            "The Russian reconciliation centre said the aircraft had targeted a weapons store.",
        ],
        summary="Russian jets strike HTS around Ihsim, Jabal al-Zawiya.",
    ),
    Story(
        "s41",
        27,
        "AIRSTRIKE",
        IDLIB_AIR,
        "recurrence",
        "syria",
        recurs=["s01", "s15"],
        P="Binnish",
        nth=3,
        **RU_JETS,
        reports="orontes:0 eastmed:0 volga:0 meridian:1",
        copies="relay<orontes",
        details=[
            "The raids on Binnish came shortly after midnight and lasted about forty minutes, "
            "residents said.",
            "A water pumping station on the edge of town was put out of service.",
            "The Russian defence ministry said the jets had destroyed a command post of the group.",
        ],
        summary="Russian jets strike HTS around Binnish, Idlib.",
    ),
    # --- IEDs on joint Russian-Turkish patrols on the M4 ---
    Story(
        "s02",
        3,
        "BOMBING",
        M4,
        "first",
        "syria",
        P="Ariha",
        **PATROL,
        reports="orontes:0 bosphorus:0 volga:0 idlibnotes:1 meridian:1",
        copies="relay<orontes newsloop<volga",
        details=[
            "Two Russian soldiers were lightly hurt and a Turkish armoured vehicle was damaged, the "
            "Russian defence ministry said.",
            "The patrol had left the village of Tronba and was heading west towards Ariha when the "
            "device went off.",
            "No group claimed responsibility, and the patrol returned to its starting point.",
        ],
        summary="IED hits a joint Russian-Turkish patrol on the M4 near Ariha.",
    ),
    Story(
        "s17",
        14,
        "BOMBING",
        M4,
        "recurrence",
        "syria",
        recurs=["s02"],
        P="Muhambal",
        nth=2,
        **PATROL,
        reports="orontes:0 volga:0 bosphorus:0 eastmed:1 idlibnotes:1",
        copies="relay<orontes newsloop<volga",
        details=[
            "A Russian military vehicle was badly damaged and one Turkish soldier was treated for "
            "shrapnel wounds, officials said.",
            "The blast happened on a stretch of road west of Muhambal that the patrols use every week.",
            "Russian and Turkish officers inspected the site before the convoy moved on.",
        ],
        summary="Second IED on a joint patrol on the M4, near Muhambal.",
    ),
    Story(
        "s38",
        25,
        "BOMBING",
        M4,
        "recurrence",
        "syria",
        recurs=["s02", "s17"],
        P="Nayrab",
        nth=3,
        **PATROL,
        reports="orontes:0 bosphorus:0 volga:0 meridian:0 eastmed:1",
        copies="relay<orontes newsloop<volga newsloop<bosphorus",
        details=[
            "Three Russian soldiers were wounded, one of them seriously, the Russian defence ministry said.",
            "The device had been buried under the asphalt east of Nayrab, near the junction with the "
            "M5, officials said.",
            "Turkish officers said the patrol route would be reviewed with the Russian side.",
        ],
        summary="Third IED on a joint patrol on the M4, near Nayrab.",
    ),
    # --- Syrian army shelling of HTS areas in Idlib ---
    Story(
        "s03",
        4,
        "SHELLING",
        IDLIB_SHELL,
        "first",
        "syria",
        P="Kansafra",
        **SY_GUNS,
        reports="idlibnotes:0 orontes:0 eastmed:1",
        details=[
            "Rescue workers said a woman and her son were killed and at least six people were wounded.",
            "Shells landed near a bakery in Kansafra shortly after dawn, residents said.",
            "HTS said it had returned fire at army positions south of the village.",
        ],
        summary="Syrian army shells HTS-held Kansafra.",
    ),
    Story(
        "s24",
        18,
        "SHELLING",
        IDLIB_SHELL,
        "recurrence",
        "syria",
        recurs=["s03"],
        P="Taftanaz",
        nth=2,
        **SY_GUNS,
        reports="orontes:0 jazira:0 eastmed:1",
        copies="relay<orontes",
        details=[
            "At least forty shells fell on Taftanaz and farmland to its east during the morning.",
            "A civil defence volunteer said two people were killed and a clinic was damaged.",
            "The army did not comment on the shelling.",
        ],
        summary="Syrian army shells HTS-held Taftanaz.",
    ),
    Story(
        "s45",
        29,
        "SHELLING",
        IDLIB_SHELL,
        "recurrence",
        "syria",
        recurs=["s03", "s24"],
        nth=3,
        P="Maarrat Misrin",
        **SY_GUNS,
        reports="orontes:0 eastmed:0 meridian:1",
        copies="relay<orontes",
        details=[
            "Residents of Maarrat Misrin said the barrage lasted more than an hour.",
            "Three civilians were wounded, according to a local rescue team.",
            "Schools in the town closed for the rest of the day.",
        ],
        summary="Syrian army shells HTS-held Maarrat Misrin.",
    ),
    # --- Turkish drone strikes on the SDF in Hasakah ---
    Story(
        "s04",
        5,
        "AIRSTRIKE",
        HASAKAH,
        "first",
        "syria",
        P="Qamishli",
        **TR_DRONES,
        reports="jazira:0 orontes:0 bosphorus:0 eastmed:1",
        copies="relay<orontes",
        details=[
            "The SDF said two of its fighters were killed when a car was hit on a road east of Qamishli.",
            "The Turkish defence ministry said the strike had neutralised members of a group it "
            "regards as terrorist.",
            "Shops in the nearby market closed early as drones were heard over the city.",
        ],
        summary="Turkish drone strike on an SDF vehicle near Qamishli.",
    ),
    Story(
        "s22",
        17,
        "AIRSTRIKE",
        HASAKAH,
        "recurrence",
        "syria",
        recurs=["s04"],
        P="Amuda",
        nth=2,
        **TR_DRONES,
        reports="jazira:0 orontes:0 bosphorus:1",
        copies="relay<orontes",
        details=[
            "The strike hit an SDF checkpoint on the western edge of Amuda, killing one fighter.",
            "Local officials said a passing farmer was wounded.",
            "The Kurdish-led administration called on Russia and the United States to restrain Ankara.",
        ],
        summary="Turkish drone strike on an SDF checkpoint at Amuda.",
    ),
    Story(
        "s43",
        28,
        "AIRSTRIKE",
        HASAKAH,
        "recurrence",
        "syria",
        recurs=["s04", "s22"],
        nth=3,
        P="al-Darbasiyah",
        **TR_DRONES,
        reports="jazira:0 bosphorus:0 eastmed:0 meridian:1",
        copies="newsloop<bosphorus",
        details=[
            "The drone hit a building used by the SDF's internal security near al-Darbasiyah, "
            "killing two members.",
            "Ankara said the target was a cell planning operations across the border.",
            "Residents said the drone circled the town for several minutes before the strike.",
        ],
        summary="Turkish drone strike on the SDF near al-Darbasiyah.",
    ),
    Story(
        "s09",
        10,
        "AIRSTRIKE",
        "AIRSTRIKE|adm1:syr-raqqa|org:sdf+state:tur",
        "near-miss",
        "syria",
        P="Ain Issa",
        A="Turkish drones",
        T="Syrian Democratic Forces (SDF) positions",
        Ts="SDF positions",
        R="in Raqqa province",
        bg="raqqa",
        reports="jazira:0 orontes:0",
        copies="relay<orontes",
        details=[
            "The SDF said an ammunition store outside Ain Issa was destroyed and one guard was hurt.",
            "The strike was the first in the Raqqa countryside in several weeks, local officials said.",
        ],
        summary="Turkish drone strike on the SDF near Ain Issa, Raqqa (other governorate).",
    ),
    # --- LNA-GNU clashes near Sirte ---
    Story(
        "s06",
        7,
        "ARMED_CLASH",
        SIRTE,
        "first",
        "libya",
        P="Qasr Abu Hadi",
        **LIBYA_CLASH,
        reports="sidra:0 cyrenaica:0 meridian:1",
        copies="newsloop<sidra",
        details=[
            "Medical sources in Sirte said three fighters were killed and seven were wounded.",
            "The fighting lasted about four hours before both sides pulled back to their positions.",
            "The UN mission in Libya urged both sides to respect the ceasefire commitments of 2020.",
        ],
        summary="LNA-GNU clashes near Qasr Abu Hadi, south of Sirte.",
    ),
    Story(
        "s26",
        19,
        "ARMED_CLASH",
        SIRTE,
        "recurrence",
        "libya",
        recurs=["s06"],
        P="Ghardabiya Air Base",
        nth=2,
        **LIBYA_CLASH,
        reports="sidra:0 cyrenaica:0 eastmed:1",
        copies="newsloop<sidra",
        details=[
            "The fighting began when a GNU unit approached an LNA checkpoint south of the base, "
            "according to the LNA.",
            "Two LNA soldiers and one GNU fighter were killed, medics said.",
            "The airport at Sirte stayed closed for the rest of the day.",
        ],
        summary="LNA-GNU clashes near Ghardabiya air base, Sirte.",
    ),
    Story(
        "s44",
        29,
        "ARMED_CLASH",
        SIRTE,
        "recurrence",
        "libya",
        recurs=["s06", "s26"],
        P="Bin Jawad",
        nth=3,
        **LIBYA_CLASH,
        reports="sidra:0 cyrenaica:0 meridian:0",
        copies="newsloop<sidra",
        details=[
            "Residents of Bin Jawad said gunfire could be heard through most of the night.",
            "The LNA said it had repelled an advance along the coastal road.",
            "Oil workers at nearby terminals were told to stay indoors.",
        ],
        summary="LNA-GNU clashes near Bin Jawad, Sirte district.",
    ),
    Story(
        "s13",
        12,
        "ARMED_CLASH",
        "ARMED_CLASH|adm1:lby-misrata|org:gnu+org:lna",
        "near-miss",
        "libya",
        P="Abu Grein",
        A="forces of the Libyan National Army (LNA)",
        As="LNA",
        T="troops loyal to the Government of National Unity (GNU)",
        Ts="GNU troops",
        R="in Misrata district",
        bg="misrata",
        reports="sidra:0 cyrenaica:1",
        details=[
            "Hospital staff in Misrata said two fighters were brought in with gunshot wounds.",
            "Abu Grein guards the road from the coast to the south and has been quiet since 2020.",
        ],
        summary="LNA-GNU clashes near Abu Grein, Misrata district (other district).",
    ),
    # --- Russia-Turkey talks: postponed twice, then held ---
    Story(
        "s05",
        6,
        "MEETING_POSTPONED",
        RUTR_POSTPONED,
        "postponed",
        "turkey-russia-iran",
        reports="bosphorus:0 volga:0 orontes:0 meridian:1",
        copies="relay<orontes",
        bg="diplomacy",
        titles=[
            "Russia and Turkey postpone foreign ministers' talks",
            "Moscow and Ankara put off ministerial meeting",
            "Russia-Turkey talks in Ankara postponed",
            "Russia, Turkey delay talks on Syria and Libya",
        ],
        leads=[
            "Russia and Turkey postponed talks between their foreign ministers that had been planned "
            "for March 9 in Ankara, the Turkish foreign ministry said {W}.",
            "Moscow and Ankara have put off a meeting of their foreign ministers, Sergei Lavrov and "
            "Hakan Fidan, that was due to take place in Ankara next week, officials said {W}.",
            "Talks between the foreign ministers of Russia and Turkey planned for March 9 have been "
            "postponed, the Russian foreign ministry said {W}.",
            "Russia and Turkey postponed the talks of their foreign ministers in Ankara, officials of "
            "both countries said {W}.",
        ],
        details=[
            "No new date was given, and officials cited scheduling problems.",
            "The ministers were expected to discuss the situation in Idlib and Libya.",
            "Diplomats said the two sides had not agreed on a joint text about the M4 highway.",
        ],
        summary="Russia-Turkey foreign ministers' talks in Ankara postponed.",
    ),
    Story(
        "s20",
        16,
        "MEETING_POSTPONED",
        RUTR_POSTPONED,
        "postponed",
        "turkey-russia-iran",
        recurs=["s05"],
        reports="volga:0 bosphorus:0 eastmed:0 meridian:1",
        copies="newsloop<volga",
        bg="diplomacy",
        titles=[
            "Russia and Turkey postpone talks again",
            "Russia-Turkey ministerial talks put off for a second time",
            "Lavrov-Fidan meeting in Moscow postponed",
            "Moscow and Ankara delay talks once more",
        ],
        leads=[
            "Russia and Turkey postponed the rescheduled talks of their foreign ministers in Moscow, "
            "the Kremlin said {W}, the second delay this month.",
            "A meeting between Russian Foreign Minister Sergei Lavrov and his Turkish counterpart Hakan "
            "Fidan planned for March 18 in Moscow has been put off, Ankara said {W}.",
            "Talks between Russia and Turkey that had been moved to Moscow were postponed again, "
            "officials said {W}.",
            "Russia and Turkey put off the talks of their foreign ministers for a second time, "
            "diplomats said {W}.",
        ],
        details=[
            "Officials gave no reason, and neither side proposed a new date.",
            "The talks had first been planned for Ankara earlier in March.",
            "Diplomats said differences over Libya had slowed the preparations.",
        ],
        summary="Rescheduled Russia-Turkey talks in Moscow postponed again.",
    ),
    Story(
        "s37",
        24,
        "MEETING",
        "MEETING|state:rus|state:rus+state:tur",
        "held",
        "turkey-russia-iran",
        recurs=["s05", "s20"],
        reports="volga:0 bosphorus:0 orontes:0 eastmed:0 meridian:1 caspian:1",
        copies="relay<orontes newsloop<volga",
        bg="diplomacy",
        titles=[
            "Lavrov and Fidan hold talks in Moscow",
            "Turkish and Russian foreign ministers meet in Moscow",
            "Russia and Turkey finally hold ministerial talks",
            "Fidan visits Moscow for talks with Lavrov",
            "Russian and Turkish ministers hold talks on Syria and Libya",
            "Moscow hosts Turkish foreign minister",
        ],
        leads=[
            "Russian Foreign Minister Sergei Lavrov held talks with his Turkish counterpart Hakan Fidan "
            "in Moscow {W}.",
            "Turkish Foreign Minister Hakan Fidan met Russian Foreign Minister Sergei Lavrov in Moscow "
            "{W} for talks on regional security and trade.",
            "The foreign ministers of Russia and Turkey held talks in Moscow {W}, after two earlier dates "
            "this month fell through.",
            "Hakan Fidan visited Moscow {W} and held talks with Sergei Lavrov.",
            "Lavrov and Fidan held talks in Moscow {W}, their first meeting since January.",
            "Russia hosted Turkish Foreign Minister Hakan Fidan in Moscow {W} for talks with Sergei Lavrov.",
        ],
        details=[
            "Both ministers said the talks were frank and useful.",
            "Lavrov said the two countries would keep working together on security along the M4.",
            "Fidan said Ankara wanted a lasting calm in Idlib and a political process in Libya.",
        ],
        summary="Russia-Turkey foreign ministers' talks held in Moscow after two postponements.",
    ),
    Story(
        "s11",
        11,
        "MEETING_POSTPONED",
        "MEETING_POSTPONED|any|state:irn+state:tur",
        "near-miss",
        "turkey-russia-iran",
        reports="caspian:0 bosphorus:1",
        bg="iran",
        titles=[
            "Iran and Turkey postpone cooperation council meeting",
            "Turkey-Iran council session put off",
        ],
        leads=[
            "Iran and Turkey postponed a meeting of their High-Level Cooperation Council planned for "
            "next week in Tehran, the Iranian foreign ministry said {W}.",
            "A session of the Turkey-Iran High-Level Cooperation Council due in Tehran has been put off, "
            "Turkish officials said {W}.",
        ],
        details=[
            "Officials said the meeting would be held later in the spring.",
            "Trade, gas prices and border crossings were on the agenda.",
        ],
        summary="Iran-Turkey council postponed (other parties: a near-miss for the Russia-Turkey key).",
    ),
    # --- Israeli strikes on IRGC sites around Damascus ---
    Story(
        "s08",
        9,
        "AIRSTRIKE",
        DAMASCUS_AIR,
        "first",
        "syria",
        P="Damascus International Airport",
        A="Israeli jets",
        T="depots used by Iran's Revolutionary Guards (IRGC)",
        Ts="IRGC depots",
        R="in Rif Dimashq",
        bg="damascus",
        reports="orontes:0 caspian:0 eastmed:1",
        copies="relay<orontes",
        details=[
            "Syrian state media said air defences engaged the attack and that material damage was caused.",
            "A monitor said four members of Iran-backed groups were killed.",
            "Israel's military did not comment, in line with its usual practice.",
        ],
        summary="Israeli air strikes on IRGC depots near Damascus airport.",
    ),
    Story(
        "s34",
        22,
        "AIRSTRIKE",
        DAMASCUS_AIR,
        "recurrence",
        "syria",
        recurs=["s08"],
        P="al-Kiswah",
        nth=2,
        A="Israeli jets",
        T="sites of Iran's Revolutionary Guards (IRGC)",
        Ts="IRGC sites",
        R="in Rif Dimashq",
        bg="damascus",
        reports="orontes:0 caspian:0 meridian:1",
        copies="relay<orontes",
        details=[
            "Explosions were heard across the southern suburbs of Damascus, residents said.",
            "A monitor said a weapons store was destroyed and two guards were killed.",
            "Iranian officials said the IRGC would respond at a time of its choosing.",
        ],
        summary="Israeli strikes on IRGC sites near al-Kiswah.",
    ),
    # --- Burst: clashes in Deir ez-Zor governorate over three days ---
    Story(
        "s28",
        20,
        "ARMED_CLASH",
        f"{DEZ_CLASH}|org:isis+org:sdf",
        "burst",
        "syria",
        P="al-Baghuz",
        A="Islamic State (ISIS) fighters",
        As="ISIS",
        T="the Syrian Democratic Forces (SDF)",
        Ts="SDF",
        R="in Deir ez-Zor province",
        bg="dez",
        reports="jazira:0 orontes:0",
        copies="relay<orontes",
        details=[
            "The SDF said four of its fighters and six attackers were killed.",
            "The attackers came from the desert south of al-Baghuz at night, a local commander said.",
        ],
        summary="ISIS and SDF clash near al-Baghuz (burst, day 1).",
    ),
    Story(
        "s29",
        20,
        "ARMED_CLASH",
        f"{DEZ_CLASH}|org:sdf+state:syr",
        "burst",
        "syria",
        P="Khusham",
        A="Syrian government troops",
        As="government troops",
        T="the Syrian Democratic Forces (SDF)",
        Ts="SDF",
        R="in Deir ez-Zor province",
        bg="dez",
        reports="jazira:0 eastmed:1",
        details=[
            "Both sides used heavy machine guns across the river, residents said.",
            "Two SDF fighters and a soldier were killed, a monitor said.",
        ],
        summary="Government troops and SDF clash near Khusham (burst, day 1).",
    ),
    Story(
        "s32",
        22,
        "ARMED_CLASH",
        f"{DEZ_CLASH}|org:isis+org:sdf",
        "burst",
        "syria",
        recurs=["s28"],
        P="Hajin",
        A="Islamic State (ISIS) fighters",
        As="ISIS",
        T="the Syrian Democratic Forces (SDF)",
        Ts="SDF",
        R="in Deir ez-Zor province",
        bg="dez",
        reports="jazira:0 orontes:0 meridian:1",
        copies="relay<orontes",
        details=[
            "The fighting spread from a checkpoint to the market of Hajin, residents said.",
            "The SDF said it had called in reinforcements from al-Shaddadi.",
        ],
        summary="ISIS and SDF clash in Hajin (burst, day 3).",
    ),
    Story(
        "s33",
        22,
        "ARMED_CLASH",
        f"{DEZ_CLASH}|org:sdf+state:syr",
        "burst",
        "syria",
        recurs=["s29"],
        P="al-Kasrah",
        A="Syrian government troops",
        As="government troops",
        T="the Syrian Democratic Forces (SDF)",
        Ts="SDF",
        R="in Deir ez-Zor province",
        bg="dez",
        reports="jazira:0 eastmed:0",
        details=[
            "Residents of al-Kasrah said several houses were hit during the fighting.",
            "Each side blamed the other for starting it.",
        ],
        summary="Government troops and SDF clash near al-Kasrah (burst, day 3).",
    ),
    Story(
        "s62",
        21,
        "ARMED_CLASH",
        f"{DEZ_CLASH}|org:isis+state:syr",
        "burst",
        "syria",
        P="Abu Kamal",
        A="Islamic State (ISIS) cells",
        As="ISIS",
        T="Syrian government troops",
        Ts="government troops",
        R="in Deir ez-Zor province",
        bg="dez",
        reports="orontes:0 jazira:1",
        copies="relay<orontes",
        details=[
            "A monitor said five soldiers and three attackers were killed in the desert west of Abu Kamal.",
            "Government reinforcements were sent from the city of Deir ez-Zor.",
        ],
        summary="ISIS and government troops clash near Abu Kamal (burst, day 2).",
    ),
    # --- Near-misses and singles, Syria ---
    Story(
        "s23",
        17,
        "BOMBING",
        "BOMBING|road:m5|state:rus+state:tur",
        "near-miss",
        "syria",
        P="Maarat al-Numan",
        A="militants",
        T="a joint Russian-Turkish inspection convoy",
        Ts="Russian-Turkish convoy",
        R="in Idlib province",
        bg="idlib",
        leads=[
            "An improvised explosive device struck a joint Russian-Turkish inspection convoy on the M5 "
            "highway near Maarat al-Numan in Idlib province {W}.",
            "A roadside bomb exploded next to a joint Russian-Turkish convoy on the M5 highway near "
            "Maarat al-Numan {W}.",
        ],
        titles=[
            "IED hits Russian-Turkish convoy on M5 near Maarat al-Numan",
            "Roadside bomb targets convoy on M5 highway",
        ],
        reports="orontes:0 volga:1",
        copies="relay<orontes",
        details=[
            "Nobody was hurt, the Russian defence ministry said, but a truck was damaged.",
            "The convoy was checking the road between Maarat al-Numan and Khan Shaykhun.",
        ],
        summary="IED on a Russian-Turkish convoy on the M5 (other road: a near-miss for the M4 key).",
    ),
    Story(
        "s30",
        20,
        "SHELLING",
        "SHELLING|adm1:syr-hama|org:hts+state:syr",
        "near-miss",
        "syria",
        P="Qalaat al-Madiq",
        A="Syrian army artillery",
        As="Syrian army",
        T="HTS positions",
        R="in Hama province",
        bg="hama",
        reports="orontes:0 idlibnotes:99",
        details=[
            "A monitor said the shelling targeted HTS positions west of Qalaat al-Madiq.",
            "No casualties were reported.",
        ],
        summary="Syrian army shells HTS near Qalaat al-Madiq, Hama (other governorate).",
    ),
    Story(
        "s19",
        15,
        "ARMED_CLASH",
        "ARMED_CLASH|adm1:syr-aleppo|org:sdf+org:sna",
        "single",
        "syria",
        P="Tal Rifaat",
        A="the Turkish-backed Syrian National Army (SNA)",
        As="SNA",
        T="the Syrian Democratic Forces (SDF)",
        Ts="SDF",
        R="in Aleppo province",
        bg="aleppo",
        reports="jazira:0 orontes:0 bosphorus:1",
        copies="relay<orontes",
        details=[
            "The SNA said it had repelled an infiltration attempt north of Tal Rifaat.",
            "The SDF said three of its fighters were killed.",
        ],
        summary="SNA and SDF clash near Tal Rifaat.",
    ),
    Story(
        "s58",
        19,
        "AIRSTRIKE",
        "AIRSTRIKE|adm1:syr-idlib|org:tip+state:rus",
        "near-miss",
        "syria",
        P="Jisr al-Shughur",
        A="Russian warplanes",
        As="Russian jets",
        T="positions of the Turkistan Islamic Party (TIP)",
        Ts="TIP positions",
        R="in Idlib province",
        bg="idlib",
        reports="idlibnotes:99 orontes:0 volga:1",
        details=[
            "Residents said the raids hit hills west of Jisr al-Shughur used by Uyghur fighters.",
            "A monitor said four fighters were killed.",
        ],
        summary="Russian strikes on TIP near Jisr al-Shughur (other parties).",
    ),
    Story(
        "s12",
        11,
        "SHOOTDOWN",
        "SHOOTDOWN|adm1:syr-latakia|org:hts+state:rus",
        "single",
        "syria",
        reports="volga:0 orontes:0",
        copies="relay<orontes",
        bg="latakia",
        titles=["Russian air defences shoot down drones near Hmeimim", "Drones downed over Hmeimim air base"],
        leads=[
            "Russian air defences at the Hmeimim air base in Latakia province shot down three drones "
            "launched by HTS {W}, the Russian defence ministry said.",
            "Air defences at Russia's Hmeimim base shot down three drones {W}; Moscow blamed HTS "
            "fighters in Idlib.",
        ],
        details=[
            "The ministry said there were no casualties and no damage at the base.",
            "The drones were launched from the Idlib countryside, according to the ministry.",
        ],
        summary="Hmeimim air defences down HTS drones.",
    ),
    Story(
        "s07",
        8,
        "MIL_DEPLOYMENT",
        "MIL_DEPLOYMENT|adm1:syr-idlib|state:tur",
        "single",
        "syria",
        reports="bosphorus:0 idlibnotes:0 orontes:1",
        bg="idlib",
        titles=[
            "Turkey sends reinforcements to Idlib",
            "Turkish convoy crosses into Idlib",
            "Turkish army deploys more troops in Idlib",
        ],
        leads=[
            "Turkey sent reinforcements to its positions in Idlib province {W}, with a convoy of about "
            "forty vehicles crossing at Kafr Lusin.",
            "Turkey sent a military convoy carrying tanks and artillery to its posts in Idlib province {W}, "
            "residents of Kafr Lusin said.",
            "The Turkish army deployed more troops and armoured vehicles in Idlib province {W}, "
            "according to local sources.",
        ],
        details=[
            "The convoy headed towards Turkish posts near Taftanaz, witnesses said.",
            "Ankara did not comment on the movement.",
        ],
        summary="Turkey deploys reinforcements in Idlib.",
    ),
    Story(
        "s36",
        23,
        "TERRITORY_CHANGE",
        "TERRITORY_CHANGE|adm1:syr-idlib|org:hts+state:syr",
        "single",
        "syria",
        reports="idlibnotes:99 orontes:0 meridian:0 eastmed:1",
        copies="relay<orontes",
        bg="idlib",
        titles=[
            "Syrian army captures Kafr Uwayd from HTS",
            "HTS loses Kafr Uwayd",
            "Government forces take Kafr Uwayd",
            "Army seizes village in Jabal al-Zawiya",
        ],
        leads=[
            "Syrian government forces captured the village of Kafr Uwayd in Idlib province from HTS "
            "{W}, state media said.",
            "HTS fighters withdrew from Kafr Uwayd in Idlib province {W} after the Syrian army took "
            "control of the village.",
            "The Syrian army took control of Kafr Uwayd in Idlib province {W}, ending HTS rule there.",
            "Government troops seized control of the village of Kafr Uwayd from HTS {W}, a monitor said.",
        ],
        details=[
            "The village sits on a ridge overlooking the southern Idlib countryside.",
            "Most of its residents had left before the advance, aid workers said.",
        ],
        summary="Syrian army captures Kafr Uwayd from HTS.",
    ),
    Story(
        "s50",
        8,
        "AIRSTRIKE",
        "AIRSTRIKE|adm1:syr-deir-ez-zor|org:irgc+state:usa",
        "single",
        "syria",
        P="Abu Kamal",
        A="US aircraft",
        T="sites used by Iran's Revolutionary Guards (IRGC)",
        Ts="IRGC sites",
        R="in Deir ez-Zor province",
        bg="dez",
        reports="orontes:0 caspian:0 meridian:1",
        copies="relay<orontes",
        details=[
            "The US military said the strikes were a response to rocket fire on its bases in the region.",
            "A monitor said six members of Iran-backed groups were killed.",
        ],
        summary="US strikes on IRGC sites near Abu Kamal.",
    ),
    Story(
        "s14",
        12,
        "THREAT",
        "THREAT|state:tur|org:sdf+state:tur",
        "single",
        "syria",
        reports="bosphorus:0 jazira:0 eastmed:1",
        bg="hasakah",
        titles=[
            "Erdogan threatens new operation against the SDF",
            "Erdogan warns SDF",
            "Turkish president threatens operation in northern Syria",
        ],
        leads=[
            "Turkish President Recep Tayyip Erdogan threatened a new military operation against the "
            "SDF in northern Syria {W}, speaking in Ankara.",
            "Erdogan warned the SDF {W} that Turkey could launch an operation in northern Syria at any "
            "moment.",
            "Turkish President Recep Tayyip Erdogan threatened {W} to launch an operation against the "
            "SDF east of the Euphrates.",
        ],
        details=[
            "He said Turkey would not allow a terror corridor along its southern border.",
            "SDF officials said they would defend their areas.",
        ],
        summary="Erdogan threatens an operation against the SDF.",
    ),
    Story(
        "s60",
        28,
        "MIL_DEPLOYMENT",
        "MIL_DEPLOYMENT|adm1:syr-hasakah|state:rus",
        "single",
        "syria",
        reports="jazira:0 volga:0",
        copies="newsloop<volga",
        bg="hasakah",
        titles=["Russian military police deploy to Tal Tamr", "Russia sends troops to Tal Tamr"],
        leads=[
            "Russian military police deployed to the town of Tal Tamr in Hasakah province {W}, "
            "residents said.",
            "Russia sent a military police unit and armoured vehicles to Tal Tamr in Hasakah province {W}, "
            "the Russian defence ministry said.",
        ],
        details=[
            "The unit set up a post near the bridge over the Khabur river.",
            "Local officials said the move was agreed with the SDF.",
        ],
        summary="Russian military police deploy to Tal Tamr.",
    ),
    Story(
        "s35",
        23,
        "ACCUSATION",
        "ACCUSATION|state:irn|state:irn+state:isr",
        "single",
        "syria",
        reports="caspian:0 eastmed:1",
        bg="damascus",
        titles=["Iran accuses Israel over strikes in Syria", "Tehran condemns Israeli strikes near Damascus"],
        leads=[
            "Iran's foreign ministry accused Israel {W} of violating Syrian sovereignty with its strikes "
            "near Damascus.",
            "Iran condemned Israel {W} over the latest strikes on sites near Damascus.",
        ],
        details=[
            "A ministry spokesman said the silence of Western capitals encouraged further attacks.",
            "He called on the UN Security Council to act.",
        ],
        summary="Iran accuses Israel over the strikes near Damascus.",
    ),
    # --- Libya singles ---
    Story(
        "s39",
        25,
        "AIRSTRIKE",
        "AIRSTRIKE|adm1:lby-misrata|org:gnu+org:lna",
        "single",
        "libya",
        P="Misrata Airport",
        A="LNA drones",
        T="a hangar used by GNU forces",
        Ts="GNU hangar",
        R="in Misrata",
        bg="misrata",
        reports="sidra:0 cyrenaica:0 meridian:1",
        copies="newsloop<sidra",
        details=[
            "Misrata airport stayed closed for several hours after the strike.",
            "The LNA said the hangar held Turkish-made drones; the GNU denied it.",
        ],
        summary="LNA drone strike on a hangar at Misrata airport.",
    ),
    Story(
        "s16",
        13,
        "KILLING",
        "KILLING|adm1:lby-benghazi|org:lna",
        "single",
        "libya",
        reports="cyrenaica:0 sidra:1",
        bg="libya",
        titles=["LNA officer shot dead in Benghazi", "Colonel gunned down in Benghazi"],
        leads=[
            "Gunmen shot dead an LNA colonel outside his home in Benghazi {W}, security officials said.",
            "A colonel of the Libyan National Army was gunned down in Benghazi {W}, the LNA said.",
        ],
        details=[
            "No group claimed responsibility for the killing.",
            "The LNA said it had arrested two suspects.",
        ],
        summary="LNA colonel shot dead in Benghazi.",
    ),
    Story(
        "s18",
        15,
        "AGREEMENT",
        "AGREEMENT|state:tur|org:gnu+state:tur",
        "single",
        "libya",
        reports="sidra:0 bosphorus:0 meridian:1",
        copies="newsloop<sidra",
        bg="libya",
        titles=[
            "Turkey and GNU sign training memorandum",
            "Ankara and Tripoli sign military deal",
            "Turkey, Libya's GNU sign defence memorandum",
        ],
        leads=[
            "Turkey and Libya's Government of National Unity signed a memorandum on military training "
            "in Ankara {W}.",
            "The GNU and Turkey signed a memorandum of understanding on training Libyan officers {W} "
            "in Ankara.",
            "Turkish and GNU officials signed a defence cooperation memorandum in Ankara {W}.",
        ],
        details=[
            "Under the memorandum, Libyan officers will train at Turkish academies.",
            "Eastern officials called the memorandum invalid.",
        ],
        summary="Turkey and the GNU sign a training memorandum in Ankara.",
    ),
    Story(
        "s21",
        16,
        "CEASEFIRE",
        "CEASEFIRE|adm1:lby-sirte|org:gnu+org:lna",
        "single",
        "libya",
        reports="sidra:0 cyrenaica:1",
        bg="sirte",
        titles=["Military commission reaffirms ceasefire in Sirte", "5+5 commission renews truce pledge"],
        leads=[
            "The joint 5+5 military commission of the LNA and the GNU renewed the ceasefire at a "
            "session in Sirte {W}.",
            "LNA and GNU officers on the 5+5 commission renewed the ceasefire {W} in Sirte.",
        ],
        details=[
            "The commission agreed to open a hotline between field commanders.",
            "UN officials attended the session.",
        ],
        summary="5+5 commission reaffirms the ceasefire in Sirte.",
    ),
    Story(
        "s25",
        18,
        "MIL_DEPLOYMENT",
        "MIL_DEPLOYMENT|adm1:lby-jufra|org:africa-corps",
        "single",
        "libya",
        reports="cyrenaica:0 volga:0 sidra:1",
        copies="newsloop<volga",
        bg="libya",
        titles=[
            "Russia's Africa Corps sends reinforcements to Jufra",
            "Russian personnel arrive at Jufra",
            "Africa Corps deploys fighters and equipment in Jufra",
        ],
        leads=[
            "Russia's Africa Corps sent reinforcements and air defence systems to the Jufra air base "
            "in central Libya {W}, according to Libyan sources.",
            "Cargo aircraft brought Russian personnel and equipment to the Jufra air base {W}, local "
            "officials said.",
            "The Africa Corps deployed more fighters and equipment at Jufra {W}, Libyan media said.",
        ],
        details=[
            "The LNA said the deployment was part of existing agreements.",
            "Officials in Tripoli said they were following the movements closely.",
        ],
        summary="Africa Corps reinforcements arrive at Jufra.",
    ),
    Story(
        "s27",
        19,
        "SANCTION",
        "SANCTION|state:usa|org:lna+state:usa",
        "single",
        "libya",
        reports="sidra:0 meridian:0",
        bg="libya",
        titles=[
            "US imposes sanctions on fuel smugglers linked to the LNA",
            "Washington sanctions three Libyan firms",
        ],
        leads=[
            "The United States imposed sanctions {W} on three Libyan companies accused of smuggling "
            "fuel for the LNA.",
            "The US Treasury announced sanctions {W} on three firms it said supplied fuel to the LNA.",
        ],
        details=[
            "The measures freeze any assets the firms hold in the United States.",
            "The LNA did not comment.",
        ],
        summary="US sanctions Libyan firms linked to the LNA.",
    ),
    Story(
        "s42",
        27,
        "THREAT",
        "THREAT|adm1:lby-benghazi|org:lna+state:tur",
        "single",
        "libya",
        reports="cyrenaica:0 bosphorus:1",
        bg="libya",
        titles=["Haftar warns Turkey over Misrata", "LNA threatens Turkish forces in Libya"],
        leads=[
            "Khalifa Haftar warned Turkey {W} that the LNA would strike Turkish forces in western "
            "Libya, speaking in Benghazi.",
            "The LNA threatened {W} to target Turkish positions in Libya, in a statement issued in Benghazi.",
        ],
        details=[
            "Turkish officials dismissed the warning.",
            "The statement followed the drone strike at Misrata.",
        ],
        summary="Haftar threatens Turkish forces in Libya.",
    ),
    Story(
        "s59",
        24,
        "ARMED_CLASH",
        "ARMED_CLASH|adm1:lby-tripoli|org:brigade-444+org:radaa",
        "single",
        "libya",
        P="Souq al-Juma",
        A="the Radaa force",
        As="Radaa",
        T="the 444th Brigade",
        Ts="444th Brigade",
        R="in Tripoli",
        bg="libya",
        reports="sidra:0 meridian:0 cyrenaica:1",
        copies="newsloop<sidra",
        details=[
            "Residents sheltered at home as gunfire echoed for hours.",
            "Mitiga airport stayed closed to traffic until the evening.",
        ],
        summary="Radaa and the 444th Brigade clash in Tripoli.",
    ),
    Story(
        "s46",
        30,
        "MEETING",
        "MEETING|state:rus|org:lna+state:rus",
        "single",
        "libya",
        reports="cyrenaica:0 volga:0",
        copies="newsloop<volga",
        bg="libya",
        titles=["Haftar holds talks in Moscow", "Russian officials receive Haftar"],
        leads=[
            "Khalifa Haftar held talks with Russian Defence Minister Andrei Belousov in Moscow {W}.",
            "LNA commander Khalifa Haftar met Russian defence officials in Moscow {W}, the LNA said.",
        ],
        details=[
            "The two sides discussed training and maintenance of equipment.",
            "It was Haftar's second visit to Russia in a year.",
        ],
        summary="Haftar holds talks in Moscow.",
    ),
    Story(
        "s48",
        2,
        "MIL_DEPLOYMENT",
        "MIL_DEPLOYMENT|adm1:lby-nuqat-al-khams|state:tur",
        "single",
        "libya",
        reports="sidra:0 bosphorus:0 cyrenaica:1",
        bg="libya",
        titles=[
            "Turkey deploys air defence system at al-Watiya",
            "Turkish air defences arrive at al-Watiya",
            "Ankara sends air defence batteries to western Libya",
        ],
        leads=[
            "Turkey deployed an air defence system at the al-Watiya air base in western Libya {W}, "
            "GNU officials said.",
            "Turkish air defence batteries were deployed at al-Watiya {W}, according to the GNU.",
            "Turkey sent air defence equipment and personnel to the al-Watiya base {W}, LNA officials said.",
        ],
        details=[
            "The base lies about 140 kilometres south-west of Tripoli.",
            "The LNA called the deployment a provocation.",
        ],
        summary="Turkey deploys air defences at al-Watiya.",
    ),
    Story(
        "s51",
        9,
        "SHOOTDOWN",
        "SHOOTDOWN|adm1:lby-jufra|org:gnu+org:lna",
        "single",
        "libya",
        reports="cyrenaica:0 sidra:1",
        bg="libya",
        titles=["LNA shoots down GNU drone near Waddan", "Drone downed over Jufra"],
        leads=[
            "LNA air defences shot down a GNU drone near Waddan in the Jufra district {W}, the LNA said.",
            "A drone operated by GNU forces was shot down over Waddan in Jufra {W}, according to the LNA.",
        ],
        details=[
            "The GNU did not comment on the claim.",
            "Photos shared by the LNA showed wreckage in the desert.",
        ],
        summary="LNA shoots down a GNU drone near Waddan.",
    ),
    # --- Turkey-Russia-Iran singles ---
    Story(
        "s10",
        10,
        "MEETING",
        "MEETING|state:irn|state:irn+state:rus+state:tur",
        "single",
        "turkey-russia-iran",
        reports="caspian:0 volga:0 bosphorus:0 meridian:1",
        copies="newsloop<volga",
        bg="iran",
        titles=[
            "Astana format envoys meet in Tehran",
            "Iran hosts Russia and Turkey for Syria talks",
            "Turkish, Russian and Iranian envoys hold talks in Tehran",
            "Astana trio meets in Tehran",
        ],
        leads=[
            "Envoys of Iran, Russia and Turkey held talks on Syria in Tehran {W} in the Astana format.",
            "Iran hosted envoys from Russia and Turkey in Tehran {W} for a round of Astana format talks on "
            "Syria.",
            "Russian, Turkish and Iranian deputy foreign ministers met in Tehran {W} to discuss Syria.",
            "Iran, Russia and Turkey held a round of Astana format talks in Tehran {W}.",
        ],
        details=[
            "The envoys discussed the situation in Idlib and the return of refugees.",
            "A joint text was expected later in the week, Iranian officials said.",
        ],
        summary="Astana format envoys meet in Tehran.",
    ),
    Story(
        "s52",
        14,
        "MEETING",
        "MEETING|state:irn|state:irn+state:rus",
        "single",
        "turkey-russia-iran",
        reports="caspian:0 volga:1",
        bg="iran",
        titles=["Iran and Russia hold security talks in Tehran", "Russian security chief visits Tehran"],
        leads=[
            "Russian Security Council secretary Sergei Shoigu held talks with Iranian officials in Tehran "
            "{W}.",
            "Sergei Shoigu visited Tehran {W} and met Iranian President Masoud Pezeshkian.",
        ],
        details=[
            "The two sides discussed regional security and the situation in Syria.",
            "Iranian media said defence cooperation was on the agenda.",
        ],
        summary="Shoigu holds talks in Tehran.",
    ),
    Story(
        "s40",
        26,
        "AGREEMENT",
        "AGREEMENT|state:rus|state:irn+state:rus",
        "single",
        "turkey-russia-iran",
        reports="caspian:0 volga:0 meridian:1",
        copies="newsloop<volga",
        bg="iran",
        titles=[
            "Russia and Iran sign gas supply memorandum",
            "Moscow and Tehran agree gas deal",
            "Iran, Russia sign energy memorandum in Moscow",
        ],
        leads=[
            "Russia and Iran signed a memorandum on gas supplies through Azerbaijan in Moscow {W}.",
            "Iran and Russia signed a gas supply deal in Moscow {W}, officials of both countries said.",
            "Russian and Iranian energy ministers signed a memorandum on gas deliveries in Moscow {W}.",
        ],
        details=[
            "The deal covers up to two billion cubic metres a year at first.",
            "Prices were not disclosed.",
        ],
        summary="Russia and Iran sign a gas memorandum in Moscow.",
    ),
    Story(
        "s49",
        4,
        "ACCUSATION",
        "ACCUSATION|state:rus|state:rus+state:tur",
        "single",
        "turkey-russia-iran",
        reports="volga:0 bosphorus:1",
        bg="diplomacy",
        titles=[
            "Moscow accuses Ankara of failing to secure the M4",
            "Russia accuses Turkey over M4 attack",
        ],
        leads=[
            "Russia accused Turkey {W} of failing to clear armed groups from the area around the M4 "
            "highway, after the attack on a joint patrol.",
            "The Russian foreign ministry accused Turkey {W} of failing to secure the M4 highway in Idlib.",
        ],
        details=[
            "Turkish officials rejected the criticism.",
            "The ministry said Ankara had promised to separate moderate groups from extremists.",
        ],
        summary="Russia accuses Turkey over M4 security.",
    ),
    Story(
        "s31",
        21,
        "JOINT_PATROL",
        "JOINT_PATROL|road:m4|state:rus+state:tur",
        "single",
        "syria",
        reports="volga:0 bosphorus:0",
        copies="newsloop<volga",
        bg="m4",
        titles=[
            "Russian and Turkish troops hold joint patrol on M4",
            "Joint patrols resume on the M4 highway",
        ],
        leads=[
            "Russian and Turkish troops carried out a joint patrol on the M4 highway in Idlib province "
            "{W}, the Russian defence ministry said.",
            "A joint Russian-Turkish patrol drove along the M4 highway between Saraqib and Ariha {W}, "
            "Turkish officials said.",
        ],
        details=[
            "The patrol covered about seventy kilometres without incident.",
            "Drones escorted the convoy, officials said.",
        ],
        summary="Routine joint patrol on the M4.",
    ),
    Story(
        "s57",
        6,
        "SHELLING",
        "SHELLING|adm1:syr-aleppo|org:sdf+state:tur",
        "single",
        "syria",
        P="Tal Rifaat",
        A="Turkish artillery",
        As="Turkish army",
        T="SDF positions",
        R="in Aleppo province",
        bg="aleppo",
        reports="jazira:0 bosphorus:1",
        details=[
            "The SDF said a house was destroyed and two civilians were wounded.",
            "The Turkish defence ministry said it had responded to fire from the area.",
        ],
        summary="Turkish artillery shells SDF positions near Tal Rifaat.",
    ),
    Story(
        "s56",
        3,
        "MEETING",
        "MEETING|adm1:lby-tripoli|org:gnu+org:un",
        "single",
        "libya",
        reports="sidra:0 meridian:1",
        bg="libya",
        titles=["UN envoy meets Dbeibah in Tripoli", "Tetteh holds talks with Dbeibah"],
        leads=[
            "UN envoy Hanna Tetteh held talks with GNU Prime Minister Abdulhamid Dbeibah in Tripoli {W}.",
            "Abdulhamid Dbeibah met UN envoy Hanna Tetteh in Tripoli {W} to discuss the election roadmap.",
        ],
        details=[
            "They discussed the timetable for national elections.",
            "Tetteh was due to travel to Benghazi later in the week.",
        ],
        summary="UN envoy meets Dbeibah in Tripoli.",
    ),
]

# Re-mentions: later articles that refer back to an earlier happening with its explicit date.
# They belong to the old story (same event, not a recurrence).
REMENTIONS = [
    (
        "s02",
        "meridian",
        8,
        16,
        "Joint patrols on the M4 go on after the Ariha blast",
        "Russian and Turkish troops have kept up their weekly patrols on the M4 highway in Idlib province "
        "since March 3, when an improvised explosive device struck a joint Russian-Turkish patrol near Ariha "
        "and damaged a Turkish armoured vehicle.\n\nOfficers from both armies said the route had been swept "
        "for explosives twice since then. Traders in Ariha said the highway was still closed to lorries for "
        "most of the day. Meridian World Desk compiled this report from local sources and official statements.",
    ),
    (
        "s17",
        "eastmed",
        19,
        11,
        "Investigators still examining the Muhambal blast",
        "On March 14, an improvised explosive device struck a joint Russian-Turkish patrol on the M4 highway "
        "near Muhambal. Russian and Turkish military investigators are still examining its remains."
        "\n\nA Turkish official said the charge had been hidden in a drainage pipe under the road. "
        "No group has claimed responsibility. The Eastern Med Monitor will update this report as more details "
        "emerge.",
    ),
    (
        "s26",
        "cyrenaica",
        23,
        10,
        "Sirte residents count the cost of the Ghardabiya fighting",
        "Families living south of Sirte are still repairing homes damaged on March 19, when clashes erupted "
        "between the Libyan National Army (LNA) and GNU troops near the Ghardabiya air base.\n\nThe municipality "
        "said eleven houses and a school were hit. Local elders have asked both sides to move their positions "
        "away from the farms. Cyrenaica Today's correspondents in the east contributed to this report.",
    ),
    (
        "s04",
        "jazira",
        9,
        9,
        "Qamishli market reopens days after drone strike",
        "Shops in the eastern market of Qamishli reopened fully on Monday, four days after a Turkish drone "
        "strike on March 5 hit an SDF vehicle on a road east of the city in Hasakah province and killed two "
        "fighters.\n\nTraders said business was slow and many families were staying at home. Residents who "
        "spoke to the Jazira Observer asked not to be named.",
    ),
]

# --- unrelated news: must get no theatre tag -----------------------------------------------
SPORT = [
    (
        "Cycling: {p} takes the lead in the spring tour",
        "{p} took the overall lead of the spring cycling tour on {wd} after a long breakaway on the hilly "
        "fourth stage. The rider finished forty seconds ahead of the main group in {city}. The race continues "
        "with a flat stage along the coast, where the sprinters are expected to dominate. Crosswinds could "
        "split the field, team managers warned, and several teams planned to ride at the front all day.",
    ),
    (
        "Volleyball: {a} win the national cup",
        "{a} won the national volleyball cup on {wd}, beating {b} in five sets in a packed hall in {city}. "
        "The deciding set went to extra points before {p} ended the match with a block. It is the club's "
        "first cup in eleven years. About {n} hundred fans travelled with the team, and the squad was "
        "welcomed home by a crowd at the railway station in the evening.",
    ),
    (
        "{a} beat {b} {s} in the league",
        "{a} beat {b} {s} on {wd} evening to move up the league table. {p} scored the decisive goal after "
        "the break, and the home crowd of more than {n} thousand stayed long after the final whistle. The "
        "coach praised the squad's patience and said the team would rest two players before the cup tie next "
        "week. {b} have now gone four matches without a win and sit in the lower half of the table. Their "
        "supporters held up banners calling for changes to the squad before the end of the season.",
    ),
    (
        "{p} wins the {city} marathon",
        "{p} won the {city} marathon on {wd} in two hours and six minutes, the fastest time on the course in "
        "a decade. About {n} thousand runners took part in cool and dry conditions. The winner pulled away "
        "from a group of four at the thirty-kilometre mark and crossed the line alone. Organisers said next "
        "year's race would move to April to avoid the spring holiday traffic.",
    ),
    (
        "{a} and {b} draw {s} in cup semi-final",
        "{a} and {b} drew {s} in the first leg of their cup semi-final on {wd}. {p} equalised with a header "
        "ten minutes from time after the visitors had led for most of the match. The second leg will be "
        "played in three weeks. Both coaches complained about the state of the pitch after heavy rain in the "
        "morning. Groundsmen spent the interval forking the surface, and the referee considered stopping play "
        "twice before the rain eased.",
    ),
    (
        "Basketball: {a} clinch top spot",
        "{a} clinched first place in the regular basketball season with a win over {b} on {wd}. {p} scored "
        "twenty-eight points and made eleven rebounds. The team will have home advantage throughout the "
        "play-offs, which start next month. Ticket sales for the play-offs open on Monday, the club said. "
        "The arena, which seats {n} thousand, has been sold out for every home game since November.",
    ),
    (
        "Tennis: {p} reaches final in {city}",
        "{p} reached the final of the indoor tennis tournament in {city} on {wd} with a straight-sets win. "
        "The match lasted just over an hour. The final will be played on the centre court before a sold-out "
        "crowd of {n} thousand. It is the first final of the season for the player, who returned from a "
        "wrist injury in January.",
    ),
]
ECONOMY = [
    (
        "Car sales rise in {city} region",
        "New car sales in the {city} region rose by {n} percent in February compared with a year earlier, an "
        "industry group said on {wd}. Electric models made up almost a third of the total. Dealers said "
        "waiting times for popular models had shortened after factories caught up with orders. Sales of "
        "used cars were flat, and leasing companies reported steady demand from small businesses.",
    ),
    (
        "Tourism boom lifts hotel bookings in {city}",
        "Hotel bookings in {city} for the spring season are up {n} percent on last year, the city's tourism "
        "office said on {wd}. Visitors from Asia and North America drove most of the growth. Hoteliers warned "
        "that staff shortages could limit the number of rooms they can open. The office plans to promote "
        "smaller towns in the region to spread the crowds more evenly.",
    ),
    (
        "{city} central bank holds interest rate",
        "The central bank in {city} kept its main interest rate unchanged on {wd}, saying price growth was "
        "slowing but remained above its target. Economists had expected the decision. The bank said it would "
        "watch wage settlements closely in the coming months. The currency was little changed after the "
        "announcement, and bond yields edged lower. Retailers said shoppers were still cautious, although "
        "spending on travel and restaurants had picked up since the start of the year.",
    ),
    (
        "{company} reports higher quarterly profit",
        "{company} reported a rise in quarterly profit on {wd}, helped by strong demand for its products in "
        "Asia. Revenue grew by {n} percent compared with a year earlier. The company raised its forecast for "
        "the full year and said it would hire more engineers. Its shares rose in early trading.",
    ),
    (
        "Wheat prices ease as harvest outlook improves",
        "Wheat prices fell on {wd} as traders bet on a good harvest in the northern hemisphere after "
        "rainfall in key growing areas. Futures for May delivery dropped by {n} percent. Analysts said "
        "stocks held by exporters were comfortable. Prices of maize and soybeans were mostly steady. Bakers' "
        "associations said lower flour costs might reach shop shelves by the summer if the trend held.",
    ),
    (
        "{city} house prices rise for sixth month",
        "House prices in {city} rose for a sixth month in a row in February, figures published on {wd} "
        "showed. The average price of a flat was up {n} percent on a year earlier. Estate agents said "
        "demand from first-time buyers remained strong, helped by cheaper mortgages. Rents also rose, though "
        "more slowly than in the autumn, and the number of homes for sale was the lowest in four years.",
    ),
    (
        "Airline {company} orders new jets",
        "The airline {company} ordered {n} new narrow-body jets on {wd} as it expands its network of "
        "holiday routes. Deliveries will begin in 2028. The airline said the new aircraft would burn about "
        "fifteen percent less fuel than the planes they replace. Its passenger numbers rose to a record last "
        "year.",
    ),
]
CULTURE = [
    (
        "Orchestra in {city} premieres new symphony",
        "The city orchestra in {city} premiered a new symphony by a young local composer on {wd}. The "
        "forty-minute piece draws on folk songs from the composer's childhood village. Critics praised the "
        "brass section and the final movement. The concert will be repeated twice next week and broadcast "
        "on public radio. About {n} hundred people attended the premiere, and tickets for the repeats sold out.",
    ),
    (
        "Spring flowers draw visitors to {city} parks",
        "Tulips and early blossom drew large crowds to the parks of {city} on {wd} as temperatures climbed "
        "to the highest level since October. Gardeners planted about {n} thousand bulbs in the autumn. The city "
        "added extra buses on weekend routes to the largest parks. Cafes near the lake said it was their busiest "
        "day of the year so far.",
    ),
    (
        "{city} film festival opens with comedy",
        "The {city} film festival opened on {wd} with a comedy about a family restaurant, the first time in "
        "years that a comedy has opened the event. About {n} films will be shown over ten days. The jury is "
        "led by a veteran actress. Organisers said ticket sales were the highest since the festival began. "
        "Screenings in the old harbour cinema sold out within an hour of going online.",
    ),
    (
        "Storm brings heavy rain and snow to {city}",
        "A storm brought heavy rain and snow to {city} and the surrounding region on {wd}. Several schools "
        "closed, and trains ran with delays of up to an hour. Forecasters said temperatures would rise by the "
        "weekend. Road crews worked through the night to clear the main routes. The airport cancelled a dozen "
        "flights in the morning, and power was cut to several villages in the hills for a few hours.",
    ),
    (
        "Museum in {city} reopens after renovation",
        "The city museum in {city} reopened on {wd} after a three-year renovation. The new galleries show "
        "textiles, ceramics and manuscripts from the collection, some of them on display for the first time. "
        "About {n} thousand visitors are expected in the first month. Entry will be free on Sundays.",
    ),
    (
        "Book fair in {city} draws record crowds",
        "The annual book fair in {city} drew record crowds on {wd}, its opening weekend. More than {n} "
        "publishers have stands this year. Children's books and cookbooks were the best sellers, according "
        "to organisers. The fair runs until the end of the month. Readings by novelists and poets are held "
        "every evening in the main hall, and a section for comics has been added this year.",
    ),
]
NOISE_EXTRA = {
    "sportline": "The league's disciplinary panel meets on Thursday to review two red cards from the weekend.",
    "marketpulse": "Analysts at several banks said they would revise their forecasts after the figures.",
    "meridian": "Local newspapers devoted their front pages to the event, and the mayor thanked the volunteers.",
    "eastmed": "Local newspapers devoted their front pages to the event, and the mayor thanked the volunteers.",
}
TEAMS = ["Galatasaray", "Fenerbahce", "Besiktas", "Trabzonspor", "Porto", "Benfica", "Ajax", "Celtic",
         "Lyon", "Napoli", "Sevilla", "Feyenoord"]  # fmt: skip
PLAYERS = ["Emre Kaya", "Lucas Moreau", "Jonas Berg", "Daniel Okoye", "Marco Ricci", "Tomas Novak",
           "Kemal Aydin", "Hugo Lefevre", "Pedro Alves", "Ivan Petrov"]  # fmt: skip
CITIES = ["Istanbul", "Lisbon", "Vienna", "Oslo", "Prague", "Tehran", "Izmir", "Warsaw", "Dublin",
          "Budapest", "Antalya", "Helsinki"]  # fmt: skip
COMPANIES = ["Nordwind Foods", "Alto Systems", "Brightline Motors", "SkyLark Air", "Corvo Textiles",
             "Kestrel Air", "Pinehill Pharma"]  # fmt: skip


def _h(*parts) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def _when(event_day: date, pub_day: date) -> str:
    lag = (pub_day - event_day).days
    if lag <= 1:
        return "on " + event_day.strftime("%A")
    return "on " + event_day.strftime("%B ") + str(event_day.day)


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:70]


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def build() -> dict:
    articles: list[dict] = []
    stories = []
    for st in STORIES:
        stories.append(
            {
                "id": st.id,
                "date": st.date.isoformat(),
                "type": st.type,
                "key": st.key,
                "role": st.role,
                "theatre": st.theatre,
                "recurs": st.recurs,
                "summary": st.summary,
            }
        )
        originals = {}
        for i, (feed, lag) in enumerate(st.reports):
            if lag == 99:  # the silent feed would have carried it: skip after it stopped
                continue
            pub_day = st.date + timedelta(days=lag)
            if feed == "idlibnotes" and pub_day >= SILENT_FROM:
                continue
            hour = 7 + _h(st.id, feed) % 12 if lag else 9 + _h(st.id, feed) % 12
            minute = _h(feed, st.id, "m") % 60
            published = datetime(pub_day.year, pub_day.month, pub_day.day, hour, minute, tzinfo=UTC)
            w = _when(st.date, pub_day)
            slots = dict(A=st.A, A_cap=_cap(st.A), T=st.T, As=st.As, As_cap=_cap(st.As), Ts=st.Ts, P=st.P,
                         R=st.R, W=w)  # fmt: skip
            if st.leads:
                lead = st.leads[i % len(st.leads)].format(**slots)
                title = st.titles[i % len(st.titles)].format(**slots)
            else:
                leads, titles = TEMPLATES[st.type]
                lead = leads[i % len(leads)].format(**slots)
                title = titles[i % len(titles)].format(**slots)
            lead = _cap(lead)
            paras = [lead]
            details = st.details[i % len(st.details) :] + st.details[: i % len(st.details)]
            paras.append(" ".join(details[:2]))
            if st.nth:
                scope = {"BOMBING": "on the highway", "SHELLING": "in the area", "AIRSTRIKE": "in the province",
                         "ARMED_CLASH": "in the district"}[st.type]  # fmt: skip
                paras.append(f"It was the {ORDINAL[st.nth]} such incident {scope} this month.")
            tail = [BACKGROUND[st.bg]] if st.bg and i % 2 == 0 else []
            if len(details) > 2 and i == 0:
                tail.insert(0, details[2])
            tail.append(ATTRIBUTION[feed])
            for filler in FILLERS:
                if sum(len(x.split()) for x in paras + tail) >= 62:
                    break
                tail.insert(-1, filler)
            paras.append(" ".join(tail))
            body = "\n\n".join(paras)
            domain = next(f[2] for f in FEEDS if f[0] == feed)
            aid = f"{st.id}-{feed}"
            art = {
                "id": aid,
                "feed": feed,
                "published": _iso(published),
                "title": title,
                "body": body,
                "url_path": f"/{domain}/2026/03/{pub_day.day:02d}/{_slug(title)}",
                "story": st.id,
                "role": st.role,
                "report": "first" if not originals else "re-report",
                "copy_of": None,
                "theatre": st.theatre,
            }
            originals[feed] = art
            articles.append(art)
        for agg, src in st.copies:
            orig = originals.get(src)
            if orig is None:
                continue
            t = datetime.strptime(orig["published"], "%Y-%m-%dT%H:%M:%SZ") + timedelta(hours=1 if agg == "relay"
                                                                                          else 2)  # fmt: skip
            t = t.replace(tzinfo=UTC)
            name = FEED_NAMES[src]
            if agg == "relay":
                title, body = f"{orig['title']} | {name}", f"({name}) - {orig['body']}"
            else:
                title, body = orig["title"], f"{orig['body']}\n\nSource: {name}."
            domain = next(f[2] for f in FEEDS if f[0] == agg)
            articles.append(
                {
                    "id": f"{st.id}-{agg}-{src}",
                    "feed": agg,
                    "published": _iso(t),
                    "title": title,
                    "body": body,
                    "url_path": f"/{domain}/{t:%Y/%m/%d}/{_slug(orig['title'])}-{src}",
                    "story": st.id,
                    "role": st.role,
                    "report": "copy",
                    "copy_of": orig["id"],
                    "theatre": st.theatre,
                }
            )
    for sid, feed, day, hour, title, body in REMENTIONS:
        st = next(x for x in STORIES if x.id == sid)
        t = datetime(2026, 3, day, hour, _h(sid, feed, "r") % 60, tzinfo=UTC)
        domain = next(f[2] for f in FEEDS if f[0] == feed)
        articles.append(
            {
                "id": f"{sid}-{feed}-later",
                "feed": feed,
                "published": _iso(t),
                "title": title,
                "body": body,
                "url_path": f"/{domain}/{t:%Y/%m/%d}/{_slug(title)}",
                "story": sid,
                "role": st.role,
                "report": "re-mention",
                "copy_of": None,
                "theatre": st.theatre,
            }
        )
    # unrelated news: a sport and an economy item every day, culture/weather every other day
    n = 0
    for k in range((END - START).days + 1):
        day = START + timedelta(days=k)
        plan = [("sportline", SPORT), ("marketpulse", ECONOMY)]
        plan.append(("meridian", CULTURE))
        if k % 5 == 1:
            plan.append(("eastmed", CULTURE))
        for feed, pool in plan:
            n += 1
            title_t, body_t = pool[(k + n) % len(pool)]
            a, b = TEAMS[(k * 3 + n) % len(TEAMS)], TEAMS[(k * 5 + n + 1) % len(TEAMS)]
            if a == b:
                b = TEAMS[(TEAMS.index(a) + 1) % len(TEAMS)]
            slots = dict(a=a, b=b, s=f"{1 + k % 3}-{k % 2}", p=PLAYERS[(k + n) % len(PLAYERS)],
                         city=CITIES[(k * 7 + n) % len(CITIES)], company=COMPANIES[(k + n) % len(COMPANIES)],
                         n=12 + (k * 13 + n) % 60, wd=day.strftime("%A"))  # fmt: skip
            title, body = title_t.format(**slots), body_t.format(**slots)
            if len(body.split()) < 62:
                body += " " + NOISE_EXTRA[feed]
            hour = 6 + _h("noise", k, feed) % 15
            t = datetime(day.year, day.month, day.day, hour, _h("nm", k, feed) % 60, tzinfo=UTC)
            domain = next(f[2] for f in FEEDS if f[0] == feed)
            sid = f"noise-{n:03d}"
            stories.append(
                {
                    "id": sid,
                    "date": day.isoformat(),
                    "type": None,
                    "key": None,
                    "role": "noise",
                    "theatre": None,
                    "recurs": [],
                    "summary": title,
                }  # fmt: skip
            )
            articles.append(
                {
                    "id": f"{sid}-{feed}",
                    "feed": feed,
                    "published": _iso(t),
                    "title": title,
                    "body": body,
                    "url_path": f"/{domain}/{t:%Y/%m/%d}/{_slug(title)}",
                    "story": sid,
                    "role": "noise",
                    "report": "first",
                    "copy_of": None,
                    "theatre": None,
                }
            )
    articles.sort(key=lambda a: (a["published"], a["id"]))
    feeds = [
        {
            "id": fid,
            "name": name,
            "domain": domain,
            "kind": kind,
            "language": "en",
            "tags": tags,
            **({"silent_from": SILENT_FROM.isoformat()} if fid == "idlibnotes" else {}),
        }
        for fid, name, domain, kind, tags in FEEDS
    ]
    stories.sort(key=lambda s: (s["date"], s["id"]))
    return {"feeds": feeds, "stories": stories, "articles": articles}


def main() -> None:
    world = build()
    WORLD.mkdir(exist_ok=True)
    header = "# Sample world for `newswatch demo`, written by newswatch/demo/_author.py. All invented.\n"
    for name in ("feeds", "stories", "articles"):
        text = yaml.safe_dump({name: world[name]}, sort_keys=False, allow_unicode=True, width=100)
        (WORLD / f"{name}.yaml").write_text(header + text, encoding="utf-8")
    print({k: len(v) for k, v in world.items()})


if __name__ == "__main__":
    main()
