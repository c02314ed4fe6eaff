"""IRI minting: one scheme, any text gives a valid IRI, equal names equal IRIs, different names differ."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st
from rdflib import URIRef

from conflict_kg.graph.iri import article_iri, claim_iri, entity_iri, mint, slug_of

BASE = "https://w3id.org/conflict-kg/id/"
IRI_SAFE = set("abcdefghijklmnopqrstuvwxyz0123456789-_/:.")


def test_names_become_lowercase_hyphen_slugs_under_the_type_folder():
    assert entity_iri("Place", "Chasiv Yar") == BASE + "place/chasiv-yar"
    assert entity_iri("Person", "volodymyr zelensky") == BASE + "person/volodymyr-zelensky"
    assert entity_iri("MilitaryUnit", "1st Separate Assault Company") == BASE + "militaryunit/1st-separate-assault-company"


def test_a_knowledge_base_id_is_its_own_slug():
    assert entity_iri("MilitaryUnit", "155th-naval-infantry-brigade") == BASE + "militaryunit/155th-naval-infantry-brigade"
    assert slug_of("ivan-fedorov") == "ivan-fedorov"


def test_other_scripts_keep_apart_through_a_hash_of_the_name():
    assert entity_iri("Place", "Київ") == entity_iri("Place", "Київ")
    assert entity_iri("Place", "Київ") != entity_iri("Place", "Харків")
    assert slug_of("Łódź") != slug_of("Odz")


def test_article_iri_is_the_article_id_when_it_is_plain_uri_text():
    assert article_iri("01_robotyne_47th_brigade") == BASE + "article/01_robotyne_47th_brigade"
    assert article_iri("wire-2024-10-02-vuhledar") == BASE + "article/wire-2024-10-02-vuhledar"
    odd = article_iri("report 7/ü")
    assert odd.startswith(BASE + "article/report-7-") and odd != article_iri("report 7 u")


def test_claim_iri_changes_with_each_part_it_hashes_but_not_with_the_base():
    claim = claim_iri("militaryunit/a", "captured", "place/b", "doc", start=10, end=50)
    assert claim == claim_iri(BASE + "militaryunit/a", "captured", BASE + "place/b", "doc", start=10, end=50)
    for other in (claim_iri("militaryunit/a", "captured", "place/b", "doc2", start=10, end=50),
                  claim_iri("militaryunit/a", "attacked", "place/b", "doc", start=10, end=50),
                  claim_iri("militaryunit/c", "captured", "place/b", "doc", start=10, end=50),
                  claim_iri("militaryunit/a", "captured", "place/b", "doc", start=11, end=50)):
        assert other != claim
    moved = claim_iri("militaryunit/a", "captured", "place/b", "doc", "https://example.org/kg/", start=10, end=50)
    assert moved.startswith("https://example.org/kg/claim/") and moved.rsplit("/", 1)[1] == claim.rsplit("/", 1)[1]


def test_mint_refuses_what_is_outside_the_scheme():
    with pytest.raises(ValueError, match="folder"):
        mint("people", "ivan-fedorov")
    with pytest.raises(ValueError, match="slug"):
        mint("person", "Ivan_Fedorov")
    with pytest.raises(ValueError, match="entity type"):
        entity_iri("Vehicle", "t-72")


@given(st.text(max_size=300))
def test_any_text_mints_a_valid_iri(text):
    iri = entity_iri("Organisation", text)
    path = iri[len("https://"):]
    assert set(path) <= IRI_SAFE
    URIRef(iri)  # rdflib accepts it
    assert iri == entity_iri("Organisation", text)
    URIRef(article_iri(text or "x"))
