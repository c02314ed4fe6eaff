"""The merged knowledge graph: a networkx MultiDiGraph whose nodes and edges carry frozen dataclasses.

- node key: the entity IRI; `G.nodes[iri]["entity"]` is a `GraphEntity`;
- edge key: the claim IRI; `G.edges[s, o, claim_iri]["claim"]` is a `Claim` (s, o: entity IRIs);
- `G.graph["articles"]`: tuple of `ArticleRecord`, sorted by id.

Every exporter (RDF, HTML, CSV) reads only this structure.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from conflict_kg.extract.model import ASSERTED, DENIED, ArticleMetadata, EntityType


@dataclass(frozen=True)
class ArticleRecord:
    iri: str
    id: str
    source: str
    metadata: ArticleMetadata = ArticleMetadata()


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float
    country: str | None = None  # ISO 3166-1 alpha-2
    region: str | None = None  # first-level division, e.g. "Donetsk Oblast"


@dataclass(frozen=True)
class GraphEntity:
    iri: str
    type: EntityType
    label: str
    aliases: tuple[str, ...]  # every other surface form seen, sorted
    articles: tuple[str, ...]  # ids of the articles that mention it, sorted
    mention_count: int
    same_as: tuple[str, ...] = ()  # Wikidata / GeoNames IRIs
    link_confidence: float | None = None
    location: GeoPoint | None = None


@dataclass(frozen=True)
class Claim:
    iri: str
    subject: str  # entity IRI
    predicate: str  # ck: property name
    object: str  # entity IRI
    article: str  # ArticleRecord.id
    evidence: str
    evidence_start: int  # character offsets of the evidence in the article as read
    evidence_end: int
    rule: str
    confidence: float
    hedged: bool = False
    reported_by: tuple[str, ...] = ()  # entity IRIs
    relayed_by: tuple[str, ...] = ()  # entity IRIs
    polarity: str = ASSERTED  # or DENIED: the reporter denies it; never an edge of its own
    event_date: str | None = None  # ISO date, YYYY-MM or YYYY
    date_precision: str | None = None  # day | month | year | article
    party: str | None = None  # IRI of the state the reporter speaks for


def knowledge_graph(articles: Iterable[ArticleRecord], nodes: Iterable[GraphEntity],
                    edges: Iterable[Claim]) -> nx.MultiDiGraph:
    """The graph structure described above, from its articles, entities and claims."""
    g = nx.MultiDiGraph(articles=tuple(sorted(articles, key=lambda a: a.id)))
    for entity in nodes:
        g.add_node(entity.iri, entity=entity)
    for claim in edges:
        g.add_edge(claim.subject, claim.object, key=claim.iri, claim=claim)
    return g


def entities(g: nx.MultiDiGraph) -> list[GraphEntity]:
    """All entities, in IRI order."""
    return [g.nodes[n]["entity"] for n in sorted(g.nodes)]


def claims(g: nx.MultiDiGraph) -> list[Claim]:
    """All claims, in IRI order."""
    return sorted((d["claim"] for _, _, d in g.edges(data=True)), key=lambda c: c.iri)


def asserted_claims(g: nx.MultiDiGraph) -> list[Claim]:
    """The claims that assert their edge (denied ones left out), in IRI order."""
    return [c for c in claims(g) if c.polarity != DENIED]


def articles(g: nx.MultiDiGraph) -> tuple[ArticleRecord, ...]:
    return g.graph.get("articles", ())
