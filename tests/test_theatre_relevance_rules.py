"""Theatre relevance rules that follow the labelling guide's *about* test
(tests/gold/streams/GUIDE.md): a digest (live blog, round-up, list of the day's events) is
about what its headline names, not the stories it lists. Headlines written for this test."""

from __future__ import annotations

from datetime import date

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.stages.process import get_tagger
from newswatch.tagging.theatre_scoring import is_digest

D = date(2023, 7, 20)


@pytest.fixture(scope="module")
def tagger():
    return get_tagger(SEEDS_DIR)


@pytest.mark.parametrize(
    "title",
    [
        "Russia-Ukraine war: List of key events, day 512",
        "Russia-Ukraine war live: air raid sirens across Kyiv",
        "Middle East round-up: heatwave grips the region",
        "Russia-Ukraine war at a glance: what we know on day 510",
        "First Thing: Senate passes defence bill",
        "What happened in the Russia-Ukraine war this week? Catch up with the news",
        "Putin addresses the nation – live",
    ],
)
def test_digest_headlines(title):
    assert is_digest(title)


@pytest.mark.parametrize(
    "title",
    [
        "Erdogan and Putin hold talks in Sochi",
        "How Syrians live with the rubble of Aleppo",
        "Lives lost as fighting flares in Tripoli",
    ],
)
def test_ordinary_headlines_are_not_digests(title):
    assert not is_digest(title)


LISTED = (
    "As the war enters its 512th day, we look at the main developments. "
    "Turkish President Erdogan says he will hold talks with Putin on reviving the grain deal. "
    "Iran signed a deal to deliver more drones to Russia."
)


def test_a_relation_listed_in_a_digest_is_not_its_subject(tagger):
    tags = tagger.tag("Russia-Ukraine war: List of key events, day 512", LISTED, D).tags
    assert "turkey-russia-iran" not in tags


def test_the_same_lead_under_an_ordinary_headline_is_a_relation(tagger):
    """The rule reads the headline, not the words: the same lead under a headline that names
    the relation keeps the tag."""
    title = "Erdogan to hold talks with Putin on reviving the grain deal"
    tags = tagger.tag(title, LISTED, D).tags
    assert "turkey-russia-iran" in tags


def test_a_digest_keeps_a_theatre_its_headline_names(tagger):
    title = "Syria live: Russian jets strike Idlib as talks with Turkey stall"
    text = "Follow the latest. Air strikes hit Idlib and Ariha on Sunday, rescuers said."
    tags = tagger.tag(title, text, D).tags
    assert "syria" in tags


@pytest.mark.parametrize(
    "title, text, theatre",
    [
        (
            "Sudan's war could spiral into a bigger crisis than Syria, Yemen or Libya",
            "The former prime minister said the conflict must be stopped early.",
            "libya",
        ),
        (
            "Analysts fear Sudan's civil war could turn the country into another Libya",
            "Rival generals fought in Khartoum for a third week.",
            "libya",
        ),
    ],
)
def test_a_comparison_is_not_the_theatre(tagger, title, text, theatre):
    assert theatre not in tagger.tag(title, text, D).tags


def test_the_theatre_itself_next_to_a_comparison_keeps_it(tagger):
    title = "Fighting in Tripoli is worse than in 2019, residents say"
    text = "Clashes between rival militias shook the Libyan capital overnight."
    assert "libya" in tagger.tag(title, text, D).tags


@pytest.mark.parametrize(
    "title, text",
    [
        (
            "Hundreds of migrants feared dead after boat from Tobruk sinks off Greece",
            "The fishing boat had sailed from Libya towards Italy with up to 750 people on board.",
        ),
        (
            "Navy rescues 80 migrants off Benghazi",
            "The dinghy had left Libya two days earlier, the navy said.",
        ),
    ],
)
def test_where_a_migrant_boat_sailed_from_is_not_the_theatre(tagger, title, text):
    assert "libya" not in tagger.tag(title, text, D).tags


