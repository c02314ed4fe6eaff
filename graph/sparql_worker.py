"""SPARQL queries answered by worker processes, each bounded in time and in rows.

Takes a store folder (or an export file, loaded in memory by each worker), a query, the client's
Accept header, a time limit and a row limit; gives an `Answer` (HTTP status, media type, body).
Oxigraph cannot cancel a running query, so each query runs in a worker process: when the time
limit passes, the worker is killed and replaced, and the client gets 503. Workers open the store
read-only and are started with the `spawn` method (no copy of the server's threads).

Result formats by Accept (`negotiate`): SELECT and ASK as SPARQL JSON (the default), XML, CSV or
TSV; CONSTRUCT and DESCRIBE as Turtle (the default), N-Triples or JSON-LD. A SELECT or CONSTRUCT
answer longer than the row limit is cut at the limit and says so in the `X-Row-Limit` header.
"""
from __future__ import annotations

import json
import logging
import multiprocessing
import queue
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

log = logging.getLogger("conflict_kg.server")

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_START_SECONDS = 120
_UPDATE_KEYWORDS = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)
_PROLOGUE = re.compile(r"^\s*(PREFIX\s+[^:\s]*:\s*<[^>]*>|BASE\s*<[^>]*>)", re.IGNORECASE)
_COMMENT = re.compile(r"#[^\n<>\"']*$", re.MULTILINE)


@dataclass(frozen=True)
class Answer:
    status: int
    media_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def negotiate(accept: str | None, offered: dict) -> str:
    """The offered media type the Accept header prefers (q-values honoured); the first offered when none fits."""
    choices = []
    for position, item in enumerate((accept or "").split(",")):
        parts = [p.strip() for p in item.split(";")]
        media, quality = parts[0].lower(), 1.0
        for param in parts[1:]:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            choices.append((-quality, position, media))
    for _, _, media in sorted(choices):
        if media in offered:
            return media
        if media.endswith("/*"):
            found = next((m for m in offered if m.startswith(media[:-1])), None)
            if found and media != "*/*":
                return found
        if media == "*/*":
            break
    return next(iter(offered))


def is_update(sparql: str) -> bool:
    """Whether the text is a SPARQL Update (its first keyword after the prologue is an update's)."""
    text = _COMMENT.sub("", sparql)
    while (match := _PROLOGUE.match(text)) is not None:
        text = text[match.end():]
    return _UPDATE_KEYWORDS.match(text) is not None


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def evaluate(store: ox.Store, sparql: str, accept: str | None, max_rows: int, prefixes: dict[str, str]) -> Answer:
    """Run one query on `store` and serialise its answer in the negotiated format."""
    try:
        result = store.query(sparql, prefixes=prefixes, use_default_graph_as_union=True)
    except SyntaxError as error:
        from conflict_kg.graph.query import parser_message

        if is_update(sparql):
            return Answer(403, "text/plain", b"this endpoint is read-only: SPARQL Update is refused\n")
        return Answer(400, "text/plain", f"malformed SPARQL query: {parser_message(error)}\n".encode())
    headers: dict[str, str] = {}
    if isinstance(result, ox.QueryBoolean):
        media = negotiate(accept, RESULT_TYPES)
        return Answer(200, media, result.serialize(format=RESULT_TYPES[media]))
    if isinstance(result, ox.QuerySolutions):
        media = negotiate(accept, RESULT_TYPES)
        names = [v.value for v in result.variables]
        bindings = []
        for solution in result:
            if len(bindings) == max_rows:
                headers["X-Row-Limit"] = f"{max_rows}; the answer was cut at this many rows"
                break
            bindings.append({n: _term_json(solution[n]) for n in names if solution[n] is not None})
        body = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
        if RESULT_TYPES[media] != ox.QueryResultsFormat.JSON:
            body = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_TYPES[media])
        return Answer(200, media, body, headers)
    media = negotiate(accept, GRAPH_TYPES)
    triples = []
    for triple in result:
        if len(triples) == max_rows:
            headers["X-Row-Limit"] = f"{max_rows}; the answer was cut at this many triples"
            break
        triples.append(triple)
    fmt = GRAPH_TYPES[media]
    body = ox.serialize(triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None)
    return Answer(200, media, body, headers)


