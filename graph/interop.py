"""The graph in the formats of the tools analysts already use: the merged graph in, file texts out.

- `render_graphml(g)` / `render_gexf(g)`: GraphML and GEXF through networkx, for Gephi, Cytoscape
  and yEd; one edge per claim, keyed by the claim IRI;
- `render_neo4j_csvs(g)`: a node file and a relationship file in the header format of
  `neo4j-admin database import full --nodes=neo4j-nodes.csv --relationships=neo4j-relationships.csv`
  (`:ID`, `:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, typed columns, `;` between array items).
- `render_interop(g)` gives all four as {file name: text}.

Every claim keeps its evidence sentence, article, article title, article date, confidence, hedging,
reporters and rule as properties. Text is written as is (the formats escape it); no value is None.
"""
from __future__ import annotations

import csv
import io
import re

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


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `g` whose nodes and edges carry scalar properties only, as GraphML and GEXF need."""
    records = {record.id: record for record in articles(g)}
    flat = nx.MultiDiGraph(name="conflict-kg knowledge graph")
    known = {entity.iri for entity in entities_of(g)}
    for entity in entities_of(g):
        flat.add_node(entity.iri, **_node_properties(entity))
    for claim in asserted_claims(g):
        for iri in (claim.subject, claim.object):
            if iri not in known and iri not in flat:
                flat.add_node(iri, label=iri, type="", aliases="", sameAs="", articles="", mentions=0)
        flat.add_edge(claim.subject, claim.object, key=claim.iri, **_claim_properties(claim, records))
    return flat


def entities_of(g: nx.MultiDiGraph) -> list[GraphEntity]:
    """The entities of `g` in IRI order, leaving out bare nodes networkx made for a claim's endpoint."""
    return [entity for entity in (g.nodes[n].get("entity") for n in sorted(g.nodes)) if entity is not None]


def render_graphml(g: nx.MultiDiGraph) -> str:
    return "\n".join(nx.generate_graphml(flat_graph(g), edge_id_from_attribute=None)) + "\n"


def render_gexf(g: nx.MultiDiGraph) -> str:
    flat = flat_graph(g)
    for _, _, data in flat.edges(data=True):
        data["label"] = data["predicate"]
    text = "\n".join(nx.generate_gexf(flat)) + "\n"
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)  # today's date would make builds differ


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _number(value: float | int | None) -> str:
    return "" if value is None else repr(value)


def render_neo4j_csvs(g: nx.MultiDiGraph) -> dict[str, str]:
    """The node and relationship files for neo4j-admin import: entity labels `Entity` and its type."""
    records = {record.id: record for record in articles(g)}
    nodes = [["iri:ID", "name", ":LABEL", "aliases:string[]", "sameAs:string[]", "articles:string[]",
              "mentions:int", "latitude:float", "longitude:float", "country"]]
    written = set()
    for entity in entities_of(g):
        point = entity.location
        nodes.append([entity.iri, entity.label, f"Entity{ARRAY_DELIMITER}{entity.type.value}",
                      ARRAY_DELIMITER.join(entity.aliases), ARRAY_DELIMITER.join(entity.same_as),
                      ARRAY_DELIMITER.join(entity.articles), str(entity.mention_count),
                      _number(point.latitude if point else None), _number(point.longitude if point else None),
                      (point.country or "") if point else ""])
        written.add(entity.iri)
    relationships = [[":START_ID", ":END_ID", ":TYPE", "claim", "evidence", "article", "articleTitle",
                      "articleUrl", "date:date", "confidence:float", "hedged:boolean", "reportedBy:string[]",
                      "relayedBy:string[]", "rule"]]
    for claim in asserted_claims(g):
        for iri in (claim.subject, claim.object):
            if iri not in written:  # an endpoint without an entity still needs a node to attach to
                nodes.append([iri, iri, "Entity", "", "", "", "0", "", "", ""])
                written.add(iri)
        props = _claim_properties(claim, records)
        relationships.append([claim.subject, claim.object, claim.predicate, claim.iri, claim.evidence,
                              claim.article, str(props["articleTitle"]), str(props["articleUrl"]),
                              str(props["date"]), repr(claim.confidence), "true" if claim.hedged else "false",
                              str(props["reportedBy"]), str(props["relayedBy"]), claim.rule])
    return {NEO4J_NODE_FILE: _csv(nodes), NEO4J_RELATIONSHIP_FILE: _csv(relationships)}


def render_interop(g: nx.MultiDiGraph) -> dict[str, str]:
    """Every interchange file's name and text."""
    return {"graph.graphml": render_graphml(g), "graph.gexf": render_gexf(g), **render_neo4j_csvs(g)}
