"""The HTTP server: the SPARQL 1.1 Protocol on /sparql and the graph's IRIs as Linked Data (Starlette).

`create_app(source, ...)` takes a store folder (or an export file) and gives a Starlette app;
`serve(...)` runs it with uvicorn. Routes:

- `GET|POST /sparql`: the SPARQL 1.1 Protocol, read-only. A query comes as `?query=` (GET), as a
  urlencoded form or as `application/sparql-query` (POST). Results follow the Accept header
  (`graph.sparql_worker`). An update (`update=`, `application/sparql-update`, or update text)
  gets 403; a malformed query 400 with the parser's message; a query over the time limit 503.
- `GET /id/{path}`: the resource `{base}{path}` as Turtle, JSON-LD or N-Triples by content
  negotiation (or `?format=turtle|jsonld|ntriples`), or as an HTML page for browsers; 404 when the
  graph says nothing about it. `/id/dataset` is the VoID/DCAT description.
- `GET /dump/graph.ttl|.nt|.jsonld|.trig`: the whole graph (the dump files the description names).
- `GET /`: the query page with the README's example queries; `/static/...` its script and style.
- `/.well-known/void` redirects to the dataset description.

CORS is open to any origin (GET and POST), so browser clients elsewhere can query.
"""
from __future__ import annotations

import contextlib
import json
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from conflict_kg.graph.linked_data import describe_query, exists_query, render_resource_page, rows_of, templates
from conflict_kg.graph.rdf import PREFIXES, ExportError, safe_iri
from conflict_kg.graph.sparql_worker import Answer, QueryPool, is_update, negotiate
from conflict_kg.ontology.namespace import DEFAULT_BASE

RESOURCE_TYPES = {"text/turtle": "text/turtle", "application/ld+json": "application/ld+json",
                  "application/n-triples": "application/n-triples", "text/html": "text/html"}
FORMAT_PARAMETER = {"turtle": "text/turtle", "ttl": "text/turtle", "jsonld": "application/ld+json",
                    "json-ld": "application/ld+json", "ntriples": "application/n-triples", "nt": "application/n-triples",
                    "html": "text/html"}
DUMPS = {"graph.ttl": "text/turtle", "graph.nt": "application/n-triples", "graph.jsonld": "application/ld+json"}
JSON_RESULTS = "application/sparql-results+json"
DUMP_ROWS = 100_000_000


def example_queries() -> list[dict[str, str]]:
    """The example queries shipped with the package (`graph/queries/*.rq`, the README's), titled by their first comment."""
    examples = []
    folder = resources.files("conflict_kg.graph").joinpath("queries")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            first, _, rest = text.partition("\n")
            title = first.lstrip("#").strip() if first.startswith("#") else entry.name
            examples.append({"title": title, "text": rest if first.startswith("#") else text})
    return examples


def _refuse_update() -> Response:
    return PlainTextResponse("this endpoint is read-only: SPARQL Update is refused\n", 403)


def _respond(answer: Answer) -> Response:
    media = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") else "")
    return Response(answer.body, status_code=answer.status, headers={**answer.headers, "Content-Type": media,
                                                                     "Vary": "Accept"})


def _closing(pool: QueryPool):
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        pool.close()
    return lifespan


