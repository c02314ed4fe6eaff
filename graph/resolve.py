"""Across articles, which entities are the same real-world thing: `resolve(articles) -> Resolution`.

Entities linked to the curated knowledge base resolve by that id; the others by type and
normalised name; a short numbered unit ("47th brigade") joins the one full name with its number
and kind ("47th Separate Mechanized Brigade"). A one-word person name ("Zhdanov") joins a full name ("Oleh Zhdanov") only when
exactly one full name in the whole corpus ends (or starts) with it. The resolution key of an
entity decides its IRI, so the same entity gets the same IRI in every run.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from conflict_kg.extract.entities import numbered_unit_signature
from conflict_kg.extract.model import Entity, EntityType, ExtractedArticle
from conflict_kg.extract.names import name_key


@dataclass(frozen=True)
class Resolution:
    """Maps (article id, entity key within the article) to a corpus-wide resolution key."""

    keys: dict[tuple[str, str], str]

    def key(self, article_id: str, entity_key: str) -> str:
        return self.keys[(article_id, entity_key)]


def local_key(entity: Entity) -> str:
    if entity.kb_id:
        return f"kb:{entity.kb_id}"
    return f"{entity.type.value}:{name_key(entity.label)}"


def resolve(articles: Iterable[ExtractedArticle]) -> Resolution:
    articles = list(articles)
    keys = {(a.article.id, e.key): local_key(e) for a in articles for e in a.entities}
    _join_partial_person_names(articles, keys)
    _join_unit_short_forms(articles, keys)
    return Resolution(keys=keys)


def _join_unit_short_forms(articles: list[ExtractedArticle], keys: dict[tuple[str, str], str]) -> None:
    """ "47th brigade" in one article joins "47th Separate Mechanized Brigade" of another when the
    corpus names only one full unit with that number and kind."""
    units = [(a.article.id, e) for a in articles for e in a.entities
             if e.type is EntityType.MILITARY_UNIT and numbered_unit_signature(e.label)]
    full = defaultdict(set)
    for article_id, entity in units:
        if len(entity.label.split()) > 2 or entity.kb_id:
            full[numbered_unit_signature(entity.label)].add(keys[(article_id, entity.key)])
    for article_id, entity in units:
        owners = full.get(numbered_unit_signature(entity.label), set())
        if len(owners) == 1:
            keys[(article_id, entity.key)] = next(iter(owners))


def _join_partial_person_names(articles: list[ExtractedArticle], keys: dict[tuple[str, str], str]) -> None:
    people = [(a.article.id, e) for a in articles for e in a.entities if e.type is EntityType.PERSON]
    full_names = defaultdict(set)  # first or last word -> resolution keys of full names
    for article_id, entity in people:
        words = name_key(entity.label).split()
        if len(words) > 1:
            full_names[("last", words[-1])].add(keys[(article_id, entity.key)])
            full_names[("first", words[0])].add(keys[(article_id, entity.key)])
    for article_id, entity in people:
        words = name_key(entity.label).split()
        if len(words) != 1 or entity.kb_id:
            continue
        owners = full_names.get(("last", words[0])) or full_names.get(("first", words[0])) or set()
        if len(owners) == 1:
            keys[(article_id, entity.key)] = next(iter(owners))
