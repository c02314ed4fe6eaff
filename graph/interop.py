"""The graph in the formats of the tools analysts already use: the merged graph in, file texts out.

- `render_graphml(g)` / `render_gexf(g)`: GraphML and GEXF, for Gephi, Cytoscape, yEd and networkx;
  one edge per claim, keyed by the claim IRI; written node by node and edge by edge (`graphml_chunks`,
  `gexf_chunks`), never as one document tree, so their size need not fit in memory;
- `render_neo4j_csvs(g)`: a node file and a relationship file in the header format of
  `neo4j-admin database import full --nodes=neo4j-nodes.csv --relationships=neo4j-relationships.csv`
  (`:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed columns, `;` between array items).
- `render_interop(g)` gives all four as {file name: text}; `iter_interop(g)` one at a time.

Every claim keeps its evidence sentence, article, article title, article date, confidence, hedging,
reporters and rule as properties. Text is written as is (the formats escape it); no value is None.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from xml.sax.saxutils import escape

import networkx as nx

from conflict_kg.graph.model import ArticleRecord, Claim, GraphEntity, articles, asserted_claims

ARRAY_DELIMITER = ";"  # neo4j-admin's default --array-delimiter
NEO4J_NODE_FILE = "neo4j-nodes.csv"
NEO4J_RELATIONSHIP_FILE = "neo4j-relationships.csv"
INTEROP_FILES = ("graph.graphml", "graph.gexf", NEO4J_NODE_FILE, NEO4J_RELATIONSHIP_FILE)


def iso_day(date: str | None) -> str | None:
    """The YYYY-MM-DD day an article date starts with ("2024-02-16T08:00:00Z" -> "2024-02-16"), else None."""
    match = re.match(r"(\d{4}-\d{2}-\d{2})(?:$|[T ])", (date or "").strip())
    return match.group(1) if match else None


def _node_properties(entity: GraphEntity) -> dict[str, str | int | float]:
    props: dict[str, str | int | float] = {
        "label": entity.label,
        "type": entity.type.value,
        "aliases": ARRAY_DELIMITER.join(entity.aliases),
        "sameAs": ARRAY_DELIMITER.join(entity.same_as),
        "articles": ARRAY_DELIMITER.join(entity.articles),
        "mentions": entity.mention_count,
    }
    if entity.location is not None:
        props["latitude"] = entity.location.latitude
        props["longitude"] = entity.location.longitude
        props["country"] = entity.location.country or ""
    return props


def _claim_properties(claim: Claim, records: dict[str, ArticleRecord]) -> dict[str, str | float | bool]:
    record = records.get(claim.article)
    metadata = record.metadata if record else None
    return {
        "claim": claim.iri,
        "predicate": claim.predicate,
        "evidence": claim.evidence,
        "article": claim.article,
        "articleTitle": (metadata.title if metadata else None) or "",
        "articleUrl": (metadata.url if metadata else None) or "",
        "date": iso_day(metadata.date if metadata else None) or "",
        "confidence": claim.confidence,
        "hedged": claim.hedged,
        "reportedBy": ARRAY_DELIMITER.join(claim.reported_by),
        "relayedBy": ARRAY_DELIMITER.join(claim.relayed_by),
        "rule": claim.rule,
    }


_NODE_KEYS = (("label", "string"), ("type", "string"), ("aliases", "string"), ("sameAs", "string"),
              ("articles", "string"), ("mentions", "long"), ("latitude", "double"), ("longitude", "double"),
              ("country", "string"))
_EDGE_KEYS = (("claim", "string"), ("predicate", "string"), ("evidence", "string"), ("article", "string"),
              ("articleTitle", "string"), ("articleUrl", "string"), ("date", "string"), ("confidence", "double"),
              ("hedged", "boolean"), ("reportedBy", "string"), ("relayedBy", "string"), ("rule", "string"))
GRAPH_NAME = "conflict-kg knowledge graph"
_BARE_NODE = {"type": "", "aliases": "", "sameAs": "", "articles": "", "mentions": 0}


def _nodes(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, str | int | float]]]:
    """Every node with its scalar properties: the entities in IRI order, then a bare node for each claim
    endpoint that is no entity, in the order the claims reach them."""
    known = set()
    for entity in entities_of(g):
        known.add(entity.iri)
        yield entity.iri, _node_properties(entity)
    for claim in asserted_claims(g):
        for iri in (claim.subject, claim.object):
            if iri not in known:
                known.add(iri)
                yield iri, {"label": iri, **_BARE_NODE}


def _edges(g: nx.MultiDiGraph) -> Iterator[tuple[Claim, dict[str, str | float | bool]]]:
    records = {record.id: record for record in articles(g)}
    for claim in asserted_claims(g):
        yield claim, _claim_properties(claim, records)


def _xml(value: str | int | float | bool) -> str:
    text = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return escape(text, {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"})


def graphml_chunks(g: nx.MultiDiGraph) -> Iterator[str]:
    """GraphML (for Gephi, Cytoscape, yEd, networkx) written node by node and edge by edge."""
    yield ('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/'
           'xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    keys = [("node", name, kind) for name, kind in _NODE_KEYS] + [("edge", name, kind) for name, kind in _EDGE_KEYS]
    ids = {(owner, name): f"d{i}" for i, (owner, name, _) in enumerate(keys)}
    yield "".join(f'  <key id="{ids[owner, name]}" for="{owner}" attr.name="{name}" attr.type="{kind}" />\n'
                  for owner, name, kind in keys)
    yield ('  <key id="name" for="graph" attr.name="name" attr.type="string" />\n  <graph edgedefault="directed">\n'
           f'    <data key="name">{_xml(GRAPH_NAME)}</data>\n')
    for iri, props in _nodes(g):
        yield (f'    <node id="{_xml(iri)}">\n'
               + "".join(f'      <data key="{ids["node", k]}">{_xml(v)}</data>\n' for k, v in props.items())
               + "    </node>\n")
    for claim, props in _edges(g):
        yield (f'    <edge source="{_xml(claim.subject)}" target="{_xml(claim.object)}" id="{_xml(claim.iri)}">\n'
               + "".join(f'      <data key="{ids["edge", k]}">{_xml(v)}</data>\n' for k, v in props.items())
               + "    </edge>\n")
    yield "  </graph>\n</graphml>\n"


def gexf_chunks(g: nx.MultiDiGraph) -> Iterator[str]:
    """GEXF 1.2 (for Gephi and networkx) written node by node and edge by edge; an edge is labelled
    with its relation and keeps its claim IRI as its networkx key."""
    node_keys = [(name, kind) for name, kind in _NODE_KEYS if name != "label"]
    edge_keys = [*_EDGE_KEYS, ("networkx_key", "string")]
    ids = {name: str(i) for i, (name, _) in enumerate(node_keys + edge_keys)}

    def attributes(kind: str, declared: list[tuple[str, str]]) -> str:
        return (f'    <attributes mode="static" class="{kind}">\n'
                + "".join(f'      <attribute id="{ids[name]}" title="{name}" type="{t}" />\n' for name, t in declared)
                + "    </attributes>\n")

    def values(props: dict) -> str:
        return ("        <attvalues>\n"
                + "".join(f'          <attvalue for="{ids[k]}" value="{_xml(v)}" />\n' for k, v in props.items())
                + "        </attvalues>\n")

    yield ('<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
           '  <meta>\n    <creator>conflict-kg</creator>\n  </meta>\n'
           f'  <graph defaultedgetype="directed" mode="static" name="{_xml(GRAPH_NAME)}">\n')
    yield attributes("edge", edge_keys) + attributes("node", node_keys) + "    <nodes>\n"
    for iri, props in _nodes(g):
        label = props.pop("label")
        yield f'      <node id="{_xml(iri)}" label="{_xml(label)}">\n' + values(props) + "      </node>\n"
    yield "    </nodes>\n    <edges>\n"
    for number, (claim, props) in enumerate(_edges(g)):
        yield (f'      <edge source="{_xml(claim.subject)}" target="{_xml(claim.object)}" id="{number}" '
               f'label="{_xml(claim.predicate)}">\n' + values({**props, "networkx_key": claim.iri}) + "      </edge>\n")
    yield "    </edges>\n  </graph>\n</gexf>\n"


def entities_of(g: nx.MultiDiGraph) -> list[GraphEntity]:
    """The entities of `g` in IRI order, leaving out bare nodes networkx made for a claim's endpoint."""
    return [entity for entity in (g.nodes[n].get("entity") for n in sorted(g.nodes)) if entity is not None]


