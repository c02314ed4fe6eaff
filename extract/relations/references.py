"""References back to an entity named earlier in the article: pronouns and definite descriptions.

`ReferenceResolver(doc, index, knowledge)` gives, for a pronoun ("it", "they", "its", "he") or a
definite description ("the brigade", "the militants", "the city"), the key of the entity it points
back to, or nothing when that is not clear. Candidates are the mentions before the reference within
`reference_window_sentences`, of a type the reference can name (`pronouns` and `descriptions` in
relations.yaml). A description goes first to the last entity the article called by its noun ("the
village of Andriivka ... the village"). The speaker of the reporting verb a pronoun's clause depends on comes first ("the
brigade said it had retaken the village"); otherwise the nearest candidate, subjects before other
mentions of the same sentence. A description naming a unit noun ("the brigade") needs an antecedent
whose name holds that noun (`naming_descriptions`), a settlement noun ("the town") one that is not
a region or a country, a region noun ("the province") a region, a noun of irregulars ("the militants", "the group") one that is no state's armed forces, a vessel
noun ("the ship") a warship and any other weapon noun ("the drones") anything else, a weapon the
article names with that noun ("Shahed drones") first.
"""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.index import PLACE_RANK, REGION_RANK, EntityIndex
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
        if found and lower in k.plural_pronouns and self._unnamed_plural_between(found, token):
            return []  # "brought down seven of the drones, engaging them": the drones, not a body
        return [found] if found else []

    def _unnamed_plural_between(self, key: str, pronoun: Token) -> bool:
        """Whether a plural noun that names nothing stands between `key`'s last mention and `pronoun`."""
        end = next((e for _s, e, k in self.index.mentions_before(pronoun.idx) if k == key), None)
        between = pronoun.doc.char_span(end, pronoun.idx, alignment_mode="contract") if end is not None else None
        return between is not None and any(t.tag_ == "NNS" and not self.index.of_token(t) for t in between)

    def description(self, head: Token) -> str | None:
        """ "the brigade", "the militants", "the city": a definite noun phrase without a name."""
        if not any(c.dep_ == "det" and c.lower_ in _DETERMINERS for c in head.children):
            return None
        lemma = head.lemma_.lower()
        types = tuple(EntityType(t) for t, nouns in self.knowledge.descriptions.items()
                      if lemma in nouns or head.lower_ in nouns)
        if not types:
            return None
        named = self._last_described_as(head, lemma)
        if named is None and EntityType.WEAPON_SYSTEM in types:  # "the drones": those named drones first
            named = self._nearest(head, types, noun=lemma, weapon_named=True)
            if named is None and self._unnamed_antecedent(head, lemma):
                return None  # "eighteen attack drones ... the incoming drones" are those, not a jet named before
        return named or self._nearest(head, types, noun=lemma)

    def named_before(self, token: Token, noun: str) -> str | None:
        """The nearest body before `token` whose name holds `noun` ("the Russian Defence Ministry"
        for "ministry spokesman X")."""
        for _start, _end, key in self.index.mentions_before(token.idx):
            entity = self.index.entities[key]
            if entity.type in (EntityType.ORGANISATION, EntityType.MILITARY_UNIT) and \
                    noun in " ".join((entity.label, *entity.aliases)).lower().split():
                return key
        return None

    def _last_described_as(self, reference: Token, noun: str) -> str | None:
        """ "the village of Andriivka ... the village": the last entity the article itself called by
        the reference's noun ("the village of X", "X, a village", "village X")."""
        for start, end, key in self.index.mentions_before(reference.idx):
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            root = span.root
            called = [c for c in root.children if c.dep_ == "appos"]
            if root.dep_ == "pobj" and root.head.lower_ == "of":
                called.append(root.head.head)
            if root.dep_ in ("appos", "compound"):
                called.append(root.head)
            if span.start > 0:  # "village X", and "village of X" however it was parsed
                called.append(self.doc[span.start - 1])
                if span.start > 1 and self.doc[span.start - 1].lower_ == "of":
                    called.append(self.doc[span.start - 2])
            if any(t.lemma_.lower() == noun for t in called) and self._fits(key, noun):
                return key
        return None

    def _unnamed_antecedent(self, reference: Token, noun: str) -> bool:
        """Whether the last phrase before `reference` (in its window) with the same noun names nothing:
        the reference then points to that unnamed thing ("eighteen one-way attack drones were brought
        down ... seven of the incoming drones")."""
        window = self.window_start(reference.idx)
        for token in reversed(self.doc[:reference.i]):
            if token.idx < window:
                break
            if token.lemma_.lower() == noun and token.pos_ in ("NOUN", "PROPN"):
                named = [self.index.of_token(t) for t in (token, *token.children)
                         if t is token or t.dep_ in ("compound", "nmod", "amod", "appos")]
                return not any(key and self._fits(key, noun) for key in named)
        return False

    def _weapon_called(self, key: str, noun: str) -> bool:
        """ "the drones" for the Shahed after "Shahed drones" or "Shahed-136 drone": a weapon the article
        names with the noun, in its name or right after it."""
        entity = self.index.entities[key]
        if any(noun in name.lower().split() for name in (entity.label, *entity.aliases)):
            return True
        for mention in entity.mentions:
            after = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if after is not None and after.end < len(self.doc) and self.doc[after.end].lemma_.lower() == noun:
                return True
        return False
        return None

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
            if subject.lower_ in self.knowledge.relative_pronouns:  # "the army, which insisted it ..."
                subject = relative_antecedent(subject) or subject
            key = self.index.of_token(subject) or self._name_in_phrase(subject) or self.description(subject)
            if key and self.index.type_of(key) in types:
                return key
            if subject.pos_ == "PRON" and subject.lower_ != pronoun.lower_:
                return None
            if key is None and subject.pos_ == "PRON":
                return self._nearest(subject, types)
        return None

    def _name_in_phrase(self, head: Token) -> str | None:
        if head.pos_ == "PRON":
            return None
        for token in head.subtree:
            key = self.index.of_token(token)
            if key:
                return key
        return None

    def _nearest(self, reference: Token, types: tuple[EntityType, ...], noun: str | None = None,
                 weapon_named: bool = False) -> str | None:
        """The closest fitting mention in the window, sentence by sentence backwards; a subject
        reference prefers the subject of that sentence."""
        wants_subject = reference.dep_ in ("nsubj", "nsubjpass", "poss")
        window_start = self.window_start(reference.idx, irregular=noun in self.knowledge.irregular_descriptions)
        by_sentence: dict[int, list[tuple[str, bool]]] = {}
        for start, end, key in self.index.mentions_before(reference.idx):
            if start < window_start:
                break
            if self.index.type_of(key) not in types or not self._fits(key, noun):
                continue
            if weapon_named and not self._weapon_called(key, noun):
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
        if noun in k.irregular_descriptions:
            return not self.index.is_armed_forces(key)
        if self.index.type_of(key) is EntityType.WEAPON_SYSTEM:  # "the ship" is a warship, "the drones" are not
            return self.index.is_vessel(key) == (noun in self.index.gazetteer.vocabulary.vessel_nouns)
        if noun in k.settlement_nouns:
            return self.index.place_rank(key) == PLACE_RANK
        if noun in k.region_words and self.index.type_of(key) is EntityType.PLACE:  # "the province"
            return self.index.place_rank(key) == REGION_RANK
        return True

    def window_start(self, char: int, irregular: bool = False) -> int:
        """Where the reference window of a reference at `char` starts (further back for irregulars)."""
        i = bisect.bisect_right(self._sentence_starts, char) - 1
        reach = self.knowledge.irregular_reference_window if irregular else self.knowledge.reference_window
        return self._sentence_starts[max(i - reach, 0)] if self._sentence_starts else 0


def relative_antecedent(pronoun: Token) -> Token | None:
    """The noun a relative clause's pronoun stands for: of the noun it hangs on and that noun's
    conjuncts, the nearest before the pronoun ("Lyptsi and Mala Danylivka, which lies ...")."""
    clause = next((a for a in pronoun.ancestors if a.dep_ in ("relcl", "acl")), None)
    if clause is None:
        return None
    return nearest_conjunct(clause.head, clause.i)


def nearest_conjunct(head: Token, before: int) -> Token:
    """Of a noun and its conjuncts, the last one standing before token `before`."""
    candidates = [t for t in (head, *head.conjuncts) if t.i < before]
    return max(candidates, key=lambda t: t.i) if candidates else head
