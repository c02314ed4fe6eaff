"""A set of triples as rdflib's JSON-LD converter reads a graph, without an rdflib `Graph`: `TripleIndex(triples)`.

rdflib's JSON-LD `Converter` reads its graph through `predicate_objects(s)` and `value(s, p)`, and
its writer asks which subjects there are and whether a blank node is some triple's object. A `Graph`
answers those from three indexes built triple by triple (about a kilobyte per triple and a second
per 40,000 triples); a dict and a set answer them as well, so `graph.jsonld` gives the converter
this instead and gets the same document (`tests/test_turtle_writer.py` compares them).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib.term import Node


class TripleIndex:
    """Triples by subject (then predicate), and the nodes that are some triple's object."""

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]]):
        self.by_subject: dict[Node, dict[Node, list[Node]]] = {}
        self.objects: set[Node] = set()
        # in the order `graph.rdf` adds them to a Graph: the writer keeps only the last of a subject's
        # values for a predicate when the one before is falsy ("", 0, false), so the order shows
        for s, p, o in sorted(set(triples), key=lambda triple: tuple(term.n3() for term in triple)):
            self.by_subject.setdefault(s, {}).setdefault(p, []).append(o)
            self.objects.add(o)

    def subjects(self) -> Iterator[Node]:
        return iter(self.by_subject)

    def is_object(self, node: Node) -> bool:
        return node in self.objects

    def predicate_objects(self, subject: Node) -> Iterator[tuple[Node, Node]]:
        return ((p, o) for p, objects in self.by_subject.get(subject, {}).items() for o in objects)

    def value(self, subject: Node, predicate: Node) -> Node | None:
        values = self.by_subject.get(subject, {}).get(predicate)
        return values[0] if values else None
