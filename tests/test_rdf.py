"""The RDF exports: contract shape, hostile text, the four syntaxes, named graphs, SHACL, determinism."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF

from conflict_kg.extract.model import ArticleMetadata, EntityType
from conflict_kg.graph.iri import article_iri, claim_iri, entity_iri
from conflict_kg.graph.model import ArticleRecord, Claim, GeoPoint, GraphEntity, knowledge_graph
from conflict_kg.graph.rdf import (ExportError, _canonical_json, clean_literal, graph_pieces, load_ontology, render_rdf,
                                  safe_iri, to_dataset, write_rdf)
from conflict_kg.graph.rdf_files import PieceRenderer, ntriples_chunks
from conflict_kg.ontology.namespace import CK

ROOT = Path(__file__).resolve().parents[1]
SCORE_PY = Path("/work/shared/eval/score.py")

HOSTILE_EVIDENCE = 'He said """no""" then: Troops "recaptured" Robotyne >\\ <script>alert(1)</script>\r\n\x0bnext\ud800 line\ufffe \u2028para\u2029graph "'
HOSTILE_ALIAS = 'the "Third" \\ brigade\n<b>\x00'


def tiny_graph() -> nx.MultiDiGraph:
    """Two articles, four entities, two claims; the strings are as hostile as scraped text gets."""
    report = ArticleRecord(iri=article_iri("zaporizhzhia-front"), id="zaporizhzhia-front", source="front.txt",
                           metadata=ArticleMetadata(title='Front "update" <script>x</script>', date="2023-08-29",
                                                    publisher="Kyiv\x07 Daily", author="O. Petrenko"))
    strikes = ArticleRecord(iri=article_iri("night-strikes"), id="night-strikes", source="strikes.txt",
                            metadata=ArticleMetadata(date="late August"))
    brigade = GraphEntity(iri=entity_iri("MilitaryUnit", "47th mechanized brigade"), type=EntityType.MILITARY_UNIT,
                          label="47th Mechanized Brigade", aliases=("47th Brigade", HOSTILE_ALIAS),
                          articles=("zaporizhzhia-front",), mention_count=3,
                          same_as=("http://www.wikidata.org/entity/Q112233",), link_confidence=0.9)
    village = GraphEntity(iri=entity_iri("Place", "robotyne"), type=EntityType.PLACE, label="Robotyne",
                          aliases=("Robotyne\ud800", "Rabotino"), articles=("night-strikes", "zaporizhzhia-front"),
                          mention_count=4, same_as=("https://sws.geonames.org/700000/",), link_confidence=1.0,
                          location=GeoPoint(47.4458, 35.8339, "ua", "Zaporizhzhia Oblast"))
    ministry = GraphEntity(iri=entity_iri("Organisation", "ministry of defence of ukraine"),
                           type=EntityType.ORGANISATION, label="Ministry of Defence", aliases=(),
                           articles=("zaporizhzhia-front",), mention_count=1)
    drone = GraphEntity(iri=entity_iri("WeaponSystem", "shahed-136"), type=EntityType.WEAPON_SYSTEM,
                        label="Shahed-136", aliases=("Shahed",), articles=("night-strikes",), mention_count=2)
    recaptured = Claim(iri=claim_iri(brigade.iri, "recaptured", village.iri, report.id), subject=brigade.iri,
                       predicate="recaptured", object=village.iri, article=report.id, evidence=HOSTILE_EVIDENCE,
                       evidence_start=120, evidence_end=190, rule="svo:recapture", confidence=0.83,
                       reported_by=(ministry.iri,))
    attacked = Claim(iri=claim_iri(brigade.iri, "attacked", village.iri, strikes.id), subject=brigade.iri,
                     predicate="attacked", object=village.iri, article=strikes.id, evidence="It attacked Robotyne.",
                     evidence_start=0, evidence_end=21, rule="svo", confidence=1.0, hedged=True)
    return knowledge_graph([strikes, report], [brigade, village, ministry, drone], [recaptured, attacked])


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export")
    write_rdf(tiny_graph(), out)
    return out


@pytest.fixture(scope="module")
def union(export_dir) -> Graph:
    graph = Graph()
    graph.parse(export_dir / "graph.ttl", format="turtle")
    return graph


def rdflib_triples(path: Path) -> set:
    if path.suffix == ".trig":
        dataset = Dataset()
        dataset.parse(path, format="trig")
        return {(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))}
    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}[path.suffix]
    graph = Graph()
    graph.parse(path, format=fmt)
    return set(graph)


def oxigraph_triples(path: Path) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in pyoxigraph.parse(path=str(path))}


def test_write_rdf_writes_the_four_files(export_dir):
    assert sorted(p.name for p in export_dir.iterdir()) == ["graph.jsonld", "graph.nt", "graph.trig", "graph.ttl"]


def test_the_four_files_parse_in_rdflib_with_the_same_triple_count(export_dir):
    counts = {name: len(rdflib_triples(export_dir / name))
              for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")}
    assert len(set(counts.values())) == 1, counts
    assert counts["graph.ttl"] > len(load_ontology())


def test_the_four_files_parse_in_pyoxigraph_with_the_same_triple_count(export_dir):
    counts = {name: len(oxigraph_triples(export_dir / name))
              for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")}
    assert len(set(counts.values())) == 1, counts
    assert counts["graph.nt"] == len(rdflib_triples(export_dir / "graph.nt"))


def test_n_triples_lines_are_sorted_and_unique(export_dir):
    lines = (export_dir / "graph.nt").read_text(encoding="utf-8").rstrip("\n").split("\n")
    assert lines == sorted(set(lines))


def test_hostile_text_survives_as_the_cleaned_literal(union):
    evidence = {str(o) for o in union.objects(None, CK.evidence)}
    assert clean_literal(HOSTILE_EVIDENCE) in evidence
    alt_labels = {str(o) for o in union.objects(None, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"))}
    assert clean_literal(HOSTILE_ALIAS) in alt_labels
    assert "Robotyne" not in alt_labels  # the alias equal to the label once its lone surrogate is gone


def test_clean_literal_strips_controls_and_lone_surrogates_and_keeps_the_rest():
    assert clean_literal("a\x00b\x07c\x1fd\ud800e\udfffg\ufffe\uffffh\x85i") == "abcdeghi"
    assert clean_literal("tab\tnew\nline\rquote\"<back\\slash> Київ 🚀") == "tab\tnew\nline\rquote\"<back\\slash> Київ 🚀"


def test_safe_iri_rejects_what_rdf_syntaxes_cannot_carry():
    assert safe_iri("https://w3id.org/conflict-kg/id/place/kyiv") == URIRef("https://w3id.org/conflict-kg/id/place/kyiv")
    for bad in ("https://example.org/a b", "https://example.org/<x>", 'https://example.org/"', "no-scheme", "",
                "https://example.org/\ud800"):
        with pytest.raises(ExportError):
            safe_iri(bad)


def test_a_claim_with_an_undeclared_predicate_is_refused_naming_the_claim():
    g = tiny_graph()
    subject, obj, key = next(iter(g.edges(keys=True)))
    claim = g.edges[subject, obj, key]["claim"]
    g.edges[subject, obj, key]["claim"] = Claim(**{**claim.__dict__, "predicate": "liberated"})
    with pytest.raises(ExportError, match=claim.iri):
        to_dataset(g)


def test_every_claim_has_subject_predicate_object_source_and_evidence_and_its_direct_triple(union):
    rows = list(union.query("""
        SELECT ?c ?s ?p ?o ?doc ?evidence ?confidence WHERE {
          ?c a ck:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
             prov:wasDerivedFrom ?doc ; ck:evidence ?evidence ; ck:confidence ?confidence .
          ?doc a ck:Article ; dcterms:identifier ?id .
          ?s ?p ?o .
        }""", initNs={"ck": CK._NS, "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/"}))
    assert len(rows) == len(set(union.subjects(RDF.type, CK.Claim))) == 2
    assert {str(r.p).rsplit("#", 1)[1] for r in rows} == {"recaptured", "attacked"}
    assert Literal("0.83", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")) in {r.confidence for r in rows}


def test_attribution_and_hedging_are_exported(union):
    ask = union.query("""ASK { ?c rdf:predicate ck:recaptured ; ck:hedged false ;
                                  ck:reportedBy ?source . ?source rdfs:label "Ministry of Defence" }""",
                      initNs={"ck": CK._NS})
    assert ask.askAnswer
    assert union.query("ASK { ?c rdf:predicate ck:attacked ; ck:hedged true . FILTER NOT EXISTS { ?c ck:reportedBy ?x } }",
                       initNs={"ck": CK._NS}).askAnswer


def test_entities_carry_type_one_label_alt_labels_mentions_links_and_coordinates(union):
    village = URIRef(entity_iri("Place", "robotyne"))
    assert (village, RDF.type, CK.Place) in union
    assert len(list(union.objects(village, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))) == 1
    assert {str(d) for d in union.objects(village, CK.mentionedIn)} == {
        article_iri("night-strikes"), article_iri("zaporizhzhia-front")}
    assert (village, URIRef("http://www.w3.org/2002/07/owl#sameAs"), URIRef("https://sws.geonames.org/700000/")) in union
    assert str(union.value(village, URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#lat"))) == "47.4458"
    assert str(union.value(village, CK.countryCode)) == "UA"
    assert union.value(village, CK.mentionCount).toPython() == 4


def test_articles_carry_identifier_and_known_metadata(union):
    doc = URIRef(article_iri("zaporizhzhia-front"))
    dcterms = "http://purl.org/dc/terms/"
    assert (doc, RDF.type, CK.Article) in union
    assert str(union.value(doc, URIRef(dcterms + "identifier"))) == "zaporizhzhia-front"
    assert str(union.value(doc, URIRef(dcterms + "publisher"))) == "Kyiv Daily"
    assert union.value(doc, URIRef(dcterms + "date")).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    other = URIRef(article_iri("night-strikes"))
    assert union.value(other, URIRef(dcterms + "date")).datatype is None  # "late August" is no xsd:date


def test_trig_has_one_named_graph_per_article_holding_its_claims_and_mentions(export_dir):
    quads = list(pyoxigraph.parse(path=str(export_dir / "graph.trig")))
    names = {q.graph_name.value for q in quads if not isinstance(q.graph_name, pyoxigraph.DefaultGraph)}
    assert names == {article_iri("night-strikes"), article_iri("zaporizhzhia-front")}
    derived = [(q.subject.value, q.object.value, q.graph_name) for q in quads
               if q.predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom"]
    assert derived and all(isinstance(graph, pyoxigraph.NamedNode) and graph.value == doc
                           for _, doc, graph in derived)
    ontology_in_default = [q for q in quads if q.subject.value == str(CK.Claim)]
    assert ontology_in_default and all(isinstance(q.graph_name, pyoxigraph.DefaultGraph) for q in ontology_in_default)


def test_the_export_conforms_to_the_shacl_shapes(union):
    pyshacl = pytest.importorskip("pyshacl")
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(union, shacl_graph=shapes, ont_graph=load_ontology(), inference="none")
    assert conforms, report


def test_the_shapes_catch_a_claim_without_evidence_and_an_out_of_range_confidence(union):
    pyshacl = pytest.importorskip("pyshacl")
    broken = Graph()
    for triple in union:
        broken.add(triple)
    claim = next(union.subjects(RDF.type, CK.Claim))
    broken.remove((claim, CK.evidence, None))
    broken.set((claim, CK.confidence, Literal("1.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    conforms, _, report = pyshacl.validate(broken, shacl_graph=shapes, inference="none")
    assert not conforms
    assert "evidence" in report and "confidence" in report


def test_an_empty_graph_exports_the_ontology_alone(tmp_path):
    write_rdf(nx.MultiDiGraph(), tmp_path)
    assert len(rdflib_triples(tmp_path / "graph.nt")) == len(load_ontology())
    assert len(oxigraph_triples(tmp_path / "graph.trig")) == len(load_ontology())


_EXPORT_SCRIPT = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from test_rdf import tiny_graph
from conflict_kg.graph.rdf import write_rdf
write_rdf(tiny_graph(), sys.argv[1])
"""