def test_migrants_caught_in_fighting_in_a_libyan_town_keep_the_theatre(tagger):
    title = "Migrants trapped as militias clash in Zuwara"
    text = "Fighting between rival armed groups in the Libyan town left dozens dead."
    assert "libya" in tagger.tag(title, text, D).tags


@pytest.mark.parametrize(
    "title, text",
    [
        (
            "Treasury sanctions Iran and Russia over election hacking",
            "The measures target intelligence officers accused of spreading false stories.",
        ),
        (
            "US accuses Russia and Iran of meddling in the midterm elections",
            "Intelligence officials said both had spread false stories online.",
        ),
    ],
)
def test_two_states_listed_as_one_side_are_not_a_relation(tagger, title, text):
    assert "turkey-russia-iran" not in tagger.tag(title, text, D).tags


@pytest.mark.parametrize(
    "title",
    [
        "Turkey warns Russia over strikes near its border",
        "Russia and Iran sign a deal on drones",
        "Iran supplied drones to Russia, Ukraine says",
    ],
)
def test_one_acting_on_the_other_or_dealing_together_is_a_relation(tagger, title):
    text = "Officials in both capitals confirmed the talks."
    assert "turkey-russia-iran" in tagger.tag(title, text, D).tags


@pytest.mark.parametrize(
    "title, text",
    [
        (
            "Nuclear talks resume in Vienna",
            "Iranian and Russian diplomats met EU envoys as talks on the 2015 nuclear deal restarted.",
        ),
        (
            "Iran's foreign minister criticises Russia over the nuclear deal talks",
            "A leaked recording reveals frustration in Tehran.",
        ),
    ],
)
def test_the_nuclear_deal_talks_are_iran_and_the_west(tagger, title, text):
    assert "turkey-russia-iran" not in tagger.tag(title, text, D).tags


def test_a_nuclear_plant_built_by_russia_in_turkey_is_a_relation(tagger):
    title = "Erdogan and Putin open Turkey's first nuclear plant at Akkuyu"
    text = "The two leaders spoke by video link as the first fuel was delivered."
    assert "turkey-russia-iran" in tagger.tag(title, text, D).tags


@pytest.mark.parametrize(
    "title, text",
    [
        (
            "Hope fades for survivors in Turkey, Syria as quake toll climbs",
            "Aid agencies warned of freezing temperatures.",
        ),
        (
            "Charity appeal for Turkish and Syrian quake survivors raises millions",
            "Donors gave generously after the earthquake, organisers said.",
        ),
    ],
)
def test_syria_named_beside_turkey_in_an_earthquake_story_is_not_the_subject(tagger, title, text):
    assert "syria" not in tagger.tag(title, text, D).tags


@pytest.mark.parametrize(
    "title, text",
    [
        (
            "UN calls for earthquake aid access into north-west Syria",
            "Only one border crossing from Turkey is open to the rebel-held region.",
        ),
        (
            "Quake survivors in Jindires wait for aid",
            "Rescuers in the Syrian town near Afrin said the regime had blocked convoys.",
        ),
    ],
)
def test_the_syrian_side_of_the_earthquake_keeps_the_tag(tagger, title, text):
    assert "syria" in tagger.tag(title, text, D).tags


@pytest.mark.parametrize(
    "title, text, theatre",
    [
        (
            "Recipe: a Damascus kitchen's kibbe, cooked in a displaced persons camp",
            "The war drove the family from Aleppo in 2016; the dish came with them.",
            "syria",
        ),
        (
            "Benghazi artists stage the city's first music festival in a decade",
            "Musicians from Tripoli and Misrata joined after years of conflict.",
            "libya",
        ),
    ],
)
def test_culture_set_in_the_region_is_not_the_theatre(tagger, title, text, theatre):
    assert theatre not in tagger.tag(title, text, D).tags


