"""Entities of any war recognised by their shape and context, on sentences written for these tests."""
from __future__ import annotations

import pytest

from conflict_kg.extract.entity_patterns import nationality_plural
from conflict_kg.extract.model import EntityType
from conflict_kg.extract.town_names import town_named
from conflict_kg.extract.unit_lists import singular

UNIT, PERSON, PLACE, ORG, WEAPON = (EntityType.MILITARY_UNIT, EntityType.PERSON, EntityType.PLACE,
                                    EntityType.ORGANISATION, EntityType.WEAPON_SYSTEM)


def entities_of(extract_text, text):
    return {(e.label, e.type) for e in extract_text(text).entities}


@pytest.mark.parametrize("text, label", [
    ("Tanks of the 98th Division crossed the border before dawn.", "98th Division"),
    ("The 23rd Armoured Brigade was withdrawn for rest.", "23rd Armoured Brigade"),
    ("Marines of the 36th Separate Marine Brigade held the bridgehead.", "36th Separate Marine Brigade"),
    ("Soldiers of the Golani Brigade searched the village.", "Golani Brigade"),
    ("The Marko Bezruchko Separate Mechanized Brigade reported losses.", "Marko Bezruchko Separate Mechanized Brigade"),
    ("Infantry Battalion 214 abandoned its base on Sunday.", "Infantry Battalion 214"),
    ("Fighters of the Arakan Army took the hill.", "Arakan Army"),
    ("The rebels overran the headquarters of the military's Northeast Command in Lashio.", "Northeast Command"),
])
def test_formations_of_any_army_are_found_by_pattern(extract_text, text, label):
    assert (label, UNIT) in entities_of(extract_text, text)


def test_units_listed_with_one_shared_noun_are_each_a_unit(extract_text):
    found = entities_of(extract_text, "Troops of the 12th and 44th Motorized Rifle Brigades and of the "
                                      "61st Air Assault and 9th Airmobile Brigades retreated.")
    assert {("12th Motorized Rifle Brigade", UNIT), ("44th Motorized Rifle Brigade", UNIT),
            ("61st Air Assault Brigade", UNIT), ("9th Airmobile Brigade", UNIT)} <= found


def test_unit_nouns_are_made_singular():
    assert [singular(w) for w in ("Brigades", "Companies", "Corps", "Division")] == \
        ["Brigade", "Company", "Corps", "Division"]


def test_a_demonym_before_a_service_name_is_that_service(extract_text):
    found = entities_of(extract_text, "The Russian Navy moved two frigates, and the Polish Air Force flew in.")
    assert {("Russian Navy", UNIT), ("Polish Air Force", UNIT)} <= found


def test_forces_of_any_state_with_a_demonym_entry_are_its_armed_forces(extract_text):
    found = entities_of(extract_text, "Israeli troops entered the town, and Belarusian soldiers watched.")
    assert {("Israel Defense Forces", UNIT), ("Armed Forces of Belarus", UNIT)} <= found


def test_nationality_plurals():
    assert nationality_plural("Ukrainian") == "Ukrainians"
    assert nationality_plural("Israeli") == "Israelis"
    assert nationality_plural("North Korean") == "North Koreans"
    assert [nationality_plural(d) for d in ("British", "Russia's", "US", "Sudanese")] == [None] * 4


@pytest.mark.parametrize("text, label", [
    ("Air defences downed four Kh-31 missiles over the south.", "Kh-31"),
    ("Two Yak-130s were lost in a week.", "Yak-130"),
    ("A Geran-3 drone hit the depot.", "Geran-3"),
    ("The battery used an AN/TPQ-36 radar to find the guns.", "AN/TPQ-36"),
])
def test_weapon_designations_are_weapon_systems(extract_text, text, label):
    assert (label, WEAPON) in entities_of(extract_text, text)


def test_designation_look_alikes_and_compounds_are_not_weapons(extract_text):
    found = entities_of(extract_text, "Leaders met at the G-20 summit while anti-ship Missile crews waited.")
    assert not {label for label, type_ in found if type_ is WEAPON}


