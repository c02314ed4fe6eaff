"""SPARQL over an export: loading files and folders, pre-bound prefixes, table/CSV/JSON output, errors."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest

from conflict_kg.extract.model import EntityType
from conflict_kg.graph.iri import article_iri, claim_iri, entity_iri
from conflict_kg.graph.model import ArticleRecord, Claim, GraphEntity, knowledge_graph
from conflict_kg.graph.query import QueryError, QueryTable, StoreError, format_table, load_store, run_query
from conflict_kg.graph.rdf import write_rdf

CAPTURES = """
SELECT ?unit ?place ?evidence WHERE {
  ?c a ck:Claim ; rdf:subject ?s ; rdf:predicate ck:captured ; rdf:object ?o ; ck:evidence ?evidence .
  ?s rdfs:label ?unit . ?o rdfs:label ?place .
} ORDER BY ?unit
"""


def small_graph() -> nx.MultiDiGraph:
    article = ArticleRecord(iri=article_iri("avdiivka-fall"), id="avdiivka-fall", source="avdiivka-fall.txt")
    unit = GraphEntity(iri=entity_iri("MilitaryUnit", "2nd army corps"), type=EntityType.MILITARY_UNIT,
                       label="2nd Army Corps", aliases=(), articles=(article.id,), mention_count=1)
    town = GraphEntity(iri=entity_iri("Place", "avdiivka"), type=EntityType.PLACE, label="Avdiivka",
                       aliases=("Avdeyevka",), articles=(article.id,), mention_count=2)
    claim = Claim(iri=claim_iri(unit.iri, "captured", town.iri, article.id), subject=unit.iri, predicate="captured",
                  object=town.iri, article=article.id, evidence='The corps took "Avdiivka",\nofficials said.',
                  evidence_start=0, evidence_end=44, rule="svo", confidence=0.7)
    return knowledge_graph([article], [unit, town], [claim])


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    write_rdf(small_graph(), out)
    return out


@pytest.mark.parametrize("name", ["graph.ttl", "graph.nt", "graph.jsonld", "graph.trig"])
def test_every_export_file_answers_the_same_query_without_prefix_lines(export_dir, name):
    table = run_query(export_dir / name, CAPTURES)
    assert table.columns == ("unit", "place", "evidence")
    assert table.rows == (("2nd Army Corps", "Avdiivka", 'The corps took "Avdiivka",\nofficials said.'),)


def test_an_export_folder_is_read_through_its_trig_file_with_all_graphs_queryable(export_dir):
    store = load_store(export_dir)
    assert len(list(store.graphs())) > 1  # the named graphs of the TriG file
    table = run_query(export_dir, "SELECT ?doc WHERE { ?e ck:mentionedIn ?doc } LIMIT 1")
    assert table.rows == ((article_iri("avdiivka-fall"),),)


def test_unbound_optional_values_are_none(export_dir):
    table = run_query(export_dir, """SELECT ?place ?source WHERE {
        ?c a ck:Claim ; rdf:object ?o . ?o rdfs:label ?place . OPTIONAL { ?c ck:reportedBy ?source } }""")
    assert table.rows == (("Avdiivka", None),)


def test_ask_gives_a_single_true_or_false_cell(export_dir):
    assert run_query(export_dir, "ASK { ?s ck:captured ?o }") == QueryTable(("ask",), (("true",),))
    assert run_query(export_dir, "ASK { ?s ck:destroyed ?o }").rows == (("false",),)


def test_a_malformed_query_raises_query_error_with_the_parser_message(export_dir):
    with pytest.raises(QueryError, match="malformed SPARQL") as caught:
        run_query(export_dir, "SELECT ?x WHERE { ?x ck:captured }")
    assert "Expected" in str(caught.value) or "line" in str(caught.value)


def test_an_unknown_prefix_is_a_query_error(export_dir):
    with pytest.raises(QueryError):
        run_query(export_dir, "SELECT ?x WHERE { ?x nosuch:thing ?y }")


def test_a_missing_or_unknown_store_names_the_path(tmp_path):
    with pytest.raises(StoreError, match="no export found"):
        load_store(tmp_path)
    odd = tmp_path / "graph.xml"
    odd.write_text("<rdf/>")
    with pytest.raises(StoreError, match="graph.xml"):
        load_store(odd)
    broken = tmp_path / "broken.ttl"
    broken.write_text("<a> <b> .")
    with pytest.raises(StoreError, match="broken.ttl"):
        load_store(broken)


TABLE = QueryTable(columns=("unit", "place"),
                   rows=(("2nd Army Corps", "Avdiivka"), ("3rd Assault Brigade", None), ("x", 'say "hi",\nthen')))


def test_table_format_aligns_columns_and_keeps_each_row_on_one_line():
    text = format_table(TABLE)
    lines = text.splitlines()
    assert lines[0].split() == ["unit", "place"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].index("Avdiivka") == lines[0].index("place") == len("3rd Assault Brigade") + 2
    assert lines[3].rstrip() == "3rd Assault Brigade"
    assert lines[4].endswith('say "hi", then')
    assert lines[-1] == "(3 rows)"


def test_csv_format_round_trips_through_the_csv_module():
    rows = list(csv.reader(io.StringIO(format_table(TABLE, "csv"))))
    assert rows == [["unit", "place"], ["2nd Army Corps", "Avdiivka"], ["3rd Assault Brigade", ""],
                    ["x", 'say "hi",\nthen']]


def test_json_format_is_a_list_of_objects_with_null_for_unbound():
    assert json.loads(format_table(TABLE, "json")) == [
        {"unit": "2nd Army Corps", "place": "Avdiivka"},
        {"unit": "3rd Assault Brigade", "place": None},
        {"unit": "x", "place": 'say "hi",\nthen'},
    ]


def test_an_unknown_output_format_is_refused():
    with pytest.raises(ValueError, match="xml"):
        format_table(TABLE, "xml")
