"""The JSON-LD export written node by node: `jsonld_document(index, context) -> str`.

`graph.rdf` writes JSON-LD as rdflib's writer gives it, then canonicalised: every list sorted, the
nodes sorted by id, one document with the prefixes as its context. Done on the whole document, that
held the converter's node map, its JSON text, the parsed copy and the canonical copy at once: the
largest transient of the export, several times the size of the file. Here rdflib's own converter
(`Converter.process_subject`, the same code the writer runs) turns one subject at a time into its
node (and the blank nodes it reaches, as the writer would), each node goes through the same JSON
round trip and canonical form at once, and only its text and sort key are kept; the document is
then put together in the order the whole-document sort gives, so the bytes are the same
(`tests/test_turtle_writer.py` compares them).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.serializers.jsonld import PLAIN_LITERAL_TYPES, Converter
from rdflib.term import Node
from rdflib.plugins.shared.jsonld.context import Context

from conflict_kg.graph.triple_index import TripleIndex


class _NodeMap(dict):
    """The converter's node map: it remembers every node id made, while the nodes themselves are
    taken out as soon as their subject is done."""

    def __init__(self):
        super().__init__()
        self.made: set[str] = set()

    def __contains__(self, node_id) -> bool:
        return node_id in self.made

    def __setitem__(self, node_id, node) -> None:
        self.made.add(node_id)
        super().__setitem__(node_id, node)


def jsonld_document(index: TripleIndex, context: dict[str, str], canonical: Callable[[object], object]) -> str:
    """The canonical JSON-LD document of `index` with `context` (prefix -> namespace), `canonical`
    being the canonical form of one node (lists sorted)."""
    document = json.dumps({"@context": context, "@graph": []}, sort_keys=True, indent=1, ensure_ascii=False)
    nodes = jsonld_nodes(index, context, canonical)
    if nodes:
        empty = ' "@graph": []\n}'
        assert document.endswith(empty)
        text = ",\n".join("\n".join(f"  {line}" for line in node.split("\n")) for node in nodes)
        document = document[:-len(empty)] + ' "@graph": [\n' + text + "\n ]\n}"
    return document + "\n"


def jsonld_nodes(index: TripleIndex, context: dict[str, str], canonical: Callable[[object], object]) -> list[str]:
    """The text of each node of `index`'s canonical JSON-LD document with `context`, in the
    document's order (by id, then by content)."""
    return _in_document_order(_converted(index, context), canonical)


def _converted(index: TripleIndex, context: dict[str, str]) -> Iterator[dict]:
    """Each node rdflib's converter makes of `index`, one subject at a time."""
    converter = Converter(Context(context), (False,), False)  # as JsonLDSerializer.serialize sets it up
    nodemap = _NodeMap()
    for subject in list(index.subjects()):
        if not (isinstance(subject, URIRef) or (isinstance(subject, BNode) and not index.is_object(subject))):
            continue  # a blank node some node points at is written where it is reached, as rdflib does
        converter.process_subject(index, subject, nodemap)
        for node in nodemap.values():
            # the round trip of rdflib's writer and `graph.rdf`: JSON text (UTF-8, "replace"), parsed back
            yield json.loads(json.dumps(node, sort_keys=True, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8"))
        dict.clear(nodemap)


def _in_document_order(nodes: Iterable[dict], canonical: Callable[[object], object]) -> list[str]:
    """Each node's canonical text, sorted by id, then by content; only the texts are kept."""
    written = []
    for node in nodes:
        node = canonical(node)
        key = (str(node.get("@id", "")), json.dumps(node, sort_keys=True))
        written.append((key, json.dumps(node, sort_keys=True, indent=1, ensure_ascii=False)))
    written.sort(key=lambda item: item[0])
    return [text for _, text in written]


class NodeWriter:
    """`jsonld_nodes` for triples that hold no blank node, made straight from the terms: the same
    node texts (the converter's rules for the terms conflict-kg writes: IRIs as `{"@id": ...}`
    shortened by the context, `rdf:type` as `@type`, booleans, integers, doubles and strings as JSON
    values, other typed literals as `{"@type", "@value"}`, language-tagged ones with `@language`; a
    property's values gathered as the converter gathers them), without the converter's round trip.
    `nodes` gives None where it cannot promise that (a blank node, a text the round trip would
    change), and the caller uses `jsonld_nodes`; `tests/test_turtle_writer.py` compares the two."""

    def __init__(self, context: dict[str, str], canonical: Callable[[object], object]):
        self.context = Context(context)
        self.canonical = canonical
        self._ids: dict[str, str] = {}
        self._symbols: dict[str, str] = {}

    def nodes(self, triples: Iterable[tuple[Node, Node, Node]]) -> list[str] | None:
        made: dict[Node, dict] = {}
        # in `TripleIndex`'s order: a falsy value ("", 0, false) is replaced by the next one, not
        # gathered with it, as the converter does, so the order shows
        for s, p, o in sorted(set(triples), key=lambda triple: tuple(term.n3() for term in triple)):
            if isinstance(s, BNode) or isinstance(o, BNode):
                return None
            node = made.get(s)
            if node is None:
                node = made[s] = {"@id": self._id(s)}
            if p == RDF.type and isinstance(o, URIRef):
                key, value = "@type", self._symbol(o)
            else:
                key, value = self._symbol(p), self._value(o)
            held = node.get(key)
            if held:
                node[key] = [*held, value] if isinstance(held, list) else [held, value]
            else:
                node[key] = value
        for node in made.values():
            try:
                json.dumps(node, sort_keys=True, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate, which the round trip would replace
                return None
        return _in_document_order(made.values(), self.canonical)

    def _id(self, iri: Node) -> str:
        text = str(iri)
        if text not in self._ids:
            self._ids[text] = self.context.shrink_iri(text)
        return self._ids[text]

    def _symbol(self, iri: Node) -> str:
        text = str(iri)
        if text not in self._symbols:
            self._symbols[text] = self.context.to_symbol(text)
        return self._symbols[text]

    def _value(self, term: Node) -> object:
        if isinstance(term, URIRef):
            return {"@id": self._id(term)}
        if isinstance(term, Literal):
            if term.datatype in PLAIN_LITERAL_TYPES:
                return term.toPython()
            if term.datatype:
                return {"@type": self._symbol(term.datatype), "@value": str(term)}
            if term.language:
                return {"@language": term.language, "@value": str(term)}
            return str(term)
        raise TypeError(f"no JSON-LD value for {term!r}")