@pytest.mark.parametrize("text, label", [
    ("Sea drones struck the patrol ship Vasily Bykov off the coast.", "Vasily Bykov"),
    ('The landing ship "Yamal" was hit in port.', "Yamal"),
    ("A Buyan-class corvette was damaged.", "Buyan-class corvette"),
    ("Two corvettes of Project 20380 left the harbour.", "Project 20380"),
])
def test_warships_and_their_classes_are_weapon_systems(extract_text, text, label):
    found = entities_of(extract_text, text)
    assert (label, WEAPON) in found and not any(type_ is PERSON for _, type_ in found)


def test_a_vessel_noun_before_a_country_does_not_make_it_a_ship(extract_text):
    assert ("Ukraine", PLACE) in entities_of(extract_text, "The vessel Ukraine chartered sailed on Monday.")


@pytest.mark.parametrize("text, label", [
    ("Debris fell in the Darnytskyi district overnight.", "Darnytskyi district"),
    ("Satellite images showed bombers at Olenya Air Base.", "Olenya Air Base"),
    ("Drones hit an oil depot in the Ivanovo region.", "Ivanovo region"),
    ("Fighters crossed the Shambat Bridge at night.", "Shambat Bridge"),
])
def test_places_named_with_their_kind_are_places(extract_text, text, label):
    assert (label, PLACE) in entities_of(extract_text, text)


def test_a_curated_place_before_its_kind_stays_the_curated_place(extract_text):
    found = entities_of(extract_text, "Shelling continued across the Donbas region.")
    assert ("Donbas", PLACE) in found and ("Donbas region", PLACE) not in found


def test_a_possessive_administration_is_an_organisation(extract_text):
    found = entities_of(extract_text, "Kharkiv's regional military administration reported two injured.")
    assert ("Kharkiv's regional military administration", ORG) in found


def test_dateline_capitals_are_the_place(extract_text):
    assert ("Kyiv", PLACE) in entities_of(extract_text, "KYIV, March 3 - Air raid sirens sounded again.")


def test_places_joined_by_and_or_a_hyphen_are_separate_places(extract_text):
    found = entities_of(extract_text, "Troops pushed along the Orikhiv-Tokmak road and took Robotyne and Verbove.")
    assert {("Orikhiv", PLACE), ("Tokmak", PLACE)} <= found


def test_a_name_listed_with_places_or_after_village_of_is_a_place(extract_text):
    found = entities_of(extract_text, "Assaults were repelled near Avdiivka, Stepove, Berdychi and Orlivka. "
                                      "A jet fell near the village of Zaliznychne.")
    assert ("Berdychi", PLACE) in found and ("Zaliznychne", PLACE) in found
    assert not {label for label, type_ in found if type_ is PERSON}


def test_titles_before_a_full_name_make_a_person_not_an_organisation(extract_text):
    found = entities_of(extract_text, "Spokesman Dmytro Lykhovii said the attack failed.")
    assert ("Dmytro Lykhovii", PERSON) in found


def test_a_lone_one_word_name_is_not_a_person_unless_titled(extract_text):
    found = entities_of(extract_text, "Analysts at Rybar wrote on Telegram that Colonel Petrenko had been moved.")
    people = {label for label, type_ in found if type_ is PERSON}
    assert "Rybar" not in people and "Petrenko" in people


def test_transliterations_of_one_town_share_a_key_and_label(extract_text):
    extracted = extract_text("Paratroopers landed near Gostomel. Fighting in Hostomel lasted weeks. "
                             "Nikolaev was shelled and Mykolaiv lost power.")
    places = {e.key: e for e in extracted.entities if e.type is PLACE}
    hostomel = town_named("Gostomel")
    assert hostomel == town_named("Hostomel") and town_named("Nikolaev") == town_named("Mykolaiv")
    assert f"geonames:{hostomel.geonameid}" in places
    assert {"Gostomel", "Hostomel"} <= {places[f"geonames:{hostomel.geonameid}"].label,
                                        *places[f"geonames:{hostomel.geonameid}"].aliases}
    mykolaiv = places[f"geonames:{town_named('Mykolaiv').geonameid}"]
    assert {mykolaiv.label, *mykolaiv.aliases} >= {"Nikolaev", "Mykolaiv"}


