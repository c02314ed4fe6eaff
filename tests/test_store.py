"""The persistent store: named graphs, querying, incremental and all-or-nothing updates, the dataset description."""
from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph
import pytest

from conftest import REPO
from store_corpus import ARTICLES, CAPTURES, write_articles

from conflict_kg.build import BuildError, build
from conflict_kg.graph import store as store_module
from conflict_kg.graph.query import STORE_MARKER, run_query
from conflict_kg.graph.store import SERVER_MARK, dataset_graph, entity_graph, load_extractions
from conflict_kg.ontology.namespace import DEFAULT_BASE

ARTICLE = DEFAULT_BASE + "article/"


def graphs_of(store_dir) -> dict[str, int]:
    table = run_query(store_dir, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {g: int(n) for g, n in table.rows}


def snapshot(store_dir) -> set[tuple]:
    table = run_query(store_dir, "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!isBlank(?s) && !isBlank(?o)) }")
    return set(table.rows)


@pytest.fixture(scope="module")
def two_then_three(tmp_path_factory):
    """A store built from two articles, then a third added in a second build; and one built from all three."""
    root = tmp_path_factory.mktemp("store")
    texts = root / "texts"
    write_articles(texts)
    incremental, whole = root / "incremental", root / "whole"
    first = build([texts / "ocheretyne.txt", texts / "andriivka.txt"], root / "out1", store=incremental)
    after_two = snapshot(incremental)
    second = build([texts / "vuhledar.txt"], root / "out2", store=incremental)
    build(list(texts.glob("*.txt")), root / "out3", store=whole)
    return {"root": root, "texts": texts, "incremental": incremental, "whole": whole, "first": first,
            "second": second, "after_two": after_two}


def test_each_article_has_its_own_graph_beside_the_entities_ontology_and_dataset(two_then_three):
    graphs = graphs_of(two_then_three["incremental"])
    assert {ARTICLE + name for name in ARTICLES} <= set(graphs)
    assert {entity_graph(), dataset_graph(), "https://w3id.org/conflict-kg/ontology"} <= set(graphs)
    assert len(graphs) == len(ARTICLES) + 3
    in_own_graph = run_query(two_then_three["incremental"], f"""ASK {{ GRAPH <{ARTICLE}vuhledar> {{
        ?c a ck:Claim ; prov:wasDerivedFrom <{ARTICLE}vuhledar> . <{ARTICLE}vuhledar> dcterms:identifier "vuhledar" }} }}""")
    assert in_own_graph.rows == (("true",),)


def test_the_store_answers_like_the_export_without_a_graph_clause(two_then_three):
    root = two_then_three["root"]
    on_store = run_query(two_then_three["whole"], CAPTURES)
    assert on_store.rows and on_store.rows == run_query(root / "out3" / "graph.trig", CAPTURES).rows
    assert ("Wagner Group", "Bakhmut", "andriivka") in on_store.rows


def test_adding_articles_gives_the_same_store_as_building_them_together(two_then_three):
    second = two_then_three["second"].store
    assert second.added == ("vuhledar",) and second.replaced == () and second.articles == 3
    def data(store_dir):
        return {row for row in snapshot(store_dir) if row[0] != dataset_graph()}
    assert data(two_then_three["incremental"]) == data(two_then_three["whole"])
    kept = {row for row in two_then_three["after_two"] if row[0] in (ARTICLE + "ocheretyne", ARTICLE + "andriivka")}
    assert kept and kept <= snapshot(two_then_three["incremental"])


def test_rebuilding_an_article_replaces_its_graph_and_updates_the_entities(two_then_three, tmp_path):
    store_dir = two_then_three["whole"]
    changed = tmp_path / "vuhledar.txt"
    changed.write_text("Ukrainian forces shot down a Russian Su-34 near Vuhledar.\n", encoding="utf-8")
    report = build([changed], tmp_path / "out", store=store_dir)
    assert report.store.replaced == ("vuhledar",) and report.store.added == ()
    claims = run_query(store_dir, f"SELECT ?p WHERE {{ ?c prov:wasDerivedFrom <{ARTICLE}vuhledar> ; rdf:predicate ?p }}")
    assert "https://w3id.org/conflict-kg/ontology#captured" not in {p for (p,) in claims.rows}
    assert run_query(store_dir, 'ASK { ?e rdfs:label "Su-34" }').rows == (("true",),)
    assert set(load_extractions(store_dir)) == set(ARTICLES)


def test_a_build_failing_part_way_leaves_the_store_as_it_was(two_then_three, tmp_path, monkeypatch):
    store_dir = two_then_three["incremental"]
    before = snapshot(store_dir)
    stored_before = sorted(p.name for p in (store_dir / "articles").iterdir())
    real = store_module._update_text
    # The update's last operation fails when it runs, after the earlier ones have been applied.
    monkeypatch.setattr(store_module, "_update_text",
                        lambda changes: real(changes) + f" ;\nCREATE GRAPH <{ARTICLE}ocheretyne>")
    changed = tmp_path / "ocheretyne.txt"
    changed.write_text("The 93rd Mechanized Brigade destroyed a Russian T-90 tank near Bakhmut.\n", encoding="utf-8")
    with pytest.raises(BuildError, match="left as it was"):
        build([changed], tmp_path / "out", store=store_dir)
    assert snapshot(store_dir) == before
    assert sorted(p.name for p in (store_dir / "articles").iterdir()) == stored_before
    assert not list(store_dir.glob(".articles.*"))


def test_a_store_being_served_refuses_a_build(two_then_three, tmp_path):
    store_dir = two_then_three["incremental"]
    (store_dir / SERVER_MARK).write_text(str(os.getpid()))
    try:
        with pytest.raises(BuildError, match="serving this store"):
            build(write_articles(tmp_path, ["vuhledar"]), tmp_path / "out", store=store_dir)
    finally:
        (store_dir / SERVER_MARK).unlink()


def test_the_dataset_description_counts_what_the_store_holds(two_then_three):
    store_dir = two_then_three["whole"]
    row = run_query(store_dir, """PREFIX void: <http://rdfs.org/ns/void#>
        SELECT ?triples ?entities ?claims ?articles ?endpoint ?licence ?modified ?version WHERE {
          ?d a void:Dataset, <http://www.w3.org/ns/dcat#Dataset> ; void:triples ?triples ; void:entities ?entities ;
             void:sparqlEndpoint ?endpoint ; dcterms:license ?licence ; dcterms:modified ?modified ;
             void:classPartition [ void:class ck:Claim ; void:entities ?claims ] ,
                                 [ void:class ck:Article ; void:entities ?articles ] ;
             prov:wasGeneratedBy/prov:wasAssociatedWith/<http://schema.org/softwareVersion> ?version }""")
    assert len(row.rows) == 1
    triples, entities, claims, articles, endpoint, licence, modified, version = row.rows[0]
    count = run_query(store_dir, f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
        GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{dataset_graph()}>) }} }}""").rows[0][0]
    assert int(triples) == int(count)
    assert int(claims) == int(run_query(store_dir, "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ck:Claim }").rows[0][0])
    assert int(articles) == 3 and int(entities) > 5
    assert endpoint == "https://w3id.org/conflict-kg/sparql" and licence.startswith("https://creativecommons.org/")
    assert modified[:2] == "20" and version


def test_the_query_command_reads_a_store_folder(two_then_three):
    result = subprocess.run([sys.executable, "-m", "conflict_kg.cli", "query", str(two_then_three["whole"]),
                             "SELECT ?id WHERE { ?d a ck:Article ; dcterms:identifier ?id } ORDER BY ?id",
                             "--format", "csv"], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.split() == ["id", "andriivka", "ocheretyne", "vuhledar"]


def test_exports_carry_the_dataset_description_and_still_conform_to_the_shapes(two_then_three):
    pyshacl = pytest.importorskip("pyshacl")
    from rdflib import Graph, URIRef
    from rdflib.namespace import VOID

    from conflict_kg.graph.rdf import load_ontology

    export = Graph().parse(two_then_three["root"] / "out3" / "graph.ttl")
    dataset = URIRef(DEFAULT_BASE + "dataset")
    assert set(export.objects(dataset, VOID.dataDump)) >= {URIRef("https://w3id.org/conflict-kg/dump/graph.ttl")}
    assert int(export.value(dataset, VOID.triples)) == len(export) - len(list(_description(export, dataset)))
    shapes = Graph().parse(REPO / "ontology" / "shapes.ttl")
    conforms, _, report = pyshacl.validate(export, shacl_graph=shapes, ont_graph=load_ontology(), inference="none")
    assert conforms, report


def _description(export, dataset):
    """The triples about the dataset, its dump files, partitions and build (all under the dataset IRI)."""
    from rdflib.namespace import VOID

    dumps = set(export.objects(dataset, VOID.dataDump))
    return [t for t in export if str(t[0]).startswith(str(dataset)) or t[0] in dumps]


def test_a_first_build_is_loaded_in_batches_and_holds_what_one_batch_holds(two_then_three, tmp_path, monkeypatch):
    texts = list(two_then_three["texts"].glob("*.txt"))
    build(texts, tmp_path / "out", store=tmp_path / "one-batch")
    monkeypatch.setattr(store_module, "LOAD_BATCH_QUADS", 10)
    build(texts, tmp_path / "out", store=tmp_path / "batches")
    def data(store_dir):
        return {row for row in snapshot(store_dir) if row[0] != dataset_graph()}
    assert len(data(tmp_path / "batches")) > 100 and data(tmp_path / "batches") == data(tmp_path / "one-batch")


def test_a_first_build_failing_part_way_leaves_the_new_store_empty(two_then_three, tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "LOAD_BATCH_QUADS", 10)  # some batches are in the store when it fails
    real, graphs = store_module._to_quads, []

    def failing_on_the_fourth_graph(triples, name):
        graphs.append(name)
        if len(graphs) == 4:
            raise OSError("No space left on device")
        return real(triples, name)

    monkeypatch.setattr(store_module, "_to_quads", failing_on_the_fourth_graph)
    with pytest.raises(BuildError, match="left as it was"):
        build(list(two_then_three["texts"].glob("*.txt")), tmp_path / "out", store=tmp_path / "store")
    assert len(graphs) == 4
    assert len(pyoxigraph.Store.read_only(str(tmp_path / "store" / STORE_MARKER))) == 0
    assert not list((tmp_path / "store").glob("articles/*")) and not list((tmp_path / "store").glob(".articles.*"))
