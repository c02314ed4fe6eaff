"""The offline HTML export: self-contained, inert against hostile text, one edge per (s, p, o)."""
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
from conflict_kg.graph.html import NODE_STYLES, edge_width, node_size, plain_label, render_html, write_html
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


def article(article_id: str, title: str | None) -> ArticleRecord:
    return ArticleRecord(iri=f"{BASE}article/{article_id}", id=article_id, source=f"{article_id}.txt",
                         metadata=ArticleMetadata(title=title))


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
RECORDS = (article("a1", "Battle for Avdiivka intensifies"), article("a2", None))


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
    assert BRIGADE.iri in {node["id"] for node in page.data("ck-nodes")}


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

    nodes = {node["id"]: node for node in page.data("ck-nodes")}
    victim = nodes[f"{BASE}place/hostile"]
    assert victim["label"] == plain_label(text)
    assert text in victim["title"]  # aliases, coordinates' country/region, sameAs, article title
    assert victim["title"].count(text) >= 5
    (edge,) = page.data("ck-edges")
    assert f"“{text}”" in edge["title"]
    assert f"Reported by: {plain_label(text)}" in edge["title"]


def test_hostile_label_cannot_reach_the_page_title_or_heading():
    page = Page(render_html(hostile_graph("<title>pwned</title>")))
    assert page.tags().count("title") == 1


def test_claims_between_the_same_entities_become_one_edge_wider_with_more_claims():
    page = Page(render_html(sample_graph()))
    edges = {(edge["from"], edge["label"], edge["to"]): edge for edge in page.data("ck-edges")}

    assert set(edges) == {
        (BRIGADE.iri, "attacked", AVDIIVKA.iri),
        (BRIGADE.iri, "used", ABRAMS.iri),
        (COMMANDER.iri, "leaderOf", BRIGADE.iri),
    }
    attacked = edges[(BRIGADE.iri, "attacked", AVDIIVKA.iri)]
    used = edges[(BRIGADE.iri, "used", ABRAMS.iri)]
    assert attacked["claims"] == 3 and used["claims"] == 1
    assert attacked["width"] == edge_width(3) > used["width"] == edge_width(1)
    assert attacked["arrows"] == "to"
    assert len({edge["id"] for edge in edges.values()}) == 3


def test_edge_tooltip_lists_every_claim_with_its_provenance():
    page = Page(render_html(sample_graph()))
    (attacked,) = [edge for edge in page.data("ck-edges") if edge["label"] == "attacked"]
    tooltip = attacked["title"]

    assert "3 claims" in tooltip
    for evidence in (
        "The 47th Brigade struck Russian positions in Avdiivka.",
        "Brigade crews attacked near Avdiivka overnight.",
        "Fresh assaults by the 47th were reported.",
    ):
        assert f"“{evidence}”" in tooltip
    assert "Reported by: General Staff" in tooltip
    assert "Reported by: the article's own voice" in tooltip
    assert "Hedged: yes · Confidence: 0.55" in tooltip
    assert "Hedged: no · Confidence: 0.80" in tooltip
    assert "Article: a1 — Battle for Avdiivka intensifies" in tooltip
    assert "Article: a2 — (untitled)" in tooltip
    # Claims are listed in article order, then in text order.
    assert tooltip.index("struck Russian") < tooltip.index("crews attacked") < tooltip.index("Fresh assaults")


def test_place_tooltip_shows_type_aliases_articles_same_as_and_coordinates():
    nodes = {node["id"]: node for node in Page(render_html(sample_graph())).data("ck-nodes")}
    place = nodes[AVDIIVKA.iri]["title"]
    assert place.splitlines()[:2] == ["Avdiivka", "Type: Place"]
    assert "Coordinates (lat, lon): 48.1394, 37.7497" in place
    assert "Country: UA · Region: Donetsk Oblast" in place
    assert "a1 — Battle for Avdiivka intensifies" in place and "a2 — (untitled)" in place
    assert "http://www.wikidata.org/entity/Q156798" in place

    unit = nodes[BRIGADE.iri]["title"]
    assert "Also called: 47th Brigade; Magura" in unit
    assert "Coordinates" not in unit


def test_nodes_are_coloured_and_shaped_by_type_and_sized_by_mentions():
    nodes = {node["id"]: node for node in Page(render_html(sample_graph())).data("ck-nodes")}
    for item in (BRIGADE, AVDIIVKA, STAFF, COMMANDER, ABRAMS):
        style = NODE_STYLES[item.type]
        assert (nodes[item.iri]["color"], nodes[item.iri]["shape"]) == (style.colour, style.shape)
        assert nodes[item.iri]["size"] == node_size(item.mention_count)
    assert len({(style.colour, style.shape) for style in NODE_STYLES.values()}) == len(EntityType)
    assert nodes[BRIGADE.iri]["size"] > nodes[AVDIIVKA.iri]["size"] > nodes[COMMANDER.iri]["size"]


def test_legend_shows_every_entity_type_in_its_colour():
    page = Page(render_html(sample_graph()))
    entries = {attrs["data-type"]: index for index, (tag, attrs) in enumerate(page.elements) if tag == "li" and "data-type" in attrs}
    assert set(entries) == {kind.value for kind in EntityType}
    for kind, index in entries.items():
        shape_fill = page.elements[index + 2][1]["fill"]  # <li> <svg> <shape fill=…>
        assert shape_fill == NODE_STYLES[EntityType(kind)].colour


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
    page = Page(html)
    assert page.data("ck-nodes") == [] and page.data("ck-edges") == []
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
    page = Page(render_html(g))
    assert {node["id"]: node["label"] for node in page.data("ck-nodes")}[orphan] == orphan
    assert [(edge["from"], edge["to"]) for edge in page.data("ck-edges")] == [(BRIGADE.iri, orphan)]
