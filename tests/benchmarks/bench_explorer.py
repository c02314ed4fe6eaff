"""Time to interactive of the explorer page for a generated graph (prints figures; asserts nothing).

    .venv/bin/python tests/benchmarks/bench_explorer.py [--nodes 5000] [--edges 20000] [--keep DIR]

Generates a random graph of N entities (every type, a fifth of them places with coordinates around
Ukraine) and E claims over 200 dated articles, renders graph.html, opens it in Debian's headless
Chromium through Playwright and prints: build time, file size and bytes per node, time until
`body[data-ready="1"]` (first drawing done, every control live), and how long a search, a click on
a node (focus and details) and a move of the date range take to show their result.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from conflict_kg.extract.model import ArticleMetadata, EntityType
from conflict_kg.graph.html import write_html
from conflict_kg.graph.model import ArticleRecord, Claim, GeoPoint, GraphEntity

BASE = "https://example.org/bench/"
PREDICATES = ("attacked", "captured", "destroyed", "shotDown", "used", "repelled", "partOf", "locatedIn")
WORDS = ("forces", "village", "shelling", "drone", "brigade", "offensive", "positions", "artillery", "front", "strike")


def generated_graph(nodes: int, edges: int, seed: int = 1) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    kinds = list(EntityType)
    g = nx.MultiDiGraph()
    articles = tuple(
        ArticleRecord(iri=f"{BASE}article/a{i:03d}", id=f"a{i:03d}", source=f"a{i:03d}.txt",
                      metadata=ArticleMetadata(title=f"Report {i} on the fighting", url=f"https://news.example/{i}",
                                               date=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", publisher=f"Outlet {i % 7}"))
        for i in range(200))
    g.graph["articles"] = articles
    iris = []
    for i in range(nodes):
        kind = kinds[i % len(kinds)]
        iri = f"{BASE}{kind.value.lower()}/n{i}"
        location = GeoPoint(46 + rng.random() * 6, 30 + rng.random() * 10, "UA") if kind is EntityType.PLACE else None
        g.add_node(iri, entity=GraphEntity(iri=iri, type=kind, label=f"{kind.value} {i}", aliases=(f"alias {i}",),
                                           articles=(articles[i % 200].id,), mention_count=1 + i % 9, location=location))
        iris.append(iri)
    for j in range(edges):
        subject, obj = rng.sample(iris, 2)
        text = " ".join(rng.choice(WORDS) for _ in range(12)).capitalize() + "."
        claim = Claim(iri=f"{BASE}claim/c{j}", subject=subject, predicate=rng.choice(PREDICATES), object=obj,
                      article=articles[j % 200].id, evidence=text, evidence_start=0, evidence_end=len(text), rule="bench",
                      confidence=round(0.5 + rng.random() / 2, 2), hedged=rng.random() < 0.2,
                      reported_by=(rng.choice(iris),) if rng.random() < 0.3 else ())
        g.add_edge(subject, obj, key=claim.iri, claim=claim)
    return g


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--keep", type=Path, help="folder to keep graph.html in")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = args.keep or Path(tempfile.mkdtemp(prefix="ck-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    page_file = folder / "graph.html"
    started = time.perf_counter()
    g = generated_graph(args.nodes, args.edges)
    generated = time.perf_counter()
    write_html(g, page_file)
    rendered = time.perf_counter()
    size = page_file.stat().st_size
    print(f"graph: {args.nodes} nodes, {args.edges} claims (generated in {generated - started:.1f} s)")
    print(f"build of graph.html (layout included): {rendered - generated:.1f} s")
    print(f"file size: {size / 1e6:.1f} MB, {size / args.nodes:.0f} bytes per node, {size / args.edges:.0f} bytes per claim")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        t0 = time.perf_counter()
        page.goto(page_file.as_uri(), wait_until="commit")
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        interactive = time.perf_counter() - t0
        print(f"time to interactive (navigation to body[data-ready=1]) in headless Chromium: {interactive:.2f} s")

        t1 = time.perf_counter()
        page.type("[data-testid=search]", "Place 12")
        page.wait_for_selector("[data-testid=suggestions] li")
        print(f"search suggestions shown after typing: {time.perf_counter() - t1:.2f} s")
        t2 = time.perf_counter()
        page.keyboard.press("Enter")
        page.wait_for_selector("[data-testid=details]:not([hidden]) h2")
        print(f"entity chosen, neighbourhood focused and details shown: {time.perf_counter() - t2:.2f} s")
        t3 = time.perf_counter()
        page.fill("[data-testid=date-from]", "3")
        page.dispatch_event("[data-testid=date-from]", "input")
        page.wait_for_function("document.querySelector('[data-testid=counts]').dataset.visible !== undefined")
        print(f"date range moved and every view refiltered: {time.perf_counter() - t3:.2f} s")
        print(f"visible after the date move (entities, relations, claims): {page.get_attribute('[data-testid=counts]', 'data-visible')}")
        print(f"page errors: {errors or 'none'}")
        browser.close()
    print(f"page kept at {page_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
