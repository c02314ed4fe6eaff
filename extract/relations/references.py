"""References back to an entity named earlier in the article: pronouns and definite descriptions.

`ReferenceResolver(doc, index, knowledge)` gives, for a pronoun ("it", "they", "its", "he") or a
definite description ("the brigade", "the militants", "the city"), the key of the entity it points
back to, or nothing when that is not clear. Candidates are the mentions before the reference within
`reference_window_sentences`, of a type the reference can name (`pronouns` and `descriptions` in
relations.yaml). The speaker of the reporting verb a pronoun's clause depends on comes first ("the
brigade said it had retaken the village"); otherwise the nearest candidate, subjects before other
mentions of the same sentence. A description naming a unit noun ("the brigade") needs an antecedent
whose name holds that noun (`naming_descriptions`), a settlement noun ("the town") one that is not a region or a country.
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.index import PLACE_RANK, EntityIndex
from conflict_kg.extract.relations.knowledge import RelationKnowledge

_BODY_TYPES = (EntityType.MILITARY_UNIT, EntityType.ORGANISATION, EntityType.PLACE)
_DETERMINERS = {"the", "this", "that", "these", "those"}


class ReferenceResolver:
    def __init__(self, doc: Doc, index: EntityIndex, knowledge: RelationKnowledge):
        self.doc = doc
        self.index = index
        self.knowledge = knowledge
        self._sentence_starts = sorted({s.start_char for s in doc.sents})

    def pronoun(self, token: Token) -> list[str]:
        """The entity a personal or possessive pronoun points back to, as a list of at most one key."""
        k, lower = self.knowledge, token.lower_
        if lower in k.person_pronouns or lower in k.possessive_person:
            types: tuple[EntityType, ...] = (EntityType.PERSON,)
        elif lower in k.singular_pronouns or lower in k.plural_pronouns or lower in k.possessive_body:
            types = _BODY_TYPES
        else:
            return []
        speaker = self._reporting_speaker(token, types)
        if speaker:
            return [speaker]
        found = self._nearest(token, types)
        return [found] if found else []

    def description(self, head: Token) -> str | None:
        """ "the brigade", "the militants", "the city": a definite noun phrase without a name."""
        if not any(c.dep_ == "det" and c.lower_ in _DETERMINERS for c in head.children):
            return None
        lemma = head.lemma_.lower()
        types = tuple(EntityType(t) for t, nouns in self.knowledge.descriptions.items()
                      if lemma in nouns or head.lower_ in nouns)
        if not types:
            return None
        return self._nearest(head, types, noun=lemma)

    # ------------------------------------------------------------------
    def _reporting_speaker(self, pronoun: Token, types: tuple[EntityType, ...]) -> str | None:
        """ "Ukraine said it had shot down ...": the subject of the reporting verb the clause hangs on."""
        if pronoun.dep_ not in ("nsubj", "nsubjpass", "poss"):
            return None
        clause = pronoun.head
        if pronoun.dep_ == "poss":  # "the ministry said its forces had ..."
            while clause.dep_ not in ("ccomp", "ROOT") and clause.head != clause:
                clause = clause.head
        while clause.dep_ == "conj" and clause.head != clause:
            clause = clause.head
        reporter = clause.head
        if clause.dep_ not in ("ccomp", "parataxis") or reporter.lemma_.lower() not in self.knowledge.reporting_verbs:
            return None
        for subject in (c for c in reporter.children if c.dep_ == "nsubj"):
            key = self.index.of_token(subject) or self._name_in_phrase(subject)
            if key and self.index.type_of(key) in types:
                return key
            if subject.pos_ == "PRON" and subject.lower_ != pronoun.lower_:
                return None
            if key is None and subject.pos_ == "PRON":
                return self._nearest(subject, types)
        return None

    def _name_in_phrase(self, head: Token) -> str | None:
        for token in head.subtree:
            key = self.index.of_token(token)
            if key:
                return key
        return None

    def _nearest(self, reference: Token, types: tuple[EntityType, ...], noun: str | None = None) -> str | None:
        """The closest fitting mention in the window, sentence by sentence backwards; a subject
        reference prefers the subject of that sentence."""
        wants_subject = reference.dep_ in ("nsubj", "nsubjpass", "poss")
        window_start = self._window_start(reference.idx)
        by_sentence: dict[int, list[tuple[str, bool]]] = {}
        for start, end, key in self.index.mentions_before(reference.idx):
            if start < window_start:
                break
            if self.index.type_of(key) not in types or not self._fits(key, noun):
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            by_sentence.setdefault(span.sent.start, []).append((key, span.root.dep_ in ("nsubj", "nsubjpass")))
        for candidates in by_sentence.values():  # nearest sentence first, as the mentions came
            if wants_subject:
                subject = next((key for key, is_subject in candidates if is_subject), None)
                if subject:
                    return subject
            return candidates[0][0]
        return None

    def _fits(self, key: str, noun: str | None) -> bool:
        if noun is None:
            return True
        k = self.knowledge
        entity = self.index.entities[key]
        names = " ".join((entity.label, *entity.aliases)).lower()
        if noun in k.naming_descriptions:
            return noun in names
        if noun in k.settlement_nouns:
            return self.index.place_rank(key) == PLACE_RANK
        return True

    def _window_start(self, char: int) -> int:
        i = bisect.bisect_right(self._sentence_starts, char) - 1
        return self._sentence_starts[max(i - self.knowledge.reference_window, 0)] if self._sentence_starts else 0
