"""Each family of entity rules, on tiny texts written for these tests."""
from __future__ import annotations

import pytest

from conflict_kg.extract.model import EntityType

UNIT, PERSON, PLACE, ORG, WEAPON = (EntityType.MILITARY_UNIT, EntityType.PERSON, EntityType.PLACE,
                                    EntityType.ORGANISATION, EntityType.WEAPON_SYSTEM)


def entities_of(extract_text, text):
    return {(e.label, e.type) for e in extract_text(text).entities}


def entity_named(extract_text, text, label):
    return next(e for e in extract_text(text).entities if e.label == label)


@pytest.mark.parametrize("text, label", [
    ("Soldiers of the 57th brigade held the line near the river.", "57th brigade"),
    ("Infantrymen of the 28th OMBr advanced at dawn.", "28th OMBr"),
    ("The 1st Separate Assault Company reported two wounded.", "1st Separate Assault Company"),
    ("Fighters of the 68th Separate Hunting Brigade cleared the forest.", "68th Separate Hunting Brigade"),
])
def test_numbered_units_are_military_units(extract_text, text, label):
    assert (label, UNIT) in entities_of(extract_text, text)


@pytest.mark.parametrize("text, label", [
    ("Battlegroup Zapad said it had advanced.", "Western Military District"),
    ("Commanders of the Azov Brigade said the assault failed.", "Azov Brigade"),
    ("Mercenaries of the Wagner Group stormed the town.", "Wagner Group"),
])
def test_named_units_come_from_the_knowledge_base(extract_text, text, label):
    assert (label, UNIT) in entities_of(extract_text, text)


def test_short_unit_form_joins_the_full_name_in_the_same_article(extract_text):
    text = ("The 47th Separate Mechanized Brigade moved north. Later the 47th brigade said "
            "it had lost two vehicles.")
    unit = entity_named(extract_text, text, "47th Separate Mechanized Brigade")
    assert "47th brigade" in unit.aliases


def test_weapon_variants_and_nicknames_resolve_to_one_system(extract_text):
    text = "Crews fired a TOS-1A at the trenches. The Solntsepyok is feared by infantry."
    weapon = entity_named(extract_text, text, "TOS-1A")
    assert weapon.type is WEAPON and "Solntsepyok" in weapon.aliases


def test_weapon_plural_is_the_same_system(extract_text):
    assert ("M2 Bradley", WEAPON) in entities_of(extract_text, "Two Bradleys were seen near the village.")


def test_generic_weapon_categories_are_not_entities(extract_text):
    found = entities_of(extract_text, "Both sides used artillery, drones and MLRS near the river.")
    assert not {label for label, type_ in found if type_ is WEAPON}


def test_small_village_from_geonames_is_a_place(extract_text):
    assert ("Orikhiv", PLACE) in entities_of(extract_text, "Shelling hit the town of Orikhiv on Sunday.")


@pytest.mark.parametrize("text, label", [
    ("Russian troops left Kherson in November.", "Kherson"),
    ("Officials in Kursk said the border was quiet.", "Kursk Oblast"),
])
def test_places_spacy_mislabels_are_corrected(extract_text, text, label):
    assert (label, PLACE) in entities_of(extract_text, text)


def test_bare_region_name_is_the_oblast_and_city_of_is_the_city(extract_text):
    found = entities_of(extract_text, "Fighting raged in Donetsk. In the city of Donetsk the lights went out.")
    assert ("Donetsk Oblast", PLACE) in found and ("Donetsk", PLACE) in found


def test_region_phrases_join_the_oblast(extract_text):
    text = "Strikes hit the Luhansk region. Luhansk governor Artem Lysenko said so."
    oblast = entity_named(extract_text, text, "Luhansk Oblast")
    assert {"Luhansk region", "Luhansk"} <= oblast.aliases


@pytest.mark.parametrize("text, city", [
    ("A missile hit an apartment block in Dnipro on Friday.", "Dnipro"),
    ("Drones struck Kropyvnytskyi overnight.", "Kropyvnytskyi"),
])
def test_a_name_that_is_mainly_a_city_stays_the_city(extract_text, text, city):
    found = entities_of(extract_text, text)
    assert (city, PLACE) in found and not any(label.endswith("Oblast") for label, _ in found)


@pytest.mark.parametrize("text", [
    "By spring some 20,000 Russians had been killed near the town.",
    "The invaders shelled the village, residents said.",
])
def test_people_of_a_nation_and_bare_invaders_are_not_an_army(extract_text, text):
    assert not {label for label, type_ in entities_of(extract_text, text) if type_ is UNIT}


def test_a_description_of_an_army_group_is_not_a_named_formation(extract_text):
    found = entities_of(extract_text, "Russia's western army group claimed gains near the river.")
    assert ("Western Military District", UNIT) not in found