def render_graphml(g: nx.MultiDiGraph) -> str:
    return "".join(graphml_chunks(g))


def render_gexf(g: nx.MultiDiGraph) -> str:
    return "".join(gexf_chunks(g))


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _number(value: float | int | None) -> str:
    return "" if value is None else repr(value)


def render_neo4j_csvs(g: nx.MultiDiGraph) -> dict[str, str]:
    """The node and relationship files for neo4j-admin import: entity labels `Entity` and its type."""
    nodes = [["iri:ID", "name", ":LABEL", "aliases:string[]", "sameAs:string[]", "articles:string[]",
              "mentions:int", "latitude:float", "longitude:float", "country"]]
    for iri, props in _nodes(g):
        nodes.append([iri, props["label"], ARRAY_DELIMITER.join(["Entity", props["type"]] if props["type"] else ["Entity"]),
                      props["aliases"], props["sameAs"], props["articles"], str(props["mentions"]),
                      _number(props.get("latitude")), _number(props.get("longitude")), props.get("country", "")])
    relationships = [[":START_ID", ":END_ID", ":TYPE", "claim", "evidence", "article", "articleTitle",
                      "articleUrl", "date:date", "confidence:float", "hedged:boolean", "reportedBy:string[]",
                      "relayedBy:string[]", "rule"]]
    for claim, props in _edges(g):
        relationships.append([claim.subject, claim.object, claim.predicate, claim.iri, claim.evidence,
                              claim.article, props["articleTitle"], props["articleUrl"], props["date"],
                              repr(claim.confidence), "true" if claim.hedged else "false",
                              props["reportedBy"], props["relayedBy"], claim.rule])
    return {NEO4J_NODE_FILE: _csv(nodes), NEO4J_RELATIONSHIP_FILE: _csv(relationships)}


def render_interop(g: nx.MultiDiGraph) -> dict[str, str]:
    """Every interchange file's name and text."""
    return {name: text if isinstance(text, str) else "".join(text) for name, text in iter_interop(g)}


def iter_interop(g: nx.MultiDiGraph) -> Iterator[tuple[str, str | Iterator[str]]]:
    """`render_interop`'s files one at a time, GraphML and GEXF as text chunks made as they are written."""
    yield "graph.graphml", graphml_chunks(g)
    yield "graph.gexf", gexf_chunks(g)
    yield from render_neo4j_csvs(g).items()
