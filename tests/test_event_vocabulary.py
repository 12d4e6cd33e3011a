"""Trigger vocabulary (issue 10, section 3): every form of a trigger's verb, from a rule.
Every headline here is invented for the test."""

from __future__ import annotations

from datetime import date

import pytest

from newswatch.config import SEEDS_DIR
from newswatch.tagging.event_rules import inflected, inflection_table, load_event_rules, verb_forms
from newswatch.tagging.tagger import Tagger


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("bomb", ["bomb", "bombs", "bombed", "bombing"]),
        ("clash", ["clash", "clashes", "clashed", "clashing"]),
        ("seize", ["seize", "seizes", "seized", "seizing"]),
        ("agree", ["agree", "agrees", "agreed", "agreeing"]),
        ("deploy", ["deploy", "deploys", "deployed", "deploying"]),
        ("occupy", ["occupy", "occupies", "occupied", "occupying"]),
        ("ban", ["ban", "bans", "banned", "banning"]),
        ("target", ["target", "targets", "targeted", "targeting"]),
        ("patrol", ["patrol", "patrols", "patrolled", "patrolling"]),
        ("cancel", ["cancel", "cancels", "cancelled", "cancelling", "canceled", "canceling"]),
        ("strike", ["strike", "strikes", "struck", "striking"]),
        ("withdraw", ["withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing"]),
        ("shoot down", ["shoot down", "shoots down", "shot down", "shooting down"]),
    ],
)
def test_verb_forms(lemma, forms):
    assert verb_forms(lemma) == forms


def test_a_phrase_takes_every_form_of_its_verb_and_nouns_only_their_number():
    table = inflection_table(["bomb", "hold"], nouns=["attack"])
    assert inflected(["jets bombed", "held talks", "drone attack"], table) == [
        "jets bombed",
        "held talks",
        "drone attack",
        "jets bomb",
        "jets bombs",
        "jets bombing",
        "hold talks",
        "holds talks",
        "holding talks",
        "drone attacks",
    ]
    # a noun gets its plural, not verb forms; a word not listed stays as written
    assert inflected(["attack", "fought"], table) == ["attack", "fought", "attacks"]


def test_loader_inflects_phrases_combos_and_exclusions(tmp_path):
    path = tmp_path / "event_rules.yaml"
    path.write_text(
        "inflect: [take, bolster]\nnouns: [raid]\n"
        "types:\n  MIL_DEPLOYMENT:\n    phrases: [bolstered its forces]\n"
        "    combos:\n      - {triggers: [bolstered], context: [troops], window: 4}\n"
        "  TERRITORY_CHANGE:\n    phrases: [took control]\n    exclude: [took hold]\n"
        "  AIRSTRIKE:\n    phrases: [air raid]\n"
    )
    rules = load_event_rules(path)
    assert "bolsters its forces" in rules.types["MIL_DEPLOYMENT"].phrases
    assert "bolstering" in rules.types["MIL_DEPLOYMENT"].combos[0].triggers
    territory = rules.types["TERRITORY_CHANGE"]
    assert {"takes control", "taking control", "taken control"} <= set(territory.phrases)
    assert {"takes hold", "taking hold"} <= set(rules.types["TERRITORY_CHANGE"].exclude)
    assert rules.types["AIRSTRIKE"].phrases == ["air raid", "air raids"]


def test_seed_inflects_no_noun_ambiguous_verb():
    """Verbs whose other forms are nouns of other things stay out of the seed's list:
    a bare "fighting", "sanctions", "attacks on troops" or "down" is no event."""
    rules = load_event_rules(SEEDS_DIR / "event_rules.yaml")
    noun_ambiguous = {"fight", "sanction", "attack", "raid", "strike", "down", "broker", "take"}
    assert not noun_ambiguous & set(rules.inflect)
    assert "fighting" not in rules.types["ARMED_CLASH"].phrases
    assert "sanctions" not in rules.types["SANCTION"].phrases


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger.from_seeds(SEEDS_DIR)


def types(tagger: Tagger, title: str, text: str = "") -> set[str]:
    return {e.type for e in tagger.tag(title, text, date(2024, 3, 5), require_theatre=False).events}


