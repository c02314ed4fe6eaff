"""A set of triples readable by rdflib's JSON-LD writer without an rdflib `Graph`: `TripleIndex(triples)`.

rdflib's `JsonLDSerializer` reads its graph only through `subjects()`, `subjects(None, o)`,
`predicate_objects(s)`, `value(s, p)`, `identifier` and `context_aware`. A `Graph` answers those
from three indexes built triple by triple (about a kilobyte per triple and a second per 40,000
triples); two dicts answer them as well, so `graph.rdf` gives the writer this instead and gets the
same document (`tests/test_turtle_writer.py` compares them).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import BNode
from rdflib.term import Node


class TripleIndex:
    """Triples by subject (then predicate), and the subjects that point at each node."""

    context_aware = False

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]):
        self.identifier = BNode()  # an unnamed graph, as `Graph()` is
        self.by_subject: dict[Node, dict[Node, list[Node]]] = {}
        self.pointing_at: dict[Node, set[Node]] = {}
        # in the order `graph.rdf` adds them to a Graph: the writer keeps only the last of a subject's
        # values for a predicate when the one before is falsy ("", 0, false), so the order shows
        for s, p, o in sorted(set(triples), key=lambda triple: tuple(term.n3() for term in triple)):
            self.by_subject.setdefault(s, {}).setdefault(p, []).append(o)
            self.pointing_at.setdefault(o, set()).add(s)

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:  # noqa: A002
        if predicate is not None:
            raise NotImplementedError("only subjects() and subjects(None, object) are read")
        if object is None:
            return iter(self.by_subject)
        return iter(self.pointing_at.get(object, ()))

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        return ((p, o) for p, objects in self.by_subject.get(subject, {}).items() for o in objects)

    def value(self, subject: Node, predicate: Node) -> Node | None:
        values = self.by_subject.get(subject, {}).get(predicate)
        return values[0] if values else None
