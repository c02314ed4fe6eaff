"""Typed relations between the entities of one parsed article.

`find_relations(doc, entities)` runs every registered rule (`RULES`, in the order below) over the
article's entity index and gives `FoundRelation`s: a `Relation` with its trigger token, unattributed.
`extract_relations` gives the bare relations. Attribution (`reported_by`) is added by
`conflict_kg.extract.attribution`. Each rule module holds one idea:

- `events`: verbs (active, passive, relative, prepositional targets, instruments, "fell to");
- `nominal`: attacks and captures named by nouns, control taken of a place;
- `roles`: leaderOf and memberOf from role nouns;
- `structure`: partOf from the words between mentions, and owners of weapons and units;
- `places`: locatedIn from the words between place mentions and from place descriptions;
- `reports`: losses a statement counts out ("those destroyed included ...");
- `headlines`: the rules again over a headline parsed in sentence case.

Knowledge lives in `ontology/relations.yaml` (`knowledge`); noun phrases become entities through
`phrases` and `references`; `assertion` leaves out negated, modal and intended actions.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from conflict_kg.extract.gazetteer import Gazetteer
from conflict_kg.extract.model import Entity, Relation
from conflict_kg.extract.relations import events, nominal, places, reports, roles, structure  # noqa: F401  (they register)
from conflict_kg.extract.relations.engine import RULES, FoundRelation, Rule, run_rules, unique
from conflict_kg.extract.relations.headlines import headline_relations
from conflict_kg.extract.relations.index import PLACEHOLDERS, EntityIndex, index_entities
from conflict_kg.extract.relations.knowledge import RelationKnowledge, load_knowledge

__all__ = ["RULES", "EntityIndex", "FoundRelation", "RelationKnowledge", "Rule", "extract_relations",
           "find_relations", "index_entities", "load_knowledge"]


def find_relations(doc: Doc, entities: Iterable[Entity], gazetteer: Gazetteer | None = None,
                   knowledge: RelationKnowledge | None = None) -> tuple[FoundRelation, ...]:
    """Relations with their trigger tokens, unattributed, one per (triple, sentence)."""
    knowledge = knowledge or load_knowledge()
    index = index_entities(doc, entities, knowledge.place_words, gazetteer)
    return unique((*run_rules(doc, index, knowledge), *headline_relations(doc, index, knowledge)))


def extract_relations(doc: Doc, entities: Iterable[Entity], gazetteer: Gazetteer | None = None,
                      knowledge: RelationKnowledge | None = None) -> tuple[Relation, ...]:
    """Relations stated between the article's entities, unattributed, one per (triple, sentence);
    an agentless report or one about "the enemy", whose side only attribution can give, is left out."""
    return tuple(f.relation for f in find_relations(doc, entities, gazetteer, knowledge)
                 if f.relation.subject not in PLACEHOLDERS and f.relation.object not in PLACEHOLDERS)
