"""The four RDF export files written piece by piece, so their size never has to fit in memory.

Takes the graph's triples as `Piece`s: first the pieces of the default graph that belong to no
article (the ontology, the entities, the relations, the assertions, the dataset description), then
one piece per article (its description, in the default graph, and its named graph: the entities it
mentions and its claims). Pieces share no triple, so each file holds every distinct triple once.

`PieceRenderer.render(piece)` renders a piece once for all four files, as a `RenderedPiece`:
- its Turtle statements as rdflib's Turtle writer lays them out (`graph.turtle`); a subject an
  article mentions gets a statement in the piece of each article that mentions it;
- its TriG blocks: the default-graph triples in a `{ ... }` block and its named graph after it;
- its JSON-LD nodes in the canonical form of `graph.jsonld` (a node that several pieces describe
  comes once per piece, as JSON-LD allows: a reader merges nodes with the same `@id`);
- its N-Triples lines, sorted.

`PieceRenderer.render_made(recipe, make)` takes an article's piece from a `PieceCache` when an
earlier build rendered one from the same recipe (made in `graph.rdf`: the text of the article
record, the IRIs of the entities it mentions and its claims, from which its triples are made); the
key is a SHA-256 of the recipe, of the prefixes bound and of `renderer_version()`. No IRI depends
on the rest of the corpus, so an unchanged article has the same recipe, and a re-build makes and
renders the triples of changed articles only.

The chunk writers join rendered pieces into each file: `turtle_chunks` (every prefix the graph
binds, then each piece's statements), `ntriples_chunks` (every line, sorted, each once, through
sorted runs on disk when there are many), `jsonld_chunks` (one document with the prefixes as its
context) and `trig_chunks`. The same pieces in the same order give the same bytes.
"""
from __future__ import annotations

import functools
import hashlib
import heapq
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rdflib import URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from conflict_kg.extract.disk_memo import package_folder, source_digest
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


@dataclass(frozen=True)
class RenderedPiece:
    """A piece's text in each file, and its number of distinct triples."""

    size: int
    turtle: str  # statements, each "\n<statement> .\n"
    trig: str  # its blocks
    jsonld: tuple[str, ...]  # its nodes, in document order, indented as in the document
    ntriples: bytes  # its lines, sorted, UTF-8


class PieceCache(Protocol):
    def get(self, key: str) -> RenderedPiece | None: ...

    def put(self, key: str, piece: RenderedPiece) -> None: ...


@functools.cache
def renderer_version() -> str:
    """A hash of what decides a piece's text besides its recipe: the code that makes and renders
    its triples (`conflict_kg.graph`, the vocabulary in `conflict_kg.ontology`) and rdflib."""
    return source_digest(((package_folder("conflict_kg.graph"), "*.py"), (package_folder("conflict_kg.ontology"), "*.py")),
                         ("rdflib",)).hexdigest()


