"""Extracted articles in, the merged knowledge graph out: `build_graph(articles) -> nx.MultiDiGraph`.

Entities are resolved across articles (`graph.resolve`), linked to Wikidata / GeoNames where the
knowledge base knows them (`graph.link`), and become nodes; each relation of each article becomes
one claim edge, keyed by its stable claim IRI (one per subject, predicate, object, polarity and article;
IRIs follow the one scheme of `graph.iri`).
The structure is described in `graph.model`.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace

import networkx as nx

from conflict_kg.extract.model import Entity, ExtractedArticle
from conflict_kg.graph.assertions import with_parties
from conflict_kg.graph.iri import article_iri, claim_iri, mint
from conflict_kg.graph.link import ArticlePlaces, article_places, link_entity
from conflict_kg.graph.model import ArticleRecord, Claim, GraphEntity, knowledge_graph
from conflict_kg.graph.resolve import resolve
from conflict_kg.ontology.namespace import DEFAULT_BASE


def build_graph(extracted: Iterable[ExtractedArticle], base: str = DEFAULT_BASE) -> nx.MultiDiGraph:
    extracted = sorted(extracted, key=lambda a: a.article.id)
    resolution = resolve(extracted)
    places = article_places(extracted)
    members: dict[str, list[tuple[str, Entity]]] = defaultdict(list)
    for item in extracted:
        for entity in item.entities:
            members[resolution.key(item.article.id, entity.key)].append((item.article.id, entity))

    nodes = {key: _graph_entity(key, group, base, places) for key, group in sorted(members.items())}
    iris = {key: node.iri for key, node in nodes.items()}
    claims: list[Claim] = []
    for item in extracted:
        # One claim per (subject, predicate, object, polarity, article): the first statement is the
        # evidence, and every source that states it again is kept.
        in_article: dict[tuple[str, str, str, str], Claim] = {}
        for relation in item.relations:
            subject = iris[resolution.key(item.article.id, relation.subject)]
            obj = iris[resolution.key(item.article.id, relation.object)]
            if subject == obj:
                continue
            claim = _claim(item, relation, subject, obj, iris, resolution, base)
            key = (subject, relation.predicate, obj, relation.polarity)
            in_article[key] = _merge_sources(in_article[key], claim) if key in in_article else claim
        claims += in_article.values()
    articles = [_article_record(item, base) for item in extracted]
    return with_parties(knowledge_graph(articles, nodes.values(), claims), base)


def _article_record(item: ExtractedArticle, base: str) -> ArticleRecord:
    a = item.article
    return ArticleRecord(iri=article_iri(a.id, base), id=a.id, source=a.source, metadata=a.metadata)


def _graph_entity(key: str, group: list[tuple[str, Entity]], base: str, places: ArticlePlaces) -> GraphEntity:
    entities = [e for _, e in group]
    type_ = Counter(e.type for e in entities).most_common(1)[0][0]
    labels = Counter(e.label for e in entities)
    label = max(labels, key=lambda name: (labels[name], len(name), name))
    names = {e.label for e in entities} | {alias for e in entities for alias in e.aliases}
    link = link_entity(entities, group, places)
    return GraphEntity(
        iri=mint(*key.split("/", 1), base=base), type=type_,
        label=link.label or label, aliases=tuple(sorted(names - {link.label or label})),
        articles=tuple(sorted({article_id for article_id, _ in group})),
        mention_count=sum(len(e.mentions) for e in entities),
        same_as=link.same_as, link_confidence=link.confidence, location=link.location)


def _merge_sources(first: Claim, again: Claim) -> Claim:
    return replace(first, reported_by=tuple(sorted(set(first.reported_by) | set(again.reported_by))),
                   relayed_by=tuple(sorted(set(first.relayed_by) | set(again.relayed_by))),
                   confidence=max(first.confidence, again.confidence))


def _claim(item, relation, subject, obj, iris, resolution, base) -> Claim:
    article = item.article
    start, end = article.offsets.to_raw(relation.sentence_start), article.offsets.to_raw(relation.sentence_end)
    sources = tuple(sorted({iris[resolution.key(article.id, k)] for k in relation.reported_by}))
    relays = tuple(sorted({iris[resolution.key(article.id, k)] for k in relation.relayed_by}))
    return Claim(
        iri=claim_iri(subject, relation.predicate, obj, article.id, base, start=start, end=end), subject=subject,
        predicate=relation.predicate, object=obj, article=article.id,
        evidence=article.text[relation.sentence_start:relation.sentence_end].strip(),
        evidence_start=start, evidence_end=end,
        rule=relation.rule, confidence=relation.confidence, hedged=relation.hedged,
        reported_by=sources, relayed_by=relays, polarity=relation.polarity,
        event_date=relation.event_date, date_precision=relation.date_precision)