def test_an_attack_on_a_festival_is_an_event_in_the_theatre(tagger):
    title = "Car bomb hits music festival in Benghazi"
    text = "The blast killed four people, the health ministry said."
    assert "libya" in tagger.tag(title, text, D).tags


def test_blend_vetoes_thin_evidence_and_keeps_strong():
    """The classifier vetoes a theatre on thin evidence (a passing mention) but not on evidence
    at STRONG_EVIDENCE (a name in the headline and more in the lead)."""
    from newswatch.tagging.theatre_scoring import KEEP_ABOUT, STRONG_EVIDENCE, blend

    low = KEEP_ABOUT / 2
    assert blend({"syria": 0.87}, {"syria": 0.87}, low) == {}
    assert blend({"syria": STRONG_EVIDENCE}, {"syria": STRONG_EVIDENCE}, low) == {"syria": STRONG_EVIDENCE}
    assert blend({"syria": 0.6}, {"syria": 0.6}, KEEP_ABOUT) == {"syria": 0.6}
    assert blend({"libya": 0.6}, {"libya": 0.6}, low) == {"libya": 0.6}  # libya is not blended


# -- round 5 (issue 10 §2): more kinds of the guide's *about* test ---------------------------


def test_al_qaeda_outside_syria_is_not_syria(tagger):
    """A group with no home country counts for Syria only where Syria is named ("ISIS inside
    Syria"): al-Qaeda in the Sahel is not Syria's war."""
    tags = tagger.tag(
        "France says it killed a top al-Qaeda commander in Mali",
        "French forces killed al-Qaeda's North African commander in a raid, officials said.",
        D,
    ).tags
    assert "syria" not in tags


def test_al_qaeda_in_syria_stays_syria(tagger):
    tags = tagger.tag(
        "Al-Qaeda commander killed in drone strike in Idlib",
        "A drone strike killed an al-Qaeda commander near Idlib in north-west Syria on Tuesday.",
        D,
    ).tags
    assert "syria" in tags


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Hope fades in Turkey, Syria as time runs out for those buried",
            "Rescuers say the chance of finding survivors alive is fading fast.",
        ),
        (
            "Turkey-Syria border region hit by new tremors",
            "A strong tremor rocked Turkey's southern province of Hatay and northern Syria.",
        ),
    ],
)
def test_turkeys_disaster_with_syria_beside_it_is_not_syria(tagger, title, text):
    """The quake rule reads the disaster's aftermath words (buried, survivors, rubble, toll) and
    a direction between the pair ("Hatay and northern Syria")."""
    assert "syria" not in tagger.tag(title, text, D).tags


def test_syrian_side_of_the_disaster_stays_syria(tagger):
    tags = tagger.tag(
        "Survivors pulled from rubble in Jindires as aid trickles into north-west Syria",
        "Rescuers in the rebel-held town in Aleppo province dug through the rubble for a fourth day.",
        D,
    ).tags
    assert "syria" in tags


def test_leaders_courtesy_is_a_relation(tagger):
    """Thanks and congratulations between two of Turkey, Russia, Iran are dealings (the guide:
    Erdogan-Putin talks and calls)."""
    tags = tagger.tag(
        "Erdogan thanks Putin for his help on Turkish nuclear plant",
        "The two leaders spoke before the inauguration of the plant, Turkey's first nuclear reactor.",
        D,
    ).tags
    assert "turkey-russia-iran" in tags


def test_third_party_thanking_a_list_is_no_relation(tagger):
    tags = tagger.tag(
        "US president hails special forces operation",
        "Trump thanked Russia, Turkey, Iraq and the Kurds for their help with the operation.",
        D,
    ).tags
    assert "turkey-russia-iran" not in tags


def test_the_astana_format_alone_is_the_three(tagger):
    """The Astana format has no home country: it names Turkey, Russia and Iran together by itself
    (the guide: Astana/Sochi format), unlike Sputnik or Baykar alone."""
    tags = tagger.tag(
        "Next round of Astana talks on Syria postponed",
        "Kazakhstan's foreign ministry said the April round of the talks had been put off.",
        D,
    ).tags
    assert "turkey-russia-iran" in tags


