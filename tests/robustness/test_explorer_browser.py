"""The explorer on the demo corpus, driven in Chromium as an analyst would: search, filters, focus,
details, edge evidence, timeline, map, URL state, exports, keyboard. One build and one page for the
module; the tests run in order on that page. Screenshots go to tests/artifacts/explorer/ (or
$CK_ARTIFACTS); every test also checks that no request left the page and no console error appeared.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from conflict_kg.build import build

from .browser import launch, open_page, require_browser

pytestmark = pytest.mark.slow
DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"


@pytest.fixture(scope="module")
def demo_page(tmp_path_factory, warm_pipeline):
    require_browser()
    from playwright.sync_api import sync_playwright

    out = tmp_path_factory.mktemp("demo-explorer")
    report = build([DEMO], out)
    assert report.built == report.read > 0
    with sync_playwright() as playwright:
        browser = launch(playwright)
        session = open_page(browser, (out / "graph.html").as_uri())
        session.browser = browser
        yield session
        browser.close()


@pytest.fixture()
def page(demo_page):
    yield demo_page.page
    assert demo_page.errors == [], f"console errors: {demo_page.errors}"
    assert demo_page.remote_requests() == [], f"requests: {demo_page.remote_requests()}"


def visible(page) -> tuple[int, int, int]:
    nodes, edges, claims = page.get_attribute("[data-testid=counts]", "data-visible").split(",")
    return int(nodes), int(edges), int(claims)


def total_nodes(page) -> int:
    return int(page.get_attribute("[data-testid=graph]", "data-nodes"))


def select_via_search(page, typed: str, expected: str) -> None:
    page.fill("[data-testid=search]", "")
    page.type("[data-testid=search]", typed)
    options = page.locator("[data-testid=suggestions] li")
    texts = options.all_inner_texts()
    position = next(i for i, text in enumerate(texts) if text.splitlines()[0] == expected)
    for _ in range(position):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function("name => document.querySelector('#ck-panel h2')?.textContent === name", arg=expected)


def test_page_opens_with_isolated_entities_hidden_and_the_busiest_labels_drawn(page, demo_page):
    nodes, edges, claims = visible(page)
    assert 0 < nodes < total_nodes(page), "entities without relations are hidden by default"
    assert edges == int(page.get_attribute("[data-testid=graph]", "data-edges")) and claims > edges
    assert page.locator("[data-testid=node-list] li").count() == nodes
    # how many fit without overlapping depends on the layout of the demo graph; a good dozen always do
    assert int(page.get_attribute("[data-testid=graph]", "data-labels")) >= 12
    assert page.is_checked("[data-testid=hide-isolated]")
    demo_page.shot("01-start")
    page.uncheck("[data-testid=hide-isolated]")
    assert visible(page)[0] == total_nodes(page)
    page.check("[data-testid=hide-isolated]")
    assert visible(page)[0] == nodes


def test_search_by_alias_suggests_and_the_keyboard_picks(page, demo_page):
    page.fill("[data-testid=search]", "")
    page.type("[data-testid=search]", "Battlegroup Zap")
    first = page.locator("[data-testid=suggestions] li").first
    assert first.inner_text().splitlines()[0] == "Western Military District"
    assert "also Battlegroup Zapad" in first.inner_text()
    demo_page.shot("02-search-suggestions")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=details]:not([hidden])")
    assert page.inner_text("#ck-panel h2") == "Western Military District"
    assert re.search(r"sel=n\d+", page.evaluate("location.hash"))


def test_entity_panel_has_names_type_links_coordinates_articles_and_claims_by_predicate(page, demo_page):
    select_via_search(page, "Novohrod", "Novohrodivka")
    panel = page.text_content("[data-testid=details]")
    assert "Place" in panel and "Mentioned in" in panel
    assert re.search(r"\d{2}\.\d{4}, \d{2}\.\d{4}", panel), "coordinates"
    link = page.locator("[data-testid=details] a[href^='https://www.geonames.org/']")
    assert link.count() == 1 and link.get_attribute("rel") == "noopener noreferrer"
    assert page.locator("[data-testid=details] [data-predicate='← captured']").count() == 1
    demo_page.shot("03-entity-panel")


def test_clicking_a_node_focuses_its_neighbourhood_and_two_hops_reach_further(page, demo_page):
    page.click("[data-testid=reset]")
    index = page.evaluate("ckExplorer.nodeIndex('3rd Separate Assault Brigade')")
    page.evaluate(f"location.hash = 'sel=n{index}'")  # brings the node into view
    page.wait_for_selector("[data-testid=details]:not([hidden])")
    page.click("[data-testid=close-details]")
    assert page.is_hidden("[data-testid=details]")
    point = page.evaluate(f"ckExplorer.screenPosition({index})")
    page.mouse.click(point["x"], point["y"])
    assert page.inner_text("#ck-panel h2") == "3rd Separate Assault Brigade"
    one_hop = int(page.get_attribute("[data-testid=graph]", "data-focus"))
    assert 2 <= one_hop < visible(page)[0]
    assert int(page.get_attribute("[data-testid=graph]", "data-relation-labels")) >= 1, "relation names in the focus"
    demo_page.shot("04-focus-one-hop")
    page.select_option("[data-testid=hops]", "2")
    assert int(page.get_attribute("[data-testid=graph]", "data-focus")) > one_hop
    assert "hops=2" in page.evaluate("location.hash")
    page.select_option("[data-testid=hops]", "1")
    page.locator("[data-testid=graph]").focus()
    page.keyboard.press("Escape")
    assert page.is_hidden("[data-testid=details]")


def test_clicking_an_edge_lists_every_claim_with_highlighted_evidence_and_provenance(page, demo_page):
    edge = page.evaluate("ckExplorer.edgeIndex('Armed Forces of Ukraine', 'used', 'HIMARS')")
    assert edge >= 0
    page.evaluate(f"location.hash = 'sel=e{edge}'")  # brings the relation into view
    page.wait_for_selector("[data-testid=claim]")
    page.click("[data-testid=close-details]")  # now click it on the canvas as a user would
    point = page.evaluate(f"ckExplorer.edgeScreenPosition({edge})")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#ck-tooltip:not([hidden])")
    assert "—used→" in page.inner_text("#ck-tooltip")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_selector("[data-testid=claim]")
    assert page.inner_text("#ck-panel h2") == "Armed Forces of Ukraine —used→ HIMARS"
    claims = page.locator("[data-testid=claim]")
    assert claims.count() == 3  # three demo articles state that Ukrainian forces used HIMARS
    text = claims.first.inner_text()
    assert "Reported by:" in text and "Confidence" in text and ("hedged" in text)
    assert page.locator("[data-testid=claim] mark").count() >= 2, "the entities are highlighted in the evidence"
    marks = page.locator("[data-testid=claim] mark").all_inner_texts()
    assert any("HIMARS" in mark for mark in marks)
    assert re.search(r"sel=e\d+", page.evaluate("location.hash"))
    demo_page.shot("05-edge-evidence")


def test_filters_change_the_counts(page, demo_page):
    page.click("[data-testid=reset]")
    if page.is_visible("[data-testid=close-details]"):
        page.click("[data-testid=close-details]")
    nodes, edges, claims = visible(page)
    place_count = int(page.locator("[data-testid=type-Place] ~ .ck-count").inner_text())
    assert place_count > 0
    page.uncheck("[data-testid=type-Place]")
    assert visible(page)[0] <= nodes - place_count and visible(page)[2] < claims
    page.check("[data-testid=type-Place]")
    page.uncheck("[data-testid=predicate-captured]")
    assert visible(page)[1] < edges
    page.check("[data-testid=predicate-captured]")
    page.fill("[data-testid=min-confidence]", "0.8")
    page.dispatch_event("[data-testid=min-confidence]", "input")
    assert visible(page)[2] < claims
    page.fill("[data-testid=min-confidence]", "0")
    page.dispatch_event("[data-testid=min-confidence]", "input")
    page.select_option("[data-testid=filter-side]", label="Russia")
    russia = visible(page)[2]
    assert 0 < russia < claims
    page.select_option("[data-testid=filter-side]", "")
    page.select_option("[data-testid=filter-outlet]", "Wire Desk")
    assert 0 < visible(page)[2] < claims
    page.select_option("[data-testid=filter-outlet]", "")
    page.select_option("[data-testid=filter-article]", index=1)
    assert 0 < visible(page)[2] < claims
    page.select_option("[data-testid=filter-article]", "")
    page.select_option("[data-testid=filter-reporter]", index=1)
    assert 0 < visible(page)[2] < claims
    demo_page.shot("06-filtered-by-reporter")
    page.select_option("[data-testid=filter-reporter]", "")
    assert visible(page) == (nodes, edges, claims)


def test_date_range_filters_graph_timeline_and_map_together(page, demo_page):
    page.click("[data-testid=view-map]")
    page.wait_for_selector("[data-testid=map] circle")
    markers = int(page.get_attribute("[data-testid=map]", "data-markers"))
    claims = visible(page)[2]
    last = int(page.get_attribute("[data-testid=date-to]", "max"))
    assert last >= 3
    page.fill("[data-testid=date-from]", str(last))
    page.dispatch_event("[data-testid=date-from]", "input")
    page.uncheck("[data-testid=include-undated]")
    assert visible(page)[2] < claims
    assert int(page.get_attribute("[data-testid=map]", "data-markers")) < markers
    label = page.inner_text("[data-testid=date-label]")
    assert re.fullmatch(r"(\d{4}-\d{2}-\d{2}) – \1", label)
    assert page.locator("[data-testid=timeline] rect.ck-out").count() == last
    assert "from=" in page.evaluate("location.hash") and "undated=hide" in page.evaluate("location.hash")
    demo_page.shot("07-date-range-map")
    page.check("[data-testid=include-undated]")
    page.fill("[data-testid=date-from]", "0")
    page.dispatch_event("[data-testid=date-from]", "input")
    assert visible(page)[2] == claims


def test_map_draws_country_borders_place_markers_and_claim_markers(page, demo_page):
    if page.is_hidden("[data-testid=map]"):
        page.click("[data-testid=view-map]")
    assert page.locator("[data-testid=map] path.ck-country").count() >= 10
    assert int(page.get_attribute("[data-testid=map]", "data-markers")) >= 5
    assert int(page.get_attribute("[data-testid=map]", "data-claim-markers")) >= 5
    page.locator("[data-testid=map] circle.ck-claim-marker").first.click()
    page.wait_for_selector("[data-testid=claim]")
    assert "—" in page.inner_text("#ck-panel h2")
    marker = page.locator("[data-testid=map] circle.ck-place[data-claims]:not([data-claims='0'])").first
    marker.click()
    page.wait_for_selector("[data-testid=details]:not([hidden])")
    assert "Place" in page.inner_text("[data-testid=details]")
    assert "view=map" in page.evaluate("location.hash")
    demo_page.shot("08-map-selected-place")


def test_the_url_hash_restores_the_view_in_a_new_tab(page, demo_page):
    page.select_option("[data-testid=filter-side]", label="Ukraine")
    url = page.url
    expected = (visible(page), page.inner_text("#ck-panel h2"))
    other = open_page(demo_page.browser, url)
    try:
        assert (visible(other.page), other.page.inner_text("#ck-panel h2")) == expected
        assert other.page.is_visible("[data-testid=map]")
        assert other.page.get_attribute("[data-testid=view-map]", "aria-pressed") == "true"
        assert other.errors == [] and other.remote_requests() == []
    finally:
        other.page.context.close()
    page.select_option("[data-testid=filter-side]", "")
    page.click("[data-testid=view-graph]")


def test_png_of_the_view_and_csv_of_the_visible_claims_download(page, demo_page, tmp_path):
    with page.expect_download() as download:
        page.click("[data-testid=export-csv]")
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert len(rows) == visible(page)[2]
    assert {"subject", "predicate", "object", "evidence", "date", "confidence"} <= set(rows[0])
    with page.expect_download() as download:
        page.click("[data-testid=export-png]")
    png = Path(download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    assert download.value.suggested_filename == "conflict-kg-graph.png"


def test_keyboard_reaches_search_and_the_entity_list(page, demo_page):
    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.dataset.testid") == "search"
    first = page.locator("[data-testid=node-list] button").first
    name = first.inner_text().split(" — ")[0]
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=details]:not([hidden])")
    assert page.inner_text("#ck-panel h2") == name
    assert page.get_attribute("[data-testid=node-list] button[aria-current=true]", "data-node") is not None
    demo_page.shot("09-keyboard-selection")


def test_a_small_window_keeps_the_panel_and_tooltip_on_screen(page, demo_page):
    page.set_viewport_size({"width": 800, "height": 600})
    box = page.locator("[data-testid=details]").bounding_box()
    assert box["x"] + box["width"] <= 800 and box["y"] + box["height"] <= 600
    demo_page.shot("10-small-window")
    page.set_viewport_size({"width": 1366, "height": 768})
