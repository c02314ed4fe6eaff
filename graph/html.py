"""The interactive HTML export: the merged graph in, one self-contained offline explorer page out.

`render_html(g)` gives the page as a string, `write_html(g, path)` writes it atomically.

The page is rendered through pyvis (`pyvis.network.Network.generate_html`) with our own template
(`graph/templates/graph.html`, `explorer/*.js`, `explorer.css`) instead of pyvis's, because pyvis's
template loads vis.js and Bootstrap from CDNs and puts tooltips into innerHTML. Here:

- the vis-network JS and CSS shipped inside the pyvis package are inlined, so the page fetches
  nothing, and a Content-Security-Policy forbids every fetch and allows only the page's own
  scripts (by SHA-256 hash), so even an injected inline handler could not run;
- the graph travels as JSON (`graph.explorer_data`) in a `<script type="application/json">` block
  with `<`, `>`, `&`, U+2028 and U+2029 escaped, so no article text can close the tag; the page
  writes every text with textContent;
- positions are computed in Python (`graph.layout`), so the page opens with physics off;
- the map's country borders come from the `countryinfo` package (`graph.basemap`), only those
  near the graph's places, simplified;
- everything is sorted and derived from the data, so the same graph gives the same bytes.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from pyvis.network import Network

from conflict_kg.graph.basemap import country_outlines
from conflict_kg.graph.explorer_data import explorer_data
from conflict_kg.graph.files import atomic_write
from conflict_kg.graph.model import articles

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_NAME = "graph.html"
VIS_DIR = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"

# Filled in after rendering with the hashes of the page's own inline scripts.
_SCRIPT_SOURCES_PLACEHOLDER = "__CK_SCRIPT_SOURCES__"

HEADING = "conflict-kg knowledge graph"


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


@cache
def _own_assets() -> tuple[str, str]:
    """The explorer's own script (its parts in `templates/explorer/`, joined in name order inside one
    function, so they share its scope) and style sheet."""
    parts = sorted((TEMPLATE_DIR / "explorer").glob("*.js"))
    js = ("/* conflict-kg explorer: search, filters, focus, details, map and timeline over the data of #ck-data.\n"
          "   Every text from articles is written with textContent or as SVG text nodes, never as markup. */\n"
          "(function () {\n  \"use strict\";\n" + "".join(part.read_text(encoding="utf-8") for part in parts) + "})();\n")
    css = (TEMPLATE_DIR / "explorer.css").read_text(encoding="utf-8")
    if re.search(r"</script", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise RuntimeError(f"{TEMPLATE_DIR}: explorer assets contain a closing tag and cannot be inlined")
    return js, css


def world_outlines(data: dict[str, Any]) -> list[list[Any]]:
    """[[country, [[[lon, lat], ...], ...]], ...] near the places of the page's data (all if none)."""
    places = [node["geo"] for node in data["nodes"] if "geo" in node]
    bounds = None
    if places:
        bounds = (min(p[1] for p in places), min(p[0] for p in places), max(p[1] for p in places), max(p[0] for p in places))
    return [[name, [[list(point) for point in ring] for ring in rings]] for name, rings in country_outlines(bounds)]


def _inline_script_hashes(page: str) -> str:
    bodies = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    digests = [base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") for body in bodies]
    return " ".join(f"'sha256-{digest}'" for digest in digests)


def render_html(g: nx.MultiDiGraph) -> str:
    """The whole offline page for `g`, byte-identical for the same graph."""
    data = explorer_data(g)
    net = Network(directed=True, height="100%", width="100%", heading=HEADING)
    net.set_template_dir(f"{TEMPLATE_DIR}/", TEMPLATE_NAME)
    net.templateEnv.filters["script_json"] = script_json
    vis_js, vis_css = _vis_assets()
    explorer_js, explorer_css = _own_assets()
    net.templateEnv.globals.update(
        vis_js=vis_js,
        vis_css=vis_css,
        explorer_js=explorer_js,
        explorer_css=explorer_css,
        data=data,
        world=world_outlines(data),
        script_sources=_SCRIPT_SOURCES_PLACEHOLDER,
        node_count=len(data["nodes"]),
        edge_count=len(data["edges"]),
        claim_count=len(data["claims"]),
        article_count=len(articles(g)),
    )
    page = net.generate_html(name=TEMPLATE_NAME)
    # The CSP meta tag comes before any data, so the first occurrence is the placeholder we wrote.
    return page.replace(_SCRIPT_SOURCES_PLACEHOLDER, _inline_script_hashes(page), 1)


def write_html(g: nx.MultiDiGraph, path: Path) -> None:
    atomic_write(Path(path), render_html(g))
