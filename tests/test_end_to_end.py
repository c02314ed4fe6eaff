"""The command line end to end: the demo corpus, determinism, queries, and the five reference articles."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO, SHARED

pytestmark = pytest.mark.slow
EXPORTS = ("graph.ttl", "graph.jsonld", "graph.nt", "graph.html")


def _build(inputs, out, seed="0"):
    # SOURCE_DATE_EPOCH fixes the build time the dataset description states
    env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1717200000"}
    return subprocess.run([sys.executable, "-m", "conflict_kg.cli", "build", *map(str, inputs), "--out", str(out)],
                          capture_output=True, text=True, env=env, cwd=REPO, check=False)


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    result = _build([REPO / "demo" / "articles"], out)
    assert result.returncode == 0, result.stderr
    return out, result


def test_demo_build_writes_the_four_contract_files(demo_build):
    out, result = demo_build
    for name in EXPORTS:
        assert (out / name).stat().st_size > 0, name
    assert "skipped: 0" in result.stderr


CK = "https://w3id.org/conflict-kg/ontology#"


def _claims_by_label(graph_file):
    """(article, subject label, predicate, object label) -> labels of the reporters, for every claim."""
    from rdflib import Graph

    query = f"""
        PREFIX ck: <{CK}>
        SELECT ?doc ?s ?p ?o (GROUP_CONCAT(?rep; separator="|") AS ?reps) WHERE {{
          ?c a ck:Claim ; rdf:subject/rdfs:label ?s ; rdf:predicate ?p ; rdf:object/rdfs:label ?o ;
             prov:wasDerivedFrom/dcterms:identifier ?doc .
          OPTIONAL {{ ?c ck:reportedBy/rdfs:label ?rep }}
        }} GROUP BY ?doc ?s ?p ?o"""
    rows = Graph().parse(graph_file).query(query)
    return {(str(doc), str(s), str(p)[len(CK):], str(o)): set(filter(None, str(reps).split("|")))
            for doc, s, p, o, reps in rows}


@pytest.mark.parametrize("article, subject, predicate, obj, reporters", [
    ("02_andriivka_klishchiivka", "3rd Separate Assault Brigade", "captured", "Andriivka", {"3rd Separate Assault Brigade"}),
    ("02_andriivka_klishchiivka", "1st company of the 3rd Separate Assault Brigade", "partOf",
     "3rd Separate Assault Brigade", set()),
    ("04_pokrovsk_direction", "Armed Forces of Russia", "captured", "Novohrodivka", {"Russian Defence Ministry"}),
    # "Ukraine's air force said its units shot down 12 Shahed drones": the air force's own units
    ("03_overnight_missile_drone_attack", "Ukrainian Air Force", "shotDown", "Shahed-136", {"Ukrainian Air Force"}),
    ("09_zaporizhzhia_glide_bombs", "Armed Forces of Russia", "attacked", "Zaporizhzhia Oblast", {"Ivan Fedorov"}),
    ("08_kupiansk_battlegroup_zapad", "Western Military District", "repelled", "Armed Forces of Ukraine",
     {"Russian Defence Ministry"}),
    ("05_kursk_north_korean_troops", "Vladimir Putin", "leaderOf", "Russia", set()),
])
def test_demo_build_states_the_relations_and_reporters_the_articles_give(demo_build, article, subject, predicate,
                                                                         obj, reporters):
    out, _ = demo_build
    found = _claims_by_label(out / "graph.nt")
    assert (article, subject, predicate, obj) in found, sorted(k for k in found if k[0] == article)
    assert found[(article, subject, predicate, obj)] == reporters


def _iris_stated_by(graph_file, article_ids):
    """The IRIs of the entities these articles mention and of the claims derived from them."""
    from rdflib import Graph, Literal, Namespace
    from rdflib.namespace import DCTERMS, PROV

    ck = Namespace(CK)
    g = Graph().parse(graph_file)
    docs = {d for a in article_ids for d in g.subjects(DCTERMS.identifier, Literal(a))}
    entities = {str(e) for d in docs for e in g.subjects(ck.mentionedIn, d)}
    claims = {str(c) for d in docs for c in g.subjects(PROV.wasDerivedFrom, d)}
    return entities, claims


def test_iris_of_what_overlapping_corpora_share_are_the_same(tmp_path):
    """A and C each hold full names ("47th Separate Mechanized Brigade", "1st Separate Assault Company")
    whose short forms B uses; B's entities and claims must keep their IRIs whatever they are built with."""
    articles = REPO / "demo" / "articles"
    subsets = {"a": ["01_robotyne_47th_brigade.txt", "06_chasiv_yar_artillery_duel.txt"],
               "b": ["02_andriivka_klishchiivka.txt", "09_zaporizhzhia_glide_bombs.html"],
               "c": ["04_pokrovsk_direction.txt", "07_dnipro_crimea_black_sea.txt"]}
    outs = []
    for name, parts in (("ab", "ab"), ("bc", "bc")):
        folder = tmp_path / name
        folder.mkdir()
        for part in parts:
            for file in subsets[part]:
                (folder / file).write_bytes((articles / file).read_bytes())
        result = _build([folder], tmp_path / f"out-{name}")
        assert result.returncode == 0, result.stderr
        outs.append(_iris_stated_by(tmp_path / f"out-{name}" / "graph.nt",
                                    [p.rsplit(".", 1)[0] for p in subsets["b"]]))
    (entities_ab, claims_ab), (entities_bc, claims_bc) = outs
    assert len(entities_ab) > 20 and len(claims_ab) > 5
    assert entities_ab == entities_bc
    assert claims_ab == claims_bc


