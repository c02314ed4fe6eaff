"""RDF export: the merged knowledge graph as an rdflib Dataset and as Turtle, N-Triples, JSON-LD and TriG.

Takes the networkx MultiDiGraph described in `graph.model`; gives
- `to_dataset(g)`: an rdflib `Dataset` whose default graph holds the ontology, the entity and the
  article descriptions, and with one named graph per article (named by the article IRI) holding the
  claims derived from that article and its mentions; the relations the claims state (a denied
  claim's triple is not stated) and the assertions across articles (`graph.assertions`) are in the
  default graph, each once, however many articles state it;
- `write_rdf(g, out_dir)`: `graph.ttl`, `graph.nt`, `graph.jsonld` (each the union of all graphs,
  every triple once) and `graph.trig` (the named graphs), byte-identical for the same input, written
  article by article (`graph.rdf_files`) so that no file is ever held whole.

The vocabulary is the one of CONTRACT.md; `ontology/shapes.ttl` states it as SHACL shapes.
"""
from __future__ import annotations

import functools
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.plugins.serializers.jsonld import JsonLDSerializer
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, Namespace
from rdflib.term import Node

from conflict_kg.extract.model import DENIED
from conflict_kg.extract.spool import Spool
from conflict_kg.graph.assertions import Assertion, assertions
from conflict_kg.graph.files import atomic_write
from conflict_kg.graph.iri import FOLDERS
from conflict_kg.graph.jsonld import jsonld_document
from conflict_kg.graph.rdf_files import (Piece, PieceCache, PieceRenderer, RenderedPiece, Triple, jsonld_chunks,
                                         ntriples_chunks, trig_chunks, turtle_chunks)
from conflict_kg.graph.triple_index import TripleIndex
from conflict_kg.graph.model import ArticleRecord, Claim, GraphEntity, articles, claims, entities
from conflict_kg.ontology.namespace import CK, DEFAULT_BASE, ONTOLOGY_IRI

GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("http://schema.org/")

PREFIXES: dict[str, str] = {
    "ck": ONTOLOGY_IRI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "geo": str(GEO),
    "schema": str(SCHEMA),
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}
"""Prefixes bound in every export; the first seven are those of CONTRACT.md."""

EXPORT_FILES = ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig")

