"""Extracted articles in, the merged knowledge graph out: `build_graph(articles) -> nx.MultiDiGraph`.

Entities are resolved across articles (`graph.resolve`), linked to Wikidata / GeoNames where the
knowledge base knows them (`graph.link`), and become nodes; each relation of each article becomes
one claim edge, keyed by its stable claim IRI (one per subject, predicate, object, polarity and article;
IRIs follow the one scheme of `graph.iri`).
The structure is described in `graph.model`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

import networkx as nx

from conflict_kg.extract.model import Entity, EntityType, ExtractedArticle
from conflict_kg.extract.spool import in_article_order
from conflict_kg.graph.assertions import with_parties
from conflict_kg.graph.iri import article_iri, claim_iri, mint
from conflict_kg.graph.link import link_resolved
from conflict_kg.graph.model import ArticleRecord, Claim, GraphEntity, knowledge_graph
from conflict_kg.graph.resolve import local_key
from conflict_kg.ontology.namespace import DEFAULT_BASE


def build_graph(extracted: Sequence[ExtractedArticle], base: str = DEFAULT_BASE) -> nx.MultiDiGraph:
    """Reads the records twice, in article order, holding one at a time (`extract.spool`): first what
    each resolved entity's node needs, then each article's claims."""
    members: dict[str, _Members] = {}
    places: dict[str, tuple[tuple[str, Entity], ...]] = {}
    for item in in_article_order(extracted):
        article_id = item.article.id
        for entity in item.entities:
            members.setdefault(local_key(entity), _Members()).add(article_id, entity)
        places[article_id] = tuple((local_key(e), _as_context(e)) for e in item.entities if e.type is EntityType.PLACE)

    nodes = {key: _graph_entity(key, group, base, places) for key, group in sorted(members.items())}
    del members, places
    iris = {key: node.iri for key, node in nodes.items()}
    claims: list[Claim] = []
    articles: list[ArticleRecord] = []
    for item in in_article_order(extracted):
        keys = {entity.key: local_key(entity) for entity in item.entities}
        # One claim per (subject, predicate, object, polarity, article): the first statement is the
        # evidence, and every source that states it again is kept.
        in_article: dict[tuple[str, str, str, str], Claim] = {}
        for relation in item.relations:
            subject, obj = iris[keys[relation.subject]], iris[keys[relation.object]]
            if subject == obj:
                continue
            claim = _claim(item, relation, subject, obj, lambda key: iris[keys[key]], base)
            key = (subject, relation.predicate, obj, relation.polarity)
            in_article[key] = _merge_sources(in_article[key], claim) if key in in_article else claim
        claims += in_article.values()
        articles.append(_article_record(item, base))
    return with_parties(knowledge_graph(articles, nodes.values(), claims), base)


class _Members:
    """What the node of one resolved entity needs from its mentions across articles, gathered one
    entity at a time in article order."""

    def __init__(self) -> None:
        self.types: Counter = Counter()
        self.labels: Counter = Counter()
        self.names: set[str] = set()
        self.articles: set[str] = set()
        self.kb_ids: list[str] = []
        self.mention_count = 0
        self.first_type: EntityType | None = None

    def add(self, article_id: str, entity: Entity) -> None:
        self.types[entity.type] += 1
        self.labels[entity.label] += 1
        self.names |= {entity.label, *entity.aliases}
        self.articles.add(article_id)
        if entity.kb_id:
            self.kb_ids.append(entity.kb_id)
        self.mention_count += len(entity.mentions)
        self.first_type = self.first_type or entity.type


def _as_context(place: Entity) -> Entity:
    """A place as linking reads it for the other places of its article (name and knowledge-base id)."""
    return replace(place, mentions=())


def _article_record(item: ExtractedArticle, base: str) -> ArticleRecord:
    a = item.article
    return ArticleRecord(iri=article_iri(a.id, base), id=a.id, source=a.source, metadata=a.metadata)


def _graph_entity(key: str, group: _Members, base: str, places: dict[str, tuple[tuple[str, Entity], ...]]) -> GraphEntity:
    type_ = group.types.most_common(1)[0][0]
    label = max(group.labels, key=lambda name: (group.labels[name], len(name), name))
    context = ([place for article_id in sorted(group.articles) for other, place in places.get(article_id, ())
                if other != key] if group.first_type is EntityType.PLACE else [])
    link = link_resolved(group.kb_ids, group.first_type, group.labels, context)
    return GraphEntity(
        iri=mint(*key.split("/", 1), base=base), type=type_,
        label=link.label or label, aliases=tuple(sorted(group.names - {link.label or label})),
        articles=tuple(sorted(group.articles)),
        mention_count=group.mention_count,
        same_as=link.same_as, link_confidence=link.confidence, location=link.location)


def _merge_sources(first: Claim, again: Claim) -> Claim:
    return replace(first, reported_by=tuple(sorted(set(first.reported_by) | set(again.reported_by))),
                   relayed_by=tuple(sorted(set(first.relayed_by) | set(again.relayed_by))),
                   confidence=max(first.confidence, again.confidence))


def _claim(item, relation, subject, obj, iri_of: Callable[[str], str], base) -> Claim:
    article = item.article
    start, end = article.offsets.to_raw(relation.sentence_start), article.offsets.to_raw(relation.sentence_end)
    sources = tuple(sorted({iri_of(k) for k in relation.reported_by}))
    relays = tuple(sorted({iri_of(k) for k in relation.relayed_by}))
    return Claim(
        iri=claim_iri(subject, relation.predicate, obj, article.id, base, start=start, end=end), subject=subject,
        predicate=relation.predicate, object=obj, article=article.id,
        evidence=article.text[relation.sentence_start:relation.sentence_end].strip(),
        evidence_start=start, evidence_end=end,
        rule=relation.rule, confidence=relation.confidence, hedged=relation.hedged,
        reported_by=sources, relayed_by=relays, polarity=relation.polarity,
        event_date=relation.event_date, date_precision=relation.date_precision)