def test_same_input_gives_byte_identical_files(demo_build, tmp_path):
    out, _ = demo_build
    result = _build([REPO / "demo" / "articles"], tmp_path, seed="12345")
    assert result.returncode == 0, result.stderr
    for name in (*EXPORTS, "graph.trig", "entities.csv", "claims.csv"):
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_query_lists_articles_as_csv(demo_build):
    out, _ = demo_build
    result = subprocess.run([sys.executable, "-m", "conflict_kg.cli", "query", str(out / "graph.ttl"),
                             "SELECT ?id WHERE { ?d a ck:Article ; dcterms:identifier ?id } ORDER BY ?id",
                             "--format", "csv"], capture_output=True, text=True, cwd=REPO, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == "id" and len(lines) == 15  # fourteen demo articles


def test_query_reports_a_malformed_query_without_a_traceback(demo_build):
    out, _ = demo_build
    result = subprocess.run([sys.executable, "-m", "conflict_kg.cli", "query", str(out), "SELECT WHERE {"],
                            capture_output=True, text=True, cwd=REPO, check=False)
    assert result.returncode != 0 and "Traceback" not in result.stderr


def test_readme_capture_query_prints_what_the_readme_shows(demo_build, tmp_path):
    out, _ = demo_build
    section = (REPO / "README.md").read_text(encoding="utf-8").split("<!-- capture-query -->")[1]
    query = section.split("```sparql\n")[1].split("```")[0]
    shown = section.split("capture in its own voice:\n\n```\n")[1].split("```")[0]
    (tmp_path / "captures.rq").write_text(query, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "conflict_kg.cli", "query", str(out / "graph.ttl"),
                             "--file", str(tmp_path / "captures.rq")], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout == shown


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus is not beside this checkout")
def test_reference_articles_meet_the_entity_target(tmp_path):
    result = _build([SHARED / "corpus"], tmp_path)
    assert result.returncode == 0, result.stderr
    score = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--graph", str(tmp_path / "graph.ttl"),
                            "--gold", str(SHARED / "eval" / "gold"), "--json"],
                           capture_output=True, text=True, check=True)
    summary = json.loads(score.stdout)
    assert summary["documents_found_in_export"] == 5
    assert summary["entity"]["f"] >= 0.85
    assert summary["entity"]["p"] >= 0.80 and summary["entity"]["r"] >= 0.80