@pytest.mark.parametrize(
    ("title", "etype"),
    [
        # the seed writes these triggers in another form only
        ("Turkey masses troops on Syrian border", "MIL_DEPLOYMENT"),
        ("Syrian army mobilizes troops near Idlib", "MIL_DEPLOYMENT"),
        ("Gunmen gun down HTS commander in Idlib", "KILLING"),
        ("Iran lashes out at Turkey over Syria operation", "ACCUSATION"),
        ("Turkey summons Russian ambassador over Idlib strike", "ACCUSATION"),
    ],
)
def test_headline_in_another_form_of_a_trigger(tagger, title, etype):
    assert etype in types(tagger, title)


@pytest.mark.parametrize(
    ("title", "etype"),
    [
        # synonyms from the CAMEO verb dictionary, in a form the seed does not write
        ("Iran deplores Turkish operation in northern Syria", "ACCUSATION"),
        ("Erdogan hits out at Assad over Idlib offensive", "ACCUSATION"),
        ("Lavrov berates Turkey over Libya deployment", "ACCUSATION"),
        ("SDF repel ISIS attack on al-Hol camp", "ARMED_CLASH"),
        ("Tank fire kills three in Tal Rifaat", "SHELLING"),
        ("Mortar shells crashed into homes in Idlib city", "SHELLING"),
    ],
)
def test_cameo_synonym_is_a_trigger(tagger, title, etype):
    assert etype in types(tagger, title)


def test_a_projectile_that_slams_into_a_place_is_no_criticism(tagger):
    found = types(tagger, "Rockets slam into Tripoli airport")
    assert "SHELLING" in found and "ACCUSATION" not in found
    assert "ACCUSATION" in types(tagger, "Russia slams US sanctions on Syria")


@pytest.mark.parametrize(
    ("title", "etype"),
    [
        # headline grammar: present tense, a trigger a few words from its object
        ("ISIS fighters attack Syrian army positions in Deir ez-Zor", "ARMED_CLASH"),
        ("Dozens killed in Tripoli fighting", "ARMED_CLASH"),
        ("SDF launches operation against tribal fighters in Deir ez-Zor", "ARMED_CLASH"),
        ("Syrian government forces shell Idlib, killing civilians", "SHELLING"),
        ("Israel fires artillery at Syria after rockets", "SHELLING"),
        ("US military carries out strikes in Syria against Iran-backed groups", "AIRSTRIKE"),
        ("Syria and Iran sign long-term oil, trade agreements", "AGREEMENT"),
        ("Iran promises harsh revenge on Israel over Damascus strike", "THREAT"),
        ("Turkey amasses troops on the Syrian border", "MIL_DEPLOYMENT"),
    ],
)
def test_headline_grammar_trigger(tagger, title, etype):
    assert etype in types(tagger, title)


def test_attack_named_by_its_weapon_or_a_company_named_shell_is_no_clash_or_shelling(tagger):
    assert "ARMED_CLASH" not in types(tagger, "Turkish drone attack on SDF positions kills three in Qamishli")
    assert "SHELLING" not in types(tagger, "Shell signs gas exploration deal with Libya's NOC")


def test_violence_attributed_to_a_party_is_an_accusation_a_quote_is_not(tagger):
    title = "Rocket attacks on Turkish troops in Idlib attributed to Syrian government forces"
    assert "ACCUSATION" in types(tagger, title)
    quote = "A statement attributed to Haftar's spokesman was read in Benghazi"
    assert "ACCUSATION" not in types(tagger, quote)


def test_receiving_a_named_person_is_a_meeting_receiving_aid_is_not(tagger):
    assert "MEETING" in types(tagger, "Saudi crown prince receives Syria's Assad in Jeddah")
    assert "MEETING" not in types(tagger, "Syria's Idlib receives first aid convoy after quake")


def test_a_struck_facility_in_the_singular_is_an_air_strike_target(tagger):
    assert "AIRSTRIKE" in types(tagger, "US says it struck weapons facility in eastern Syria")


def test_leaders_who_spoke_met(tagger):
    assert "MEETING" in types(tagger, "Erdogan spoke with his Russian counterpart Putin about Idlib")
    assert "MEETING" not in types(tagger, "Erdogan spoke to reporters in Ankara about Idlib")


def test_one_person_killed_in_the_passive_with_no_weapon_is_a_killing(tagger):
    assert "KILLING" in types(
        tagger, "A Dutch volunteer with Kurdish forces has been killed in Raqqa, his family said"
    )
    assert "KILLING" in types(tagger, "Canadian medic killed while clearing rubble in Idlib, friends say")
    weapon = types(tagger, "A Syrian soldier has been killed in an Israeli air strike near Damascus")
    assert "KILLING" not in weapon and "AIRSTRIKE" in weapon


