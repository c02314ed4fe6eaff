"""The interactive HTML export: the merged graph in, one self-contained offline HTML page out.

`render_html(g)` gives the page as a string, `write_html(g, path)` writes it atomically.

The page is built through pyvis (`pyvis.network.Network`) with our own template
(`graph/templates/graph.html`) instead of pyvis's, because pyvis's template loads vis.js and
Bootstrap from CDNs and puts tooltips into innerHTML. Here:

- the vis-network JS and CSS shipped inside the pyvis package are inlined, so the page fetches
  nothing, and a Content-Security-Policy forbids every fetch and allows only the page's own
  scripts (by SHA-256 hash), so even an injected inline handler could not run;
- nodes, edges and options travel as JSON in `<script type="application/json">` blocks with
  `<`, `>`, `&`, U+2028 and U+2029 escaped, so no article text can close the tag;
- tooltips are plain text: the template turns every title into a DOM element via `textContent`
  before vis sees it;
- one edge per (subject, predicate, object) aggregates its claims; its width grows with their
  number and its tooltip lists each one with its evidence and provenance;
- everything is sorted and ids are derived from the data, so the same graph gives the same bytes.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from conflict_kg.extract.model import EntityType
from conflict_kg.graph.files import atomic_write
from conflict_kg.graph.model import ArticleRecord, Claim, GraphEntity, articles

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "graph.html"
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"

# Filled in after rendering with the hashes of the page's own inline scripts.
_SCRIPT_SOURCES_PLACEHOLDER = "__CK_SCRIPT_SOURCES__"

OWN_VOICE = "the article's own voice"


@dataclass(frozen=True)
class NodeStyle:
    """How one entity type is drawn; `shape` is a vis-network node shape."""

    type: EntityType
    colour: str
    shape: str


# Okabe–Ito colours (distinguishable with colour-vision deficiencies), one shape per type too.
NODE_STYLES: dict[EntityType, NodeStyle] = {
    style.type: style
    for style in (
        NodeStyle(EntityType.MILITARY_UNIT, "#D55E00", "square"),
        NodeStyle(EntityType.PERSON, "#0072B2", "dot"),
        NodeStyle(EntityType.PLACE, "#009E73", "triangle"),
        NodeStyle(EntityType.ORGANISATION, "#CC79A7", "diamond"),
        NodeStyle(EntityType.WEAPON_SYSTEM, "#E69F00", "star"),
    )
}

VIS_OPTIONS: dict[str, Any] = {
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 140, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "nodes": {"borderWidth": 1, "font": {"size": 14, "color": "#1b1b1b", "strokeWidth": 3, "strokeColor": "#ffffff"}},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        "color": {"color": "#8a8f98", "highlight": "#2b2b2b", "hover": "#2b2b2b"},
        "font": {"size": 11, "align": "middle", "color": "#444444", "strokeWidth": 3, "strokeColor": "#ffffff"},
    },
}


def node_size(mention_count: int) -> float:
    """Grows with the number of mentions, logarithmically so one hub does not dwarf the rest."""
    return round(10 + 5 * math.log2(max(mention_count, 1)), 2)


def edge_width(claim_count: int) -> float:
    """Grows with the number of claims behind an edge; one claim gives a hairline of 1."""
    return round(1 + 2 * math.log2(max(claim_count, 1)), 2)


def plain_label(text: str) -> str:
    """One line of text for the canvas: every run of whitespace (newlines, U+2028…) becomes a space."""
    return " ".join(text.split())


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML `<script>` element: nothing in it can end the element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def _vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS bundled with pyvis, checked safe to inline."""
    js = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    css = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    # The source-map comment would make developer tools fetch a file that is not there.
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE).rstrip() + "\n"
    if re.search(r"</script", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise RuntimeError(f"{VIS_DIR}: vis-network assets contain a closing tag and cannot be inlined")
    return js, css


def _article_line(article_id: str, records: dict[str, ArticleRecord]) -> str:
    record = records.get(article_id)
    title = record.metadata.title if record and record.metadata.title else "(untitled)"
    return f"{article_id} — {title}"


def node_tooltip(entity: GraphEntity, records: dict[str, ArticleRecord]) -> str:
    lines = [entity.label, f"Type: {entity.type.value}"]
    if entity.aliases:
        lines.append("Also called: " + "; ".join(entity.aliases))
    if entity.location is not None:
        point = entity.location
        lines.append(f"Coordinates (lat, lon): {point.latitude:.4f}, {point.longitude:.4f}")
        where = [f"Country: {point.country}"] if point.country else []
        where += [f"Region: {point.region}"] if point.region else []
        if where:
            lines.append(" · ".join(where))
    count = len(entity.articles)
    lines.append(f"Mentions: {entity.mention_count} in {count} article{'s' if count != 1 else ''}")
    lines += [f"  {_article_line(article_id, records)}" for article_id in sorted(entity.articles)]
    if entity.same_as:
        lines.append("Same as:")
        lines += [f"  {iri}" for iri in sorted(entity.same_as)]
    return "\n".join(lines)


def _voices(iris: tuple[str, ...], labels: dict[str, str]) -> str:
    return "; ".join(labels.get(iri, iri) for iri in sorted(iris))


def edge_tooltip(
    subject: str, predicate: str, obj: str, claims: list[Claim], labels: dict[str, str], records: dict[str, ArticleRecord]
) -> str:
    count = len(claims)
    lines = [
        f"{labels.get(subject, subject)} —{predicate}→ {labels.get(obj, obj)}",
        f"{count} claim{'s' if count != 1 else ''}:",
    ]
    for number, claim in enumerate(claims, start=1):
        lines.append(f"{number}. “{claim.evidence}”")
        lines.append(f"   Reported by: {_voices(claim.reported_by, labels) or OWN_VOICE}")
        if claim.relayed_by:
            lines.append(f"   Relayed by: {_voices(claim.relayed_by, labels)}")
        lines.append(f"   Hedged: {'yes' if claim.hedged else 'no'} · Confidence: {claim.confidence:.2f}")
        lines.append(f"   Article: {_article_line(claim.article, records)}")
    return "\n".join(lines)


def grouped_claims(g: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[Claim]]:
    """Claims per (subject, predicate, object), each list in article and text order, keys sorted."""
    groups: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for _, _, data in g.edges(data=True):
        claim: Claim = data["claim"]
        groups[(claim.subject, claim.predicate, claim.object)].append(claim)
    return {
        key: sorted(groups[key], key=lambda c: (c.article, c.evidence_start, c.evidence_end, c.iri))
        for key in sorted(groups)
    }


def build_network(g: nx.MultiDiGraph) -> Network:
    """The pyvis network of `g`: styled nodes and one aggregated edge per (s, p, o)."""
    records = {record.id: record for record in articles(g)}
    net = Network(directed=True, height="100%", width="100%", heading="conflict-kg knowledge graph")
    net.options = json.loads(json.dumps(VIS_OPTIONS))  # a private copy; pyvis renders a dict as is
    labels: dict[str, str] = {}
    for iri in sorted(g.nodes):
        entity: GraphEntity | None = g.nodes[iri].get("entity")
        if entity is None:  # a bare node networkx made for a claim's endpoint; drawn below by its IRI
            continue
        style = NODE_STYLES[entity.type]
        label = plain_label(entity.label) or iri
        labels[iri] = label
        net.add_node(
            iri,
            label=label,
            shape=style.shape,
            color=style.colour,
            size=node_size(entity.mention_count),
            title=node_tooltip(entity, records),
        )
    parallel: dict[tuple[str, str], int] = defaultdict(int)
    for index, ((subject, predicate, obj), claims) in enumerate(grouped_claims(g).items()):
        for iri in (subject, obj):
            if iri not in labels:  # a claim whose entity is not a node: still shown, by its IRI
                labels[iri] = iri
                net.add_node(iri, label=iri, shape="dot", color="#999999", size=node_size(1), title=iri)
        rank = parallel[(subject, obj)]
        parallel[(subject, obj)] += 1
        net.add_edge(
            subject,
            obj,
            id=f"e{index}",
            label=predicate,
            title=edge_tooltip(subject, predicate, obj, claims, labels, records),
            width=edge_width(len(claims)),
            claims=len(claims),
            arrows="to",
            # Parallel edges between the same two nodes get different curvatures so none hides another.
            smooth={"enabled": True, "type": "curvedCW", "roundness": round(0.1 + 0.2 * rank, 2)},
        )
    return net


def _legend() -> list[dict[str, str]]:
    return [{"type": s.type.value, "colour": s.colour, "shape": s.shape} for s in NODE_STYLES.values()]


def _inline_script_hashes(page: str) -> str:
    bodies = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    digests = [base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") for body in bodies]
    return " ".join(f"'sha256-{digest}'" for digest in digests)


def render_html(g: nx.MultiDiGraph) -> str:
    """The whole offline page for `g`, byte-identical for the same graph."""
    net = build_network(g)
    net.set_template_dir(f"{TEMPLATE_DIR}/", TEMPLATE_NAME)
    net.templateEnv.filters["script_json"] = script_json
    net.templateEnv.filters["script_json_text"] = lambda text: script_json(json.loads(text))
    vis_js, vis_css = _vis_assets()
    net.templateEnv.globals.update(
        vis_js=vis_js,
        vis_css=vis_css,
        legend=_legend(),
        script_sources=_SCRIPT_SOURCES_PLACEHOLDER,
        node_count=len(net.nodes),
        edge_count=len(net.edges),
        claim_count=g.number_of_edges(),
        article_count=len(articles(g)),
    )
    page = net.generate_html(name=TEMPLATE_NAME)
    # The CSP meta tag comes before any data, so the first occurrence is the placeholder we wrote.
    return page.replace(_SCRIPT_SOURCES_PLACEHOLDER, _inline_script_hashes(page), 1)


def write_html(g: nx.MultiDiGraph, path: Path) -> None:
    atomic_write(Path(path), render_html(g))
