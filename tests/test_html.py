"""The offline HTML explorer as rendered: self-contained, inert against hostile text, its data complete
(one edge per (s, p, o) with every claim, sides, dates, highlights, coordinates, borders), deterministic."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from conflict_kg.extract.model import ArticleMetadata, EntityType
from conflict_kg.graph.explorer_data import TYPE_STYLES, name_spans, plain_label
from conflict_kg.graph.html import render_html, write_html
from conflict_kg.graph.model import ArticleRecord, Claim, GeoPoint, GraphEntity

BASE = "https://example.org/ck/"

HOSTILE = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>window.pwned=1</script>",
    "javascript:alert(1)",
    "quote \" apostrophe ' backslash \\ end",
    "line one\nline two\r\nline three",
    "separator\u2028paragraph\u2029done",
    "</style><link rel=stylesheet href=https://evil.example/x.css>",
    "<!-- comment --> & &amp; ]]>",
)


class Page(HTMLParser):
    """Every element with its attributes, and the text of every <script> and <style>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("script", "style"):
            self._open = (tag, attributes)

    def handle_data(self, data):
        if self._open and self._open[0] == "script":
            self.scripts.append((self._open[1], data))
        elif self._open and self._open[0] == "style":
            self.styles.append(data)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None

    def tags(self) -> list[str]:
        return [tag for tag, _ in self.elements]

    def data(self, block_id: str):
        texts = [text for attrs, text in self.scripts if attrs.get("id") == block_id]
        assert len(texts) == 1, f"expected one #{block_id} block"
        assert attrs_of(self, block_id).get("type") == "application/json"
        return json.loads(texts[0])

    def executable_scripts(self) -> list[str]:
        return [text for attrs, text in self.scripts if "type" not in attrs]


def attrs_of(page: Page, element_id: str) -> dict[str, str | None]:
    return next(attrs for _, attrs in page.elements if attrs.get("id") == element_id)


def entity(kind: EntityType, slug: str, label: str, mentions: int = 1, articles=("a1",), **extra) -> GraphEntity:
    return GraphEntity(
        iri=f"{BASE}{kind.value.lower()}/{slug}",
        type=kind,
        label=label,
        aliases=extra.pop("aliases", ()),
        articles=articles,
        mention_count=mentions,
        **extra,
    )


def claim(number: int, subject: GraphEntity, predicate: str, obj: GraphEntity, article: str, evidence: str, **extra) -> Claim:
    return Claim(
        iri=f"{BASE}claim/{number:03d}",
        subject=subject.iri,
        predicate=predicate,
        object=obj.iri,
        article=article,
        evidence=evidence,
        evidence_start=number * 100,
        evidence_end=number * 100 + len(evidence),
        rule="test-rule",
        confidence=extra.pop("confidence", 0.8),
        **extra,
    )


def graph_of(entities, claims, records=()) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for item in entities:
        g.add_node(item.iri, entity=item)
    for item in claims:
        g.add_edge(item.subject, item.object, key=item.iri, claim=item)
    g.graph["articles"] = tuple(sorted(records, key=lambda record: record.id))
    return g


def article(article_id: str, title: str | None, **metadata) -> ArticleRecord:
    return ArticleRecord(iri=f"{BASE}article/{article_id}", id=article_id, source=f"{article_id}.txt",
                         metadata=ArticleMetadata(title=title, **metadata))


BRIGADE = entity(EntityType.MILITARY_UNIT, "47th", "47th Mechanized Brigade", 7, ("a1", "a2"), aliases=("47th Brigade", "Magura"))
AVDIIVKA = entity(
    EntityType.PLACE,
    "avdiivka",
    "Avdiivka",
    4,
    ("a1", "a2"),
    location=GeoPoint(48.1394, 37.7497, "UA", "Donetsk Oblast"),
    same_as=("http://www.wikidata.org/entity/Q156798",),
)
STAFF = entity(EntityType.ORGANISATION, "general-staff", "General Staff", 2, ("a2",))
COMMANDER = entity(EntityType.PERSON, "commander", "Oleksandr Pavliuk", 1, ("a1",))
ABRAMS = entity(EntityType.WEAPON_SYSTEM, "abrams", "M1 Abrams", 2, ("a2",))
RECORDS = (article("a1", "Battle for Avdiivka intensifies", date="2024-02-10", publisher="Front Desk",
                   url="https://news.example/a1"), article("a2", None))


