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
from collections.abc import Callable

from rdflib import BNode, URIRef
from rdflib.plugins.serializers.jsonld import Converter
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
    converter = Converter(Context(context), (False,), False)  # as JsonLDSerializer.serialize sets it up
    nodemap = _NodeMap()
    written: list[tuple[tuple[str, str], str]] = []
    for subject in list(index.subjects()):
        if not (isinstance(subject, URIRef) or (isinstance(subject, BNode) and not index.is_object(subject))):
            continue  # a blank node some node points at is written where it is reached, as rdflib does
        converter.process_subject(index, subject, nodemap)
        for node in nodemap.values():
            # the round trip of rdflib's writer and `graph.rdf`: JSON text (UTF-8, "replace"), parsed back
            text = json.dumps(node, sort_keys=True, ensure_ascii=False).encode("utf-8", "replace").decode("utf-8")
            node = canonical(json.loads(text))
            key = (str(node.get("@id", "")), json.dumps(node, sort_keys=True))
            written.append((key, json.dumps(node, sort_keys=True, indent=1, ensure_ascii=False)))
        dict.clear(nodemap)
    written.sort(key=lambda item: item[0])
    return [text for _, text in written]