def test_widening_an_operation_said_ahead_is_a_threat(tagger):
    assert "THREAT" in types(
        tagger, "Turkey says it will extend its offensive in Syria to the town of Tal Rifaat"
    )
    assert "THREAT" not in types(tagger, "Turkey extended its offensive in Syria to Tal Rifaat on Monday")


def test_a_charge_of_harassment_is_an_accusation_harassing_fire_is_not(tagger):
    assert "ACCUSATION" in types(tagger, "Russian jets 'harassing' Turkish drones over Idlib, Ankara says")
    assert "ACCUSATION" not in types(
        tagger, "Syrian army keeps up harassing fire on rebel positions in Idlib"
    )


def test_fighters_captured_are_an_armed_action_a_captured_town_is_not(tagger):
    title = "Three ISIS commanders have been captured by Kurdish-led forces near Hasakah"
    assert "ARMED_CLASH" in types(tagger, title)
    town = types(tagger, "Army says the town held by militants has been captured in Idlib")
    assert "ARMED_CLASH" not in town and "TERRITORY_CHANGE" in town


def test_forces_preparing_to_enter_deploy_they_take_nothing_yet(tagger):
    found = types(tagger, "Turkish troops are preparing to enter Idlib province, Ankara says")
    assert "MIL_DEPLOYMENT" in found and "TERRITORY_CHANGE" not in found
    assert "TERRITORY_CHANGE" in types(tagger, "Turkish troops entered Afrin town on Sunday")


def test_a_ground_incursion_or_an_encircled_town_is_fighting_a_besieged_town_is_not(tagger):
    assert "ARMED_CLASH" in types(tagger, "Turkey says it has begun a ground incursion into Tal Abyad")
    assert "ARMED_CLASH" in types(tagger, "Government forces have encircled Maarat al-Numan, activists say")
    assert "ARMED_CLASH" not in types(tagger, "UN aid reaches the besieged town of Madaya")


def test_a_speaker_calling_terms_unacceptable_accuses(tagger):
    assert "ACCUSATION" in types(
        tagger, "UN says Libyan government's conditions on aid convoys 'unacceptable'"
    )


def test_a_helicopter_raid_conducted_is_no_air_strike(tagger):
    assert "AIRSTRIKE" not in types(
        tagger, "US conducts helicopter raid in Deir ez-Zor, detains ISIS suspect"
    )
    assert "AIRSTRIKE" in types(tagger, "Russian helicopters struck rebel positions in Idlib")


def test_declaring_people_a_legitimate_target_threatens(tagger):
    title = "Foreign fighters with ISIS in Syria are a 'legitimate target', French minister says"
    assert "THREAT" in types(tagger, title)


def test_victory_declared_in_a_town_is_its_capture(tagger):
    title = "Syrian troops declared victory against ISIS in the town of Mayadin"
    assert "TERRITORY_CHANGE" in types(tagger, title)
    assert "TERRITORY_CHANGE" not in types(
        tagger, "Erdogan declared victory in Turkey's presidential election"
    )


def test_forces_advancing_against_others_fight(tagger):
    assert "ARMED_CLASH" in types(
        tagger, "Government forces advance against Haftar's forces south of Tripoli"
    )
    assert "ARMED_CLASH" in types(tagger, "GNA forces press ahead towards Sirte")
    assert "ARMED_CLASH" not in types(tagger, "Libya's rivals press ahead with talks in Geneva")


def test_peacekeepers_sent_are_protection_not_a_deployment(tagger):
    # CAMEO 074 / PLOVER AID: providing peacekeeping is aid, not MOBILIZE.
    assert "MIL_DEPLOYMENT" not in types(tagger, "The UN sends peacekeeping troops to the Golan Heights")
    assert "MIL_DEPLOYMENT" not in types(tagger, "Bangladeshi peacekeepers arrived in Sierra Leone")
    assert "MIL_DEPLOYMENT" in types(tagger, "Turkey sends troops to Libya")


