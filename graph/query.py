"""SPARQL with Oxigraph's engine: open a store or load an export, run a query, format the answer.

Takes a persistent store folder (built with `conflict-kg build --store DIR`, see `graph.store`), an
export file (`graph.trig`, `graph.ttl`, `graph.nt`, `graph.jsonld`) or an export folder, and a SPARQL
query; gives a `QueryTable` (column names and rows of strings) and its rendering as an aligned text
table, CSV or JSON. An export is loaded into an in-memory Oxigraph store. The default graph is the
union of all graphs, so queries need no GRAPH clause, and the contract's prefixes (ck, rdf, rdfs,
skos, prov, dcterms, owl and the other prefixes of the export) are bound, so a query may leave out
its PREFIX lines.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from conflict_kg.graph.rdf import PREFIXES

FORMATS_BY_SUFFIX = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD,
                     ".json": ox.RdfFormat.JSON_LD, ".trig": ox.RdfFormat.TRIG}
STORE_PREFERENCE = ("graph.trig", "graph.ttl", "graph.nt", "graph.jsonld")
OUTPUT_FORMATS = ("table", "csv", "json")
STORE_MARKER = "oxigraph"
"""The folder, inside a store folder, that holds Oxigraph's database."""

_POSITION = re.compile(r"^error at (\d+):(\d+): ")


class QueryError(ValueError):
    """The query cannot be parsed or evaluated; the message is the parser's."""


class StoreError(ValueError):
    """The export or store cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class QueryTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]


@dataclass(frozen=True)
class SparqlStore:
    """An Oxigraph store queried with its default graph as the union of all its graphs."""
    store: ox.Store

    def graphs(self) -> list[ox.DefaultGraph | ox.NamedNode | ox.BlankNode]:
        """Every graph: the default graph, then the named graphs by name."""
        return [ox.DefaultGraph(), *sorted(self.store.named_graphs(), key=lambda graph: graph.value)]

    def query(self, sparql: str):
        """Oxigraph's answer (solutions, triples or a boolean); `QueryError` with the parser's message."""
        try:
            return self.store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise QueryError(f"malformed SPARQL query: {parser_message(error)}") from error


def parser_message(error: Exception) -> str:
    """Oxigraph's syntax error with its position spelt out ("line 1, column 34: expected ...")."""
    return _POSITION.sub(lambda m: f"line {m[1]}, column {m[2]}: ", str(error), count=1)


def is_store_folder(path: Path) -> bool:
    return (Path(path) / STORE_MARKER).is_dir()


def load_store(path: Path) -> SparqlStore:
    """A store folder (opened read-only), or an export file (by its extension) or export folder
    (graph.trig preferred) loaded into an in-memory store."""
    path = Path(path)
    if is_store_folder(path):
        try:
            return SparqlStore(ox.Store.read_only(str(path / STORE_MARKER)))
        except OSError as error:
            raise StoreError(f"{path}: cannot open the store: {error}") from error
    if path.is_dir():
        found = next((path / name for name in STORE_PREFERENCE if (path / name).is_file()), None)
        if found is None:
            raise StoreError(f"{path}: no export found (expected one of {', '.join(STORE_PREFERENCE)}, "
                             f"or a store folder built with --store)")
        path = found
    if not path.is_file():
        raise StoreError(f"{path}: no such file or folder")
    rdf_format = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if rdf_format is None:
        raise StoreError(f"{path}: unknown export format {path.suffix!r} (expected {', '.join(FORMATS_BY_SUFFIX)})")
    store = ox.Store()
    try:
        store.load(path=str(path), format=rdf_format)
    except (SyntaxError, ValueError) as error:
        raise StoreError(f"{path}: not valid {rdf_format.name}: {error}") from error
    return SparqlStore(store)


def query_store(store: SparqlStore, sparql: str) -> QueryTable:
    """Run `sparql` on a loaded store."""
    result = store.query(sparql)
    try:
        return _table(result)
    except Exception as error:  # noqa: BLE001 - evaluation errors surface while iterating
        raise QueryError(f"the query failed: {error}") from error


def run_query(path: Path, sparql: str) -> QueryTable:
    """Run `sparql` on the store or export at `path`."""
    return query_store(load_store(path), sparql)


def term_text(term) -> str | None:
    """The lexical value of a term (IRI, literal or blank node label); None when unbound."""
    return None if term is None else term.value


def _table(result) -> QueryTable:
    if isinstance(result, ox.QueryBoolean):
        return QueryTable(columns=("ask",), rows=(("true" if bool(result) else "false",),))
    if isinstance(result, ox.QuerySolutions):
        columns = tuple(v.value for v in result.variables)
        return QueryTable(columns=columns, rows=tuple(tuple(term_text(s[c]) for c in columns) for s in result))
    # CONSTRUCT / DESCRIBE: the resulting triples, in a stable order
    triples = sorted((term_text(t.subject), term_text(t.predicate), term_text(t.object)) for t in result)
    return QueryTable(columns=("subject", "predicate", "object"), rows=tuple(triples))


def _one_line(text: str | None) -> str:
    if text is None:
        return ""
    return " ".join(text.replace("\t", " ").splitlines())


def format_table(table: QueryTable, fmt: str = "table") -> str:
    """The table as aligned plain text ("table"), CSV ("csv") or a JSON list of objects ("json")."""
    if fmt == "json":
        records = [dict(zip(table.columns, row)) for row in table.rows]
        return json.dumps(records, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows(["" if cell is None else cell for cell in row] for row in table.rows)
        return buffer.getvalue()
    if fmt != "table":
        raise ValueError(f"unknown output format {fmt!r} (expected one of {', '.join(OUTPUT_FORMATS)})")
    cells = [list(table.columns)] + [[_one_line(cell) for cell in row] for row in table.rows]
    widths = [max((len(row[i]) for row in cells), default=0) for i in range(len(table.columns))]

    def line(row: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    body = [line(row) for row in cells[1:]]
    footer = f"({len(table.rows)} row{'s' if len(table.rows) != 1 else ''})"
    return "\n".join([line(cells[0]), rule, *body, footer]) + "\n"
