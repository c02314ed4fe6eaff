"""Turtle and N-Triples text for a set of triples, without building an rdflib `Graph`.

rdflib's writers read every triple back through the indexes of a `Graph` (about a kilobyte per
triple) and spend most of their time there; the exports render the whole graph and one TriG block
per article, so that cost was most of the export. This module writes the same bytes from plain
Python sets and dicts:

- `TurtleWriter(manager).write(triples) -> TurtleText | None`: the statements of rdflib 7's Turtle
  serializer (subject order, `a`, predicate and object order, nested `[ ... ]` blank nodes and
  `( ... )` lists, the same prefixed names through the same `NamespaceManager.compute_qname`, the
  same literal shortcuts), and the prefixes those statements use. It gives None where rdflib would
  have to invent a prefix (a predicate in no bound namespace) or rename one (a prefix starting with
  "_"): the caller then asks rdflib itself;
- `ntriples_lines(triples)`: each triple as rdflib's N-Triples writer writes it.

`tests/test_turtle_writer.py` checks both against rdflib on whole exports.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, NamespaceManager
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.term import Node

_INDENT = "    "
# rdflib's namespaces look their terms up on every attribute access: read them once
_TYPE, _LABEL, _CLASS, _NIL, _FIRST, _REST = RDF.type, RDFS.label, RDFS.Class, RDF.nil, RDF.first, RDF.rest
_PREDICATE_ORDER = (_TYPE, _LABEL)
_TYPE_TEXT, _NIL_TEXT = str(_TYPE), str(_NIL)


def _is(node: Node, iri_text: str) -> bool:
    """`node == URIRef(iri_text)` as rdflib decides it (same type, same text), without its Python-level `__eq__`."""
    return type(node) is URIRef and str.__eq__(node, iri_text)


def _sorted_terms(terms) -> list[Node]:
    """`sorted(terms)` in rdflib's order: terms of one type compare as their text, so IRIs alone sort
    by text at C speed; anything else is left to rdflib's comparisons."""
    terms = list(terms)
    if all(type(term) is URIRef for term in terms):
        return sorted(terms, key=str)
    return sorted(terms)


_PERCENT_NOT_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")  # a local name's "%" not followed by two hex digits


class _Unsupported(Exception):
    """rdflib would bind a prefix of its own making here; only rdflib can say which."""


@dataclass(frozen=True)
class TurtleText:
    body: str  # the statements, each "\n<statement> .\n", without the prefix block
    prefixes: tuple[tuple[str, str], ...]  # (prefix, namespace) used, sorted as rdflib sorts them

    def document(self) -> str:
        """The whole Turtle document, as `Graph.serialize(format="turtle")` gives it."""
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in self.prefixes) + self.body + "\n"


class TurtleWriter:
    """Writes triple sets as rdflib's Turtle serializer would, naming IRIs with `manager`
    (the namespace manager of a graph bound like the one rdflib would serialize)."""

    def __init__(self, manager: NamespaceManager):
        self.manager = manager
        self._names: dict[tuple[URIRef, bool], tuple[str, str, str] | None] = {}

    def write(self, triples: Iterable[tuple[Node, Node, Node]]) -> TurtleText | None:
        try:
            return _Document(self, triples).text()
        except _Unsupported:
            return None

    def pname(self, uri: Node, verb: bool) -> tuple[str, str, str] | None:
        """(prefixed name, prefix, namespace) of `uri`, or None to write it whole: rdflib's `get_pname`."""
        if not isinstance(uri, URIRef):
            return None
        key = (uri, verb)
        if key in self._names:
            return self._names[key]
        try:
            prefix, namespace, local = self.manager.compute_qname(uri, generate=False)
        except Exception:  # noqa: BLE001 - as rdflib: no prefix for it, unless it is a namespace itself
            prefix = self.manager.store.prefix(uri)
            if prefix is None:
                if verb:
                    raise _Unsupported(uri) from None  # rdflib would generate "ns1:" for a predicate
                self._names[key] = None
                return None
            namespace, local = uri, ""
        if prefix.startswith("_"):
            raise _Unsupported(prefix)  # rdflib renames such a prefix
        local = _PERCENT_NOT_ESCAPE.sub("\\%", local.replace("(", r"\(").replace(")", r"\)"))
        found = None if local.endswith(".") else (f"{prefix}:{local}", prefix, str(namespace))
        self._names[key] = found
        return found