def test_an_event_in_a_relative_clause_is_background(tagger):
    # The clause describes a participant; the sentence's news is elsewhere.
    title = "The US is providing military intelligence to Macedonia which is preparing a major offensive"
    assert "ARMED_CLASH" not in types(tagger, title)
    assert "ARMED_CLASH" in types(tagger, "Macedonia is preparing a major offensive against the guerrillas")
    # a clause break ends the relative clause; "that" may open reported speech
    assert "AIRSTRIKE" in types(tagger, "Officials, who spoke on Monday, said jets struck Idlib")
    assert "AIRSTRIKE" in types(tagger, "Syria says that Israeli air strikes hit Damascus airport")


def test_slain_before_its_noun_names_the_dead_not_a_killing(tagger):
    assert "KILLING" not in types(tagger, "Widows of slain Islamic State fighters sue for repatriation")
    assert "KILLING" not in types(tagger, "Thousands mourn the slain general in Tehran")
    assert "KILLING" in types(tagger, "Prominent Libyan lawyer slain in Benghazi")


def test_a_trigger_after_must_or_should_is_a_demand(tagger):
    # CAMEO 10 DEMAND: what a party must do has not happened.
    assert "AGREEMENT" not in types(tagger, "Rebels say Kagame must agree to constitutional changes")
    assert "AGREEMENT" in types(tagger, "Kagame agreed to constitutional changes")
    # a speech act keeps its type
    assert "ACCUSATION" in types(tagger, "Russia says the strikes must be condemned, accuses Israel")


def test_an_act_named_as_a_cause_is_background(tagger):
    # taxonomy: an event mentioned as the cause of another is not news; the reprisal is.
    title = "Rebels stormed army posts near Kafr Nabl in retaliation for recent air raids"
    assert "AIRSTRIKE" not in types(tagger, title)
    assert "ARMED_CLASH" in types(tagger, title)
    assert "AIRSTRIKE" not in types(tagger, "Militants shelled the town in revenge for air strikes on Idlib")
    # a clause break ends the cause
    assert "AIRSTRIKE" in types(tagger, "In retaliation for the raid, jets struck rebel positions in Idlib")
    assert "AIRSTRIKE" in types(tagger, "Jets struck Idlib in retaliation for an ambush; the army said")


@pytest.mark.parametrize(
    "sentence",
    [
        "Syrian army artillery hit positions of HTS near Maarrat Misrin in Idlib on Sunday.",
        "Regime missiles hit rebel positions near Ariha on Sunday.",
    ],
)
def test_artillery_or_missiles_that_hit_positions_are_shelling_not_an_air_strike_too(tagger, sentence):
    # "hit" + "positions" is the air-strike combo ("jets hit positions"); with the gun or
    # missile as its subject it is the one shelling the sentence already names
    assert types(tagger, "Report", sentence) == {"SHELLING"}


def test_an_offer_or_promise_to_cooperate_is_an_agreement(tagger):
    # CAMEO 03 EXPRESS INTENT TO COOPERATE, PLOVER AGREE: offering, promising or being willing
    # to give, help or yield.
    assert "AGREEMENT" in types(tagger, "Turkey has offered to mediate between Moscow and Kyiv")
    assert "AGREEMENT" in types(tagger, "Damascus says it is willing to release detained aid workers")
    assert "AGREEMENT" in types(tagger, "The minister promised to continue military aid to the GNA")
    # a promise of force is a threat, not an agreement; an offer alone names no act
    assert "AGREEMENT" not in types(tagger, "The militia promised to avenge its commander")
    assert "AGREEMENT" not in types(tagger, "Ankara is willing to fight for Idlib")


def test_cooperation_said_in_the_future_tense_is_an_agreement(tagger):
    # CAMEO 03: cooperation reported as a future intention is coded AGREE.
    assert "AGREEMENT" in types(tagger, "Qatar will provide emergency food aid to displaced Syrians")
    assert "AGREEMENT" in types(tagger, "Damascus said it would allow the return of UN inspectors")
    # the verb alone, with nothing given, is no agreement
    assert "AGREEMENT" not in types(tagger, "The envoy will give a speech in Geneva")


def test_bombs_in_the_plural_explode_too(tagger):
    assert "BOMBING" in types(tagger, "Militants exploded a series of bombs in central Damascus")
    assert "BOMBING" in types(tagger, "Two explosive devices blew up near a checkpoint in Azaz")


