"""Who the article says a relation comes from: `attribute(doc, entities, found)`.

Takes the parsed article, its entities and the unattributed `FoundRelation`s of
`conflict_kg.extract.relations`; gives `Relation`s with `reported_by` (the speaker's entity keys) and
`relayed_by` (an outlet the statement was given to, "told Reuters") filled in, and confidence lowered
for reported and claimed statements. Sources are found in reporting constructions over the parse:
the subject of a reporting verb whose complement holds the relation ("X said ...", "..., X said"),
"according to X", "a statement from X", "footage released by X", a quotation attributed at its open
or close, and back references ("he said" -> the latest person, "the outlet reported" -> the latest
source). Relations with no reporting construction keep an empty `reported_by`: the article's own voice.
It shares the relation rules' entity index and noun-phrase resolver.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from conflict_kg.extract.gazetteer import Gazetteer, load_gazetteer
from conflict_kg.extract.model import DENIED, Entity, EntityType, Relation
from conflict_kg.extract.relations import FoundRelation, find_relations, index_entities, load_knowledge
from conflict_kg.extract.relations.denial import denial_of, denier_tokens
from conflict_kg.extract.relations.index import PLACEHOLDERS, REPORTER_ENEMY, REPORTER_SIDE
from conflict_kg.extract.relations.knowledge import RelationKnowledge
from conflict_kg.extract.relations.phrases import PhraseResolver

_QUOTE = re.compile(r"“[^“”]{3,2000}?”|\"[^\"]{3,2000}?\"")
_CLIMB_LIMIT = 12
_DASHES = {"-", "–", "—"}


@dataclasses.dataclass(frozen=True)
class Source:
    reported_by: tuple[str, ...] = ()
    relayed_by: tuple[str, ...] = ()
    hedged: bool = False


class Attributor:
    def __init__(self, doc: Doc, entities: Iterable[Entity], knowledge: RelationKnowledge, gazetteer: Gazetteer):
        self.doc = doc
        self.rules = knowledge
        self.ents = index_entities(doc, entities, knowledge.place_words, gazetteer)
        self.phrases = PhraseResolver(doc, self.ents, knowledge)
        self.media = {k for k, e in self.ents.entities.items()
                      if (known := gazetteer.entities.get(e.kb_id or k)) is not None and known.kind == "media"}
        self.latest_source: str | None = None
        self.quote_sources: list[tuple[int, int, Source]] = []
        self._sentence_sources: dict[int, Source] = {}
        self._belongs_to: dict[str, list[str]] = {}  # a person's or unit's bodies, by the article's role and partOf relations

    # ---------------------------------------------------------------- speakers
    def speaker(self, noun: Token) -> list[str]:
        """The entities a reporting verb's subject names, resolving pronouns and back references."""
        lower, k = noun.lower_, self.rules
        if lower in k.person_pronouns:
            person = self._latest_before(noun.idx, (EntityType.PERSON,))
            return [person] if person else []
        if lower in k.singular_pronouns | k.plural_pronouns:
            body = self._latest_before(noun.idx, (EntityType.ORGANISATION,), subjects_only=True)
            return [body] if body else ([self.latest_source] if self.latest_source else [])
        keys = self._np_keys(noun)
        if keys:
            return keys
        lemma = noun.lemma_.lower()
        if lemma in self.rules.source_nouns or lemma in self.rules.back_reference_nouns:
            origin = self._from_complement(noun)
            if origin:
                return origin
            if lemma in k.naming_descriptions:  # "the ministry", with no ministry named before it
                return [self.latest_source] if self.latest_source else []
            if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children):
                return []  # "Ukrainian Telegram channels" point back to nothing
            body = self._latest_before(noun.idx, (EntityType.ORGANISATION,))
            if body and self._in_sentence(noun, body):
                return [body]
            if self.latest_source:
                return [self.latest_source]
            return [body] if body else []
        return []

    def _np_keys(self, noun: Token) -> list[str]:
        return self.phrases.speakers(noun)

    def _in_sentence(self, token: Token, key: str) -> bool:
        sent = token.sent
        return any(k == key and sent.start_char <= start < token.idx for start, _, k in self.ents.mention_spans)

    def _from_complement(self, noun: Token) -> list[str]:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ in self.rules.source_preps:
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        keys = self._np_keys(obj)
                        if keys:
                            return keys
        return []

    def _latest_before(self, char: int, types: tuple[EntityType, ...], subjects_only: bool = False) -> str | None:
        best = None
        for start, end, key in self.ents.mention_spans:
            if end > char:
                break
            if self.ents.type_of(key) not in types:
                continue
            if subjects_only:
                span = self.doc.char_span(start, end, alignment_mode="expand")
                if span is None or span.root.dep_ not in ("nsubj", "nsubjpass"):
                    continue
            best = key
        return best

    # ---------------------------------------------------------------- constructions
    def _relay(self, verb: Token) -> tuple[str, ...]:
        """ "told Reuters", "told Ukraine's NV Radio": the outlet the speaker spoke to."""
        if verb.lemma_.lower() not in self.rules.relay_verbs:
            return ()
        found = []
        for child in verb.children:
            targets = [child] if child.dep_ in ("dobj", "dative") else [
                o for o in child.children if o.dep_ == "pobj"] if child.dep_ == "prep" and \
                child.lower_ in self.rules.relay_preps else []
            for target in targets:
                found += [k for k in self._np_keys(target) if k in self.media]
        return tuple(dict.fromkeys(found))

    def source_of_verb(self, verb: Token) -> Source | None:
        lemma = verb.lemma_.lower()
        if lemma not in self.rules.reporting_verbs:
            return None
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ in ("acl", "advcl") and verb.tag_ == "VBG":
            subjects = [verb.head]  # "a statement saying: ...", "..., stating"
            if verb.dep_ == "advcl":
                subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        speakers = [k for s in subjects for k in self.speaker(s)]
        if not speakers:
            return None
        relays = tuple(k for k in self._relay(verb) if k not in speakers)
        if all(s in self.media for s in speakers):
            relays = tuple(dict.fromkeys(relays + tuple(speakers)))
        hedged = lemma in self.rules.hedging_verbs
        return Source(tuple(dict.fromkeys(speakers)), relays, hedged)

    def sentence_level_source(self, sent: Span) -> Source | None:
        """ "according to X", "a statement from X", "footage released by X" anywhere in the sentence;
        a named releaser first ("according to footage released by X" is X); a headline's closing
        " - X" ("Russian Forces Take Two Villages - MoD")."""
        signed = self._signature(sent)
        if signed:
            return Source((signed,))
        for token in sorted(sent, key=lambda t: t.lower_ in self.rules.according_to):
            if token.lower_ in self.rules.according_to:
                for prep in token.children:
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            keys = self._np_keys(obj) or self._from_complement(obj) or self.speaker(obj)
                            if keys:
                                return Source(tuple(keys))
            if token.lemma_.lower() in self.rules.release_verbs and token.tag_ == "VBN":
                for agent in (c for c in token.children if c.dep_ == "agent" or
                              c.dep_ == "prep" and c.lower_ == "from"):
                    keys = [k for o in agent.children if o.dep_ == "pobj" for k in self._np_keys(o)]
                    if keys:
                        return Source(tuple(keys[:1]))
        return None

    def _signature(self, sent: Span) -> str | None:
        """The source a line names after a closing dash: "... Launchers - MoD", "... missiles – Marchenko"."""
        tokens = [t for t in sent if not t.is_space]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in _DASHES:
            tokens.pop()
        dash = next((i for i in range(len(tokens) - 1, 0, -1) if tokens[i].text in _DASHES), None)
        if dash is None or dash < len(tokens) - 6:
            return None
        keys = {self.ents.of_token(t) for t in tokens[dash + 1:]}
        return keys.pop() if len(keys) == 1 and None not in keys else None

    def source_for(self, trigger: Token) -> Source | None:
        # the trigger inside the complement of a reporting verb, or a reporting verb hanging off it
        token = trigger
        for _ in range(_CLIMB_LIMIT):
            if token.dep_ == "relcl":
                return Source()  # "..., the city Russia captured in 2023": the narrator's background
            for child in token.children:
                if child.dep_ in ("parataxis", "advcl", "ccomp") and child.i > token.i:
                    source = self.source_of_verb(child)
                    if source and child.lemma_.lower() in self.rules.reporting_verbs:
                        return source
            if token.dep_ in ("ccomp", "parataxis", "xcomp", "advcl", "conj", "acl") and token.head != token:
                head = token.head
                source = self.source_of_verb(head)
                if source and token.dep_ in ("ccomp", "parataxis", "advcl", "acl", "xcomp"):
                    return source
                token = head
                continue
            if token is not trigger and token.lemma_.lower() in self.rules.accusing_verbs:
                # "Prigozhin accused the military of striking Wagner camps": an accusation is the accuser's
                speakers = [k for s in token.children if s.dep_ == "nsubj" for k in self.speaker(s)]
                return Source(tuple(dict.fromkeys(speakers)), hedged=True) if speakers else None
            if token.head == token:
                break
            token = token.head
        return None

    def denier(self, trigger: Token) -> Source | None:
        """Who denies a denied action: the subject or agent of the denying verb."""
        denial = denial_of(trigger, self.rules)
        speakers = [k for t in (denier_tokens(denial) if denial is not None else ()) for k in self.speaker(t)]
        return Source(tuple(dict.fromkeys(speakers))) if speakers else None

    def quote_source(self, char: int) -> Source | None:
        for start, end, source in self.quote_sources:
            if start <= char < end:
                return source
        return None

    def prepare_quotes(self) -> None:
        """Each quotation is attributed to the speaker of the sentence at its close or its open."""
        for match in _QUOTE.finditer(self.doc.text):
            start, end = match.span()
            source = None
            for char in (end - 1, start):
                span = self.doc.char_span(char, char + 1, alignment_mode="expand")
                if span is None:
                    continue
                for token in span[0].sent:
                    if not (token.idx < start or token.idx >= end):
                        continue
                    source = self.source_of_verb(token)
                    if source:
                        break
                if source:
                    break
            if source:
                self.quote_sources.append((start, end, source))

    def attribute(self, found: tuple[FoundRelation, ...]) -> tuple[Relation, ...]:
        self.prepare_quotes()
        relations = [f.relation for f in found]
        self._belongs_to = {}
        for r in relations:
            if r.predicate in ("leaderOf", "memberOf", "partOf"):
                self._belongs_to.setdefault(r.subject, []).append(r.object)
        triggers = [self.doc[f.trigger] for f in found]
        # walk the text in order so back references see the sources before them
        by_start = sorted(range(len(relations)), key=lambda i: relations[i].sentence_start)
        out: list[Relation | None] = [None] * len(relations)
        reporting_by_sentence: dict[int, Source | None] = {}
        for index in by_start:
            relation = relations[index]
            trigger = triggers[index]
            self._advance_latest_source(relation.sentence_start)
            source = self.denier(trigger) if relation.polarity == DENIED else self.source_for(trigger)
            if relation.predicate in self.rules.unattributed_predicates and \
                    relation.rule not in self.rules.attributed_role_rules:
                # a structural relation is nobody's statement, so nobody's side can fill a placeholder in it
                out[index] = None if {relation.subject, relation.object} & PLACEHOLDERS else relation
                continue
            if source is None:
                sent = self.doc.char_span(relation.sentence_start, relation.sentence_end, alignment_mode="expand")
                if sent is not None:
                    if sent.start not in reporting_by_sentence:
                        reporting_by_sentence[sent.start] = self.sentence_level_source(sent)
                    source = reporting_by_sentence[sent.start]
            if source is None:
                source = self.quote_source(relation.sentence_start)
            if relation.subject == REPORTER_SIDE:
                relation = self._with_reporter_side(relation, source, trigger)
            if relation is not None and REPORTER_ENEMY in (relation.subject, relation.object):
                relation = self._with_reporter_enemy(relation, source)
            out[index] = self._with_source(relation, source) if relation is not None else None
        # a reported side filled in may repeat a triple its sentence already gave: the first stays
        kept = {(r.subject, r.predicate, r.object, r.sentence_start): r for r in reversed(out) if r is not None}
        return tuple(r for r in out if r is not None and kept[(r.subject, r.predicate, r.object, r.sentence_start)] is r)

    def _with_reporter_side(self, relation: Relation, source: Source | None, verb: Token) -> Relation | None:
        """An agentless report's subject: the armed forces of the side whose statement it is, when
        the article names them and the object is not that side's own ("a Ukrainian Su-25 was shot
        down", the Ukrainian Air Force said); else the reporting formation itself where a military
        one speaks ("a Russian Su-34 was shot down", the Ukrainian Air Force said); else no relation."""
        subjects = [p for p in verb.children if p.dep_ in ("nsubjpass", "nsubj")]
        owners = {self.ents.country_of(k) for p in subjects for k in self.phrases.makers_of(p)}
        owners |= {self.ents.demonym_country(m.text) for p in subjects for m in p.children if m.dep_ in ("amod", "compound")}
        owners.add(self.ents.country_of(relation.object))
        reporters = source.reported_by if source is not None else ()
        for key in reporters:
            for country in self._sides(key):
                forces = self.ents.present(self.ents.forces_of_country(country))
                if forces and country not in owners:
                    return dataclasses.replace(relation, subject=forces)
        for key in reporters:
            if self.ents.type_of(key) is EntityType.MILITARY_UNIT and self.ents.country_of(key) not in owners | {None}:
                return dataclasses.replace(relation, subject=key)
        return None

    def _with_reporter_enemy(self, relation: Relation, source: Source | None) -> Relation | None:
        """ "the enemy", "the occupiers": the armed forces of the other side, when the statement's
        source speaks for one side and the article names the forces of exactly one other; else no
        relation (an unattributed "the enemy" says nobody's)."""
        own = {country for key in (source.reported_by if source is not None else ()) for country in self._sides(key)}
        enemy = self.ents.other_side(own)
        if enemy is None:
            return None
        subject = enemy if relation.subject == REPORTER_ENEMY else relation.subject
        obj = enemy if relation.object == REPORTER_ENEMY else relation.object
        if subject == obj or REPORTER_ENEMY in (subject, obj) or REPORTER_SIDE in (subject, obj):
            return None
        if relation.predicate in self.rules.hostile_predicates and \
                self.ents.country_of(subject) is not None and self.ents.country_of(subject) == self.ents.country_of(obj):
            return None
        return dataclasses.replace(relation, subject=subject, object=obj)

    def _sides(self, key: str) -> list[str]:
        """The countries an entity speaks for: its own, else those of the bodies it belongs to, up the
        article's role and partOf relations (a spokesman of a group of forces of the Armed Forces)."""
        sides: list[str] = []
        frontier, seen = [key], {key}
        for _ in range(4):
            for current in frontier:
                country = self.ents.country_of(current) if self.ents.present(current) else None
                if country and country not in sides:
                    sides.append(country)
            if sides:
                return sides
            frontier = [b for current in frontier for b in self._belongs_to.get(current, []) if b not in seen]
            seen.update(frontier)
        return sides

    def _advance_latest_source(self, char: int) -> None:
        """The latest source named before `char`, for "the outlet" and "the update"."""
        for sent in self.doc.sents:
            if sent.start_char >= char:
                break
            if sent.start_char in self._sentence_sources:
                continue
            source = self.sentence_level_source(sent)
            if source is None:
                for token in sent:
                    source = self.source_of_verb(token)
                    if source:
                        break
            self._sentence_sources[sent.start_char] = source or Source()
            if source and source.reported_by:
                self.latest_source = source.reported_by[0]

    def _with_source(self, relation: Relation, source: Source | None) -> Relation:
        if source is None or not source.reported_by:
            return relation
        reported = tuple(k for k in source.reported_by if k in self.ents.entities)
        if not reported:
            return relation
        hedged = relation.hedged or source.hedged
        confidence = relation.confidence * self.rules.reported_factor
        if source.hedged and not relation.hedged:
            confidence *= self.rules.hedged_factor
        return dataclasses.replace(relation, reported_by=reported, relayed_by=source.relayed_by,
                                   hedged=hedged, confidence=round(confidence, 3))


def attribute(doc: Doc, entities: Iterable[Entity], found: Iterable[FoundRelation],
              gazetteer: Gazetteer | None = None, knowledge: RelationKnowledge | None = None) -> tuple[Relation, ...]:
    """The relations with who the article attributes each to (`reported_by`, `relayed_by`)."""
    attributor = Attributor(doc, entities, knowledge or load_knowledge(), gazetteer or load_gazetteer())
    return attributor.attribute(tuple(found))


def extract_attributed_relations(doc: Doc, entities: Iterable[Entity]) -> tuple[Relation, ...]:
    """Relations between the article's entities with their attribution: the pipeline's entry point."""
    entities = tuple(entities)
    return attribute(doc, entities, find_relations(doc, entities))