def test_a_place_in_brackets_is_not_taken_for_an_abbreviation(extract_text):
    found = entities_of(extract_text, "A ship was hit in the port of Feodosia (Crimea) overnight.")
    assert ("Crimea", PLACE) in found and ("Feodosia", PLACE) in found


def test_a_forces_description_without_owner_is_no_entity_unless_abbreviated(extract_text):
    found = entities_of(extract_text, "The Armed Forces said the Defense Forces held the line.")
    assert not {label for label, type_ in found if type_ is UNIT}
    found = entities_of(extract_text, "The Special Operations Forces (SOF) of the Navy of Ukraine raided a base.")
    assert ("Special Operations Forces", UNIT) in found


def test_names_of_bodies_made_of_ordinary_words_are_kept(extract_text):
    found = entities_of(extract_text, "Researchers of the Black Bird Group and of CBS News counted the tanks.")
    assert ("Black Bird Group", ORG) in found


def test_apposition_types_a_name(extract_text):
    found = entities_of(extract_text, "The Ivan Khurs, a reconnaissance ship, was hit. Power failed, said Dtek, "
                                      "the private grid operator.")
    assert ("Ivan Khurs", WEAPON) in found and ("Dtek", ORG) in found


def test_a_peoples_republic_is_one_place(extract_text):
    found = entities_of(extract_text, "Shelling hit the self-proclaimed Luhansk People's Republic.")
    assert ("Luhansk People's Republic", PLACE) in found and ("Luhansk Oblast", PLACE) not in found


def test_photo_credits_are_not_organisations(extract_text):
    found = entities_of(extract_text, "Rescuers worked through the night. Photo: Reuters / Ivan Petrenko")
    assert not any("/" in label for label, _ in found)


def test_an_office_held_by_a_person_is_not_an_organisation(extract_text):
    found = entities_of(extract_text, "The Minister of Foreign Affairs of Norway arrived in Kyiv on Monday.")
    assert not any(label.startswith("Minister") for label, _ in found)


def test_names_with_initials_keep_their_final_stop(extract_text):
    from conflict_kg.extract.names import display_name

    assert [display_name(t) for t in ("U.S.", "the U.S.", "Kyiv.", "Harry S.")] == ["U.S.", "U.S.", "Kyiv", "Harry S."]


def test_slash_designations_and_numbered_squadrons(extract_text):
    # a designation the knowledge base does not know, found by its shape alone
    found = entities_of(extract_text, "Two F/B-27 jets of Strike Fighter Squadron 31 took off from the carrier.")
    assert {("F/B-27", WEAPON), ("Strike Fighter Squadron 31", UNIT)} <= found


def test_a_place_pattern_inside_a_longer_name_yields_to_it(extract_text):
    found = entities_of(extract_text, "The rebels of the Kivu Lake Alliance took the town.")
    assert ("Kivu Lake", PLACE) not in found


def test_a_name_typed_by_apposition_keeps_that_type_elsewhere_in_the_article(extract_text):
    text = ("Dtek, the private grid operator, cut power. Officials met the head of Dtek on Monday.")
    assert ("Dtek", ORG) in entities_of(extract_text, text)
    assert not {label for label, type_ in entities_of(extract_text, text) if type_ is PERSON and label == "Dtek"}


def test_a_name_before_a_lower_case_kind_noun_is_the_place(extract_text):
    found = entities_of(extract_text, "Troops left the Illich steelworks and crossed the Vovcha river. "
                                      "The Russian plant was idle and the Crimean bridge closed.")
    assert {("Illich", PLACE), ("Vovcha", PLACE)} <= found
    assert ("Russian", PLACE) not in found and ("Crimean", PLACE) not in found


def test_a_nationalitys_air_defence_is_that_states_armed_forces(extract_text):
    found = entities_of(extract_text, "Russian air defences shot down twelve drones. Ukrainian air defence "
                                      "units downed a Kh-101 missile, the Ukrainian defence minister said.")
    assert ("Armed Forces of Russia", UNIT) in found and ("Armed Forces of Ukraine", UNIT) in found
