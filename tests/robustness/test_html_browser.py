"""The HTML export in a real headless Chromium: it draws the network, and hostile text neither runs nor
fetches, neither on load (--dump-dom) nor when a user opens every entity's and relation's details
(Playwright). The features themselves are driven on the demo corpus in test_explorer_browser.py.

Skipped when /usr/bin/chromium is missing, except under CI (env CI set), where a missing browser is a failure.
`.ci/install-browser` installs it.
"""
from __future__ import annotations

import json
import os
import subprocess
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import networkx as nx
import pytest

from conflict_kg.extract.model import ArticleMetadata, EntityType
from conflict_kg.graph.html import write_html
from conflict_kg.graph.model import ArticleRecord, Claim, GeoPoint, GraphEntity

from .browser import launch, open_page, require_browser

CHROMIUM = Path("/usr/bin/chromium")
BASE = "https://example.org/ck/"
# Hosts Chromium itself calls in the background (updates, time, accounts) whatever the page does.
BROWSER_BACKGROUND_HOSTS = ("google.com", "googleapis.com", "gstatic.com", "gvt1.com", "googleusercontent.com")


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI: run .ci/install-browser")
        pytest.skip(f"{CHROMIUM} is not installed (.ci/install-browser installs it)")
    return CHROMIUM