@pytest.mark.parametrize("phrase, label", [
    ("Ukrainian forces", "Armed Forces of Ukraine"),
    ("Kyiv's forces", "Armed Forces of Ukraine"),
    ("Russian occupiers", "Armed Forces of Russia"),
    ("The Russians", "Armed Forces of Russia"),
    ("The Israelis", "Israel Defense Forces"),
    ("North Korean troops", "Armed Forces of North Korea"),
])
def test_forces_named_by_nationality_are_the_armed_forces(extract_text, phrase, label):
    assert (label, UNIT) in entities_of(extract_text, f"{phrase} advanced on the village overnight.")


def test_ministry_variants_and_back_reference_are_one_organisation(extract_text):
    text = ("Russia's defence ministry said its units advanced. The Russian MoD gave no details. "
            "The ministry later published a video.")
    ministry = entity_named(extract_text, text, "Russian Defence Ministry")
    assert ministry.type is ORG and "Russian MoD" in ministry.aliases
    assert any(m.origin == "coreference" for m in ministry.mentions)


def test_titles_are_stripped_and_surname_joins_the_person(extract_text):
    text = "Gen Roman Berdnikov was replaced on Monday. Berdnikov had served three weeks."
    person = entity_named(extract_text, text, "Roman Berdnikov")
    assert person.type is PERSON and len(person.mentions) == 2


def test_unknown_person_surname_joins_the_full_name(extract_text):
    text = "Analyst Mykhailo Savchenko said the line held. Savchenko added that supplies were short."
    person = entity_named(extract_text, text, "Mykhailo Savchenko")
    assert len(person.mentions) == 2


def test_name_after_a_role_noun_is_a_person(extract_text):
    found = entities_of(extract_text, "Ukrainian military analyst Oleh Zhdanov said the front was stable.")
    assert ("Oleh Zhdanov", PERSON) in found


def test_abbreviation_in_brackets_joins_the_full_name(extract_text):
    text = "The Centre for Defence Strategies (CDS) published a map. CDS said the front moved."
    found = extract_text(text).entities
    assert any("CDS" in e.aliases for e in found)


def test_common_words_are_not_entities(extract_text):
    found = entities_of(extract_text, "Bolstered by reserves, the State said Defence would improve.")
    assert not {label for label, _ in found} & {"Bolstered", "State", "Defence"}


def test_a_body_named_with_an_acronym_first_is_an_entity_but_a_shouted_banner_is_not(extract_text):
    found = entities_of(extract_text, "The commander told NBC News that the line held. BREAKING NEWS follows.")
    assert ("NBC News", ORG) in found
    assert not any(label.upper() == "BREAKING NEWS" for label, _ in found)


def test_a_russian_town_geonames_writes_with_a_soft_sign_is_found_as_the_press_writes_it(extract_text):
    found = extract_text("A drone struck a refinery in Ryazan, the governor said. Arkhangelsk was calm.").entities
    towns = {e.label: e.key for e in found if e.type is PLACE}
    assert towns["Ryazan"].startswith("geonames:") and towns["Arkhangelsk"].startswith("geonames:")


def test_a_warships_hull_number_is_no_weapon_but_a_designation_is(extract_text):
    found = entities_of(extract_text, "The destroyer USS Carney, hull number DDG-64, shot down a KN-23 missile.")
    assert {label for label, type_ in found if type_ is WEAPON} == {"USS Carney", "KN-23"}


def test_a_people_the_ner_takes_for_a_place_is_not_an_entity(extract_text):
    found = entities_of(extract_text, "Tuareg rebels ambushed a convoy near Kidal. Hutu militias attacked Tutsi villages.")
    assert ("Kidal", PLACE) in found
    assert not {label for label, _ in found} & {"Tuareg", "Tutsi", "Hutu"}


def test_nationality_adjective_alone_is_not_an_entity(extract_text):
    found = entities_of(extract_text, "A Ukrainian soldier hurls a grenade into the trench.")
    assert ("Ukrainian", PLACE) not in found


def test_an_untagged_name_with_a_village_in_apposition_is_a_place(nlp):
    from conflict_kg.extract.mentions import find_mentions

    doc = nlp("Robotyne, a village in the Zaporizhzhia region, was liberated by Ukrainian troops in August.")
    assert ("Robotyne", PLACE, "apposition") in {(m.name, m.type, m.origin) for m in find_mentions(doc)}


def test_village_in_apposition_is_a_place(extract_text):
    text = "The ministry said it had captured Novodarivka, a village on the regional border."
    assert ("Novodarivka", PLACE) in entities_of(extract_text, text)


def test_publisher_and_author_from_metadata_are_entities(nlp):
    from conflict_kg.extract.model import Article, ArticleMetadata
    from conflict_kg.extract.pipeline import extract_article

    article = Article(id="m", text="Russian troops shelled the town.", source="m.txt",
                      metadata=ArticleMetadata(publisher="Reuters", author="Olena Hrytsenko"))
    found = {(e.label, e.type) for e in extract_article(article, nlp).entities}
    assert ("Reuters", ORG) in found and ("Olena Hrytsenko", PERSON) in found