# Characters outside XML 1.0's Char production (C0 controls but tab/newline/return, lone
# surrogates, U+FFFE/U+FFFF) plus DEL and the C1 controls, which tools choke on.
_NOT_ALLOWED_IN_LITERALS = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# An absolute IRI without the characters N-Triples and Turtle cannot carry in <...>.
_SAFE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|\\^`\x7f-\x9f]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ExportError(ValueError):
    """The graph cannot be exported as it is; the message names the offending node or claim."""


def clean_literal(text: str) -> str:
    """The text without the characters RDF literals must not (or should not) carry."""
    return _NOT_ALLOWED_IN_LITERALS.sub("", text)


def safe_iri(text: str, what: str = "IRI") -> URIRef:
    """`text` as a URIRef, after checking every RDF syntax can write it; ExportError otherwise."""
    if not isinstance(text, str) or not _SAFE_IRI.match(text) or _NOT_ALLOWED_IN_LITERALS.search(text):
        raise ExportError(f"{what} is not a valid absolute IRI: {text!r}")
    return URIRef(text)


def _text(text: str) -> Literal:
    return Literal(clean_literal(text))


def _decimal(value: float, places: int, what: str) -> Literal:
    """A decimal literal in a canonical lexical form ("0.83", "1.0"), so every syntax writes the same term."""
    if not math.isfinite(value):
        raise ExportError(f"{what} is not a finite number: {value!r}")
    lexical = f"{value:.{places}f}".rstrip("0")
    if lexical.endswith("."):
        lexical += "0"
    if lexical in ("-0.0", "-0"):
        lexical = "0.0"
    return Literal(lexical, datatype=XSD.decimal)


def _date(text: str) -> Literal:
    cleaned = clean_literal(text).strip()
    if _ISO_DATE.match(cleaned):
        try:
            date.fromisoformat(cleaned)
            return Literal(cleaned, datatype=XSD.date)
        except ValueError:
            pass
    return Literal(cleaned)


def _event_date(text: str) -> Literal | None:
    """ "2024-08-06" as xsd:date, "2024-08" as xsd:gYearMonth, "2024" as xsd:gYear; None otherwise."""
    if re.fullmatch(r"\d{4}", text):
        return Literal(text, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        return Literal(text, datatype=XSD.gYearMonth)
    literal = _date(text)
    return literal if literal.datatype == XSD.date else None


def _assertion_triples(assertion: Assertion, claim: Claim) -> list[tuple[Node, Node, Node]]:
    node = safe_iri(assertion.iri, "assertion IRI")
    out: list[tuple[Node, Node, Node]] = [
        (node, RDF.type, CK.Assertion),
        (node, RDF.subject, safe_iri(assertion.subject, f"subject of {assertion.iri}")),
        (node, RDF.predicate, _relation(assertion.predicate, claim)),
        (node, RDF.object, safe_iri(assertion.object, f"object of {assertion.iri}")),
        (node, CK.articleCount, Literal(int(assertion.article_count))),
        (node, CK.outletCount, Literal(int(assertion.outlet_count))),
        (node, CK.reporterCount, Literal(int(assertion.reporter_count))),
        (node, CK.contested, Literal(bool(assertion.contested))),
    ]
    out += [(node, CK.claim, URIRef(c)) for c in assertion.claims]
    if assertion.first_reported and assertion.last_reported:
        out += [(node, CK.firstReported, _date(assertion.first_reported)),
                (node, CK.lastReported, _date(assertion.last_reported))]
    return out


def _relation(name: str, claim: Claim) -> URIRef:
    if name not in CK.__annotations__:
        raise ExportError(f"claim {claim.iri} uses predicate {name!r}, which ontology/conflict-kg.ttl does not declare")
    return CK[name]


@lru_cache(maxsize=1)
def ontology_triples() -> tuple[tuple[Node, Node, Node], ...]:
    """The triples of `ontology/conflict-kg.ttl`, blank nodes given stable, content-derived labels."""
    source = resources.files("conflict_kg.ontology").joinpath("conflict-kg.ttl")
    parsed = Graph(bind_namespaces="none")
    parsed.parse(data=source.read_text(encoding="utf-8"), format="turtle")
    return tuple(sorted(to_canonical_graph(parsed), key=_triple_key))


def load_ontology() -> Graph:
    """The ontology as an rdflib Graph."""
    graph = _new_graph()
    for triple in ontology_triples():
        graph.add(triple)
    return graph


def _triple_key(triple: tuple[Node, ...]) -> tuple[str, ...]:
    return tuple(term.n3() for term in triple)


def _bind(namespace_owner: Graph | Dataset, base: str) -> None:
    manager = namespace_owner.namespace_manager
    for prefix, iri in PREFIXES.items():
        manager.bind(prefix, iri, override=True, replace=True)
    for folder in FOLDERS:
        manager.bind(folder, f"{base}{folder}/", override=True, replace=True)


def _new_graph(base: str = DEFAULT_BASE) -> Graph:
    graph = Graph(bind_namespaces="none")
    _bind(graph, base)
    return graph


def _article_triples(article: ArticleRecord) -> list[tuple[Node, Node, Node]]:
    doc = safe_iri(article.iri, f"IRI of article {article.id!r}")
    out: list[tuple[Node, Node, Node]] = [(doc, RDF.type, CK.Article), (doc, DCTERMS.identifier, _text(article.id))]
    meta = article.metadata
    if meta.title:
        out.append((doc, DCTERMS.title, _text(meta.title)))
    if meta.publisher:
        out.append((doc, DCTERMS.publisher, _text(meta.publisher)))
    if meta.author:
        out.append((doc, DCTERMS.creator, _text(meta.author)))
    if meta.date:
        out.append((doc, DCTERMS.date, _date(meta.date)))
    if meta.url:
        out.append((doc, SCHEMA.url, _text(meta.url)))
    return out


def _entity_triples(entity: GraphEntity) -> list[tuple[Node, Node, Node]]:
    node = safe_iri(entity.iri, "entity IRI")
    label = clean_literal(entity.label).strip() or entity.iri.rstrip("/").rsplit("/", 1)[-1]
    out: list[tuple[Node, Node, Node]] = [
        (node, RDF.type, CK[str(entity.type)]),
        (node, RDFS.label, Literal(label)),
        (node, CK.mentionCount, Literal(int(entity.mention_count))),
    ]
    for alias in sorted({clean_literal(a).strip() for a in entity.aliases} - {label, ""}):
        out.append((node, SKOS.altLabel, Literal(alias)))
    for same in entity.same_as:
        out.append((node, OWL.sameAs, safe_iri(same, f"owl:sameAs of {entity.iri}")))
    if entity.link_confidence is not None:
        out.append((node, CK.linkConfidence, _decimal(entity.link_confidence, 4, f"link confidence of {entity.iri}")))
    if entity.location is not None:
        where = entity.location
        out.append((node, GEO.lat, _decimal(where.latitude, 6, f"latitude of {entity.iri}")))
        out.append((node, GEO.long, _decimal(where.longitude, 6, f"longitude of {entity.iri}")))
        if where.country:
            out.append((node, CK.countryCode, _text(where.country.upper())))
        if where.region:
            out.append((node, CK.region, _text(where.region)))
    return out


def _edge(claim: Claim) -> tuple[Node, Node, Node]:
    """The relation a claim states, as a direct triple."""
    return (safe_iri(claim.subject, f"subject of claim {claim.iri}"), _relation(claim.predicate, claim),
            safe_iri(claim.object, f"object of claim {claim.iri}"))


def _claim_triples(claim: Claim, doc: URIRef) -> list[tuple[Node, Node, Node]]:
    node = safe_iri(claim.iri, "claim IRI")
    subject, predicate, obj = _edge(claim)
    denied = claim.polarity == DENIED
    out: list[tuple[Node, Node, Node]] = [
        (node, RDF.type, CK.Claim),
        (node, RDF.subject, subject),
        (node, RDF.predicate, predicate),
        (node, RDF.object, obj),
        (node, PROV.wasDerivedFrom, doc),
        (node, CK.evidence, _text(claim.evidence)),
        (node, CK.evidenceStart, Literal(int(claim.evidence_start))),
        (node, CK.evidenceEnd, Literal(int(claim.evidence_end))),
        (node, CK.rule, _text(claim.rule)),
        (node, CK.confidence, _decimal(claim.confidence, 4, f"confidence of claim {claim.iri}")),
        (node, CK.hedged, Literal(bool(claim.hedged))),
        (node, CK.polarity, CK.Denied if denied else CK.Asserted),
    ]
    if claim.event_date and (when := _event_date(claim.event_date)) is not None:
        out.append((node, CK.eventDate, when))
        if claim.date_precision:
            out.append((node, CK.datePrecision, Literal(claim.date_precision)))
    if claim.party:
        out.append((node, CK.party, safe_iri(claim.party, f"party of claim {claim.iri}")))
    out += [(node, CK.reportedBy, safe_iri(s, f"reportedBy of claim {claim.iri}")) for s in claim.reported_by]
    out += [(node, CK.relayedBy, safe_iri(s, f"relayedBy of claim {claim.iri}")) for s in claim.relayed_by]
    return out


def graph_pieces(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> tuple[frozenset[Triple], Callable[[], Iterator[Piece]]]:
    """The default graph's triples that belong to no article (ontology, entities, relations,
    assertions), and a function giving, each time it is called, one `Piece` per article in the order
    of their IRIs: its description (default graph) and its named graph (mentions and claims), made
    as they are asked for. No two share a triple: an article's triples all name it or its claims."""
    common, recipes = _graph_parts(g, base)
    return common, lambda: (make() for _, make in recipes())


def _graph_parts(g: nx.MultiDiGraph, base: str) -> tuple[frozenset[Triple], Callable[[], Iterator[tuple[str, Callable[[], Piece]]]]]:
    """`graph_pieces`, each article's piece given as its recipe (a text of everything its triples
    are made from: the article, the entities it mentions, its claims) and a function that makes it."""
    by_id = {a.id: a for a in articles(g)}

    def doc_of(article_id: str, what: str) -> URIRef:
        if article_id not in by_id:
            raise ExportError(f"{what} refers to article {article_id!r}, which the graph does not list")
        return URIRef(by_id[article_id].iri)

    common = set(ontology_triples())
    mentioned: dict[str, list[str]] = {article_id: [] for article_id in by_id}
    for entity in entities(g):
        common.update(_entity_triples(entity))
        for article_id in entity.articles:
            doc_of(article_id, f"entity {entity.iri}")
            mentioned[article_id].append(entity.iri)
    stated: dict[str, list[Claim]] = {article_id: [] for article_id in by_id}
    by_iri = {}
    for claim in claims(g):
        doc_of(claim.article, f"claim {claim.iri}")
        stated[claim.article].append(claim)
        by_iri[claim.iri] = claim
        if claim.polarity != DENIED:
            # each relation once, in the default graph: a triple that several graphs hold is counted once
            # per graph by the union default graph of Oxigraph 0.5, so a relation two articles state would come twice
            common.add(_edge(claim))
    for assertion in assertions(g, base):
        common.update(_assertion_triples(assertion, by_iri[assertion.claims[0]]))

    def piece(article: ArticleRecord) -> Piece:
        doc = URIRef(article.iri)
        named = [(URIRef(entity), CK.mentionedIn, doc) for entity in mentioned[article.id]]
        for claim in stated[article.id]:
            named += _claim_triples(claim, doc)
        return Piece(frozenset(_article_triples(article)), frozenset(named), doc)

    def recipes() -> Iterator[tuple[str, Callable[[], Piece]]]:
        for article in sorted(by_id.values(), key=lambda a: a.iri):
            # frozen dataclasses of strings, numbers and tuples: their repr is the same in every process
            yield repr((article, mentioned[article.id], stated[article.id])), functools.partial(piece, article)

    return frozenset(common), recipes


def graph_triples(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> tuple[list[tuple[Node, Node, Node]], dict[URIRef, list[tuple[Node, Node, Node]]]]:
    """The triples of the default graph, and those of each article's named graph, in a stable order."""
    common, article_pieces = graph_pieces(g, base)
    default = sorted(common, key=_triple_key)
    named: dict[URIRef, list[tuple[Node, Node, Node]]] = {}
    for piece in article_pieces():
        default += sorted(piece.default, key=_triple_key)
        named[piece.name] = sorted(piece.named, key=_triple_key)
    return default, named


def to_dataset(g: nx.MultiDiGraph, base: str = DEFAULT_BASE) -> Dataset:
    """The graph as an rdflib Dataset: ontology and descriptions in the default graph, one named graph per article."""
    default, named = graph_triples(g, base)
    dataset = Dataset()
    _bind(dataset, base)
    for triple in default:
        dataset.default_graph.add(triple)
    for doc, triples in named.items():
        graph = dataset.graph(doc)
        for triple in triples:
            graph.add(triple)
    return dataset


def _union(triples: Iterable[tuple[Node, Node, Node]], base: str) -> Graph:
    union = _new_graph(base)
    for triple in sorted(triples, key=_triple_key):
        union.add(triple)
    return union


def _turtle(graph: Graph) -> str:
    return graph.serialize(format="turtle")


def _turtle_body(graph: Graph) -> str:
    """A Turtle serialisation without its leading @prefix block (a literal's lines are never touched)."""
    lines = _turtle(graph).split("\n")
    start = 0
    while start < len(lines) and (lines[start].startswith("@prefix ") or not lines[start].strip()):
        start += 1
    return "\n".join(lines[start:]).rstrip("\n") + "\n"


def _ntriples(graph: Graph) -> str:
    # split on "\n" only: str.splitlines() would also break inside literals at U+2028, U+0085...
    lines = {line for line in graph.serialize(format="nt").split("\n") if line.strip()}
    return "".join(f"{line}\n" for line in sorted(lines))


def _canonical_json(value):
    if isinstance(value, dict):
        return {key: _canonical_json(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_canonical_json(item) for item in value]
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
    return value


def _jsonld(graph: Graph | TripleIndex, base: str = DEFAULT_BASE) -> str:
    """JSON-LD of `graph`, canonicalised: from the `TripleIndex` of its triples node by node
    (`graph.jsonld`), or from an rdflib Graph through rdflib's writer as one document (the same bytes)."""
    context = {prefix: iri for prefix, iri in _new_graph(base).namespace_manager.namespaces()}
    context = {prefix: str(context[prefix]) for prefix in sorted(context)}
    if isinstance(graph, TripleIndex):
        return jsonld_document(graph, context, _canonical_json)
    written = io.BytesIO()
    JsonLDSerializer(graph).serialize(written, context=context)
    document = json.loads(written.getvalue().decode("utf-8"))
    if isinstance(document, dict) and "@graph" in document:
        nodes = document["@graph"]
    elif isinstance(document, dict):
        nodes = [{k: v for k, v in document.items() if k != "@context"}] if len(document) > 1 else []
    else:
        nodes = document
    nodes = sorted((_canonical_json(n) for n in nodes), key=lambda n: (str(n.get("@id", "")),
                                                                      json.dumps(n, sort_keys=True)))
    return json.dumps({"@context": context, "@graph": nodes}, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def render_rdf(g: nx.MultiDiGraph, base: str = DEFAULT_BASE,
               describe: Callable[[int], Iterable[tuple[Node, Node, Node]]] | None = None) -> dict[str, str]:
    """Every export file's name and text; `describe(n)` gives, from the number of distinct triples,
    the triples added to the default graph (the dataset description, `graph.void`)."""
    return {name: "".join(chunks) for name, chunks in iter_rdf(g, base, describe)}


def iter_rdf(g: nx.MultiDiGraph, base: str = DEFAULT_BASE,
             describe: Callable[[int], Iterable[tuple[Node, Node, Node]]] | None = None,
             cache: PieceCache | None = None) -> Iterator[tuple[str, Iterator[str]]]:
    """`render_rdf`'s files one at a time, each as text chunks (`graph.rdf_files`). Each article's
    piece is rendered once for the four files (or taken from `cache`) and kept on disk until they
    are written: only the triples of one article are held at once, besides those that belong to
    no article."""
    common, recipes = _graph_parts(g, base)
    manager = _new_graph(base).namespace_manager
    renderer = PieceRenderer(manager, _canonical_json, cache)
    rendered: Spool[RenderedPiece] = Spool()
    try:
        triples = len(common)
        for recipe, make in recipes():
            article = renderer.render_made(recipe, make)
            triples += article.size
            rendered.append(article)
        if describe:
            common |= frozenset(describe(triples))
        common_piece = renderer.render(Piece(common))

        def pieces() -> Iterator[RenderedPiece]:
            yield common_piece
            yield from rendered

        yield "graph.ttl", turtle_chunks(pieces(), manager)
        yield "graph.nt", ntriples_chunks(pieces())
        yield "graph.jsonld", jsonld_chunks(pieces(), renderer.context)
        yield "graph.trig", trig_chunks(pieces(), manager)
    finally:
        rendered.close()


def write_rdf(g: nx.MultiDiGraph, out_dir: Path, base: str = DEFAULT_BASE) -> list[Path]:
    """Write graph.ttl, graph.nt, graph.jsonld and graph.trig into `out_dir`; the paths written."""
    out_dir = Path(out_dir)
    written = []
    for name, chunks in iter_rdf(g, base):
        path = out_dir / name
        atomic_write(path, chunks)
        written.append(path)
    return written
