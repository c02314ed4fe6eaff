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
