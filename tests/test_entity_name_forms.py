"""Names recognised by their form: warships by their navy's prefix, places under either spelling of
a transliterated article, a known person's name inside a longer one; on sentences written for these tests."""
from __future__ import annotations

import pytest

from conflict_kg.extract.model import EntityType

PLACE, PERSON, WEAPON = EntityType.PLACE, EntityType.PERSON, EntityType.WEAPON_SYSTEM


def labelled(extract_text, text):
    return {(e.label, e.type) for e in extract_text(text).entities}


def test_a_name_after_a_navys_ship_prefix_is_a_warship(extract_text):
    found = labelled(extract_text, "The destroyers HMS Diamond and USS Mason shot down seven drones.")
    assert {("HMS Diamond", WEAPON), ("USS Mason", WEAPON)} <= found


def test_a_ships_name_stops_before_the_formation_named_after_it(extract_text):
    found = labelled(extract_text, "The cruiser sailed with the USS Harry S. Truman Carrier Strike Group.")
    assert ("USS Harry S. Truman", WEAPON) in found


def test_the_ships_short_name_joins_it_and_a_town_of_that_name_stays_a_town(extract_text):
    text = ("The cruiser USS Gettysburg fired on the jet by mistake. Officials asked how the Gettysburg "
            "erred. Gettysburg is a town in Pennsylvania.")
    entities = extract_text(text).entities
    [ship] = [e for e in entities if e.label == "USS Gettysburg"]
    assert "Gettysburg" in ship.aliases and ship.type is WEAPON
    assert ("Gettysburg", PLACE) in {(e.label, e.type) for e in entities}


def test_a_known_air_defence_system_is_a_weapon(extract_text):
    [viper] = [e for e in extract_text("Sea Viper missiles downed two drones.").entities if e.label == "Sea Viper"]
    assert viper.kb_id == "sea-viper" and viper.type is WEAPON


def test_a_place_is_known_under_either_spelling_of_its_article(extract_text):
    entities = extract_text("Shelling hit Al-Fasher overnight.").entities
    assert [e.kb_id for e in entities if "Al-Fasher" in {e.label, *e.aliases}] == ["el-fasher-sd"]


def test_a_known_persons_name_after_another_given_name_is_someone_else(extract_text):
    text = "Defence Minister Ali Mahmoud Abbas said the army had left. President Mahmoud Abbas condemned it."
    found = {(e.label, e.kb_id) for e in extract_text(text).entities if e.type is PERSON}
    assert ("Ali Mahmoud Abbas", None) in found and ("Mahmoud Abbas", "mahmoud-abbas") in found


def test_a_name_with_a_russian_toponym_ending_is_a_place(extract_text):
    found = labelled(extract_text, "The Lebedevka garrison withdrew, the governor said.")
    assert ("Lebedevka", PLACE) in found


def test_a_historical_state_is_not_the_country_of_today(extract_text):
    entities = extract_text("The parade marks the defeat of Nazi Germany in 1945.").entities
    assert [e.kb_id for e in entities if "Germany" in e.label] == ["nazi-germany"]


def test_a_name_before_village_or_town_is_a_place(extract_text):
    found = labelled(extract_text, "The battalion was driven out of its base near Nampaka village.")
    assert ("Nampaka", PLACE) in found


def test_a_nom_de_guerre_and_the_real_name_are_one_person(extract_text):
    text = "Igor Strelkov (real name Igor Girkin) wrote that the column was lost. Strelkov blamed the generals."
    people = [e for e in extract_text(text).entities if e.type is PERSON]
    assert [p.kb_id for p in people] == ["igor-girkin"]


def test_a_reference_mark_after_a_name_leaves_the_name_whole(extract_text):
    text = "The brigade was handed to General Oleksandr Syrskyi.[3] Later it moved to Soledar.[1][2]"
    found = {(e.label, e.kb_id) for e in extract_text(text).entities}
    assert ("Oleksandr Syrskyi", "oleksandr-syrskyi") in found and ("Soledar", None) in found


