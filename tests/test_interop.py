"""GraphML, GEXF and Neo4j import CSVs: every claim an edge with its evidence, article, date and provenance."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

import networkx as nx

from conflict_kg.graph.interop import iso_day, render_gexf, render_graphml, render_interop, render_neo4j_csvs
from test_html import ABRAMS, AVDIIVKA, BRIGADE, COMMANDER, RECORDS, STAFF, article, sample_graph


def dated_graph() -> nx.MultiDiGraph:
    g = sample_graph()
    first = RECORDS[0]
    dated = replace(first, metadata=replace(first.metadata, date="2024-02-16T08:00:00Z", url="https://news.example/a1"))
    g.graph["articles"] = (dated, article("a2", None))
    return g


def test_graphml_round_trips_through_networkx_with_claims_as_edges():
    back = nx.read_graphml(io.StringIO(render_graphml(dated_graph())), force_multigraph=True)
    assert set(back.nodes) == {e.iri for e in (BRIGADE, AVDIIVKA, STAFF, COMMANDER, ABRAMS)}
    assert back.nodes[AVDIIVKA.iri]["latitude"] == 48.1394 and back.nodes[AVDIIVKA.iri]["type"] == "Place"
    assert back.nodes[BRIGADE.iri]["aliases"] == "47th Brigade;Magura"
    edges = [data for _, _, data in back.edges(data=True)]
    assert len(edges) == 5
    struck = next(d for d in edges if d["evidence"].startswith("The 47th Brigade struck"))
    assert struck["predicate"] == "attacked" and struck["date"] == "2024-02-16"
    assert struck["articleTitle"] == "Battle for Avdiivka intensifies" and struck["articleUrl"] == "https://news.example/a1"
    hedged = next(d for d in edges if d["evidence"].startswith("Fresh assaults"))
    assert hedged["hedged"] is True and hedged["confidence"] == 0.55
    reported = next(d for d in edges if d["evidence"].startswith("Brigade crews"))
    assert reported["reportedBy"] == STAFF.iri


def test_gexf_reads_back_with_labels_and_claim_properties():
    text = render_gexf(dated_graph())
    back = nx.read_gexf(io.StringIO(text))
    assert back.nodes[BRIGADE.iri]["label"] == "47th Mechanized Brigade"
    labels = sorted(data["label"] for _, _, data in back.edges(data=True))
    assert labels == ["attacked", "attacked", "attacked", "leaderOf", "used"]
    assert {data["evidence"] for _, _, data in back.edges(data=True)} >= {"The brigade fielded Abrams tanks."}
    assert "lastmodifieddate" not in text
    assert render_gexf(dated_graph()) == text


def test_neo4j_csvs_have_import_headers_typed_columns_and_one_relationship_per_claim():
    files = render_neo4j_csvs(dated_graph())
    nodes = list(csv.DictReader(io.StringIO(files["neo4j-nodes.csv"])))
    rels = list(csv.DictReader(io.StringIO(files["neo4j-relationships.csv"])))
    assert {"iri:ID", ":LABEL", "latitude:float"} <= set(nodes[0])
    place = next(row for row in nodes if row["iri:ID"] == AVDIIVKA.iri)
    assert place[":LABEL"] == "Entity;Place" and place["latitude:float"] == "48.1394"
    assert len(rels) == 5
    assert {row[":TYPE"] for row in rels} == {"attacked", "used", "leaderOf"}
    node_ids = {row["iri:ID"] for row in nodes}
    assert all(row[":START_ID"] in node_ids and row[":END_ID"] in node_ids for row in rels)
    leader = next(row for row in rels if row[":TYPE"] == "leaderOf")
    assert leader["evidence"] == "Pavliuk, who commands the brigade, visited the front."
    assert leader["date:date"] == "2024-02-16" and leader["hedged:boolean"] == "false"
    assert next(row for row in rels if row["reportedBy:string[]"])["reportedBy:string[]"] == STAFF.iri


def test_interop_files_are_named_for_build_and_deterministic():
    assert set(render_interop(sample_graph())) == {"graph.graphml", "graph.gexf", "neo4j-nodes.csv",
                                                   "neo4j-relationships.csv"}
    assert render_interop(sample_graph()) == render_interop(sample_graph())


def test_only_a_leading_iso_day_counts_as_a_date():
    assert iso_day("2024-02-16") == "2024-02-16" and iso_day("2024-02-16T08:00Z") == "2024-02-16"
    assert iso_day("16 Feb 2024") is None and iso_day(None) is None and iso_day("2024-02-160") is None
