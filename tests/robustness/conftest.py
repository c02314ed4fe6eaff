"""Shared helpers of the robustness tests: a warm spaCy pipeline, and strict checks that an export parses.

`export_graphs(out_dir)` parses every RDF export with rdflib AND pyoxigraph and checks the four
files say the same thing; it gives the rdflib graph of `graph.ttl` for round-trip checks.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef

RDF_EXPORTS = {
    "graph.ttl": ("turtle", pyoxigraph.RdfFormat.TURTLE),
    "graph.nt": ("nt", pyoxigraph.RdfFormat.N_TRIPLES),
    "graph.jsonld": ("json-ld", pyoxigraph.RdfFormat.JSON_LD),
    "graph.trig": ("trig", pyoxigraph.RdfFormat.TRIG),
}
ALL_EXPORTS = (*RDF_EXPORTS, "graph.html", "entities.csv", "claims.csv", "graph.graphml", "graph.gexf", "neo4j-nodes.csv",
               "neo4j-relationships.csv")
CK = "https://w3id.org/conflict-kg/ontology#"


@pytest.fixture(scope="session")
def warm_pipeline():
    """The shared spaCy pipeline of `extract.nlp`, loaded once for the session (it is cached per process)."""
    from conflict_kg.extract.nlp import load_pipeline

    return load_pipeline()


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _rdflib_term(term) -> tuple:
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        return ("literal", str(term), str(term.datatype or XSD_STRING) if not term.language else "", term.language or "")
    return ("iri", str(term))


def _oxigraph_term(term) -> tuple:
    if isinstance(term, pyoxigraph.BlankNode):
        return ("bnode",)
    if isinstance(term, pyoxigraph.Literal):
        return ("literal", term.value, term.datatype.value if not term.language else "", term.language or "")
    return ("iri", term.value)


def parse_exports(out_dir: Path, *, same_triples: bool = True) -> Graph:
    """Every RDF export in `out_dir` parsed by rdflib and by pyoxigraph, with the same triples in each
    (blank nodes compared alike, literals by value and datatype); the rdflib graph of graph.ttl.
    With `same_triples=False`, each file need only parse alike in both parsers."""
    out_dir = Path(out_dir)
    parsed: dict[tuple[str, str], set[tuple]] = {}
    turtle = None
    for name, (rdflib_format, oxigraph_format) in RDF_EXPORTS.items():
        data = (out_dir / name).read_bytes()
        if rdflib_format == "trig":
            dataset = Dataset()
            dataset.parse(data=data, format="trig")
            triples = [(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))]
        else:
            graph = Graph()
            graph.parse(data=data, format=rdflib_format)
            triples = list(graph)
            turtle = graph if name == "graph.ttl" else turtle
        parsed[name, "rdflib"] = {tuple(_rdflib_term(t) for t in triple) for triple in triples}
        quads = pyoxigraph.parse(data, format=oxigraph_format)
        parsed[name, "pyoxigraph"] = {tuple(_oxigraph_term(t) for t in (q.subject, q.predicate, q.object))
                                      for q in quads}
    for (name, parser), triples in parsed.items():
        reference = parsed["graph.nt" if same_triples else name, "rdflib"]
        assert len(triples) > 0
        assert triples == reference, f"{name} read by {parser} differs (same_triples={same_triples})"
    return turtle


def labels(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects(None, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}


def evidence(graph: Graph) -> set[str]:
    return {str(o) for o in graph.objects(None, URIRef(CK + "evidence"))}


def export_is_complete(out_dir: Path) -> None:
    """Every export file exists, the RDF ones parse alike, and the HTML page is closed."""
    for name in ALL_EXPORTS:
        assert (out_dir / name).is_file(), f"{name} missing"
    parse_exports(out_dir)
    assert (out_dir / "graph.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def temporary_files(out_dir: Path) -> list[str]:
    return sorted(p.name for p in Path(out_dir).iterdir() if p.name.startswith(".") or p.suffix == ".tmp")
