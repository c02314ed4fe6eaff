"""SPARQL over an export: load an export file or folder, run a query, format the answer.

Takes an export (`graph.trig`, `graph.ttl`, `graph.nt`, `graph.jsonld`, or a folder holding them)
and a SPARQL query; gives a `QueryTable` (column names and rows of strings) and its rendering as an
aligned text table, CSV or JSON. The contract's prefixes (ck, rdf, rdfs, skos, prov, dcterms, owl,
and the other prefixes of the export) are bound, so a query may leave out its PREFIX lines.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import Result

from conflict_kg.graph.rdf import PREFIXES

FORMATS_BY_SUFFIX = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig"}
STORE_PREFERENCE = ("graph.trig", "graph.ttl", "graph.nt", "graph.jsonld")
OUTPUT_FORMATS = ("table", "csv", "json")


class QueryError(ValueError):
    """The query cannot be parsed or evaluated; the message is the parser's."""


class StoreError(ValueError):
    """The export cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class QueryTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]


def load_store(path: Path) -> Graph | Dataset:
    """An export file (by its extension) or an export folder (graph.trig preferred) as an rdflib graph.

    A TriG export becomes a Dataset whose default graph is the union of all its graphs, so queries
    need no GRAPH clause.
    """
    path = Path(path)
    if path.is_dir():
        found = next((path / name for name in STORE_PREFERENCE if (path / name).is_file()), None)
        if found is None:
            raise StoreError(f"{path}: no export found (expected one of {', '.join(STORE_PREFERENCE)})")
        path = found
    if not path.is_file():
        raise StoreError(f"{path}: no such file or folder")
    rdf_format = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if rdf_format is None:
        raise StoreError(f"{path}: unknown export format {path.suffix!r} (expected {', '.join(FORMATS_BY_SUFFIX)})")
    store: Graph | Dataset = Dataset(default_union=True) if rdf_format == "trig" else Graph()
    try:
        store.parse(str(path), format=rdf_format)
    except Exception as error:  # rdflib's parsers raise many unrelated exception types
        raise StoreError(f"{path}: not valid {rdf_format}: {error}") from error
    for prefix, iri in PREFIXES.items():
        store.namespace_manager.bind(prefix, iri, override=False)
    return store


def query_store(store: Graph | Dataset, sparql: str) -> QueryTable:
    """Run `sparql` on a loaded store."""
    try:
        prepared = prepareQuery(sparql, initNs=PREFIXES)
    except Exception as error:
        raise QueryError(f"malformed SPARQL query: {error}") from error
    try:
        result = store.query(prepared)
        return _table(result)
    except QueryError:
        raise
    except Exception as error:
        raise QueryError(f"the query failed: {error}") from error


def run_query(path: Path, sparql: str) -> QueryTable:
    """Run `sparql` on the export at `path` (a file or an export folder)."""
    return query_store(load_store(path), sparql)


def _cell(term) -> str | None:
    return None if term is None else str(term)


def _table(result: Result) -> QueryTable:
    if result.type == "ASK":
        return QueryTable(columns=("ask",), rows=(("true" if result.askAnswer else "false",),))
    if result.type == "SELECT":
        columns = tuple(str(v) for v in (result.vars or ()))
        return QueryTable(columns=columns, rows=tuple(tuple(_cell(term) for term in row) for row in result))
    # CONSTRUCT / DESCRIBE: the resulting triples, in a stable order
    triples = sorted(tuple(_cell(term) for term in triple) for triple in result)
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
