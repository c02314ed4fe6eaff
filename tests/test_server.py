"""`conflict-kg serve` as a real server on 127.0.0.1: the SPARQL Protocol through SPARQLWrapper, refused
updates, malformed queries, limits, CORS, IRIs dereferenced as Turtle, JSON-LD and HTML, the query page."""
from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error

import httpx
import pytest
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from conftest import REPO
from store_corpus import CAPTURES, write_articles

from conflict_kg.build import build
from conflict_kg.graph.query import run_query
from conflict_kg.graph.rdf import PREFIXES
from conflict_kg.ontology.namespace import DEFAULT_BASE

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MAX_ROWS = 40


def readme_capture_query() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("<!-- capture-query -->")[1].split("```sparql")[1].split("```")[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    store_dir = root / "store"
    build(write_articles(root / "texts"), root / "out", store=store_dir)
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "conflict_kg.cli", "serve", str(store_dir), "--port", str(port),
                                "--timeout", "2", "--max-rows", str(MAX_ROWS), "--workers", "1"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            httpx.get(f"{url}/static/style.css", timeout=2)
            break
        except httpx.TransportError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the server did not start: {process.stdout.read()}")
            time.sleep(0.3)
    yield {"url": url, "store": store_dir}
    process.terminate()
    process.wait(10)


def wrapper(server, query: str, fmt=JSON) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{server['url']}/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


def test_a_select_over_http_gives_the_rows_the_cli_gives(server):
    answer = wrapper(server, PROLOGUE + CAPTURES).queryAndConvert()
    rows = tuple(tuple(b[v]["value"] for v in answer["head"]["vars"]) for b in answer["results"]["bindings"])
    assert rows and rows == run_query(server["store"], CAPTURES).rows


def test_the_result_format_follows_the_accept_header(server):
    query = PROLOGUE + 'SELECT ?label WHERE { ?e a ck:Place ; rdfs:label ?label } ORDER BY ?label'
    expected = [row[0] for row in run_query(server["store"], query).rows]
    xml = wrapper(server, query, XML).queryAndConvert()
    literals = [e.firstChild.data for e in xml.getElementsByTagName("literal")]
    assert literals == expected
    csv_text = wrapper(server, query, CSV).queryAndConvert().decode()
    assert [r[0] for r in csv.reader(io.StringIO(csv_text))][1:] == expected
    tsv_text = wrapper(server, query, TSV).queryAndConvert().decode()
    assert tsv_text.splitlines()[0] == "?label" and len(tsv_text.splitlines()) == len(expected) + 1


def test_construct_comes_as_turtle_or_json_ld(server):
    query = PROLOGUE + "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a ck:Place ; rdfs:label ?l }"
    turtle = wrapper(server, query, TURTLE).queryAndConvert()
    graph = Graph().parse(data=turtle, format="turtle")
    assert (URIRef(DEFAULT_BASE + "place/bakhmut"), RDFS.label, Literal("Bakhmut")) in graph
    jsonld = wrapper(server, query, JSONLD).query().response.read()
    assert set(Graph().parse(data=jsonld, format="json-ld")) == set(graph)


def test_an_ask_query_answers_a_boolean(server):
    assert wrapper(server, PROLOGUE + "ASK { ?s ck:captured ?o }").queryAndConvert()["boolean"] is True


def test_updates_are_refused_with_403(server):
    client = wrapper(server, PROLOGUE + "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    client.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    sneaked = httpx.post(f"{server['url']}/sparql", content="DELETE WHERE { ?s ?p ?o }",
                         headers={"Content-Type": "application/sparql-query"})
    assert sneaked.status_code == 403
    assert run_query(server["store"], "ASK { ?s ck:captured ?o }").rows == (("true",),)


def test_a_malformed_query_gets_400_with_the_parser_message(server):
    with pytest.raises(QueryBadFormed) as bad:
        wrapper(server, "SELECT ?x WHERE { ?x ck:captured }").query()
    assert "line 1, column" in str(bad.value)


def test_a_query_over_the_time_limit_is_stopped_and_the_server_keeps_answering(server):
    started = time.monotonic()
    response = httpx.get(f"{server['url']}/sparql", params={"query": SLOW_QUERY}, timeout=60)
    assert response.status_code == 503 and "longer than the limit of 2 s" in response.text
    assert time.monotonic() - started < 15
    later = httpx.get(f"{server['url']}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
    assert later.status_code == 200 and later.json()["boolean"] is True


def test_answers_are_cut_at_the_row_limit_and_say_so(server):
    response = httpx.get(f"{server['url']}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == MAX_ROWS
    assert response.headers["X-Row-Limit"].startswith(str(MAX_ROWS))


def test_browsers_elsewhere_may_call_the_endpoint(server):
    preflight = httpx.options(f"{server['url']}/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] in ("*", "https://example.org")


def test_an_entity_iri_resolves_as_turtle_and_json_ld(server):
    url = f"{server['url']}/id/place/bakhmut"
    turtle = httpx.get(url, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=turtle.text, format="turtle")
    bakhmut = URIRef(DEFAULT_BASE + "place/bakhmut")
    assert (bakhmut, RDFS.label, Literal("Bakhmut")) in graph
    assert any(p == URIRef(PREFIXES["ck"] + "captured") for _, p, _ in graph.triples((None, None, bakhmut)))
    jsonld = httpx.get(url, headers={"Accept": "application/ld+json"})
    assert set(Graph().parse(data=jsonld.text, format="json-ld")) == set(graph)


def test_an_entity_iri_resolves_as_an_html_page_for_browsers(server):
    page = httpx.get(f"{server['url']}/id/place/bakhmut",
                     headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "<h1>Bakhmut</h1>" in html
    assert "The Wagner Group captured Bakhmut in May 2023." in html  # a claim's evidence
    assert 'href="/id/militaryunit/' in html and 'href="/id/article/andriivka"' in html  # neighbour, article
    assert "Coordinates" in html


def test_every_entity_claim_and_article_iri_resolves(server):
    iris = [iri for (iri,) in run_query(server["store"], f"""SELECT DISTINCT ?r WHERE {{
        {{ ?r a ?type }} FILTER(STRSTARTS(STR(?r), "{DEFAULT_BASE}")) }}""").rows]
    kinds = {iri[len(DEFAULT_BASE):].split("/")[0] for iri in iris}
    assert {"article", "claim", "place", "militaryunit"} <= kinds
    with httpx.Client(base_url=server["url"]) as client:
        for iri in iris:
            response = client.get("/id/" + iri[len(DEFAULT_BASE):], headers={"Accept": "text/turtle"})
            assert response.status_code == 200, iri
            assert (URIRef(iri), None, None) in Graph().parse(data=response.text, format="turtle"), iri
    assert httpx.get(f"{server['url']}/id/place/atlantis").status_code == 404
    escaping = httpx.get(f"{server['url']}/id/place/x> ?p ?o }} UNION {{ ?s ?p ?o")  # no way out of the <IRI>
    assert escaping.status_code == 404 and "not an IRI" in escaping.text


def test_the_dataset_description_and_dumps_are_served(server):
    void = httpx.get(f"{server['url']}/.well-known/void", follow_redirects=True, headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=void.text, format="turtle")
    dataset = URIRef(DEFAULT_BASE + "dataset")
    assert int(graph.value(dataset, URIRef("http://rdfs.org/ns/void#triples"))) > 100
    dump = httpx.get(f"{server['url']}/dump/graph.nt")
    assert len(Graph().parse(data=dump.text, format="nt")) > 100
    trig = httpx.get(f"{server['url']}/dump/graph.trig")
    assert trig.headers["content-type"].startswith("application/trig")
    from rdflib import Dataset
    assert len(list(Dataset().parse(data=trig.text, format="trig").graphs())) >= 5


def test_the_query_page_works_offline_with_the_readme_queries(server):
    page = httpx.get(f"{server['url']}/").text
    capture_query = readme_capture_query().strip()
    examples = json.loads(page.split('<script id="examples" type="application/json">')[1].split("</script>")[0])
    assert capture_query in [example["text"].strip() for example in examples]
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]
    for asset in ("/static/query.js", "/static/style.css"):
        assert asset in page and httpx.get(server["url"] + asset).status_code == 200


def test_the_readme_capture_query_answers_over_http_as_on_the_command_line(server):
    query = readme_capture_query()
    response = httpx.post(f"{server['url']}/sparql", content=query, headers={
        "Content-Type": "application/sparql-query", "Accept": "text/csv"})
    rows = [tuple(r) for r in csv.reader(io.StringIO(response.text))][1:]
    expected = [tuple("" if cell is None else cell for cell in row) for row in run_query(server["store"], query).rows]
    assert rows == expected and rows


def test_the_query_page_runs_a_query_in_a_real_browser(server, tmp_path):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{chromium} is missing in CI: run .ci/install-browser")
        pytest.skip(f"{chromium} is not installed (.ci/install-browser installs it)")
    result = subprocess.run(
        [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom",
         f"{server['url']}/?run"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    expected = run_query(server["store"], readme_capture_query()).rows
    assert f'data-rows="{len(expected)}"' in result.stdout
    assert all(row[0] in result.stdout for row in expected)