class PieceRenderer:
    """Renders pieces with one namespace manager and its prefixes as the JSON-LD context, taking
    them from `cache` (and putting them there) when given."""

    def __init__(self, manager: NamespaceManager, canonical: Callable[[object], object],
                 cache: PieceCache | None = None):
        self.manager = manager
        self.context = {prefix: str(iri) for prefix, iri in sorted(manager.namespaces())}
        self.canonical = canonical
        self.cache = cache
        self._turtle = TurtleWriter(manager)
        self._nodes = NodeWriter(self.context, canonical)
        self._signature = (renderer_version() + json.dumps(self.context, sort_keys=True)).encode()

    def render(self, piece: Piece) -> RenderedPiece:
        union = piece.default | piece.named
        lines = sorted({line.encode("utf-8") for line in ntriples_lines(union)})
        statements = self._statements(union)
        return RenderedPiece(size=len(union), turtle=statements, trig=self._trig(piece, union, statements),
                             jsonld=self._jsonld(union), ntriples=b"".join(lines))

    def render_made(self, recipe: str, make: Callable[[], Piece]) -> RenderedPiece:
        """The piece `make()` gives, rendered; taken from the cache, if one is given, when a piece
        with the same `recipe` (a text of everything its triples are made from) was rendered before."""
        if self.cache is None:
            return self.render(make())
        key = hashlib.sha256(self._signature + recipe.encode("utf-8", "surrogatepass")).hexdigest()
        rendered = self.cache.get(key)
        if rendered is None:
            rendered = self.render(make())
            self.cache.put(key, rendered)
        return rendered

    def _statements(self, triples: frozenset[Triple]) -> str:
        """The statements of `triples` as rdflib lays them out; as N-Triples lines (which are Turtle
        too) where rdflib would have invented a prefix the file does not declare."""
        if not triples:
            return ""
        text = self._turtle.write(triples)
        return text.body if text is not None else "\n" + "".join(ntriples_lines(triples))

    def _trig(self, piece: Piece, union: frozenset[Triple], union_statements: str) -> str:
        def block(triples: frozenset[Triple]) -> str:
            # a block that holds the whole piece is laid out as its Turtle statements are
            statements = union_statements if len(triples) == len(union) else self._statements(triples)
            return statements.strip("\n") + "\n"

        blocks = []
        if piece.default or piece.name is None:
            blocks.append("\n{\n" + block(piece.default) + "}\n")
        if piece.name is not None:
            blocks.append(f"\n{piece.name.n3()} {{\n" + block(piece.named) + "}\n")
        return "".join(blocks)

    def _jsonld(self, triples: frozenset[Triple]) -> tuple[str, ...]:
        nodes = self._nodes.nodes(triples)
        if nodes is None:
            nodes = jsonld_nodes(TripleIndex(triples), self.context, self.canonical)
        return tuple("\n".join(f"  {line}" for line in node.split("\n")) for node in nodes)


def prefix_lines(manager: NamespaceManager) -> list[str]:
    return sorted(f"@prefix {prefix}: <{iri}> ." for prefix, iri in manager.namespaces())


def turtle_chunks(pieces: Iterable[RenderedPiece], manager: NamespaceManager) -> Iterator[str]:
    yield "".join(f"{line}\n" for line in prefix_lines(manager))
    for piece in pieces:
        if piece.turtle:
            yield piece.turtle
    yield "\n"


RUN_LINES = 50_000  # N-Triples lines sorted in memory at once (some 10 MB); more go to sorted runs on disk


def ntriples_chunks(pieces: Iterable[RenderedPiece], run_lines: int = RUN_LINES) -> Iterator[str]:
    """Every line sorted (UTF-8 bytes sort as the text does), each once: sorted in memory up to
    `run_lines` lines, and merged from sorted runs in temporary files beyond that."""
    lines: set[bytes] = set()
    with tempfile.TemporaryDirectory(prefix="conflict-kg-nt-") as folder:
        runs: list[Path] = []
        for piece in pieces:
            # split on "\n" only: a literal's line separators (U+2028...) are not escaped in N-Triples
            lines.update(line + b"\n" for line in piece.ntriples.split(b"\n")[:-1])
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


def jsonld_chunks(pieces: Iterable[RenderedPiece], context: dict[str, str]) -> Iterator[str]:
    """The document `graph.jsonld.jsonld_document` gives for one piece, with the nodes of every piece."""
    document = json.dumps({"@context": context, "@graph": []}, sort_keys=True, indent=1, ensure_ascii=False)
    empty = ' "@graph": []\n}'
    assert document.endswith(empty)
    opened = False
    for piece in pieces:
        for node in piece.jsonld:
            yield (",\n" if opened else document[:-len(empty)] + ' "@graph": [\n') + node
            opened = True
    yield "\n ]\n}\n" if opened else document + "\n"


def trig_chunks(pieces: Iterable[RenderedPiece], manager: NamespaceManager) -> Iterator[str]:
    yield "\n".join(prefix_lines(manager)) + "\n"
    for piece in pieces:
        yield piece.trig