def sample_graph() -> nx.MultiDiGraph:
    claims = [
        claim(1, BRIGADE, "attacked", AVDIIVKA, "a1", "The 47th Brigade struck Russian positions in Avdiivka."),
        claim(2, BRIGADE, "attacked", AVDIIVKA, "a2", "Brigade crews attacked near Avdiivka overnight.", reported_by=(STAFF.iri,)),
        claim(3, BRIGADE, "attacked", AVDIIVKA, "a2", "Fresh assaults by the 47th were reported.", hedged=True, confidence=0.55),
        claim(4, BRIGADE, "used", ABRAMS, "a2", "The brigade fielded Abrams tanks."),
        claim(5, COMMANDER, "leaderOf", BRIGADE, "a1", "Pavliuk, who commands the brigade, visited the front."),
    ]
    return graph_of([BRIGADE, AVDIIVKA, STAFF, COMMANDER, ABRAMS], claims, RECORDS)


def hostile_graph(text: str) -> nx.MultiDiGraph:
    victim = entity(EntityType.PLACE, "hostile", text, 3, ("a1",), aliases=(text,), same_as=(text,),
                    location=GeoPoint(48.0, 37.0, text, text))
    actor = entity(EntityType.MILITARY_UNIT, "actor", "Unit " + text, 1, ("a1",))
    claims = [claim(1, actor, "attacked", victim, "a1", text, reported_by=(victim.iri,))]
    return graph_of([victim, actor], claims, [article("a1", text)])


RESOURCE_ATTRIBUTES = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background", "xlink:href", "ping", "manifest"}


def test_page_loads_nothing_from_anywhere():
    html = render_html(sample_graph())
    page = Page(html)

    assert "link" not in page.tags() and "iframe" not in page.tags() and "img" not in page.tags()
    for tag, attrs in page.elements:
        assert not RESOURCE_ATTRIBUTES & set(attrs), f"<{tag}> has a resource attribute: {attrs}"
    for css in page.styles:
        assert "@import" not in css
        for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
            assert target.startswith("data:"), target
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    assert "cdn.jsdelivr.net" not in html and "cdnjs.cloudflare.com" not in html
    # The entity IRIs are in the page only as data.
    assert BRIGADE.iri in {node["id"] for node in page.data("ck-data")["nodes"]}


def test_vis_network_is_inlined_from_the_pyvis_package():
    page = Page(render_html(sample_graph()))
    scripts = page.executable_scripts()
    assert any("vis-network" in text and "Network" in text for text in scripts)
    assert any(".vis-network" in css for css in page.styles)
    assert not any("sourceMappingURL" in text for text in scripts)


