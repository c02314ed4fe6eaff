"""The four RDF export files written piece by piece, so their size never has to fit in memory.

Takes the graph's triples as `Piece`s: first the pieces of the default graph that belong to no
article (the ontology, the entities, the relations, the assertions, the dataset description), then
one piece per article (its description, in the default graph, and its named graph: the entities it
mentions and its claims). Pieces share no triple, so each file holds every distinct triple once.
Gives each file as an iterator of text chunks, rendered a piece at a time:

- `turtle_chunks`: every prefix the graph binds, then each piece's statements as rdflib's Turtle
  writer lays them out (`graph.turtle`); a subject an article mentions gets a statement in the
  piece of each article that mentions it;
- `ntriples_chunks`: every line, sorted (through sorted runs on disk when there are many);
- `jsonld_chunks`: one document with the prefixes as its context, each piece's nodes in the
  canonical form of `graph.jsonld` (a node that several pieces describe comes once per piece, as
  JSON-LD allows: a reader merges nodes with the same `@id`);
- `trig_chunks`: each piece's default-graph triples in a `{ ... }` block and its named graph after it.

The same pieces in the same order give the same bytes.
"""
from __future__ import annotations

import heapq
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from conflict_kg.graph.jsonld import NodeWriter, jsonld_nodes
from conflict_kg.graph.triple_index import TripleIndex
from conflict_kg.graph.turtle import TurtleWriter, ntriples_lines

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Piece:
    """Triples of the default graph, and those of the named graph `name` (None: no named graph)."""

    default: frozenset[Triple]
    named: frozenset[Triple] = frozenset()
    name: URIRef | None = None

    @property
    def size(self) -> int:
        return len(self.default | self.named)


def prefix_lines(manager: NamespaceManager) -> list[str]:
    return sorted(f"@prefix {prefix}: <{iri}> ." for prefix, iri in manager.namespaces())


def turtle_statements(triples: Iterable[Triple], writer: TurtleWriter) -> str:
    """The statements of `triples`, each "\\n<statement> .\\n", as rdflib lays them out; as N-Triples
    lines (which are Turtle too) where rdflib would have invented a prefix the file does not declare."""
    text = writer.write(triples)
    return text.body if text is not None else "\n" + "".join(ntriples_lines(triples))


def turtle_chunks(pieces: Iterable[Piece], manager: NamespaceManager) -> Iterator[str]:
    writer = TurtleWriter(manager)
    yield "".join(f"{line}\n" for line in prefix_lines(manager))
    for piece in pieces:
        if piece.default or piece.named:
            yield turtle_statements(piece.default | piece.named, writer)
    yield "\n"


RUN_LINES = 50_000  # N-Triples lines sorted in memory at once (some 10 MB); more go to sorted runs on disk


def ntriples_chunks(pieces: Iterable[Piece], run_lines: int = RUN_LINES) -> Iterator[str]:
    """Every line sorted (UTF-8 bytes sort as the text does), each once: sorted in memory up to
    `run_lines` lines, and merged from sorted runs in temporary files beyond that."""
    lines: set[bytes] = set()
    with tempfile.TemporaryDirectory(prefix="conflict-kg-nt-") as folder:
        runs: list[Path] = []
        for piece in pieces:
            lines.update(line.encode("utf-8") for line in ntriples_lines(piece.default | piece.named))
            if len(lines) >= run_lines:
                runs.append(Path(folder) / f"run{len(runs)}")
                runs[-1].write_bytes(b"".join(sorted(lines)))
                lines = set()
        if not runs:
            yield b"".join(sorted(lines)).decode("utf-8")
            return
        with ExitStack() as files:
            sources = [files.enter_context(run.open("rb")) for run in runs] + [iter(sorted(lines))]
            batch, previous = [], None
            for line in heapq.merge(*sources):
                if line != previous:
                    batch.append(line)
                    previous = line
                if len(batch) >= 10_000:
                    yield b"".join(batch).decode("utf-8")
                    batch = []
            yield b"".join(batch).decode("utf-8")


def jsonld_chunks(pieces: Iterable[Piece], context: dict[str, str],
                  canonical: Callable[[object], object]) -> Iterator[str]:
    """The document `graph.jsonld.jsonld_document` gives for one piece, with the nodes of every piece."""
    document = json.dumps({"@context": context, "@graph": []}, sort_keys=True, indent=1, ensure_ascii=False)
    empty = ' "@graph": []\n}'
    assert document.endswith(empty)
    opened = False
    writer = NodeWriter(context, canonical)
    for piece in pieces:
        triples = piece.default | piece.named
        nodes = writer.nodes(triples)
        for node in nodes if nodes is not None else jsonld_nodes(TripleIndex(triples), context, canonical):
            yield (",\n" if opened else document[:-len(empty)] + ' "@graph": [\n') + _indented(node)
            opened = True
    yield "\n ]\n}\n" if opened else document + "\n"


def _indented(node_text: str) -> str:
    return "\n".join(f"  {line}" for line in node_text.split("\n"))


def trig_chunks(pieces: Iterable[Piece], manager: NamespaceManager) -> Iterator[str]:
    writer = TurtleWriter(manager)
    yield "\n".join(prefix_lines(manager)) + "\n"
    for piece in pieces:
        if piece.default or piece.name is None:
            yield "\n{\n" + _block(piece.default, writer) + "}\n"
        if piece.name is not None:
            yield f"\n{piece.name.n3()} {{\n" + _block(piece.named, writer) + "}\n"


def _block(triples: frozenset[Triple], writer: TurtleWriter) -> str:
    return turtle_statements(triples, writer).strip("\n") + "\n"
