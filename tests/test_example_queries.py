"""The README's example queries (graph/queries/*.rq) give the same rows on Oxigraph and on rdflib.

`make bench-store` times the same query text on both engines, so both must answer it alike: a small
graph with every case the queries tell apart (a sub-property of ck:captured, a denial, a relation
two articles state, claims with and without a reporter, one place named Bakhmut, the dataset
description) is exported, its N-Triples read by rdflib and its TriG by Oxigraph.
"""
from __future__ import annotations

import re

import pytest
from benchmarks.bench_store import comparable_rows
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS
from rdflib.plugins.sparql import prepareQuery

from conflict_kg.extract.model import DENIED, ArticleMetadata, EntityType
from conflict_kg.graph.iri import article_iri, claim_iri, entity_iri
from conflict_kg.graph.model import ArticleRecord, Claim, GraphEntity, knowledge_graph
from conflict_kg.graph.query import load_store
from conflict_kg.graph.rdf import PREFIXES, ontology_triples, render_rdf
from conflict_kg.graph.server import example_queries
from conflict_kg.graph.void import DatasetFacts, void_triples
from conflict_kg.ontology.namespace import ONTOLOGY_IRI

DATES = {"bakhmut-falls": "2023-05-20", "bakhmut-confirmed": "2023-05-21", "andriivka-retaken": "2023-09-15"}


def _entity(kind: EntityType, label: str, articles: tuple[str, ...]) -> GraphEntity:
    return GraphEntity(iri=entity_iri(kind.value, label), type=kind, label=label, aliases=(),
                       articles=tuple(sorted(articles)), mention_count=len(articles))


def small_graph():
    records = [ArticleRecord(iri=article_iri(name), id=name, source=f"{name}.txt",
                             metadata=ArticleMetadata(title=name.replace("-", " "), date=day, publisher=f"Outlet {i}"))
               for i, (name, day) in enumerate(DATES.items())]
    wagner = _entity(EntityType.MILITARY_UNIT, "Wagner Group", ("bakhmut-falls", "bakhmut-confirmed"))
    brigade = _entity(EntityType.MILITARY_UNIT, "3rd Separate Assault Brigade", ("andriivka-retaken",))
    ukraine = _entity(EntityType.MILITARY_UNIT, "Armed Forces of Ukraine", ("bakhmut-confirmed", "andriivka-retaken"))
    ministry = _entity(EntityType.ORGANISATION, "Russian Defence Ministry", ("bakhmut-falls",))
    bakhmut = _entity(EntityType.PLACE, "Bakhmut", tuple(DATES))
    andriivka = _entity(EntityType.PLACE, "Andriivka", ("andriivka-retaken",))

    def claim(subject, predicate, obj, article, start, **extra):
        return Claim(iri=claim_iri(subject.iri, predicate, obj.iri, article, start=start, end=start + 40),
                     subject=subject.iri, predicate=predicate, object=obj.iri, article=article,
                     evidence=f"{subject.label} {predicate} {obj.label}.", evidence_start=start,
                     evidence_end=start + 40, rule="svo", confidence=0.8, event_date=DATES[article],
                     date_precision="article", **extra)

    claims = [
        claim(wagner, "captured", bakhmut, "bakhmut-falls", 0, reported_by=(ministry.iri,)),
        claim(wagner, "captured", bakhmut, "bakhmut-confirmed", 0),
        claim(ukraine, "captured", bakhmut, "bakhmut-confirmed", 60, polarity=DENIED),
        claim(brigade, "recaptured", andriivka, "andriivka-retaken", 0, reported_by=(brigade.iri,)),
        claim(ukraine, "attacked", bakhmut, "andriivka-retaken", 60),
        claim(andriivka, "locatedIn", bakhmut, "andriivka-retaken", 120),
    ]
    return knowledge_graph(records, [wagner, brigade, ukraine, ministry, bakhmut, andriivka], claims)


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    """The small graph with its dataset description in an Oxigraph store (from TriG) and an rdflib Graph."""
    facts = DatasetFacts(triples=0, entities=6, claims=6, articles=3, built_at="2024-01-02T03:04:05Z")
    files = render_rdf(small_graph(), describe=lambda dataset: void_triples(facts))
    trig = tmp_path_factory.mktemp("example-queries") / "graph.trig"
    trig.write_text(files["graph.trig"], encoding="utf-8")
    return load_store(trig), Graph().parse(data=files["graph.nt"], format="nt")


@pytest.mark.parametrize("example", example_queries(), ids=lambda example: example["title"][:40])
def test_each_example_query_gives_the_same_rows_on_oxigraph_and_rdflib(engines, example):
    oxigraph, rdflib_graph = engines
    on_oxigraph = comparable_rows(oxigraph_solutions=oxigraph.query(example["text"]))
    on_rdflib = comparable_rows(rdflib_result=rdflib_graph.query(prepareQuery(example["text"], initNs=PREFIXES)))
    assert on_oxigraph, "the small graph must give every example query something to answer"
    assert on_oxigraph == on_rdflib


def test_the_capture_query_keeps_the_recapture_and_leaves_out_the_denial(engines):
    oxigraph, _ = engines
    text = next(e["text"] for e in example_queries() if e["title"].startswith("Every capture"))
    rows = [tuple(term.value if term else None for term in row) for row in oxigraph.query(text)]
    assert rows == [("3rd Separate Assault Brigade", "Andriivka", "3rd Separate Assault Brigade", "andriivka-retaken"),
                    ("Wagner Group", "Bakhmut", None, "bakhmut-confirmed"),
                    ("Wagner Group", "Bakhmut", "Russian Defence Ministry", "bakhmut-falls")]


def test_the_repeated_relations_count_articles_per_entity_pair(engines):
    oxigraph, _ = engines
    text = next(e["text"] for e in example_queries() if e["title"].startswith("Relations stated"))
    rows = [tuple(term.value for term in row) for row in oxigraph.query(text)]
    assert rows == [("Wagner Group", f"{ONTOLOGY_IRI}captured", "Bakhmut", "2")]


def test_the_capture_query_lists_every_sub_property_of_captured_in_the_ontology():
    ontology = Graph()
    for triple in ontology_triples():
        ontology.add(triple)
    captured = URIRef(f"{ONTOLOGY_IRI}captured")
    finer = set(ontology.transitive_subjects(RDFS.subPropertyOf, captured))
    text = next(e["text"] for e in example_queries() if e["title"].startswith("Every capture"))
    listed = set(re.search(r"VALUES \?p \{([^}]*)\}", text)[1].split())
    assert {f"ck:{iri.removeprefix(ONTOLOGY_IRI)}" for iri in finer} == listed


def test_a_relation_two_articles_state_is_one_triple_in_the_union_of_the_graphs(engines):
    oxigraph, rdflib_graph = engines  # Wagner Group captured Bakhmut, in two articles
    text = "SELECT ?s ?o WHERE { ?s ck:captured ?o }"
    on_oxigraph = comparable_rows(oxigraph_solutions=oxigraph.query(text))
    assert len(on_oxigraph) == 1
    assert on_oxigraph == comparable_rows(rdflib_result=rdflib_graph.query(prepareQuery(text, initNs=PREFIXES)))