def open_for_reading(source: str, in_memory: bool = False) -> ox.Store:
    """A store folder opened read-only (copied into memory with `in_memory`), or an export file loaded into memory."""
    from conflict_kg.graph.query import load_store

    store = load_store(Path(source)).store
    if not in_memory:
        return store
    copy = ox.Store()
    copy.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return copy


def _worker(connection, source: str, prefixes: dict[str, str], in_memory: bool) -> None:
    store = open_for_reading(source, in_memory)
    connection.send("ready")
    while True:
        job = connection.recv()
        if job is None:
            return
        sparql, accept, max_rows = job
        try:
            if sparql is None:  # the whole dataset, graph by graph
                connection.send(Answer(200, "application/trig", store.dump(format=ox.RdfFormat.TRIG)))
                continue
            connection.send(evaluate(store, sparql, accept, max_rows, prefixes))
        except Exception as error:  # noqa: BLE001 - evaluation errors (e.g. a type error) go to the client
            connection.send(Answer(500, "text/plain", f"the query failed: {type(error).__name__}: {error}\n".encode()))


class _Worker:
    def __init__(self, source: str, prefixes: dict[str, str], in_memory: bool = False):
        context = multiprocessing.get_context("spawn")
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker, args=(child, source, prefixes, in_memory), daemon=True)
        self.process.start()
        child.close()
        if not self.connection.poll(_START_SECONDS) or self.connection.recv() != "ready":
            self.stop()
            raise RuntimeError(f"{source}: the query worker did not start")

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


class QueryPool:
    """`workers` processes answering queries on `source`, each query within `timeout` seconds; with
    `in_memory`, each worker copies the store into memory first (scans and groupings run about twice as
    fast, lookups by a much-mentioned entity slower: `make bench-store`)."""

    def __init__(self, source: str | Path, *, prefixes: dict[str, str], workers: int = 2, timeout: float = 30.0,
                 max_rows: int = 10_000, in_memory: bool = False):
        self.source, self.prefixes, self.in_memory = str(source), prefixes, in_memory
        self.timeout, self.max_rows = timeout, max_rows
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        for _ in range(max(1, workers)):
            self._add(_Worker(self.source, prefixes, in_memory))

    def _add(self, worker: _Worker) -> None:
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self) -> None:
        try:
            self._add(_Worker(self.source, self.prefixes, self.in_memory))
        except (RuntimeError, OSError) as error:
            log.error("cannot start a query worker: %s", error)

    def dump_dataset(self) -> Answer:
        """Every graph as TriG."""
        return self.run(None, None)

    def run(self, sparql: str | None, accept: str | None = None, *, max_rows: int | None = None) -> Answer:
        try:
            worker = self._idle.get(timeout=self.timeout + _START_SECONDS)
        except queue.Empty:
            return Answer(503, "text/plain", b"no query worker is free; try again later\n")
        problem = f"the query took longer than the limit of {self.timeout:g} s and was stopped"
        try:
            worker.connection.send((sparql, accept, self.max_rows if max_rows is None else max_rows))
            if worker.connection.poll(self.timeout):
                answer = worker.connection.recv()
                self._idle.put(worker)
                return answer
        except (EOFError, OSError) as error:
            problem = f"the query worker stopped while answering ({type(error).__name__}); it was restarted"
        with self._lock:
            self._all.discard(worker)
        worker.stop()
        threading.Thread(target=self._replace, daemon=True).start()  # answer now, start its successor meanwhile
        return Answer(503, "text/plain", f"{problem}\n".encode())

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()
