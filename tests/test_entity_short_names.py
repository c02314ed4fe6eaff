"""One real-world thing is one entity of its article, under the short forms, abbreviations and
descriptions reports use for it; on sentences written for these tests."""
from __future__ import annotations

from conflict_kg.extract.model import EntityType

PLACE, ORG, UNIT = EntityType.PLACE, EntityType.ORGANISATION, EntityType.MILITARY_UNIT


def entities_with(extract_text, text, *names):
    """The entities of the article that have any of `names` as label or alias."""
    found = extract_text(text).entities
    return [e for e in found if {e.label, *e.aliases} & set(names)]


def test_every_later_use_of_a_bracketed_abbreviation_joins_the_full_name(extract_text):
    text = ("The Russian Ministry of Defense (MoD) said on Monday that the town had fallen. "
            "The MoD's statement named no unit. Hours later the MoD issued a second note.")
    [ministry] = entities_with(extract_text, text, "MoD")
    assert ministry.kb_id == "ministry-of-defence-of-russia"


def test_an_abbreviation_joins_the_name_written_with_it_later(extract_text):
    text = "The MoD said the village was taken. The Russian MoD later named the regiment that took it."
    [ministry] = entities_with(extract_text, text, "MoD", "Russian MoD")
    assert ministry.kb_id == "ministry-of-defence-of-russia"


def test_a_known_abbreviation_in_brackets_after_a_known_place_stays_apart(extract_text):
    found = extract_text("Shelling went on across Sudan (AFP) as talks stalled in Jeddah.").entities
    assert {e.kb_id for e in found} >= {"sudan", "afp"}


def test_a_town_the_tagger_calls_an_adjective_names_its_district(extract_text):
    found = extract_text("Tanks were halted in the Brovary district of Kyiv Oblast on Tuesday.").entities
    assert ("Brovary district", PLACE) in {(e.label, e.type) for e in found}
    assert "Brovary" not in {e.label for e in found}


def test_a_relational_adjective_before_region_is_no_place(extract_text):
    text = "The Eastern region stayed quiet while the Ukrainian region of Sumy was shelled."
    assert not entities_with(extract_text, text, "Eastern region", "Ukrainian region")


def test_a_state_named_without_state_is_that_state(extract_text):
    text = ("Jets flew from Myitkyina, the capital of Kachin State. Clashes in Kachin and northern "
            "Shan states grew, and a jet fell near Loikaw in Karenni (Kayah) State.")
    [kachin] = entities_with(extract_text, text, "Kachin", "Kachin State")
    assert kachin.kb_id == "kachin-state"
    [kayah] = entities_with(extract_text, text, "Karenni", "Kayah")
    assert kayah.kb_id == "kayah-state"


def test_the_golan_is_the_golan_heights(extract_text):
    text = "Rockets hit a town in the Golan Heights. Fire crews were sent to the Golan on Sunday."
    [golan] = entities_with(extract_text, text, "Golan", "Golan Heights")
    assert golan.kb_id == "golan-heights"


def test_a_city_beside_its_state_stays_the_city(extract_text):
    text = "Fighting spread across Khartoum State. Shells fell on Khartoum overnight."
    found = entities_with(extract_text, text, "Khartoum", "Khartoum State")
    assert len(found) == 2


def test_the_singular_of_a_groups_name_is_that_group(extract_text):
    text = "A destroyer shot down a Houthi drone over the Red Sea. The Houthis said they had fired it."
    [houthis] = entities_with(extract_text, text, "Houthi", "Houthis")
    assert houthis.kb_id == "houthis"


def test_a_bare_region_name_is_the_city_the_article_names_in_full(extract_text):
    text = "Drones struck an airfield near Luhansk City overnight. Blasts in Luhansk went on until noon."
    [luhansk] = entities_with(extract_text, text, "Luhansk", "Luhansk City")
    assert luhansk.kb_id is None and luhansk.type is PLACE


def test_a_bare_region_name_beside_the_region_in_full_stays_the_region(extract_text):
    text = "Shelling hit Luhansk Oblast. Officials in Luhansk said two villages were hit."
    [region] = entities_with(extract_text, text, "Luhansk", "Luhansk Oblast")
    assert region.kb_id == "luhansk-oblast"


def test_a_states_government_by_nationality_is_the_state(extract_text):
    text = "The fall of the city was a blow to the Syrian government, an analyst said. Syria denied it."
    [syria] = entities_with(extract_text, text, "Syria", "Syrian government")
    assert syria.kb_id == "syria"


def test_a_curated_government_stays_its_own_entry(extract_text):
    [government] = entities_with(extract_text, "The Russian government denied the report.", "Russian government")
    assert government.kb_id == "government-of-russia"


def test_a_states_defence_forces_are_its_armed_forces(extract_text):
    text = "Air Force units and other parts of the Ukrainian Defense Forces hit a depot."
    [forces] = entities_with(extract_text, text, "Ukrainian Defense Forces")
    assert forces.kb_id == "armed-forces-of-ukraine"


def test_an_island_named_without_island_is_that_island(extract_text):
    text = "Boats were sunk near Zmiinyi (Snake) Island. Later Zmiinyi was shelled again."
    [island] = entities_with(extract_text, text, "Zmiinyi", "Zmiinyi Island")
    assert island.kb_id == "snake-island"


def test_the_air_force_refers_back_to_the_one_air_force_named_before(extract_text):
    text = "The Ukrainian Air Force reported forty drones overnight. The Air Force said most were downed."
    [air_force] = entities_with(extract_text, text, "Ukrainian Air Force")
    assert any(m.origin == "coreference" and m.text == "Air Force" for m in air_force.mentions)


def test_the_defence_forces_of_ukraine_are_a_body_of_their_own(extract_text):
    [body] = entities_with(extract_text, "Units of the Defence Forces of Ukraine repelled the attack.",
                           "Defence Forces of Ukraine")
    assert body.kb_id == "defence-forces-of-ukraine"