def create_app(source: str | Path, *, base: str | None = None, timeout: float = 30.0, max_rows: int = 10_000,
               workers: int = 2, in_memory: bool = False) -> Starlette:
    pool = QueryPool(source, prefixes=PREFIXES, workers=workers, timeout=timeout, max_rows=max_rows,
                     in_memory=in_memory)
    if base is None:
        found = rows_of(pool.run("SELECT ?space WHERE { ?d <http://rdfs.org/ns/void#uriSpace> ?space } LIMIT 1",
                                 JSON_RESULTS).body)
        base = found[0]["space"] if found and found[0]["space"] else DEFAULT_BASE

    async def run(sparql: str, accept: str | None, rows: int | None = None) -> Answer:
        return await run_in_threadpool(pool.run, sparql, accept, max_rows=rows)

    async def sparql(request: Request) -> Response:
        params = request.query_params
        text = params.get("query")
        if "update" in params:
            return _refuse_update()
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind == "application/sparql-update":
                return _refuse_update()
            if kind == "application/sparql-query":
                text = (await request.body()).decode("utf-8", errors="replace")
            elif kind == "application/x-www-form-urlencoded":
                form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
                if "update" in form:
                    return _refuse_update()
                text = form["query"][0] if "query" in form else None
            else:
                return PlainTextResponse("send the query as application/sparql-query or as a urlencoded form "
                                         f"(got {kind or 'no Content-Type'})\n", 415)
        if text is None:
            if "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/", 303)
            return PlainTextResponse("no query: give it as ?query=... or in a POST body\n", 400)
        if "default-graph-uri" in params or "named-graph-uri" in params:
            return PlainTextResponse("default-graph-uri and named-graph-uri are not supported: the default graph is "
                                     "the union of all graphs; use GRAPH or FROM in the query\n", 400)
        if is_update(text):
            return _refuse_update()
        return _respond(await run(text, request.headers.get("accept")))

    async def resource(request: Request) -> Response:
        iri = base + request.path_params["path"]
        try:
            safe_iri(iri)  # nothing that could end the <IRI> in the queries below
        except ExportError:
            return PlainTextResponse(f"not an IRI of this graph: {iri!r}\n", 404)
        wanted = FORMAT_PARAMETER.get(request.query_params.get("format", "").lower())
        media = wanted or negotiate(request.headers.get("accept"), RESOURCE_TYPES)
        found = await run(exists_query(iri), JSON_RESULTS)
        if found.status != 200:
            return _respond(found)
        if not json.loads(found.body).get("boolean"):
            return PlainTextResponse(f"nothing is known about {iri}\n", 404)
        if media == "text/html":
            answers = []

            def select(query: str):
                answer = pool.run(query, JSON_RESULTS)
                if answer.status != 200:
                    answers.append(answer)
                    return []
                return rows_of(answer.body)

            page = await run_in_threadpool(render_resource_page, iri, base, select)
            if answers:
                return _respond(answers[0])
            return HTMLResponse(page, headers={"Vary": "Accept"})
        answer = await run(describe_query(iri), media, DUMP_ROWS)
        return _respond(answer)

    async def dump(request: Request) -> Response:
        name = request.path_params["name"]
        if name == "graph.trig":
            return _respond(await run_in_threadpool(pool.dump_dataset))
        if name not in DUMPS:
            return PlainTextResponse(f"no dump {name!r} (there are {', '.join([*DUMPS, 'graph.trig'])})\n", 404)
        return _respond(await run("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", DUMPS[name], DUMP_ROWS))

    async def query_page(request: Request) -> Response:
        examples = example_queries()
        page = templates().get_template("query.html").render(
            examples=examples, examples_json=json.dumps(examples).replace("</", "<\\/"),
            settings_json=json.dumps({"base": base}).replace("</", "<\\/"),
            max_rows=pool.max_rows, timeout=f"{pool.timeout:g}", prefixes=sorted(PREFIXES))
        return HTMLResponse(page)

    async def well_known(request: Request) -> Response:
        return RedirectResponse("/id/dataset", 303)

    static = StaticFiles(directory=str(resources.files("conflict_kg.graph").joinpath("static")))
    app = Starlette(
        routes=[Route("/", query_page), Route("/sparql", sparql, methods=["GET", "POST"]),
                Route("/id/{path:path}", resource), Route("/dump/{name}", dump),
                Route("/.well-known/void", well_known), Mount("/static", static)],
        middleware=[Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                               allow_headers=["Content-Type", "Accept"], expose_headers=["X-Row-Limit"])],
        lifespan=_closing(pool))
    app.state.pool, app.state.base = pool, base
    return app


def serve(source: str | Path, *, host: str = "127.0.0.1", port: int = 7878, base: str | None = None,
          timeout: float = 30.0, max_rows: int = 10_000, workers: int = 2, in_memory: bool = False) -> None:
    """Serve the store (or export file) at `source` until interrupted; a store is marked as served
    meanwhile (`graph.store.serving`), so builds into it wait for the server to stop."""
    import uvicorn

    from conflict_kg.graph.query import load_store
    from conflict_kg.graph.store import serving

    load_store(Path(source))  # a clear error before the workers start
    with serving(source):
        app = create_app(source, base=base, timeout=timeout, max_rows=max_rows, workers=workers, in_memory=in_memory)
        print(f"serving {source} at http://{host}:{port}/ (SPARQL at /sparql, IRIs at /id/)", flush=True)
        uvicorn.run(app, host=host, port=port, log_level="warning")