def test_the_nuclear_deals_bodies_are_not_the_three(tagger):
    tags = tagger.tag(
        "IAEA inspectors return to Iranian enrichment site",
        "The UN nuclear watchdog said its inspectors had reinstalled cameras at the site.",
        D,
    ).tags
    assert "turkey-russia-iran" not in tags


def test_a_text_without_a_headline_has_a_three_sentence_lead(tagger):
    """Without a headline the lead is the first three sentences, as after one: a relation in the
    fourth sentence of a story on Syria is not its subject."""
    text = (
        "Turkey warned the Syrian government that it risked a confrontation if it entered Afrin. "
        "Reports said pro-government militiamen would enter the Kurdish enclave. "
        "The Turkish foreign minister said Damascus would face consequences. "
        "Erdogan said in a phone call with Putin that the Afrin operation would continue."
    )
    tags = tagger.tag("", text, D).tags
    assert "syria" in tags
    assert "turkey-russia-iran" not in tags


def test_aid_crossings_into_syria_are_not_migration(tagger):
    """Border crossings for aid are aid access into Syria (the guide), not migrants' crossings."""
    tags = tagger.tag(
        "Syria to open two more border crossings for aid delivery",
        "The two crossings into Syria will be open for three months, the UN says.",
        D,
    ).tags
    assert "syria" in tags


def test_migrants_crossings_stay_migration(tagger):
    tags = tagger.tag(
        "Channel crossings: more Syrians arrive in small boats",
        "Hundreds of people from Syria crossed the Channel on Saturday.",
        D,
    ).tags
    assert "syria" not in tags


def test_syria_as_the_ukraine_wars_precedent_is_a_comparison(tagger):
    """A Russia-Ukraine story naming Syria by its state name only, as Russia's earlier war."""
    tags = tagger.tag(
        "Putin targets Ukrainian civilians because he could in Syria",
        "Russia got away with it once and believes it will again.",
        D,
    ).tags
    assert "syria" not in tags


def test_russian_strikes_in_idlib_with_ukraine_named_stay_syria(tagger):
    tags = tagger.tag(
        "Russian jets strike Idlib as Moscow shifts forces to Ukraine",
        "Warplanes hit villages in Idlib province in north-west Syria on Monday.",
        D,
    ).tags
    assert "syria" in tags


def test_a_headline_on_syrias_war_is_not_a_migration_story(tagger):
    """The migration rule leaves a text whose headline names the war itself ("war in Syria")."""
    tags = tagger.tag(
        "Two children, a decade of war in Syria",
        "Our correspondent revisits two refugee children who symbolise the suffering of Syria's war.",
        D,
    ).tags
    assert "syria" in tags


def test_refugees_resettled_abroad_stay_migration(tagger):
    tags = tagger.tag(
        "Syrian refugee family settles into new life in Wales",
        "The family fled Syria in 2015 and arrived in Cardiff under a resettlement scheme.",
        D,
    ).tags
    assert "syria" not in tags


# -- round 6 (issue 10 §2): kinds of the new Syria/Libya stratum's tune half -----------------


class _About:
    """A relevance model stub with a fixed P(about), so a test reads the rules, not the model."""

    def __init__(self, about: float):
        self.about = about

    def scores(self, title: str, text: str) -> dict[str, float]:
        return {"about": self.about}


@pytest.fixture()
def tagger_at(tagger):
    import copy

    def make(about: float):
        other = copy.copy(tagger)
        other.relevance = _About(about)
        return other

    return make


