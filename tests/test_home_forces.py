"""A bare "the army" names the forces of the one country an article is about, never a side in a two-country war."""
from __future__ import annotations


def _units(extracted) -> set[str]:
    return {e.label for e in extracted.entities if e.type.value == "MilitaryUnit"}


def _relations(extracted) -> set[tuple[str, str, str]]:
    labels = {e.key: e.label for e in extracted.entities}
    return {(labels[r.subject], r.predicate, labels[r.object]) for r in extracted.relations}


def test_the_army_of_an_article_about_one_country_is_that_countrys_forces(extract_text):
    found = extract_text("Fighting spread across Sudan on Friday, from Khartoum to Darfur. The army said it had "
                         "repelled an assault by the Rapid Support Forces on El Fasher, the capital of North Darfur.")
    assert "Sudanese Armed Forces" in _units(found)
    assert ("Sudanese Armed Forces", "repelled", "Rapid Support Forces") in _relations(found)


def test_junta_troops_are_the_forces_of_the_country_at_war_with_itself(extract_text):
    found = extract_text("Rebels overran a base in Shan State, Myanmar, on Monday. Junta troops later shelled "
                         "Lashio, in northern Shan State.")
    assert "Myanmar Armed Forces" in _units(found)


def test_no_army_is_guessed_where_two_countries_share_the_article(extract_text):
    found = extract_text("Russian forces shelled Kharkiv and Ukrainian troops held Kupiansk, in Ukraine. "
                         "Russia said the army had advanced.")
    assert _units(found) == {"Armed Forces of Russia", "Armed Forces of Ukraine"}


def test_the_army_is_the_service_the_article_names_by_that_word(extract_text):
    found = extract_text("The Syrian Arab Army withdrew from Hama in Syria on Thursday, as rebels entered the "
                         "Syrian city. The army said it had pulled back to spare civilians.")
    assert "Armed Forces of Syria" not in _units(found)


def test_a_service_named_alone_is_the_service_of_the_country_the_article_is_about(extract_text):
    found = extract_text("Ukrainian forces held Pokrovsk and Kurakhove in the Donetsk region. Zelensky named "
                         "Ground Forces Commander Mykhailo Drapatyi to lead the Khortytsia Group of Forces.")
    assert "Ukrainian Ground Forces" in _units(found)
    assert ("Mykhailo Drapatyi", "leaderOf", "Ukrainian Ground Forces") in _relations(found)