def test_content_security_policy_forbids_fetches_and_allows_only_the_pages_own_scripts():
    html = render_html(sample_graph())
    page = Page(html)
    policies = [attrs["content"] for tag, attrs in page.elements if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    assert len(policies) == 1
    directives = dict(part.strip().split(" ", 1) for part in policies[0].split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["connect-src"] == "'none'" and directives["img-src"] == "data:"
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
        for text in page.executable_scripts()
    }
    assert set(directives["script-src"].split()) == hashes
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    assert html.index("Content-Security-Policy") < html.index("<script")


def data_of(g) -> dict:
    return Page(render_html(g)).data("ck-data")


def by_label(data: dict) -> dict[str, dict]:
    return {node["l"]: node for node in data["nodes"]}


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_stays_data_and_round_trips(text):
    html = render_html(hostile_graph(text))
    page = Page(html)
    benign = Page(render_html(hostile_graph("plain words")))

    # Same markup as a harmless graph of the same shape: the text added no element, attribute or script.
    assert page.tags() == benign.tags()
    assert [sorted(attrs) for _, attrs in page.elements] == [sorted(attrs) for _, attrs in benign.elements]
    assert len(page.executable_scripts()) == 2
    assert html.lower().count("</script") == page.tags().count("script")
    assert "\u2028" not in html and "\u2029" not in html

    data = page.data("ck-data")
    victim = next(node for node in data["nodes"] if node["id"] == f"{BASE}place/hostile")
    assert victim["l"] == plain_label(text)
    assert victim["al"] == [text] and victim["sa"] == [text] and victim["geo"][2:] == [text, text]
    assert data["articles"][0]["title"] == text
    (claim,) = data["claims"]
    assert claim["ev"] == text


def test_hostile_label_cannot_reach_the_page_title_or_heading():
    page = Page(render_html(hostile_graph("<title>pwned</title>")))
    assert page.tags().count("title") == 1


def test_claims_between_the_same_entities_become_one_edge_listing_every_claim():
    data = data_of(sample_graph())
    nodes = [node["id"] for node in data["nodes"]]
    edges = {(nodes[e["f"]], data["predicates"][e["p"]], nodes[e["t"]]): e for e in data["edges"]}
    assert set(edges) == {
        (BRIGADE.iri, "attacked", AVDIIVKA.iri),
        (BRIGADE.iri, "used", ABRAMS.iri),
        (COMMANDER.iri, "leaderOf", BRIGADE.iri),
    }
    attacked = edges[(BRIGADE.iri, "attacked", AVDIIVKA.iri)]
    evidence = [data["claims"][i]["ev"] for i in attacked["cl"]]
    # Claims are listed in article order, then in text order.
    assert evidence == ["The 47th Brigade struck Russian positions in Avdiivka.",
                        "Brigade crews attacked near Avdiivka overnight.", "Fresh assaults by the 47th were reported."]
    assert attacked["h"] == 0 and attacked["c"] == 0.8  # not every claim hedged; best confidence
    assert all(data["claims"][i]["e"] == data["edges"].index(attacked) for i in attacked["cl"])


def test_each_claim_carries_its_provenance_date_and_article():
    data = data_of(sample_graph())
    claims = {claim["ev"]: claim for claim in data["claims"]}
    staff = [node["id"] for node in data["nodes"]].index(STAFF.iri)
    reported = claims["Brigade crews attacked near Avdiivka overnight."]
    assert reported["r"] == [staff] and data["sides"][reported["s"]]["name"] == "side not known"
    hedged = claims["Fresh assaults by the 47th were reported."]
    assert (hedged["h"], hedged["c"]) == (1, 0.55)
    own = claims["The 47th Brigade struck Russian positions in Avdiivka."]
    assert data["sides"][own["s"]]["name"] == "the article's own voice"
    assert data["days"] == ["2024-02-10"] and own["d"] == 0 and hedged["d"] == -1  # a2 has no date
    assert data["articles"][own["a"]] == {"id": "a1", "title": "Battle for Avdiivka intensifies", "date": "2024-02-10",
                                          "url": "https://news.example/a1", "outlet": "Front Desk"}


def test_evidence_marks_name_the_subject_object_and_reporter():
    data = data_of(sample_graph())
    claim = next(c for c in data["claims"] if c["ev"].startswith("The 47th Brigade struck"))
    marked = [(claim["ev"][start:end], role) for start, end, role in claim["m"]]
    assert marked == [("47th Brigade", 1), ("Avdiivka", 2)]
    assert name_spans("Russian forces hit Kharkiv; Kharkiv burned.", [("Kharkiv", 2), ("Russian forces", 1)]) == [
        [0, 14, 1], [19, 26, 2], [28, 35, 2]]
    assert name_spans("Bakhmutivka is not Bakhmut", [("Bakhmut", 2)]) == [[19, 26, 2]]


def test_reporters_get_the_side_their_name_or_allegiance_gives():
    ministry = entity(EntityType.ORGANISATION, "mod", "Russian Defence Ministry", 1, ("a1",))
    spokesman = entity(EntityType.PERSON, "spokesman", "Igor Konashenkov", 1, ("a1",))
    kyiv_unit = entity(EntityType.MILITARY_UNIT, "93rd", "93rd Brigade", 1, ("a1",))
    forces = entity(EntityType.MILITARY_UNIT, "afu", "Armed Forces of Ukraine", 1, ("a1",))
    claims = [
        claim(1, BRIGADE, "attacked", AVDIIVKA, "a1", "Strikes hit Avdiivka, the ministry said.", reported_by=(ministry.iri,)),
        claim(2, spokesman, "memberOf", ministry, "a1", "Konashenkov of the ministry spoke."),
        claim(3, BRIGADE, "used", ABRAMS, "a1", "Abrams were used, Konashenkov said.", reported_by=(spokesman.iri,)),
        claim(4, kyiv_unit, "partOf", forces, "a1", "The 93rd is part of Ukraine's forces."),
        claim(5, BRIGADE, "attacked", ABRAMS, "a1", "An Abrams was hit, the 93rd said.", reported_by=(kyiv_unit.iri,)),
    ]
    data = data_of(graph_of([BRIGADE, AVDIIVKA, ABRAMS, ministry, spokesman, kyiv_unit, forces], claims, RECORDS))
    sides = {c["ev"]: data["sides"][c["s"]]["name"] for c in data["claims"]}
    assert sides["Strikes hit Avdiivka, the ministry said."] == "Russia"
    assert sides["Abrams were used, Konashenkov said."] == "Russia"  # memberOf the ministry
    assert sides["An Abrams was hit, the 93rd said."] == "Ukraine"  # partOf the Armed Forces of Ukraine
    assert len({side["colour"] for side in data["sides"]}) == len(data["sides"])


def test_entities_keep_type_aliases_links_coordinates_articles_and_a_position():
    data = data_of(sample_graph())
    nodes = by_label(data)
    place = nodes["Avdiivka"]
    assert data["types"][place["k"]]["name"] == "Place"
    assert place["geo"] == [48.1394, 37.7497, "UA", "Donetsk Oblast"]
    assert place["sa"] == ["http://www.wikidata.org/entity/Q156798"]
    assert [data["articles"][a]["id"] for a in place["a"]] == ["a1", "a2"]
    unit = nodes["47th Mechanized Brigade"]
    assert unit["al"] == ["47th Brigade", "Magura"] and "geo" not in unit and unit["n"] == 7 and unit["g"] == 3
    positions = {(node["x"], node["y"]) for node in data["nodes"]}
    assert len(positions) == len(data["nodes"]), "every entity has its own place on the canvas"
    # Linked entities sit nearer each other than the unlinked General Staff sits to them.
    def distance(a, b):
        return ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
    assert distance(unit, place) < distance(unit, nodes["General Staff"])


def test_types_have_distinct_colours_and_shapes_and_the_legend_lists_them():
    data = data_of(sample_graph())
    assert [t["name"] for t in data["types"]] == [kind.value for kind in TYPE_STYLES]
    assert len({(t["colour"], t["shape"]) for t in data["types"]}) == len(EntityType)


def test_the_map_gets_the_country_borders_around_the_places_and_only_those():
    world = Page(render_html(sample_graph())).data("ck-world")
    names = {name for name, _ in world}
    assert {"Ukraine", "Russia", "Belarus"} <= names and "Brazil" not in names and "Australia" not in names
    ukraine = next(rings for name, rings in world if name == "Ukraine")
    lon, lat = ukraine[0][0]
    assert 22 <= lon <= 41 and 44 <= lat <= 53
    assert all(len(ring) >= 4 for _, rings in world for ring in rings)


def test_controls_carry_test_ids():
    page = Page(render_html(sample_graph()))
    ids = {attrs.get("data-testid") for _, attrs in page.elements}
    assert {"search", "suggestions", "filter-article", "filter-outlet", "filter-reporter", "filter-side", "min-confidence",
            "hide-isolated", "hops", "date-from", "date-to", "view-map", "view-graph", "export-png", "export-csv",
            "details", "node-list", "timeline"} <= ids


def test_same_graph_renders_byte_identical_whatever_the_insertion_order():
    first = sample_graph()
    second = nx.MultiDiGraph()
    for node in reversed(list(first.nodes)):
        second.add_node(node, **first.nodes[node])
    for s, o, key, data in reversed(list(first.edges(keys=True, data=True))):
        second.add_edge(s, o, key=key, **data)
    second.graph["articles"] = first.graph["articles"]

    assert render_html(first) == render_html(second) == render_html(sample_graph())


def test_graph_with_no_nodes_gives_a_valid_page_saying_so():
    html = render_html(graph_of([], []))
    data = Page(html).data("ck-data")
    assert data["nodes"] == [] and data["edges"] == [] and data["claims"] == []
    assert "This graph is empty" in html
    assert html.rstrip().endswith("</html>")


def test_write_html_writes_the_rendered_page(tmp_path: Path):
    target = tmp_path / "exports" / "graph.html"
    write_html(sample_graph(), target)
    assert target.read_text(encoding="utf-8") == render_html(sample_graph())
    assert [path.name for path in target.parent.iterdir()] == ["graph.html"]


def test_claim_endpoint_without_an_entity_is_still_drawn_by_its_iri():
    orphan = f"{BASE}place/unknown"
    g = graph_of([BRIGADE], [], RECORDS)
    stray = Claim(iri=f"{BASE}claim/x", subject=BRIGADE.iri, predicate="captured", object=orphan, article="a1",
                  evidence="The brigade took the hamlet.", evidence_start=0, evidence_end=28, rule="r", confidence=0.7)
    g.add_edge(BRIGADE.iri, orphan, key=stray.iri, claim=stray)
    data = data_of(g)
    node = next(node for node in data["nodes"] if node["id"] == orphan)
    assert node["l"] == orphan and data["types"][node["k"]]["name"] == "Unknown"
    assert [(data["nodes"][e["f"]]["id"], data["nodes"][e["t"]]["id"]) for e in data["edges"]] == [(BRIGADE.iri, orphan)]


def test_page_size_per_node_stays_bounded_as_the_graph_grows():
    def grown(count: int) -> nx.MultiDiGraph:
        units = [entity(EntityType.MILITARY_UNIT, f"u{i}", f"Unit {i}", 1, ("a1",)) for i in range(count)]
        claims = [claim(i, units[i], "attacked", units[(i + 1) % count], "a1", f"Unit {i} attacked unit {i + 1}.")
                  for i in range(count)]
        return graph_of(units, claims, RECORDS)

    small, large = len(render_html(grown(50))), len(render_html(grown(550)))
    assert (large - small) / 500 < 700, "bytes added per entity with one claim"


def test_an_edge_carries_its_support_and_contested_flag_and_a_claim_its_event_date_and_polarity():
    said = claim(1, BRIGADE, "attacked", AVDIIVKA, "a1", "The brigade struck Avdiivka on Monday.",
                 event_date="2024-02-12", date_precision="day")
    denied = claim(2, BRIGADE, "attacked", AVDIIVKA, "a2", "Kyiv denied the brigade struck Avdiivka.",
                   polarity="Denied", event_date="2024-02-14", date_precision="article")
    data = data_of(graph_of([BRIGADE, AVDIIVKA], [said, denied]))
    (edge,) = data["edges"]
    assert (edge["ac"], edge["ct"]) == (1, 1)  # one article asserts it, and a denial contests it
    by_text = {c["ev"]: c for c in data["claims"]}
    assert (by_text[said.evidence]["ed"], by_text[said.evidence]["pr"], by_text[said.evidence]["dn"]) == ("2024-02-12", "day", 0)
    assert by_text[denied.evidence]["dn"] == 1