def test_export_is_byte_identical_across_processes_with_different_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        script = _EXPORT_SCRIPT.format(root=str(ROOT), tests=str(ROOT / "tests"))
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(out)], check=True, env=env, cwd=ROOT)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0].keys() == {"graph.jsonld", "graph.nt", "graph.trig", "graph.ttl"}
    for name in outputs[0]:
        assert outputs[0][name] == outputs[1][name], name


def test_render_is_identical_for_the_same_graph_built_in_another_order():
    forward = tiny_graph()
    backward = nx.MultiDiGraph(articles=forward.graph["articles"])
    for node in reversed(list(forward.nodes)):
        backward.add_node(node, **forward.nodes[node])
    for s, o, key, data in reversed(list(forward.edges(keys=True, data=True))):
        backward.add_edge(s, o, key=key, **data)
    assert render_rdf(forward) == render_rdf(backward)


@pytest.mark.skipif(not SCORE_PY.exists(), reason="the shared evaluation script is not present")
def test_the_evaluation_script_reads_the_export_and_scores_it(export_dir):
    spec = importlib.util.spec_from_file_location("conflict_kg_score", SCORE_PY)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    export = score.Export(export_dir / "graph.ttl", [])
    gold = {
        "doc": "zaporizhzhia-front",
        "entities": [
            {"id": "47", "name": "47th Mechanized Brigade", "types": ["MilitaryUnit"], "aliases": []},
            {"id": "robotyne", "name": "Robotyne", "types": ["Place"], "aliases": []},
            {"id": "mod", "name": "Ministry of Defence", "types": ["Organisation"], "aliases": []},
            {"id": "bakhmut", "name": "Bakhmut", "types": ["Place"], "aliases": []},
        ],
        "relations": [{"subject": "47", "predicate": "captured", "object": "robotyne", "reported_by": ["mod"]}],
    }
    result = score.score_doc(export, gold)
    assert result["entities"] == {"tp": 3, "fp": 0, "fn": 1}
    # recaptured counts as captured through rdfs:subPropertyOf in the exported ontology
    assert result["relations"] == {"tp": 1, "fp": 0, "fn": 0}
    assert result["attribution"] == {"right": 1, "judged": 1}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=40))
