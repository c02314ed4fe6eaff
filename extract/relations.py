"""Typed relations between the entities of one parsed article: `extract_relations(doc, entities)`.

Takes the spaCy `Doc` of an article's cleaned text and the article's `Entity`s; gives `Relation`s
found by rules over the dependency parse (verbs in active, passive and relative clauses,
nominalised attacks and captures, attacks made through a light verb or a weapon, role nouns,
"his unit", "X of the Y", place appositions), each with the id of the rule
that made it, its evidence sentence and a confidence. Negated, modal, failed and planned actions
are left out; hedged ones ("reportedly") are kept with `hedged=True` and lower confidence.
Attribution (`reported_by`) is added afterwards by `extract.attribution.attribute`.
All trigger words, role nouns and type constraints live in `ontology/relations.yaml`.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import yaml
from spacy.tokens import Doc, Span, Token

from conflict_kg.extract.gazetteer import Gazetteer, load_gazetteer
from conflict_kg.extract.model import Entity, EntityType, Relation
from conflict_kg.ontology import ONTOLOGY_DIR

RELATIONS_FILE = ONTOLOGY_DIR / "relations.yaml"
_REGION_WORDS = ("region", "oblast", "province", "krai", "republic")
_DIRECTION = r"((further|farther)\s+)?(north|south|east|west|north-?east|north-?west|south-?east|south-?west)"


@dataclass(frozen=True)
class RelationRules:
    """`ontology/relations.yaml`, read once."""

    types: dict[str, tuple[frozenset[str], frozenset[str]]]
    confidence: dict[str, float]
    verbs: dict[tuple[str, str | None], str]  # (lemma, particle) -> predicate
    prep_verbs: dict[str, dict[str, frozenset[str]]]  # predicate -> lemma -> preps
    expulsion_verbs: frozenset[tuple[str, str | None]]
    expulsion_preps: frozenset[str]
    expulsion_predicate: str
    attack_nouns: frozenset[str]
    attack_preps: frozenset[str]
    attack_of_target: frozenset[str]
    attack_predicate: str
    capture_predicate: str
    captor_preps: dict[str, str]
    light_verbs: frozenset[tuple[str, str | None]]
    quantity_nouns: frozenset[str]
    projectile_nouns: frozenset[str]
    advance_nouns: frozenset[str]
    instrument_verbs: frozenset[str]
    captured_adjectives: frozenset[str]
    located_verbs: frozenset[tuple[str, str | None]]
    head_roles: frozenset[str]
    member_roles: frozenset[str]
    deputy_words: frozenset[str]
    prefix_excluded_roles: frozenset[str]
    force_nouns: frozenset[str]
    member_nouns: frozenset[str]
    place_nouns: frozenset[str]
    settlement_nouns: frozenset[str]
    reporting_verbs: frozenset[str]
    hedging_verbs: frozenset[str]
    source_nouns: frozenset[str]
    back_reference_nouns: frozenset[str]
    according_to: frozenset[str]
    official_nouns: frozenset[str]
    unattributed_predicates: frozenset[str]
    attributed_role_rules: frozenset[str]
    release_verbs: frozenset[str]
    hedges: frozenset[str]
    hedged_phrases: tuple[str, ...]
    negators: frozenset[str]
    modals: frozenset[str]
    unasserting_verbs: frozenset[str]
    hedged_factor: float
    reported_factor: float


def _verb_key(text: str) -> tuple[str, str | None]:
    words = text.lower().split()
    return (words[0], words[1] if len(words) > 1 else None)


def _lower_set(items: Iterable[str]) -> frozenset[str]:
    items = list(items)
    wrong = [i for i in items if not isinstance(i, str)]
    if wrong:  # YAML reads a bare on/no/yes as a boolean: quote such words
        raise TypeError(f"expected words, got {wrong!r}")
    return frozenset(i.lower() for i in items)


@functools.cache
def load_rules(path: str = str(RELATIONS_FILE)) -> RelationRules:
    try:
        with open(path, encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
        verbs = {_verb_key(v): predicate for predicate, lemmas in raw["verbs"].items() for v in lemmas}
        return RelationRules(
            types={p: (frozenset(t["subject"]), frozenset(t["object"])) for p, t in raw["types"].items()},
            confidence={k: float(v) for k, v in raw["rules"].items()},
            verbs=verbs,
            prep_verbs={p: {lemma: _lower_set(preps) for lemma, preps in by_lemma.items()}
                        for p, by_lemma in raw["prep_verbs"].items()},
            expulsion_verbs=frozenset(_verb_key(v) for v in raw["expulsion"]["verbs"]),
            expulsion_preps=_lower_set(raw["expulsion"]["preps"]),
            expulsion_predicate=raw["expulsion"]["predicate"],
            attack_nouns=_lower_set(raw["attack_nouns"]["lemmas"]),
            attack_preps=_lower_set(raw["attack_nouns"]["preps"]),
            attack_of_target=_lower_set(raw["attack_nouns"]["of_target"]),
            attack_predicate=raw["attack_nouns"]["predicate"],
            capture_predicate=raw["capture_nouns"]["predicate"],
            captor_preps={noun.lower(): prep.lower() for noun, prep in raw["capture_nouns"]["captor_prep"].items()},
            light_verbs=frozenset(_verb_key(v) for v in raw["light_verbs"]),
            quantity_nouns=_lower_set(raw["quantity_nouns"]),
            projectile_nouns=_lower_set(raw["projectile_nouns"]),
            advance_nouns=_lower_set(raw["advance_nouns"]),
            instrument_verbs=_lower_set(raw["instrument_verbs"]),
            captured_adjectives=_lower_set(raw["captured_adjectives"]),
            located_verbs=frozenset(_verb_key(v) for v in raw["located_verbs"]),
            head_roles=_lower_set(raw["roles"]["head"]),
            member_roles=_lower_set(raw["roles"]["member"]),
            deputy_words=_lower_set(raw["roles"]["deputy_words"]),
            prefix_excluded_roles=_lower_set(raw["roles"]["prefix_excluded"]),
            force_nouns=_lower_set(raw["force_nouns"]),
            member_nouns=_lower_set(raw["member_nouns"]),
            place_nouns=_lower_set(raw["place_nouns"]),
            settlement_nouns=_lower_set(raw["settlement_nouns"]),
            reporting_verbs=_lower_set(raw["reporting"]["verbs"]),
            hedging_verbs=_lower_set(raw["reporting"]["hedging_verbs"]),
            source_nouns=_lower_set(raw["reporting"]["source_nouns"]),
            back_reference_nouns=_lower_set(raw["reporting"]["back_reference_nouns"]),
            according_to=_lower_set(raw["reporting"]["according_to"]),
            official_nouns=_lower_set(raw["reporting"]["official_nouns"]),
            unattributed_predicates=frozenset(raw["reporting"]["unattributed_predicates"]),
            attributed_role_rules=frozenset(raw["reporting"]["attributed_role_rules"]),
            release_verbs=_lower_set(raw["reporting"]["release_verbs"]),
            hedges=_lower_set(raw["hedges"]),
            hedged_phrases=tuple(p.lower() for p in raw["hedged_phrases"]),
            negators=_lower_set(raw["negators"]),
            modals=_lower_set(raw["modals"]),
            unasserting_verbs=_lower_set(raw["unasserting_verbs"]),
            hedged_factor=float(raw["hedged_confidence_factor"]),
            reported_factor=float(raw["reported_confidence_factor"]),
        )
    except (OSError, KeyError, TypeError, AttributeError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: not a valid relations file ({error!r})") from error


@dataclass(frozen=True)
class FoundRelation:
    """A relation and the index of the token (verb, noun or name) that states it."""

    relation: Relation
    trigger: int


class ArticleEntities:
    """The article's entities as seen from its tokens: which entity a token or noun phrase names."""

    def __init__(self, doc: Doc, entities: Iterable[Entity], gazetteer: Gazetteer):
        self.doc = doc
        self.entities = {e.key: e for e in entities}
        self.by_char: dict[int, str] = {}
        self.mention_spans: list[tuple[int, int, str]] = []
        for entity in self.entities.values():
            for m in entity.mentions:
                if m.end > m.start:
                    self.mention_spans.append((m.start, m.end, entity.key))
                    for c in range(m.start, m.end):
                        self.by_char[c] = entity.key
        self.mention_spans.sort()
        self.gazetteer = gazetteer
        self._demonym_forces = {d.text.lower().replace("’", "'"): d.forces_id for d in gazetteer.demonyms}
        self._forces_country: dict[str, str] = {}
        for forces_id in set(self._demonym_forces.values()):
            known = gazetteer.entities.get(forces_id)
            country = gazetteer.lookup(known.country) if known and known.country else None
            if country is not None:
                self._forces_country[forces_id] = country.id

    def spans_of(self, type_: EntityType) -> Iterator[tuple[Span, str]]:
        """Each mention of an entity of `type_` as a span of the doc, with the entity's key."""
        for start, end, key in self.mention_spans:
            if self.type_of(key) is type_:
                span = self.doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    yield span, key

    def person_in_apposition(self, noun: Token) -> str | None:
        """The person a noun is in apposition to: "Chechen leader and close Putin ally Ramzan Kadyrov"
        is Kadyrov, not Putin."""
        return next((k for c in noun.children if c.dep_ == "appos" and (k := self.of_token(c))
                     and self.type_of(k) is EntityType.PERSON), None)

    # -- tokens to entities
    def of_token(self, token: Token) -> str | None:
        return self.by_char.get(token.idx)

    def type_of(self, key: str) -> EntityType:
        return self.entities[key].type

    def present(self, key: str | None) -> str | None:
        return key if key in self.entities else None

    def demonym_forces(self, word: str) -> str | None:
        return self._demonym_forces.get(word.lower().replace("’", "'"))

    def demonym_country(self, word: str) -> str | None:
        forces = self.demonym_forces(word)
        return self._forces_country.get(forces) if forces else None

    def forces_of_country(self, country_key: str) -> str | None:
        return next((f for f, c in self._forces_country.items() if c == country_key), None)

    def country_of(self, key: str) -> str | None:
        """The country an entity belongs to: itself if a country, else by a nationality in its name."""
        entity = self.entities[key]
        if key in self._forces_country.values():
            return key
        if key in self._forces_country:
            return self._forces_country[key]
        for name in (entity.label, *sorted(entity.aliases), *(m.text for m in entity.mentions)):
            for word in re.split(r"\s+", name):
                country = self.demonym_country(word)
                if country:
                    return country
        return None

    def place_rank(self, key: str) -> int:
        entity = self.entities[key]
        known = self.gazetteer.entities.get(entity.kb_id or key)
        if known is not None and known.kind == "country":
            return 3
        if known is not None and known.kind == "region":
            return 2
        names = [entity.label, *entity.aliases]
        if any(n.lower().split()[-1] in _REGION_WORDS for n in names if n.split()):
            return 2
        return 1

    def mention_at(self, token: Token) -> tuple[int, int, str] | None:
        for span in self.mention_spans:
            if span[0] <= token.idx < span[1]:
                return span
        return None