def test_finalising_is_an_agreement_only_for_a_deal(tagger):
    assert "AGREEMENT" in types(tagger, "Ankara and Moscow finalised the deal on Idlib")
    assert "AGREEMENT" not in types(tagger, "Talks will resume once the election results are finalized")


def test_mass_killings_are_killings(tagger):
    # CAMEO 202/203: engage in mass killings, ethnic cleansing (PLOVER ASSAULT)
    assert "KILLING" in types(tagger, "Militiamen massacred villagers in Hama province")
    assert "KILLING" in types(tagger, "Forces were engaged in ethnic cleansing in Afrin, the group says")


def test_a_trigger_in_a_demand_verbs_clause_is_demanded(tagger):
    # CAMEO 10 DEMAND: however far into the clause, what is demanded has not happened.
    title = "Ankara demanded an immediate admission by Moscow that its forces bombed the Idlib convoy"
    assert "AIRSTRIKE" not in types(tagger, title)
    title = "Local officials urged the army to help in regaining control of Saraqib"
    assert "TERRITORY_CHANGE" not in types(tagger, title)
    # a clause opener or break ends the demand: what follows is news of its own
    assert "AIRSTRIKE" in types(tagger, "The UN demanded a probe after Russian jets bombed a market in Idlib")
    assert "AIRSTRIKE" in types(tagger, "Turkey urged restraint, Russian jets bombed Idlib overnight")
    # a ceasefire called for is news (taxonomy), a criticism stays one
    assert "CEASEFIRE" in types(tagger, "The Arab League urged an immediate ceasefire in Tripoli")


def test_a_measure_on_a_condition_or_held_ready_is_a_threat(tagger):
    # CAMEO 13 THREATEN: threaten to halt talks, to sanction, to impose martial law.
    assert "THREAT" in types(tagger, "Turkey may halt talks with Russia if attacks on Idlib continue")
    assert "THREAT" in types(tagger, "The EU will impose sanctions on Haftar unless he withdraws")
    assert "THREAT" in types(tagger, "The Libyan government is prepared to impose martial law in Tripoli")
    # with no condition the measure is announced, not threatened
    assert "THREAT" not in types(tagger, "The EU will impose sanctions on Haftar's backers")


def test_prepared_to_cooperate_is_an_agreement_but_must_be_ready_is_a_demand(tagger):
    assert "AGREEMENT" in types(tagger, "Ankara is prepared to withdraw its troops from the posts")
    # "must be"/"should be" before the trigger: a demand (CAMEO 10), as "must" alone
    assert "AGREEMENT" not in types(tagger, "Erdogan said Moscow must be prepared to withdraw its forces")
    assert "AGREEMENT" not in types(tagger, "The envoy said the sides should be willing to release prisoners")


def test_an_event_named_as_a_time_anchor_is_background(tagger):
    # "following the deal, ...": an earlier event dates the news, it is not the news
    title = "Erdogan, following the Sochi deal, has taken steps to calm the markets"
    assert "AGREEMENT" not in types(tagger, title)
    assert "AIRSTRIKE" not in types(tagger, "After the air strikes, rescuers searched the rubble in Idlib")
    # without the comma the phrase may be the news itself
    assert "AIRSTRIKE" in types(tagger, "Civilians flee Idlib after the air strikes on Maarat al-Numan")


def test_said_to_have_committed_war_crimes_is_an_accusation(tagger):
    # CAMEO BLAME [112] "ACCUSE * OF WAR CRIMES": war crimes laid at a party's door
    title = "UN investigators say armed groups in Libya have committed a wide range of war crimes"
    assert "ACCUSATION" in types(tagger, title)
    title = "Rights group says Syrian forces perpetrated crimes against humanity in Daraa"
    assert "ACCUSATION" in types(tagger, title)
    # crimes in general, or a commitment, are no charge of war crimes
    assert "ACCUSATION" not in types(tagger, "Police say the gang committed crimes in Tripoli")
    assert "ACCUSATION" not in types(tagger, "Turkey says it is committed to the Idlib deal")


def test_a_news_opener_ends_a_wanted_or_demanded_condition(tagger):
    # the act after "after"/"as"/"amid" happened; before it, what a party wants is a condition
    assert "AIRSTRIKE" in types(tagger, "Turkey demands answers after Russian jets bombed Idlib")
    assert "MIL_DEPLOYMENT" not in types(tagger, "Damascus wants a timetable for a Turkish troop withdrawal")