@pytest.fixture()
def canary():
    """A local web server that counts every request: any hostile URL in the page points at it."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's naming
            hits.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", hits
    finally:
        server.shutdown()
        server.server_close()


def payloads(canary_url: str) -> list[str]:
    run = (
        "window.pwned=1;document.title='PWNED';"
        "var d=document.createElement('div');d.id='pwned-marker';document.body.appendChild(d);"
        "document.documentElement.setAttribute('data-pwned','1')"
    )
    return [
        f"<script>{run}</script>",
        f'"><img src=x onerror="{run}">',
        f"</script><script>{run}</script>",
        f"<svg onload=\"{run}\"></svg>",
        f"<img src={canary_url}/img.png>",
        f"</style><link rel=stylesheet href={canary_url}/style.css>",
        f"<style>@import url({canary_url}/import.css); body{{background:url({canary_url}/bg.png)}}</style>",
        f"<iframe src={canary_url}/frame></iframe>",
        f"javascript:{run}",
        f"quote \" apostrophe ' backslash \\ \n new line \u2028 separator {run}",
        f"<a href=\"{canary_url}/link\" ping=\"{canary_url}/ping\">click</a>",
    ]


def hostile_graph(texts: list[str]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    kinds = list(EntityType)
    entities = []
    for number, text in enumerate(texts):
        kind = kinds[number % len(kinds)]
        item = GraphEntity(
            iri=f"{BASE}{kind.value.lower()}/hostile-{number}",
            type=kind,
            label=text,
            aliases=(text,),
            articles=(f"a{number}",),
            mention_count=number + 1,
            same_as=(text,),
            location=GeoPoint(48.0 + number / 10, 37.0, text, text) if kind is EntityType.PLACE else None,
        )
        g.add_node(item.iri, entity=item)
        entities.append(item)
    for number, (subject, obj) in enumerate(zip(entities, entities[1:] + entities[:1])):
        text = texts[number]
        for copy in range(1 + number % 3):
            iri = f"{BASE}claim/{number}-{copy}"
            claim = Claim(
                iri=iri, subject=subject.iri, predicate="attacked", object=obj.iri, article=f"a{number}",
                evidence=text, evidence_start=copy, evidence_end=copy + len(text), rule=text, confidence=0.5,
                hedged=bool(copy), reported_by=(obj.iri,),
            )
            g.add_edge(subject.iri, obj.iri, key=iri, claim=claim)
    g.graph["articles"] = tuple(
        ArticleRecord(iri=f"{BASE}article/a{n}", id=f"a{n}", source=text, metadata=ArticleMetadata(title=text, url=text))
        for n, text in enumerate(texts)
    )
    return g


class Dom(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def requested_hosts(net_log: Path) -> set[str]:
    events = json.loads(net_log.read_text(encoding="utf-8") or "{}").get("events", [])
    urls = {event.get("params", {}).get("url", "") for event in events}
    return {urlsplit(url).hostname or url for url in urls if url and not url.startswith(("file:", "data:"))}


def test_hostile_graph_renders_in_chromium_without_running_or_fetching_anything(chromium, canary, tmp_path):
    canary_url, hits = canary
    texts = payloads(canary_url)
    graph = hostile_graph(texts)
    page = tmp_path / "graph.html"
    write_html(graph, page)
    net_log = tmp_path / "net-log.json"

    result = subprocess.run(
        [
            str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={net_log}",
            "--virtual-time-budget=3000", "--window-size=1200,800", "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=20,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    dom = Dom(result.stdout)

    container = next(attrs for tag, attrs in dom.elements if attrs.get("id") == "ck-network")
    nodes, edges = graph.number_of_nodes(), len({(c.subject, c.predicate, c.object) for _, _, c in graph.edges(data="claim")})
    assert container.get("data-rendered") == f"{nodes} nodes, {edges} edges", "vis-network did not draw the graph"
    assert container.get("data-csp-violations") == "0", "hostile text was parsed as markup (the CSP blocked it)"
    assert any(tag == "canvas" for tag, _ in dom.elements)
    body = next(attrs for tag, attrs in dom.elements if tag == "body")
    assert body.get("data-ready") == "1"

    assert dom.title == "conflict-kg knowledge graph"
    assert not any(attrs.get("id") == "pwned-marker" for _, attrs in dom.elements)
    assert not any("data-pwned" in attrs for _, attrs in dom.elements)
    assert not {"img", "iframe", "link", "a"} & {tag for tag, _ in dom.elements}
    assert [tag for tag, _ in dom.elements].count("script") == 4  # vis, the data and world JSON blocks, the page's own

    assert hits == [], f"the page requested {hits}"
    unexpected = {
        host for host in requested_hosts(net_log)
        if not any(host == known or host.endswith("." + known) for known in BROWSER_BACKGROUND_HOSTS)
    }
    assert unexpected == set(), f"network requests from the page: {unexpected}"


def test_hostile_text_in_every_details_panel_search_and_map_stays_text(canary, tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    canary_url, hits = canary
    texts = payloads(canary_url)
    graph = hostile_graph(texts)
    page_file = tmp_path / "graph.html"
    write_html(graph, page_file)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            session = open_page(browser, page_file.as_uri())
            page = session.page
            edges = int(page.get_attribute("#ck-network", "data-edges"))
            headings, quotes = set(), set()
            for number in range(graph.number_of_nodes()):
                page.evaluate(f"location.hash = 'sel=n{number}&isolated=show'")
                page.wait_for_selector("#ck-panel:not([hidden]) h2")
                headings.add(page.evaluate("document.querySelector('#ck-panel h2').textContent"))
            for number in range(edges):
                page.evaluate(f"location.hash = 'sel=e{number}'")
                page.wait_for_selector("[data-testid=claim]")
                quotes.update(page.eval_on_selector_all("[data-testid=claim] blockquote", "qs => qs.map(q => q.textContent)"))
            labels = {" ".join(text.split()) for text in texts}
            assert labels <= headings  # each hostile label shown, verbatim, as a heading's text
            assert quotes == set(texts)  # each evidence sentence shown verbatim, highlights and all
            page.fill("[data-testid=search]", "script")
            assert page.locator("[data-testid=suggestions] li").count() > 0
            page.click("[data-testid=view-map]")
            page.wait_for_selector("#ck-map circle")
            session.shot("hostile-map")
            assert page.evaluate("!!window.pwned") is False
            assert page.evaluate("document.title") == "conflict-kg knowledge graph"
            assert page.locator("#pwned-marker, [data-pwned], iframe, img, link").count() == 0
            assert page.get_attribute("#ck-network", "data-csp-violations") == "0"
            # Links only ever point at http(s) addresses, never at a hostile scheme or the canary.
            hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
            assert all(href.startswith(("https://www.wikidata.org/", "https://www.geonames.org/")) for href in hrefs), hrefs
            assert session.errors == [] and session.remote_requests() == []
        finally:
            browser.close()
    assert hits == [], f"the page requested {hits}"


def test_map_draws_an_arrow_between_two_places_and_follows_the_relation_filter(tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    def place(slug: str, label: str, lat: float, lon: float) -> GraphEntity:
        return GraphEntity(iri=f"{BASE}place/{slug}", type=EntityType.PLACE, label=label, aliases=(), articles=("a1",),
                           mention_count=1, location=GeoPoint(lat, lon, "UA"))

    kupiansk, kharkiv = place("kupiansk", "Kupiansk", 49.71, 37.62), place("kharkiv", "Kharkiv", 49.99, 36.23)
    unit = GraphEntity(iri=f"{BASE}militaryunit/zapad", type=EntityType.MILITARY_UNIT, label="Battlegroup Zapad",
                       aliases=(), articles=("a1",), mention_count=1)
    g = nx.MultiDiGraph(articles=(ArticleRecord(iri=f"{BASE}article/a1", id="a1", source="a1.txt",
                                                metadata=ArticleMetadata(title="Push on Kupiansk", date="2024-02-16")),))
    for item in (kupiansk, kharkiv, unit):
        g.add_node(item.iri, entity=item)
    for number, (subject, predicate, obj, text) in enumerate([
            (kupiansk, "locatedIn", kharkiv, "Kupiansk, in the Kharkiv region, came under fire."),
            (unit, "attacked", kupiansk, "Battlegroup Zapad attacked Kupiansk.")]):
        claim = Claim(iri=f"{BASE}claim/{number}", subject=subject.iri, predicate=predicate, object=obj.iri, article="a1",
                      evidence=text, evidence_start=0, evidence_end=len(text), rule="r", confidence=0.9)
        g.add_edge(subject.iri, obj.iri, key=claim.iri, claim=claim)
    page_file = tmp_path / "graph.html"
    write_html(g, page_file)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            session = open_page(browser, page_file.as_uri() + "#view=map")
            page = session.page
            assert page.get_attribute("[data-testid=map]", "data-arrows") == "1"
            assert page.get_attribute("[data-testid=map]", "data-markers") == "2"
            assert page.get_attribute("[data-testid=map]", "data-claim-markers") == "3"  # 2 at Kupiansk, 1 at Kharkiv
            assert sorted(page.locator("[data-testid=map] text").all_text_contents()) == ["Kharkiv", "Kupiansk"]
            session.shot("map-arrow")
            page.uncheck("[data-testid=predicate-locatedIn]")
            assert page.get_attribute("[data-testid=map]", "data-arrows") == "0"
            assert page.get_attribute("[data-testid=map]", "data-claim-markers") == "1"
            assert session.errors == [] and session.remote_requests() == []
        finally:
            browser.close()