def test_the_russian_built_geran_is_a_variant_of_the_shahed_not_another_name(extract_text):
    entities = extract_text("Shahed drones and their Russian-made Geran copies hit the city.").entities
    assert {"shahed-136", "geran-2"} <= {e.kb_id for e in entities}


def test_al_qaeda_is_known_under_its_spellings(extract_text):
    entities = extract_text("A group linked to al-Qaida claimed the attack; Al-Qaeda's leaders praised it.").entities
    assert [e.kb_id for e in entities if "Qa" in e.label] == ["al-qaeda"]


def test_an_outlets_staff_byline_is_the_outlet():
    from conflict_kg.extract.mentions import metadata_mentions
    from conflict_kg.extract.model import Article, ArticleMetadata

    article = Article(id="s", text="Rockets hit the north.", source="s.txt",
                      metadata=ArticleMetadata(author="Frontline Herald Staff"))
    assert [(m.name, m.type) for m in metadata_mentions(article)] == [("Frontline Herald", EntityType.ORGANISATION)]


@pytest.mark.parametrize("name_labels", [("O", "B-ORG"), ("B-WORK_OF_ART", "I-WORK_OF_ART")],
                         ids=["given name left out", "taken for a work"])
def test_a_name_in_apposition_to_a_role_is_a_person_whatever_the_ner_made_of_it(nlp, name_labels):
    from spacy.tokens import Doc

    from conflict_kg.extract.mentions import find_mentions

    words = ["Oleksandr", "Shtupun", ",", "spokesman", "for", "the", "Tavria", "group", ",", "said", "so", "."]
    doc = Doc(nlp.vocab, words=words, heads=[1, 9, 1, 1, 3, 7, 7, 4, 1, 9, 9, 9],
              deps=["compound", "nsubj", "punct", "appos", "prep", "det", "compound", "pobj", "punct", "ROOT",
                    "advmod", "punct"],
              pos=["PROPN", "PROPN", "PUNCT", "NOUN", "ADP", "DET", "PROPN", "NOUN", "PUNCT", "VERB", "ADV", "PUNCT"],
              tags=["NNP", "NNP", ",", "NN", "IN", "DT", "NNP", "NN", ",", "VBD", "RB", "."],
              lemmas=[w.lower() for w in words],
              ents=[*name_labels, "O", "O", "O", "O", "O", "O", "O", "O", "O", "O"])
    people = [(m.name, m.type.value) for m in find_mentions(doc) if m.type.value == "Person"]
    assert people == [("Oleksandr Shtupun", "Person")]


def test_a_name_with_a_role_and_a_group_in_apposition_is_a_person(nlp):
    from conflict_kg.extract.mentions import find_mentions

    doc = nlp("Osman Abdelrahim Musa, a senior commander in the Rapid Support Forces, the paramilitary group, "
              "was killed on Friday.")
    found = {(m.name, m.type.value) for m in find_mentions(doc)}
    assert ("Osman Abdelrahim Musa", "Person") in found


def test_a_name_the_ner_took_for_a_facility_before_think_tank_is_an_organisation(nlp):
    from conflict_kg.extract.mentions import find_mentions

    doc = nlp("Maria Kovalenko, a researcher at the Stimson Centre think tank, said so.")
    assert ("Stimson Centre", "Organisation") in {(m.name, m.type.value) for m in find_mentions(doc)}


def test_a_lone_surname_of_a_person_named_in_full_is_that_person_whatever_the_ner_said(extract_text):
    found = extract_text("Grant Shapps, Britain's Defence Secretary, spoke. According to Shapps, HMS Richmond shot "
                         "down two drones.")
    assert {(e.label, e.type.value) for e in found.entities if "Shapps" in e.label} == {("Grant Shapps", "Person")}
