"""Across articles, which entities are the same real-world thing: `resolve(articles) -> Resolution`.

An entity's corpus-wide key is its IRI path (`graph.iri.entity_path`): the knowledge-base id
for a curated entry, else its type and the slug of its canonical name, so "47th Separate
Mechanized Brigade" in two articles is one node. Entities join across articles only when these
keys agree, never by a partial name: the key of an entity depends on its own article alone, so
its IRI is the same whatever else is built with it. Partial names ("Zhdanov", "the 24th
brigade", "1st company of the 3rd Assault Brigade") are resolved within their article
(`extract.entities`), where the text says which full name they stand for; a partial name that
its article never completes stays its own node (add the unit or person to the knowledge base to
join it everywhere).
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from conflict_kg.extract.model import Entity, ExtractedArticle
from conflict_kg.extract.names import name_key
from conflict_kg.graph.iri import entity_path


@dataclass(frozen=True)
class Resolution:
    """Maps (article id, entity key within the article) to a corpus-wide key, the entity's IRI path."""

    keys: dict[tuple[str, str], str]

    def key(self, article_id: str, entity_key: str) -> str:
        return self.keys[(article_id, entity_key)]


def local_key(entity: Entity) -> str:
    """`folder/slug` of the entity: by knowledge-base id when linked, else by type and name."""
    return _path(entity.type.value, entity.kb_id, entity.label)


@functools.lru_cache(maxsize=1 << 16)
def _path(type_name: str, kb_id: str | None, label: str) -> str:
    # a merge asks again for every mention of an entity, in each of its passes
    return entity_path(type_name, kb_id or name_key(label))


def resolve(articles: Iterable[ExtractedArticle]) -> Resolution:
    return Resolution(keys={(a.article.id, e.key): local_key(e) for a in articles for e in a.entities})