def test_blend_keeps_a_subject_theatre_under_the_veto():
    from newswatch.tagging.theatre_scoring import KEEP_ABOUT, blend

    low = KEEP_ABOUT / 2
    assert blend({"syria": 0.78}, {"syria": 0.78}, low) == {}
    assert blend({"syria": 0.78}, {"syria": 0.78}, low, {"syria"}) == {"syria": 0.78}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Baby born in rubble of Syria earthquake is named and given a home",
            "Her great uncle will look after the baby whose mother died in the wreckage of their home.",
        ),
        (
            "Turkey-Syria earthquake: UK aid is reaching Syria, minister says",
            "But the minister admits helping the nation is difficult, amid criticism of the response.",
        ),
    ],
)
def test_the_syrian_side_named_in_a_quake_headline_is_not_vetoed(tagger_at, title, text):
    """The guide: the Feb 2023 earthquake's Syrian side is `syria` when Syria is the subject; a
    headline naming Syria on its own (not beside Turkey, not as people) is no passing mention."""
    assert "syria" in tagger_at(0.01).tag(title, text, D).tags


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Syrian quake survivors rebuild their lives in Hatay",
            "Families who fled the war now live in tents after the earthquake in Turkey.",
        ),
        (
            "Syrian family settles in Wales after years in a camp",
            "The family arrived in Cardiff last year and the children now go to school.",
        ),
    ],
)
def test_syrians_as_people_or_no_quake_keep_the_veto(tagger_at, title, text):
    assert "syria" not in tagger_at(0.01).tag(title, text, D).tags


def test_jandaris_is_the_syrian_town_of_jindires(tagger_at):
    title = "The volunteer gravediggers of Jandaris"
    text = "Volunteers have come from all around Jandaris to help bury the dead after the earthquakes."
    assert "syria" in tagger_at(0.2).tag(title, text, D).tags


def test_border_crossings_for_goods_are_not_migration(tagger_at):
    """Border crossings with no migrant, boat or asylum word carry goods or aid into Syria."""
    title = "Northwestern Syria suffers economic stagnation after quakes"
    text = "With a lag in the transport of goods through border crossings, NW Syria faces a spike in prices."
    assert "syria" in tagger_at(0.4).tag(title, text, D).tags


def test_migrant_crossings_from_libya_stay_migration(tagger_at):
    title = "Record number of migrant crossings from Libya to Italy"
    text = "More than 1,000 migrants arrived on boats from Libya at the weekend, officials said."
    assert "libya" not in tagger_at(0.4).tag(title, text, D).tags


def test_the_alliance_in_a_nato_story_is_nato(tagger):
    """ "Western defence alliance" in a NATO enlargement story is NATO, not Turkey and Russia allied."""
    tags = tagger.tag(
        "Turkish parliament ratifies Sweden's NATO membership",
        "Sweden asked to join the Western defence alliance in response to Russia's invasion of "
        "Ukraine and Turkey was the last holdout.",
        D,
    ).tags
    assert "turkey-russia-iran" not in tags


def test_an_alliance_between_two_of_the_three_stays_a_relation(tagger):
    tags = tagger.tag(
        "Russia and Iran deepen their alliance with a new drone deal",
        "Moscow and Tehran signed an agreement on drone production, officials said.",
        D,
    ).tags
    assert "turkey-russia-iran" in tags


def test_fleeing_and_settling_abroad_is_migration(tagger_at):
    """The guide's "refugees/migrants in Europe": Syria named only as where a family fled from."""
    title = "These siblings fled war-torn Syria. Now, the country they settled into wants them to go back"
    text = "It felt like paradise when the two first moved to Denmark."
    assert "syria" not in tagger_at(0.5).tag(title, text, D).tags


def test_fleeing_shelling_in_a_syrian_town_keeps_the_theatre(tagger_at):
    title = "Thousands flee as shelling hits Ariha"
    text = "Families fled the town in Idlib province overnight, rescuers said."
    assert "syria" in tagger_at(0.5).tag(title, text, D).tags


