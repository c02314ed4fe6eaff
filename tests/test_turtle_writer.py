"""graph.turtle and graph.triple_index give the bytes rdflib's Turtle, N-Triples and JSON-LD writers give
from an rdflib Graph, from plain sets of triples."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from conflict_kg.graph.rdf import _jsonld, _new_graph, _ntriples, _turtle, _turtle_body, _union, graph_triples
from conflict_kg.graph.triple_index import TripleIndex
from conflict_kg.graph.turtle import TurtleWriter, ntriples_lines
from conflict_kg.ontology.namespace import CK, DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
PLACE = f"{DEFAULT_BASE}place/"


def rdflib_turtle(triples) -> str:
    return _turtle(_union(triples, DEFAULT_BASE))


def ours(triples) -> str | None:
    text = TurtleWriter(_new_graph(DEFAULT_BASE).namespace_manager).write(triples)
    return None if text is None else text.document()


def test_blank_nodes_lists_literal_shortcuts_and_awkward_local_names_are_written_as_rdflib_writes_them():
    thing, other, dotted = URIRef(f"{PLACE}kyiv"), URIRef(f"{PLACE}odesa"), URIRef(f"{PLACE}st.")
    restriction, cell, rest, shared = BNode("r1"), BNode("c1"), BNode("c2"), BNode("s1")
    triples = {
        (CK.Place, RDF.type, RDFS.Class),
        (CK.Place, RDFS.label, Literal("Place", lang="en")),
        (thing, RDF.type, CK.Place),
        (thing, RDFS.label, Literal("Kyiv")),
        (thing, RDFS.comment, Literal('a "quoted"\nline')),
        (thing, CK.mentionCount, Literal(12)),
        (thing, CK.mentionCount, Literal(3)),
        (thing, CK.confidence, Literal("0.83", datatype=XSD.decimal)),
        (thing, CK.contested, Literal(True)),
        (thing, CK.linkConfidence, Literal(1.5e3)),
        (thing, CK.eventDate, Literal("2024-08", datatype=XSD.gYearMonth)),
        (thing, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q1899")),
        (thing, OWL.sameAs, URIRef("http://example.org/a(b)%zz")),
        (thing, CK.locatedIn, other),
        (thing, CK.locatedIn, dotted),
        (other, RDF.type, CK.Place),
        (dotted, RDF.type, CK.Place),
        (CK.Place, RDFS.subClassOf, restriction),
        (restriction, RDF.type, OWL.Restriction),
        (restriction, OWL.onProperty, CK.locatedIn),
        (restriction, OWL.someValuesFrom, cell),
        (cell, RDF.first, CK.Place),
        (cell, RDF.rest, rest),
        (rest, RDF.first, CK.Claim),
        (rest, RDF.rest, RDF.nil),
        (shared, RDFS.label, Literal("used twice")),
        (thing, CK.partOf, shared),
        (other, CK.partOf, shared),
        (BNode("lonely"), RDFS.label, Literal("no one points here")),
    }
    assert ours(triples) == rdflib_turtle(triples)
    assert "[" in ours(triples) and "( " in ours(triples)  # the nested forms were exercised
    assert _jsonld(TripleIndex(triples)) == _jsonld(_union(triples, DEFAULT_BASE))
    assert '"@list"' in _jsonld(TripleIndex(triples))


def test_a_predicate_in_no_bound_namespace_is_left_to_rdflib():
    triples = {(URIRef(f"{PLACE}kyiv"), URIRef("http://example.org/vocab/near"), URIRef(f"{PLACE}odesa"))}
    assert ours(triples) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["kyiv", "odesa", "lviv"]),
                          st.sampled_from([RDFS.label, CK.evidence, CK.mentionCount, RDF.type]),
                          st.one_of(st.text(max_size=12), st.integers(-5, 5), st.booleans(),
                                    st.sampled_from([CK.Place, CK.Claim]))), min_size=1, max_size=12))
def test_any_small_graph_is_written_byte_for_byte_as_rdflib_writes_it(rows):
    triples = {(URIRef(PLACE + s), p, o if isinstance(o, URIRef) else Literal(o)) for s, p, o in rows}
    assert ours(triples) == rdflib_turtle(triples)
    assert "".join(ntriples_lines(triples)) == _ntriples(_union(triples, DEFAULT_BASE))
    assert _jsonld(TripleIndex(triples)) == _jsonld(_union(triples, DEFAULT_BASE))


@pytest.mark.slow
def test_the_demo_export_is_written_byte_for_byte_as_rdflib_writes_it(nlp):
    from conflict_kg.build import extract_all
    from conflict_kg.graph.build import build_graph

    extracted, _, _ = extract_all(sorted((ROOT / "demo" / "articles").glob("*.txt")))
    default, named = graph_triples(build_graph(extracted))
    writer = TurtleWriter(_new_graph(DEFAULT_BASE).namespace_manager)
    union = set(default).union(*named.values())
    assert writer.write(union).document() == rdflib_turtle(union)
    assert "".join(ntriples_lines(union)) == _ntriples(_union(union, DEFAULT_BASE))
    assert _jsonld(TripleIndex(union)) == _jsonld(_union(union, DEFAULT_BASE))
    for triples in [default, *named.values()]:
        assert writer.write(triples).body.strip("\n") + "\n" == _turtle_body(_union(triples, DEFAULT_BASE))


def test_node_writer_gives_the_converter_s_nodes_for_every_article_piece():
    from test_rdf import tiny_graph

    from conflict_kg.graph.jsonld import NodeWriter, jsonld_nodes
    from conflict_kg.graph.rdf import _canonical_json, graph_pieces

    common, article_pieces = graph_pieces(tiny_graph())
    context = {prefix: str(iri) for prefix, iri in sorted(_new_graph(DEFAULT_BASE).namespace_manager.namespaces())}
    writer = NodeWriter(context, _canonical_json)
    pieces = list(article_pieces())
    assert len(pieces) == 2
    for piece in pieces:
        triples = piece.default | piece.named
        assert writer.nodes(triples) == jsonld_nodes(TripleIndex(triples), context, _canonical_json)
    assert writer.nodes(common) is None  # the ontology's blank nodes are left to the converter
    falsy_then_true = {(URIRef(f"{PLACE}kyiv"), CK.hedged, Literal(False)), (URIRef(f"{PLACE}kyiv"), CK.hedged, Literal(True))}
    assert writer.nodes(falsy_then_true) == jsonld_nodes(TripleIndex(falsy_then_true), context, _canonical_json)
