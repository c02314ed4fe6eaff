"""IRI minting: any text gives a valid IRI, the same key always the same IRI, different keys differ."""
from __future__ import annotations

from hypothesis import given, strategies as st
from rdflib import URIRef

from conflict_kg.graph.iri import article_iri, claim_iri, entity_iri, slugify

IRI_SAFE = set("abcdefghijklmnopqrstuvwxyz0123456789-_/:.")


def test_readable_key_gives_a_readable_iri():
    assert entity_iri("Place", "bakhmut") == "https://w3id.org/conflict-kg/id/place/bakhmut"
    assert entity_iri("Person", "volodymyr zelensky") == "https://w3id.org/conflict-kg/id/person/volodymyr_zelensky"


def test_same_key_same_iri_and_case_or_script_differences_do_not_collide():
    assert entity_iri("Place", "Київ") == entity_iri("Place", "Київ")
    assert entity_iri("Place", "Київ") != entity_iri("Place", "Харків")
    assert entity_iri("Person", "A B") != entity_iri("Person", "a-b")


def test_article_and_claim_iris_live_under_the_base():
    base = "https://example.org/kg/"
    assert article_iri("004_x", base).startswith(base + "article/")
    claim = claim_iri("s", "captured", "o", "doc", base)
    assert claim == claim_iri("s", "captured", "o", "doc", base) != claim_iri("s", "captured", "o", "doc2", base)


@given(st.text(max_size=300))
def test_any_text_mints_a_valid_iri(text):
    iri = entity_iri("Organisation", text)
    path = iri[len("https://"):]
    assert set(path) <= IRI_SAFE
    URIRef(iri)  # rdflib accepts it
    assert slugify(text) == slugify(text)