def test_any_text_as_label_and_evidence_gives_exports_every_parser_reads_back(tmp_path, text):
    g = tiny_graph()
    village = entity_iri("Place", "robotyne")
    g.nodes[village]["entity"] = GraphEntity(**{**g.nodes[village]["entity"].__dict__, "label": text,
                                                  "aliases": (text + "!",)})
    for s, o, key in list(g.edges(keys=True)):
        claim = g.edges[s, o, key]["claim"]
        g.edges[s, o, key]["claim"] = Claim(**{**claim.__dict__, "evidence": text, "rule": text})
    out = tmp_path / str(abs(hash(text)))
    write_rdf(g, out)
    counts = {len(oxigraph_triples(out / name)) for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")}
    counts |= {len(rdflib_triples(out / name)) for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")}
    assert len(counts) == 1
    evidence = {q.object.value for q in pyoxigraph.parse(path=str(out / "graph.nt"))
                if q.predicate.value == str(CK.evidence)}
    assert evidence == {clean_literal(text)}


def test_n_triples_sorted_through_runs_on_disk_are_the_lines_sorted_in_memory():
    _, article_pieces = graph_pieces(tiny_graph())
    renderer = PieceRenderer(Graph().namespace_manager, _canonical_json)
    rendered = [renderer.render(piece) for piece in article_pieces()]
    in_memory = "".join(ntriples_chunks(rendered))
    through_runs = "".join(ntriples_chunks(rendered, run_lines=3))
    lines = in_memory.rstrip("\n").split("\n")
    assert through_runs == in_memory and len(lines) > 6 and lines == sorted(set(lines))


def test_the_dataset_description_counts_the_triples_every_file_holds(tmp_path):
    counted = []

    def describe(count: int):
        counted.append(count)
        return [(URIRef("urn:x:dataset"), URIRef("urn:x:triples"), Literal(count))]

    for name, text in render_rdf(tiny_graph(), describe=describe).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert counted and all(len(oxigraph_triples(tmp_path / name)) == counted[0] + 1 for name in
                           ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig"))