class RelationFinder:
    """All rules over one article; `find()` gives the relations before attribution."""

    def __init__(self, doc: Doc, entities: Iterable[Entity], rules: RelationRules, gazetteer: Gazetteer):
        self.doc = doc
        self.rules = rules
        self.ents = ArticleEntities(doc, entities, gazetteer)
        self.found: list[FoundRelation] = []

    # ---------------------------------------------------------------- noun phrases to entities
    def np_entities(self, token: Token, *, conjuncts: bool = True, demonym_as: str = "forces",
                    _depth: int = 0) -> list[str]:
        """The entities a noun phrase headed by `token` names, with its coordinated phrases."""
        if _depth > 4:
            return []
        person = self.ents.person_in_apposition(token) if self.ents.of_token(token) is None else None
        if person:
            return [person]
        heads = [token, *token.conjuncts] if conjuncts else [token]
        found: list[str] = []
        for head in heads:
            for key in self._head_entities(head, demonym_as, _depth + 1):
                if key not in found:
                    found.append(key)
        return found

    def _head_entities(self, head: Token, demonym_as: str, depth: int) -> list[str]:
        key = self.ents.of_token(head)
        if key:
            return [key]
        lower = head.lower_
        if head.tag_ in ("WDT", "WP") or lower in ("which", "that", "who"):
            clause = head.head
            if clause.dep_ == "relcl":
                return self.np_entities(clause.head, conjuncts=False, demonym_as=demonym_as, _depth=depth)
            return []
        if lower in ("it", "they") and head.dep_ in ("nsubj", "nsubjpass"):
            return self._speaker(head, demonym_as, depth)
        if lower in self.rules.place_nouns or head.lemma_.lower() in self.rules.place_nouns:
            antecedent = self._appositive_antecedent(head) or self._of_complement(head, depth)
            if antecedent:
                return [antecedent]
        if head.lemma_.lower() in self.rules.member_nouns or lower in self.rules.member_nouns:
            unit = self._of_complement(head, depth)
            if unit and self.ents.type_of(unit) in (EntityType.MILITARY_UNIT, EntityType.ORGANISATION):
                return [unit]
        named = self._named_modifiers(head)
        if named:
            return named
        if lower in self.rules.force_nouns or head.lemma_.lower() in self.rules.force_nouns:
            own = self._own_forces(head)
            if own:
                return [own]
            for child in head.children:
                if child.dep_ in ("amod", "compound", "nmod", "poss"):
                    forces = self._demonym_entity(child, "forces")
                    if forces:
                        return [forces]
        return []

    def _speaker(self, pronoun: Token, demonym_as: str, depth: int) -> list[str]:
        """ "The 3rd Assault Brigade said it had retaken Andriivka": the subject pronoun of a clause
        reported by a unit is that unit. A ministry's "it" is left alone: "the ministry said it had shot
        down ..." speaks for forces the sentence does not name."""
        clause = pronoun.head
        while clause.dep_ == "conj" and clause.head != clause:
            clause = clause.head
        reporter = clause.head
        if clause.dep_ != "ccomp" or reporter.lemma_.lower() not in self.rules.reporting_verbs:
            return []
        subjects = [c for c in reporter.children if c.dep_ == "nsubj"]
        keys = [k for subject in subjects
                for k in self.np_entities(subject, conjuncts=False, demonym_as=demonym_as, _depth=depth)]
        return [k for k in keys if self.ents.type_of(k) is EntityType.MILITARY_UNIT]

    def _own_forces(self, head: Token) -> str | None:
        """ "the ministry said its troops ...": the forces of the reporting body's country."""
        if not any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in head.children):
            return None
        for verb in head.ancestors:
            if verb.lemma_.lower() in self.rules.reporting_verbs:
                for subject in (c for c in verb.children if c.dep_ == "nsubj"):
                    for key in self.np_entities(subject, conjuncts=False, _depth=3):
                        country = self.ents.country_of(key)
                        forces = self.ents.forces_of_country(country) if country else None
                        if forces == key:
                            return key
                        if forces:
                            return self.ents.present(forces)
                return None
        return None

    def _named_modifiers(self, head: Token) -> list[str]:
        """Names inside a noun phrase before its head ("Wagner Group mercenaries", "the Luhansk and
        Donetsk regions", "the Donbas, Ukraine's heartland"), possessors left out."""
        found: list[str] = []
        for token in head.doc[head.left_edge.i:head.i]:
            key = self.ents.of_token(token)
            if not key or token.dep_ == "poss" or any(c.tag_ == "POS" for c in token.children):
                continue
            if token.i + 1 < len(head.doc) and head.doc[token.i + 1].tag_ == "POS":
                continue
            if key not in found:
                found.append(key)
        return found

    def _demonym_entity(self, token: Token, demonym_as: str) -> str | None:
        if demonym_as == "country":
            return self.ents.present(self.ents.demonym_country(token.text))
        return self.ents.present(self.ents.demonym_forces(token.text))

    def _appositive_antecedent(self, head: Token) -> str | None:
        """ "Bakhmut, the city captured by ...": the entity named just before ", the city"."""
        start = head.i
        while start > 0 and self.doc[start - 1].dep_ in ("det", "amod", "compound") and self.doc[start - 1].head == head:
            start -= 1
        if start >= 2 and self.doc[start - 1].text == ",":
            key = self.ents.of_token(self.doc[start - 2])
            if key and self.ents.type_of(key) is EntityType.PLACE and not (
                    head.lemma_.lower() in self.rules.settlement_nouns and self.ents.place_rank(key) > 1):
                return key  # but "Andriivka in Donetsk oblast, a ruined settlement" is not the oblast
        if head.dep_ == "appos":
            key = self.ents.of_token(head.head)
            if key:
                return key
        return None

    def _of_complement(self, head: Token, depth: int = 0) -> str | None:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return next(iter(self.np_entities(obj, conjuncts=False, _depth=depth)), None)
        return None

    # ---------------------------------------------------------------- assertion
    def unasserted(self, trigger: Token) -> bool:
        """Negated, modal, failed or intended: the trigger and the verbs it is the complement of."""
        token = trigger
        for _ in range(6):
            for child in token.children:
                if child.dep_ == "neg" or child.lower_ in self.rules.negators and child.dep_ in ("neg", "advmod", "det"):
                    return True
                if child.dep_ == "aux" and child.lower_ in self.rules.modals:
                    return True
            if token is not trigger and token.lemma_.lower() in self.rules.unasserting_verbs:
                return True
            if token.dep_ in ("xcomp", "acl", "advcl") and token.head != token and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
                token = token.head
                continue
            if token.dep_ in ("xcomp", "pobj", "dobj", "conj", "amod", "compound", "nsubj") and token.head != token:
                if token.dep_ in ("pobj", "dobj", "amod", "compound", "nsubj") and token.pos_ == "NOUN" \
                        and token.lemma_.lower() in self.rules.advance_nouns:
                    token = token.head
                    continue
                if token.dep_ in ("xcomp", "conj"):
                    token = token.head
                    continue
            break
        return False

    def hedged(self, trigger: Token, sentence: Span) -> bool:
        for token in [trigger, *trigger.ancestors]:
            if any(c.lower_ in self.rules.hedges and c.dep_ in ("advmod", "amod") for c in token.children):
                return True
        text = sentence.text.lower()
        return any(phrase in text for phrase in self.rules.hedged_phrases)

    # ---------------------------------------------------------------- recording
    def add(self, subject: str | None, predicate: str, obj: str | None, trigger: Token, rule: str,
            *, check_assertion: bool = True) -> None:
        if not subject or not obj or subject == obj:
            return
        allowed = self.rules.types.get(predicate)
        if allowed is None:
            return
        if self.ents.type_of(subject).value not in allowed[0] or self.ents.type_of(obj).value not in allowed[1]:
            return
        if check_assertion and self.unasserted(trigger):
            return
        sentence = self.sentence_of(trigger)
        hedged = check_assertion and self.hedged(trigger, sentence)
        confidence = self.rules.confidence[rule] * (self.rules.hedged_factor if hedged else 1.0)
        self.found.append(FoundRelation(Relation(
            subject=subject, predicate=predicate, object=obj,
            sentence_start=sentence.start_char, sentence_end=sentence.end_char, rule=rule,
            confidence=round(confidence, 3), hedged=hedged), trigger.i))

    def add_all(self, subjects: list[str], predicate: str, objects: list[str], trigger: Token, rule: str,
                **kwargs) -> None:
        for subject in subjects:
            for obj in objects:
                self.add(subject, predicate, obj, trigger, rule, **kwargs)

    def sentence_of(self, token: Token) -> Span:
        """The sentence, cut at blank lines (captions run together with the text around them)."""
        sent = token.sent
        start, end = sent.start, sent.end
        for i in range(token.i, sent.start, -1):
            if "\n\n" in self.doc[i - 1].text_with_ws or "\n\n" in self.doc[i - 1].text:
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

    def same_segment(self, a: Token, b: Token) -> bool:
        s = self.sentence_of(a)
        return s.start <= b.i < s.end

    # ---------------------------------------------------------------- the rules
    def find(self) -> list[FoundRelation]:
        for token in self.doc:
            if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                self._verb(token)
            if token.pos_ in ("NOUN", "PROPN"):
                self._nominal_attack(token)
                self._nominal_capture(token)
        self._roles()
        self._part_of()
        self._located_in()
        return self.found

    def _particle(self, verb: Token) -> str | None:
        return next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)

    def _predicate_of_verb(self, verb: Token) -> str | None:
        lemma = verb.lemma_.lower()
        particle = self._particle(verb)
        if (lemma, particle) in self.rules.verbs:
            return self.rules.verbs[(lemma, particle)]
        if particle is None or (lemma, None) not in self.rules.verbs:
            return None
        # "take over" is not listed but "take" is: only particles that keep the sense
        return self.rules.verbs[(lemma, None)] if particle in ("over", "back") else None

    def _agents_and_patients(self, verb: Token) -> tuple[list[Token], list[Token], str]:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
            verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN")
        agents: list[Token] = []
        patients: list[Token] = []
        for child in verb.children:
            if child.dep_ == "nsubj" and not passive:
                agents.append(child)
            elif child.dep_ == "nsubjpass":
                patients.append(child)
            elif child.dep_ == "dobj":
                patients.append(child)
            elif child.dep_ == "agent":
                agents.extend(c for c in child.children if c.dep_ == "pobj")
        rule = "verb-passive" if passive else "verb-active"
        if verb.dep_ in ("acl", "relcl") and not patients and passive and verb.head.dep_ != "poss":
            patients.append(verb.head)
            rule = "verb-relative"
        elif verb.dep_ == "relcl" and any(a.tag_ in ("WDT", "WP") for a in agents + patients):
            rule = "verb-relative"
        if not agents and not passive:
            agents = self._controller(verb)
        return agents, patients, rule

    def _controller(self, verb: Token) -> list[Token]:
        """The subject a verb shares: of the verb it is coordinated with or the complement of."""
        token = verb
        for _ in range(4):
            if token.dep_ not in ("conj", "xcomp", "advcl") or token.head == token:
                return []
            token = token.head
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                return subjects
        return []

    def _verb(self, verb: Token) -> None:
        predicate = self._predicate_of_verb(verb)
        agents, patients, rule = self._agents_and_patients(verb)
        agent_keys = [k for a in agents for k in self._acting_entities(a)]
        if predicate is not None:
            key = (verb.lemma_.lower(), self._particle(verb))
            if key in self.rules.expulsion_verbs and any(
                    c.dep_ == "prep" and c.lower_ in self.rules.expulsion_preps for c in verb.children):
                predicate = self.rules.expulsion_predicate
            if predicate == "repelled":
                self._repelled(verb, agent_keys, patients, rule)
            else:
                patient_keys = [k for p in patients for k in self.np_entities(p)]
                self.add_all(agent_keys, predicate, patient_keys, verb, rule)
        if (verb.lemma_.lower(), self._particle(verb)) in self.rules.located_verbs:
            patient_keys = [k for p in patients for k in self.np_entities(p)]
            self.add_all(agent_keys, "locatedIn", patient_keys, verb, "locative-verb")
        self._prep_objects(verb, agent_keys, patients)
        self._instrument(verb, agent_keys, patients)

    def _repelled(self, verb: Token, agent_keys: list[str], patients: list[Token], rule: str) -> None:
        for patient in patients:
            if patient.lemma_.lower() in self.rules.advance_nouns or patient.lower_ in self.rules.advance_nouns:
                attackers = self._attack_agents(patient)
                self.add_all(agent_keys, "repelled", attackers, verb, "repelled-attacker")
            else:
                self.add_all(agent_keys, "repelled", self.np_entities(patient), verb, rule)

    def _attack_agents(self, noun: Token) -> list[str]:
        """Who makes an attack named by a noun: "by X", "X's attack", "Russian attacks"."""
        found: list[str] = []
        for head in [noun, *noun.conjuncts]:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "by":
                    found += self._objects_of(child)
                elif child.dep_ == "poss":
                    found += self.np_entities(child, demonym_as="country")
                elif child.dep_ in ("amod", "compound", "nmod"):
                    key = self.ents.of_token(child)
                    if key is None:
                        key = self._demonym_entity(child, "forces")
                    if key:
                        found.append(key)
        return list(dict.fromkeys(found))

    def _prep_objects(self, verb: Token, agent_keys: list[str], patients: list[Token]) -> None:
        """ "X fired on Y", "X used captured weapons against Y": the verb's preposition names the target."""
        lemma = verb.lemma_.lower()
        for predicate, by_lemma in self.rules.prep_verbs.items():
            preps = by_lemma.get(lemma)
            if not preps:
                continue
            using = self._predicate_of_verb(verb) == "used"
            # "used weapons against X", "fired shells on X": the preposition may hang off the object
            for prep in (c for holder in [verb, *patients] for c in holder.children):
                if prep.dep_ == "prep" and prep.lower_ in preps:
                    self.add_all(agent_keys, predicate, self._objects_of(prep), verb,
                                 "use-against" if using else "verb-prep-object")

    def _instrument(self, verb: Token, agent_keys: list[str], patients: list[Token]) -> None:
        lemma = verb.lemma_.lower()
        weapons: list[Token] = []
        if self._predicate_of_verb(verb) == "used":
            weapons = [p for p in patients for p in [p, *p.conjuncts]]
            for weapon in weapons:
                self.add_all(agent_keys, "used", self._weapon_entities(weapon), verb, "verb-active")
        elif lemma in self.rules.instrument_verbs:
            weapons = [o for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "with"
                       for o in prep.children if o.dep_ == "pobj"]
            weapons = [w for o in weapons for w in [o, *o.conjuncts]]
            for weapon in weapons:
                keys = self._weapon_entities(weapon)
                self.add_all(agent_keys, "used", keys, verb, "captured-weapon-in-use")
        captured_any = any(self._has_captured_adjective(w) for w in weapons)
        if captured_any:
            for weapon in weapons:
                self.add_all(agent_keys, "captured", self._weapon_entities(weapon), verb, "captured-weapon-in-use")

    def _weapon_entities(self, token: Token) -> list[str]:
        """The weapons a noun phrase names, its coordinated parts included ("a Nona mortar and T-80 tank")."""
        keys = [self.ents.of_token(t) for t in token.subtree if t.i <= token.i or t.dep_ == "conj"]
        return [k for k in dict.fromkeys(keys) if k and self.ents.type_of(k) is EntityType.WEAPON_SYSTEM]

    def _has_captured_adjective(self, token: Token) -> bool:
        return any(t.lower_ in self.rules.captured_adjectives and t.i < token.i and t.dep_ != "conj"
                   for t in token.subtree)

    def _nominal_attack(self, noun: Token) -> None:
        lemma = noun.lemma_.lower()
        if lemma not in self.rules.attack_nouns and noun.lower_ not in self.rules.attack_nouns:
            return
        if noun.dep_ in ("dobj", "nsubjpass") and self._predicate_of_verb(noun.head) == "repelled":
            return  # what is repelled was attempted, not done
        agents = self._attack_agents(noun)
        light_verb = self._light_verb(noun)
        if light_verb is not None and not agents:
            agents = [k for a in self._agents_and_patients(light_verb)[0] for k in self.np_entities(a)]
        if not agents:
            return
        holders = [noun] if light_verb is None else [noun, light_verb]
        targets: list[str] = []
        for holder in holders:
            for prep in holder.children:
                if prep.dep_ != "prep" or prep.lower_ not in self.rules.attack_preps:
                    continue
                if prep.lower_ == "of" and (holder is light_verb or lemma not in self.rules.attack_of_target):
                    continue
                targets += self._objects_of(prep)
        targets += self._places_hit(noun)
        self.add_all(agents, self.rules.attack_predicate, targets, noun, "nominal-attack")

    def _nominal_capture(self, noun: Token) -> None:
        """ "the capture of Bakhmut by the Wagner Group", "Russia's seizure of Avdiivka", "the fall of
        Avdiivka to Russian forces"; not an "attempted capture"."""
        captor_prep = self.rules.captor_preps.get(noun.lemma_.lower())
        if captor_prep is None or any(c.dep_ == "amod" and c.lemma_.lower() in self.rules.unasserting_verbs
                                      for c in noun.children):
            return
        taken = self._prep_object_entities(noun, "of")
        if captor_prep == "by":
            captors = self._attack_agents(noun)
        else:
            captors = self._prep_object_entities(noun, captor_prep)
        self.add_all(captors, self.rules.capture_predicate, taken, noun, "nominal-capture")

    def _prep_object_entities(self, head: Token, preposition: str) -> list[str]:
        return [k for prep in head.children if prep.dep_ == "prep" and prep.lower_ == preposition
                for k in self._objects_of(prep)]

    def _objects_of(self, prep: Token) -> list[str]:
        """The entities the objects of a preposition name ("on Kharkiv and Sumy")."""
        return [k for o in prep.children if o.dep_ == "pobj" for k in self.np_entities(o)]

    def _light_verb(self, noun: Token) -> Token | None:
        """The verb that makes an attack noun its object: "launched (a barrage of) attacks"."""
        token = noun
        while token.dep_ == "conj" and token.head != token:
            token = token.head
        if token.dep_ == "pobj" and token.head.lower_ == "of" and (
                token.head.head.lemma_.lower() in self.rules.quantity_nouns | self.rules.attack_nouns):
            token = token.head.head
        if token.dep_ == "dobj" and (token.head.lemma_.lower(), self._particle(token.head)) in self.rules.light_verbs:
            return token.head
        return None

    def _places_hit(self, subject: Token) -> list[str]:
        """Places a strike or a weapon hit as the subject of a harming verb: "Russia's missile strikes
        knocked out power in Kharkiv city" -> Kharkiv."""
        verb = subject.head
        if subject.dep_ != "nsubj" or self._predicate_of_verb(verb) not in ("attacked", "destroyed"):
            return []
        places: list[str] = []
        for holder in [verb, *(c for c in verb.children if c.dep_ == "dobj")]:
            for prep in holder.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "across"):
                    places += [k for k in self._objects_of(prep) if self.ents.type_of(k) is EntityType.PLACE]
        return places

    def _acting_entities(self, token: Token) -> list[str]:
        """Who acts through a subject: the entities it names, or the attacker behind an attack or a
        weapon ("Russian missiles struck Lviv", "Russia's strikes hit Odesa")."""
        keys = self.np_entities(token)
        if keys:
            return keys
        words = {token.lemma_.lower(), token.lower_}
        words |= {f"{c.lower_} {token.lemma_.lower()}" for c in token.children if c.dep_ in ("compound", "amod")}
        if words & (self.rules.attack_nouns | self.rules.projectile_nouns):
            return self._attack_agents(token)
        return []

    # ---------------------------------------------------------------- people's roles
    def _role_predicate(self, words: list[str]) -> str | None:
        lowered = [w.lower() for w in words]
        joined = " ".join(lowered)
        is_head = any(r in lowered or (" " in r and r in joined) for r in self.rules.head_roles)
        is_member = any(r in lowered for r in self.rules.member_roles)
        if is_head and not any(w in self.rules.deputy_words for w in lowered):
            return "leaderOf"
        if is_head or is_member:
            return "memberOf"
        return None

    def _roles(self) -> None:
        for span, key in self.ents.spans_of(EntityType.PERSON):
            self._role_prefix(span, key)
            self._role_apposition(span, key)
            self._role_copula(span, key)
            self._person_of(span, key)
        self._units_called_theirs()

    def _units_called_theirs(self) -> None:
        """ "Ramzan Kadyrov said his 'Akhmat' unit had entered the town": the unit a person calls
        theirs is one they lead; the person is the subject of a clause the unit sits in."""
        for span, key in self.ents.spans_of(EntityType.MILITARY_UNIT):
            nouns = [span.root]
            if span.root.dep_ in ("compound", "amod", "nmod") and span.root.head.pos_ == "NOUN":
                nouns.append(span.root.head)  # "his 'Akhmat' unit"
            if not any(c.dep_ == "poss" and c.lower_ in ("his", "her") for n in nouns for c in n.children):
                continue
            person = self._clause_subject_person(span.root)
            if person:
                self.add(person, "leaderOf", key, span.root, "possessive-pronoun-unit", check_assertion=False)

    def _clause_subject_person(self, token: Token) -> str | None:
        for ancestor in token.ancestors:
            for child in ancestor.children:
                if child.dep_ in ("nsubj", "nsubjpass") and not (child.left_edge.i <= token.i <= child.right_edge.i):
                    people = [k for k in self.np_entities(child, conjuncts=False)
                              if self.ents.type_of(k) is EntityType.PERSON]
                    return people[0] if people else None
        return None

    def _role_prefix(self, span: Span, person: str) -> None:
        """ "Ukrainian Deputy Defence Minister Hanna Malyar", "Donetsk regional Governor X"."""
        words: list[str] = []
        bodies: list[str] = []
        i = span.start - 1
        while i >= 0 and i >= span.start - 7:
            token = self.doc[i]
            if token.is_punct or token.is_space or token.pos_ in ("VERB", "AUX", "ADP", "DET") and token.lower_ != "of":
                break
            key = self.ents.of_token(token)
            if key:
                bodies.append(key)
                mention = self.ents.mention_at(token)
                i = self.doc.char_span(mention[0], mention[1], alignment_mode="expand").start - 1 if mention else i - 1
                continue
            country = self.ents.present(self.ents.demonym_country(token.text))
            if country:
                bodies.append(country)
                i -= 1
                continue
            if not (token.is_title or token.lower_ in self.rules.head_roles | self.rules.member_roles
                    or token.lower_ in ("regional", "state", "of", "defence", "defense", "foreign")
                    or token.lower_ in self.rules.deputy_words):
                break
            words.append(token.text)
            i -= 1
        if any(w.lower() in self.rules.prefix_excluded_roles for w in words):
            return
        predicate = self._role_predicate(words)
        if predicate and bodies:
            self.add(person, predicate, bodies[0], span.root, "role-prefix", check_assertion=False)

    def _role_apposition(self, span: Span, person: str) -> None:
        """ "Dmitry Treshchanin, an editor at Mediazona"; "The Kremlin's spokesperson, Dmitry Peskov"."""
        root = span.root
        nouns = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            nouns.append(root.head)
        for noun in nouns:
            self._role_noun(noun, person, "role-apposition")

    def _role_copula(self, span: Span, person: str) -> None:
        root = span.root
        if root.dep_ == "nsubj" and root.head.lemma_ == "be":
            for attr in root.head.children:
                if attr.dep_ == "attr":
                    self._role_noun(attr, person, "role-copula")

    def _role_noun(self, noun: Token, person: str, rule: str) -> None:
        words = [noun.text] + [c.text for c in noun.children if c.dep_ in ("compound", "amod")]
        predicate = self._role_predicate(words)
        if not predicate:
            return
        bodies: list[str] = []
        for child in noun.children:
            if child.dep_ == "poss":
                bodies += self.np_entities(child, conjuncts=False, demonym_as="country")
            elif child.dep_ == "prep" and child.lower_ in ("of", "at", "for", "with", "in"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        bodies += self._body_of(obj)
            elif child.dep_ in ("amod", "compound"):
                key = self.ents.of_token(child) or self.ents.present(self.ents.demonym_country(child.text))
                if key and key != person:
                    bodies.append(key)
        bodies = [b for b in bodies if b != person]
        if bodies:
            self.add(person, predicate, bodies[0], noun, rule, check_assertion=False)

    def _body_of(self, token: Token) -> list[str]:
        """The body a role is held at: the phrase's own name or its apposition ("the think tank ISW"),
        not a place modifying it ("the Dnipro Security Forum" is not Dnipro)."""
        key = self.ents.of_token(token)
        if key:
            return [key]
        return [k for c in token.children if c.dep_ == "appos" and (k := self.ents.of_token(c))]

    def _person_of(self, span: Span, person: str) -> None:
        """ "Marta Levchenko of the Washington-based Institute for the Study of War"."""
        end = span.end
        if end + 1 < len(self.doc) and self.doc[end].lower_ == "of":
            for token in self.doc[end + 1: min(end + 12, len(self.doc))]:
                if token.is_punct and token.text not in ("-", "(", ")"):
                    break
                key = self.ents.of_token(token)
                if key and self.ents.type_of(key) in (EntityType.ORGANISATION, EntityType.MILITARY_UNIT):
                    self.add(person, "memberOf", key, self.doc[end], "person-of", check_assertion=False)
                    return

    # ---------------------------------------------------------------- partOf
    def _part_of(self) -> None:
        spans = self.ents.mention_spans
        text = self.doc.text
        bodies = (EntityType.MILITARY_UNIT, EntityType.ORGANISATION)
        for index, (start, end, key) in enumerate(spans):
            if self.ents.type_of(key) not in bodies:
                continue
            chain = [key]
            cursor = end
            for next_start, next_end, next_key in spans[index + 1:]:
                between = text[cursor:next_start]
                if not re.fullmatch(r"(\s*\([^()]{1,40}\))?\s+of\s+(the\s+)?", between):
                    break
                if self.ents.type_of(next_key) not in bodies:
                    break
                chain.append(next_key)
                cursor = next_end
            token = self._token_at(start)
            if len(chain) > 1 and token is not None:
                first_text = text[start:end].lower().split()
                if first_text and first_text[-1] in self.rules.force_nouns:
                    # "Ukrainian soldiers of the 57th brigade": the brigade is part of the forces
                    for part in chain[1:]:
                        self.add(part, "partOf", chain[0], token, "force-of-unit", check_assertion=False)
                else:
                    for i, part in enumerate(chain):
                        for whole in chain[i + 1:]:
                            self.add(part, "partOf", whole, token, "unit-of", check_assertion=False)
        self._named_parts()
        self._possessed_units()

    def _token_at(self, char: int) -> Token | None:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None

    def _named_parts(self) -> None:
        """An entity named "General Staff of the Armed Forces of Ukraine" is part of that body."""
        names: dict[str, str] = {}
        for key, entity in self.ents.entities.items():
            for name in (entity.label, *entity.aliases):
                names[name.lower()] = key
        for key, entity in self.ents.entities.items():
            if entity.type not in (EntityType.MILITARY_UNIT, EntityType.ORGANISATION):
                continue
            for mention in entity.mentions:
                if mention.end <= mention.start:
                    continue
                match = re.match(r"^.+? of (?:the )?(.+)$", mention.name)
                if not match:
                    continue
                tail = match.group(1).lower()
                whole = names.get(tail)
                if whole is None:
                    known = self.ents.gazetteer.lookup(tail)
                    whole = self.ents.present(known.id) if known else None
                token = self._token_at(mention.start)
                if whole and whole != key and token is not None:
                    self.add(key, "partOf", whole, token, "name-of-body", check_assertion=False)
                    break

    def _possessed_units(self) -> None:
        """ "Russia's western army group": a unit a country possesses is part of its armed forces."""
        for first, key in self.ents.spans_of(EntityType.MILITARY_UNIT):
            if len(first) < 3:
                continue
            possessor = first[0].text + (first[1].text if first[1].tag_ == "POS" else "")
            forces = self.ents.present(self.ents.demonym_forces(possessor)) if first[1].tag_ == "POS" else None
            if forces and forces != key:
                self.add(key, "partOf", forces, first[0], "possessed-unit", check_assertion=False)

    # ---------------------------------------------------------------- locatedIn
    def _located_in(self) -> None:
        spans = [s for s in self.ents.mention_spans if self.ents.type_of(s[2]) is EntityType.PLACE]
        text = self.doc.text
        for (a_start, a_end, a), (b_start, b_end, b) in zip(spans, spans[1:]):
            between = text[a_end:b_start]
            token = self._token_at(a_start)
            if token is None or a == b:
                continue
            if re.fullmatch(r"(\s+(region|oblast|province|city))?,\s+", between, flags=re.I):
                if self._in_list(a, b, a_start, b_end, spans):
                    continue
                if self.ents.place_rank(b) > self.ents.place_rank(a):
                    self.add(a, "locatedIn", b, token, "place-comma", check_assertion=False)
            elif re.fullmatch(r"(\s+(region|oblast|province|city))?,?(\s+" + _DIRECTION + r")?\s+in\s+(the\s+)?",
                              between, flags=re.I):
                if self.ents.place_rank(b) > self.ents.place_rank(a):
                    for part in [a, *self._coordinated_before(a_start, spans)]:
                        if self.ents.place_rank(b) > self.ents.place_rank(part):
                            self.add(part, "locatedIn", b, token, "place-in", check_assertion=False)
            elif re.fullmatch(r"[’']s?\s+", between) and self.ents.place_rank(a) > self.ents.place_rank(b):
                self.add(b, "locatedIn", a, token, "place-possessive", check_assertion=False)
        self._place_in_with_modifiers(spans)
        self._place_apposition_possessive()

    def _coordinated_before(self, start: int, spans: list[tuple[int, int, str]]) -> list[str]:
        """The places listed just before the one at `start` ("Kramatorsk and Sloviansk ... in Donetsk")."""
        found: list[str] = []
        for s_start, s_end, key in reversed([s for s in spans if s[1] <= start]):
            if not re.fullmatch(r"(,\s+|,?\s+and\s+|,?\s+or\s+)", self.doc.text[s_end:start]):
                break
            found.append(key)
            start = s_start
        return found

    def _in_list(self, a: str, b: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> bool:
        """ "Ukraine, Estonia, Latvia and Poland": a list, not a place and its region; a chain of
        ever larger places ("Orikhiv, Zaporizhzhia region, Ukraine") is not a list."""
        text = self.doc.text
        before = next((s for s in reversed(spans) if s[1] <= start), None)
        after = next((s for s in spans if s[0] >= end), None)
        if before and re.fullmatch(r"(\s+(region|oblast|province|city))?,\s+", text[before[1]:start], flags=re.I):
            if self.ents.place_rank(before[2]) >= self.ents.place_rank(a):
                return True
        if after and re.fullmatch(r"(\s+(region|oblast|province|city))?(,|,?\s+and|,?\s+or)\s+",
                                  text[end:after[0]], flags=re.I):
            if self.ents.place_rank(after[2]) <= self.ents.place_rank(b):
                return True
        return False

    def _place_in_with_modifiers(self, spans: list[tuple[int, int, str]]) -> None:
        """ "Kramatorsk and Sloviansk further west in Donetsk": `in` governed by the place phrase, or by
        the place noun the places stand in apposition to ("two cities, A and B, in C")."""
        for start, end, key in spans:
            token = self._token_at(start)
            if token is None:
                continue
            head = self.doc.char_span(start, end, alignment_mode="expand").root
            modifiers = [head, *(c for c in head.children if c.dep_ == "advmod")]
            first = head
            while first.dep_ == "conj" and first.head != first:
                first = first.head
            if first.dep_ == "appos" and first.head.lemma_.lower() in self.rules.place_nouns:
                modifiers.append(first.head)  # "two cities, Kramatorsk and Sloviansk further west in Donetsk"
            for modifier in modifiers:
                for prep in modifier.children:
                    if prep.dep_ != "prep" or prep.lower_ != "in":
                        continue
                    if modifier is head and prep.i == head.i + 1:
                        continue  # plain "A in B" is too loose ("attacks in A in B")
                    for obj in prep.children:
                        if obj.dep_ != "pobj":
                            continue
                        for whole in self.np_entities(obj, conjuncts=False):
                            if self.ents.type_of(whole) is EntityType.PLACE and \
                                    self.ents.place_rank(whole) > self.ents.place_rank(key):
                                for part in self.np_entities(head):
                                    if self.ents.type_of(part) is EntityType.PLACE:
                                        self.add(part, "locatedIn", whole, token, "place-in", check_assertion=False)

    def _place_apposition_possessive(self) -> None:
        """ "the Donbas, Ukraine's industrial heartland"."""
        for span, key in self.ents.spans_of(EntityType.PLACE):
            for appos in (c for c in span.root.children if c.dep_ == "appos"):
                for poss in (c for c in appos.children if c.dep_ == "poss"):
                    whole = self.ents.of_token(poss)
                    if whole and self.ents.type_of(whole) is EntityType.PLACE and \
                            self.ents.place_rank(whole) > self.ents.place_rank(key):
                        self.add(key, "locatedIn", whole, span.root, "place-possessive", check_assertion=False)


def find_relations(doc: Doc, entities: Iterable[Entity], gazetteer: Gazetteer | None = None,
                   rules: RelationRules | None = None) -> tuple[FoundRelation, ...]:
    """Relations with their trigger tokens, unattributed, one per (triple, sentence)."""
    finder = RelationFinder(doc, entities, rules or load_rules(), gazetteer or load_gazetteer())
    seen: set[tuple[str, str, str, int]] = set()
    out: list[FoundRelation] = []
    for found in finder.find():
        relation = found.relation
        key = (relation.subject, relation.predicate, relation.object, relation.sentence_start)
        if key not in seen:
            seen.add(key)
            out.append(found)
    return tuple(out)


def extract_relations(doc: Doc, entities: Iterable[Entity], gazetteer: Gazetteer | None = None,
                      rules: RelationRules | None = None) -> tuple[Relation, ...]:
    """Relations stated between the article's entities, unattributed, one per (triple, sentence)."""
    return tuple(f.relation for f in find_relations(doc, entities, gazetteer, rules))
