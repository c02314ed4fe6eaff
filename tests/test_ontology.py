"""The OWL ontology in ontology/conflict-kg.ttl and the CK namespace stay in step and are complete."""
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conflict_kg.ontology.namespace import CK, ENTITY_CLASSES, ONTOLOGY_IRI, RELATION_PREDICATES

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "conflict-kg.ttl"
SHAPES = Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl"
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY, format="turtle")
    return graph


def declared_ck_terms(graph: Graph) -> set[str]:
    return {str(s)[len(ONTOLOGY_IRI):] for s in graph.subjects(RDF.type, None)
            if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)}


def ck_terms_used(graph: Graph) -> set[str]:
    return {str(t)[len(ONTOLOGY_IRI):] for triple in graph for t in triple
            if isinstance(t, URIRef) and str(t).startswith(ONTOLOGY_IRI)}


def test_every_namespace_term_is_declared_in_the_turtle(ontology):
    assert set(CK.__annotations__) - declared_ck_terms(ontology) == set()


def test_every_ck_term_of_the_turtle_is_in_the_namespace(ontology):
    assert ck_terms_used(ontology) - set(CK.__annotations__) == set()


def test_ontology_header_has_version_label_and_comment(ontology):
    header = URIRef(ONTOLOGY_IRI.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology
    for predicate in (OWL.versionInfo, RDFS.label, RDFS.comment):
        assert ontology.value(header, predicate) is not None, predicate


def test_every_property_has_label_comment_domain_and_range(ontology):
    properties = [s for kind in PROPERTY_TYPES for s in ontology.subjects(RDF.type, kind)
                  if str(s).startswith(ONTOLOGY_IRI)]
    assert len(properties) >= len(RELATION_PREDICATES) + 10
    for prop in properties:
        for predicate in (RDFS.label, RDFS.comment, RDFS.domain, RDFS.range):
            assert ontology.value(prop, predicate) is not None, f"{prop} lacks {predicate}"


def test_datatype_properties_have_xsd_ranges_and_object_properties_do_not(ontology):
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        assert str(ontology.value(prop, RDFS.range)).startswith("http://www.w3.org/2001/XMLSchema#"), prop
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        if str(prop).startswith(ONTOLOGY_IRI):
            assert not str(ontology.value(prop, RDFS.range)).startswith("http://www.w3.org/2001/XMLSchema#"), prop


def test_the_ten_relations_are_object_properties_and_recaptured_refines_captured(ontology):
    for name in RELATION_PREDICATES:
        assert (CK[name], RDF.type, OWL.ObjectProperty) in ontology, name
    assert (CK.recaptured, RDFS.subPropertyOf, CK.captured) in ontology


def test_the_five_entity_classes_and_the_article_and_claim_are_labelled_classes(ontology):
    for name in (*ENTITY_CLASSES, "Article", "Claim"):
        assert (CK[name], RDF.type, OWL.Class) in ontology, name
        assert ontology.value(CK[name], RDFS.label) is not None
        assert ontology.value(CK[name], RDFS.comment) is not None


def test_classes_are_aligned_with_schema_org_prov_sem_and_wikidata(ontology):
    def supers(cls):
        return set(ontology.objects(cls, RDFS.subClassOf))

    assert URIRef("http://www.wikidata.org/entity/Q176799") in supers(CK.MilitaryUnit)
    assert URIRef("http://www.wikidata.org/entity/Q5") in supers(CK.Person)
    assert URIRef("http://schema.org/Person") in supers(CK.Person)
    assert URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Place") in supers(CK.Place)
    assert URIRef("http://www.w3.org/ns/prov#Entity") in supers(CK.Claim)
    assert (CK.reportedBy, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasAttributedTo")) in ontology
    assert (CK.partOf, RDFS.subPropertyOf, URIRef("http://www.wikidata.org/prop/direct/P361")) in ontology


def test_shapes_parse_and_target_every_entity_class_claims_and_articles():
    shapes = Graph()
    shapes.parse(SHAPES, format="turtle")
    targets = set(shapes.objects(None, URIRef("http://www.w3.org/ns/shacl#targetClass")))
    assert {CK[name] for name in (*ENTITY_CLASSES, "Article", "Claim")} <= targets
