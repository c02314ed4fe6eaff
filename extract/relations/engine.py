"""The rule registry and the per-article context the rules write to.

A rule is a function over a `Context` registered with `@rule(...)`: its name, the rule ids it
records (the keys of `rules:` in relations.yaml), the sections of relations.yaml it reads, and
example sentences with the triples they must and must not give; the examples double as its tests.
`Context.propose` turns a candidate into a relation after the checks every rule shares: both
arguments present and distinct, the predicate's type constraint, hostile predicates not within one
side, and (for events) the assertion check. What those checks remove is logged on the `conflict_kg.explain` logger with the reason,
which `conflict-kg build --explain` shows.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from conflict_kg.extract.model import ASSERTED, DENIED, Relation
from conflict_kg.extract.relations.assertion import hedged, unasserted
from conflict_kg.extract.relations.denial import denial_of
from conflict_kg.extract.relations.index import PLACEHOLDERS, EntityIndex
from conflict_kg.extract.relations.knowledge import RelationKnowledge
from conflict_kg.extract.relations.phrases import PhraseResolver

EXPLAIN = logging.getLogger("conflict_kg.explain")
"""The subject of an agentless report ("the settlements are liberated", "six drones were shot down"):
the forces of the side whose statement it is, which attribution fills in (or drops the relation)."""


@dataclass(frozen=True)
class Example:
    """A sentence written for a rule, with the triples (by entity label) it must and must not give."""

    text: str
    gives: tuple[tuple[str, str, str], ...] = ()
    not_gives: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Rule:
    name: str
    emits: tuple[str, ...]
    reads: tuple[str, ...]
    examples: tuple[Example, ...]
    run: Callable[["Context"], None] = field(repr=False)


RULES: list[Rule] = []


def rule(name: str, *, emits: Iterable[str], reads: Iterable[str],
         examples: Iterable[Example]) -> Callable[[Callable[["Context"], None]], Callable[["Context"], None]]:
    """Registers a rule; rules run in the order their modules register them."""
    def register(run: Callable[[Context], None]) -> Callable[[Context], None]:
        RULES.append(Rule(name, tuple(emits), tuple(reads), tuple(examples), run))
        return run
    return register


@dataclass(frozen=True)
class FoundRelation:
    """A relation and the index of the token (verb, noun or name) that states it."""

    relation: Relation
    trigger: int


class Context:
    """One article as the rules see it: its doc, entity index, knowledge, and what was found."""

    def __init__(self, doc: Doc, index: EntityIndex, knowledge: RelationKnowledge):
        self.doc = doc
        self.index = index
        self.knowledge = knowledge
        self.phrases = PhraseResolver(doc, index, knowledge)
        self.found: list[FoundRelation] = []

    def between(self, start: int, end: int) -> str:
        """The words between two character offsets, as the `structure` links are written."""
        return self.index.words_between(start, end)

    def links(self, name: str) -> frozenset[str]:
        """One `structure` section of relations.yaml: the word sequences that link two mentions."""
        return self.knowledge.structure[name]

    def token_at(self, char: int) -> Token | None:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def propose(self, subject: str | None, predicate: str, obj: str | None, trigger: Token, rule_id: str,
                *, check_assertion: bool = True) -> None:
        if not subject or not obj or subject == obj:
            return
        allowed = self.knowledge.types[predicate]
        reported = subject in PLACEHOLDERS or obj in PLACEHOLDERS
        subject_type = "MilitaryUnit" if subject in PLACEHOLDERS else self._type_for(subject, allowed[0])
        object_type = "MilitaryUnit" if obj in PLACEHOLDERS else self._type_for(obj, allowed[1])
        sentence = self.sentence_of(trigger)
        if subject_type not in allowed[0] or object_type not in allowed[1]:
            self._explain(subject, predicate, obj, rule_id, sentence,
                          f"type constraint: {predicate} takes {sorted(allowed[0])} -> {sorted(allowed[1])}, "
                          f"not {subject_type} -> {object_type}")
            return
        if not reported and predicate in self.knowledge.hostile_predicates and self._same_side(subject, obj):
            self._explain(subject, predicate, obj, rule_id, sentence, "both arguments are of one side")
            return
        if check_assertion:
            reason = unasserted(trigger, self.knowledge)
            if reason:
                self._explain(subject, predicate, obj, rule_id, sentence, f"not asserted: {reason}")
                return
        denied = check_assertion and denial_of(trigger, self.knowledge) is not None
        is_hedged = check_assertion and hedged(trigger, sentence, self.knowledge)
        confidence = self.knowledge.confidence[rule_id] * (self.knowledge.hedged_factor if is_hedged else 1.0)
        self.found.append(FoundRelation(Relation(
            subject=subject, predicate=predicate, object=obj,
            sentence_start=sentence.start_char, sentence_end=sentence.end_char, rule=rule_id,
            confidence=round(confidence, 3), hedged=is_hedged, polarity=DENIED if denied else ASSERTED), trigger.i))

    def _type_for(self, key: str, allowed: frozenset[str]) -> str:
        """The entity's type, or "Vessel" for a warship where the predicate takes one: a warship acts and
        is attacked as a unit is, a missile or a tank does neither."""
        type_ = self.index.type_of(key).value
        return "Vessel" if type_ == "WeaponSystem" and "Vessel" in allowed and self.index.is_vessel(key) else type_

    def _same_side(self, subject: str, obj: str) -> bool:
        """ "Ukraine attacked the Armed Forces of Ukraine": a misread reference, not a report."""
        country = self.index.country_of(subject)
        return country is not None and country == self.index.country_of(obj)

    def propose_all(self, subjects: Iterable[str], predicate: str, objects: Iterable[str], trigger: Token,
                    rule_id: str, **kwargs) -> None:
        objects = list(objects)
        for subject in subjects:
            for obj in objects:
                self.propose(subject, predicate, obj, trigger, rule_id, **kwargs)

    def _explain(self, subject: str, predicate: str, obj: str, rule_id: str, sentence: Span, reason: str) -> None:
        if EXPLAIN.isEnabledFor(logging.INFO):
            label = self.index.entities
            EXPLAIN.info("dropped %s(%s, %s) by %s: %s | %s", predicate,
                         label[subject].label if subject in label else subject,
                         label[obj].label, rule_id, reason, " ".join(sentence.text.split())[:200])

    def sentence_of(self, token: Token) -> Span:
        """The sentence, cut at blank lines (captions run together with the text around them)."""
        sent = token.sent
        start, end = sent.start, sent.end
        for i in range(token.i, sent.start, -1):
            if "\n\n" in self.doc[i - 1].text_with_ws:
                start = i
                break
        for i in range(token.i, sent.end):
            if "\n\n" in self.doc[i].whitespace_ or (i > token.i and "\n\n" in self.doc[i].text):
                end = i + 1 if "\n\n" in self.doc[i].whitespace_ else i
                break
        span = self.doc[start:end]
        while len(span) > 1 and span[0].is_space:
            span = span[1:]
        return span


def run_rules(doc: Doc, index: EntityIndex, knowledge: RelationKnowledge) -> tuple[FoundRelation, ...]:
    """Every registered rule over one article: relations with their triggers, one per (triple, sentence)."""
    context = Context(doc, index, knowledge)
    for registered in RULES:
        registered.run(context)
    return unique(context.found)


def unique(relations: Iterable[FoundRelation]) -> tuple[FoundRelation, ...]:
    """The first of each (triple, sentence)."""
    seen: set[tuple[str, str, str, int]] = set()
    out: list[FoundRelation] = []
    for found in relations:
        r = found.relation
        key = (r.subject, r.predicate, r.object, r.sentence_start)
        if key not in seen:
            seen.add(key)
            out.append(found)
    return tuple(out)