def test_comedy_in_the_region_is_culture(tagger_at):
    """The guide's culture hard negative, for stage and satire too: "comedy is a balm"."""
    title = "In Syria, comedy is a balm for the war-weary"
    text = "Every week, the country's first stand-up comedy troupe makes people laugh about years of war."
    assert "syria" not in tagger_at(0.5).tag(title, text, D).tags


def test_what_happened_there_as_a_comparison_is_a_passing_mention(tagger_at):
    """The guide's metaphors and comparisons: "worse than the bombardment in Syria" (Syrian
    survivors of Turkey's quake in Hatay) is not Syria's war."""
    title = "Earthquake survivors: 'Worse than the bombardment in Syria'"
    text = "Two Syrian women who survived the earthquake in Hatay province spoke to reporters."
    assert "syria" not in tagger_at(0.5).tag(title, text, D).tags


def test_another_strike_in_syria_is_no_comparison(tagger_at):
    title = "Israel launches another strike in Syria"
    text = "Missiles hit a military site near Damascus overnight, state media said."
    assert "syria" in tagger_at(0.5).tag(title, text, D).tags


def test_aid_crossing_into_syria_after_the_quake_is_the_subject(tagger_at):
    """The guide: aid access into Syria is `syria`, also under a "Turkey-Syria earthquake"
    headline, when the headline tells of the aid crossing and the text names Syria as where it goes."""
    title = "Turkey-Syria earthquake: third aid convoy crosses border as rescuers dig on"
    text = "A convoy of aid trucks has crossed into stricken north-western Syria from Turkey, the UN said."
    assert "syria" in tagger_at(0.0).tag(title, text, D).tags


def test_an_appeal_for_turkey_syria_quake_relief_stays_vetoed(tagger_at):
    """An appeal or pledge for the quake's relief names no aid crossing into Syria: the veto stands."""
    title = "Turkey-Syria earthquake: charity aid appeal passes £80m"
    text = "More than 40,000 people have been killed in Turkey and in Syria, where aid is scarce."
    assert "syria" not in tagger_at(0.0).tag(title, text, D).tags


def test_syrian_people_beside_a_turkey_syria_quake_headline_are_not_the_syrian_side(tagger_at):
    """A nationality ("treating Syrian children") is people, not Syria's side of the quake: with
    Syria named only beside Turkey, the quake rule drops the tag."""
    title = "Turkey and Syria earthquake: 'I will never forget the night shift'"
    text = "A nurse describes treating Syrian children injured in the earthquake."
    assert "syria" not in tagger_at(0.5).tag(title, text, D).tags


def test_a_headline_war_named_first_in_the_lead_as_syrias_is_syria(tagger_at):
    """The headline names a war but no country; the lead's first sentence says it is Syria's."""
    title = "He has known nothing but a war that began before he was born"
    text = "In 2012 the uprising in Syria became a civil war. His family now lives in a tent near Idlib."
    assert "syria" in tagger_at(0.0).tag(title, text, D).tags


def test_a_headline_naming_another_country_is_not_taken_for_syrias_war(tagger_at):
    title = "Ukraine war: a child's life under the sirens"
    text = "Unlike the war in Syria, this one began overnight. Kyiv residents sheltered in the metro."
    assert "syria" not in tagger_at(0.0).tag(title, text, D).tags


def test_a_quake_story_that_happened_in_syria_is_the_syrian_side(tagger_at):
    title = "Turkey-Syria earthquake: boy pulled alive from rubble after five days"
    text = "The boy was found under a collapsed building in northern Syria, rescuers said."
    assert "syria" in tagger_at(0.0).tag(title, text, D).tags


def test_a_quake_story_happening_in_turkey_and_syria_stays_vetoed(tagger_at):
    title = "Turkey-Syria earthquake: death toll passes 30,000"
    text = "Rescuers in Turkey and Syria are still searching, while aid is delivered to northwest Syria."
    assert "syria" not in tagger_at(0.0).tag(title, text, D).tags