class _Document:
    """One serialisation: the state rdflib's `TurtleSerializer` keeps, over dicts instead of a store."""

    def __init__(self, writer: TurtleWriter, triples: Iterable[tuple[Node, Node, Node]]):
        self.writer = writer
        self.properties: dict[Node, dict[Node, list[Node]]] = {}
        self.references: defaultdict[Node, int] = defaultdict(int)
        self.used: dict[str, str] = {}
        self.serialized: set[Node] = set()
        self.depth = 0
        self.out: list[str] = []
        for s, p, o in set(triples):
            self.properties.setdefault(s, {}).setdefault(p, []).append(o)
            self.references[o] += 1
            if isinstance(p, BNode):
                self.references[p] += 1
            self._preprocess(s, p, o)

    def _preprocess(self, s: Node, p: Node, o: Node) -> None:
        """The prefixes rdflib registers while reading a triple (every name it could shorten)."""
        self._name(s, verb=False)
        if not _is(p, _TYPE_TEXT):
            self._name(p, verb=True)
        self._name(o, verb=False)
        if isinstance(o, Literal) and o.datatype:
            self._name(o.datatype, verb=False)

    def _name(self, node: Node, verb: bool) -> str | None:
        found = self.writer.pname(node, verb)
        if found is None:
            return None
        name, prefix, namespace = found
        if self.used.setdefault(prefix, namespace) != namespace:
            raise _Unsupported(prefix)  # one prefix for two namespaces: rdflib renames one
        return name

    def text(self) -> TurtleText:
        classes = _sorted_terms(s for s, props in self.properties.items() if _CLASS in props.get(_TYPE, ()))
        top = set(classes)
        # rdflib sorts (is a blank node, times used as an object, subject): within the first two, the
        # subjects are all IRIs or all blank nodes, which rdflib compares by their text
        rest = sorted((isinstance(s, BNode), self.references[s], str(s), s) for s in self.properties if s not in top)
        for subject in [*classes, *(s for _, _, _, s in rest)]:
            if subject in self.serialized:
                continue
            self.serialized.add(subject)
            if isinstance(subject, BNode) and self.references[subject] == 0:
                self.out.append("\n" + self._indent() + "[]")
            else:
                self.out.append("\n" + self._indent() + self._label(subject, verb=False))
            self._predicate_list(subject)
            self.out.append(" .\n")
        return TurtleText("".join(self.out), tuple(sorted(self.used.items())))

    def _indent(self, modifier: int = 0) -> str:
        return (self.depth + modifier) * _INDENT

    def _label(self, node: Node, verb: bool) -> str:
        if _is(node, _NIL_TEXT):
            return "()"
        if verb and _is(node, _TYPE_TEXT):
            return "a"
        if isinstance(node, Literal):
            return node._literal_n3(use_plain=True, qname_callback=lambda dt: self._name(dt, verb=False))
        return self._name(node, verb) or node.n3()

    def _predicate_list(self, subject: Node) -> None:
        properties = self.properties.get(subject, {})
        if not properties:
            return
        for predicate, objects in properties.items():
            if len(objects) > 1:
                properties[predicate] = _sorted_terms(objects)
        first = [p for p in _PREDICATE_ORDER if p in properties]
        order = first + _sorted_terms(p for p in properties if p not in first)
        for n, predicate in enumerate(order):
            if n:
                self.out.append(" ;\n" + self._indent(1) + self._label(predicate, verb=True))
            else:
                self.out.append(" " + self._label(predicate, verb=True))
            self._object_list(properties[predicate])

    def _object_list(self, objects: list[Node]) -> None:
        step = 1  # rdflib's `(count == 1) and 0 or 1`, which is 1 whatever the count
        self.depth += step
        self._object(objects[0], newline=False)
        for obj in objects[1:]:
            self.out.append(",\n" + self._indent(1))
            self._object(obj, newline=True)
        self.depth -= step

    def _object(self, node: Node, newline: bool) -> None:
        """rdflib's `path` in object position: a blank node used once is written in place."""
        if not isinstance(node, BNode) or node in self.serialized or self.references[node] > 1:
            self.out.append(("" if newline else " ") + self._label(node, verb=False))
            return
        if not newline:
            self.out.append(" ")
        if self._is_list(node):
            self.out.append("(")
            self.depth += 1
            item = node
            while item is not None:
                first = self._value(item, _FIRST)
                if first is not None:
                    self._object(first, newline=False)
                    self.serialized.add(item)
                item = self._value(item, _REST)
            self.depth -= 1
            self.out.append(" )")
        else:
            self.serialized.add(node)
            self.depth += 2
            self.out.append("[")
            self.depth -= 1
            self._predicate_list(node)
            self.out.append(" ]")
            self.depth -= 1

    def _value(self, subject: Node, predicate: Node) -> Node | None:
        values = self.properties.get(subject, {}).get(predicate)
        return values[0] if values else None

    def _is_list(self, node: Node) -> bool:
        """An RDF collection whose cells have no other properties (rdflib's `isValidList`)."""
        if self._value(node, _FIRST) is None:
            return False
        item = node
        while item is not None:
            if not _is(item, _NIL_TEXT) and sum(len(o) for o in self.properties.get(item, {}).values()) != 2:
                return False
            item = self._value(item, _REST)
        return True


def ntriples_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """Each distinct triple as one N-Triples line (with its newline), sorted."""
    return sorted({_nt_row(triple) for triple in triples})
