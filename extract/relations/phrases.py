"""Noun phrases to entities: `PhraseResolver(doc, index, knowledge).entities(token)`.

Takes the head token of a noun phrase and gives the keys of the entities it names: a mention, the
names inside it ("Wagner Group mercenaries"), its coordinated phrases, a relative pronoun's noun,
a name in apposition after it ("the landing ship 'Novocherkassk'"),
a side's forces named by description ("Ukrainian air defences", "the junta's troops", "its
soldiers"), a body's people ("soldiers of the 57th brigade"), a place noun in apposition ("Bakhmut,
the city ..."), and references back to an entity named before (`extract.relations.references`).
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from conflict_kg.extract.model import EntityType
from conflict_kg.extract.relations.index import PLACE_RANK, REPORTER_ENEMY, EntityIndex
from conflict_kg.extract.relations.knowledge import RelationKnowledge
from conflict_kg.extract.relations.references import ReferenceResolver, relative_antecedent

_MAX_DEPTH = 4
_MODIFIER_DEPS = ("amod", "compound", "nmod", "poss")
BODIES = (EntityType.MILITARY_UNIT, EntityType.ORGANISATION)


class PhraseResolver:
    def __init__(self, doc: Doc, index: EntityIndex, knowledge: RelationKnowledge):
        self.doc = doc
        self.index = index
        self.knowledge = knowledge
        self.references = ReferenceResolver(doc, index, knowledge)

    def entities(self, token: Token, *, conjuncts: bool = True, _depth: int = 0) -> list[str]:
        """The entities a noun phrase headed by `token` names, with its coordinated phrases."""
        if _depth > _MAX_DEPTH:
            return []
        if self.index.of_token(token) is None:
            person = self.index.person_in_apposition(token)
            if person:
                return [person]
        heads = [token, *token.conjuncts] if conjuncts else [token]
        found: list[str] = []
        for head in heads:
            for key in self._head_entities(head, _depth + 1):
                if key not in found:
                    found.append(key)
        if conjuncts:  # "several towns, including Kharkiv and Sumy"
            for prep in (c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in self.knowledge.including_preps):
                found += [k for k in self.objects_of(prep) if k not in found]
            mention = self.index.mention_at(token)
            if mention is not None:
                found += [k for k in self.index.listed_with(mention, self.knowledge.structure["list"])
                          if k not in found]
        return found

    def first(self, token: Token, **kwargs) -> str | None:
        return next(iter(self.entities(token, conjuncts=False, **kwargs)), None)

    def objects_of(self, prep: Token) -> list[str]:
        """The entities the objects of a preposition name ("on Kharkiv and Sumy")."""
        return [k for o in prep.children if o.dep_ == "pobj" for k in self.entities(o)]

    def prep_objects(self, head: Token, prepositions: frozenset[str] | set[str]) -> list[str]:
        return [k for prep in head.children if prep.dep_ == "prep" and prep.lower_ in prepositions
                for k in self.objects_of(prep)]

    # ------------------------------------------------------------------ the cases
    def _head_entities(self, head: Token, depth: int) -> list[str]:
        key = self.index.of_token(head)
        if key:
            return [key]
        k = self.knowledge
        lower, lemma = head.lower_, head.lemma_.lower()
        if lower in k.relative_pronouns or head.tag_ in ("WDT", "WP"):
            # "X, which the ministry said had repulsed ...": the relative clause may be a level up
            antecedent = relative_antecedent(head)
            if antecedent is None:
                return []
            return self.entities(self._settlement_over_region(antecedent), conjuncts=False, _depth=depth)
        # "all of Velyka Novosilka" names the town; "all of them" is left to what "them" stands for
        of_name = lower in k.quantity_words and not any(o.pos_ == "PRON" for prep in head.children for o in prep.children)
        if head.pos_ == "PRON" and not of_name:  # a ministry's "it" that acts, acts through its country's forces
            acting = head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() not in k.reporting_verbs
            return [self.forces_of(key) if acting and self.index.type_of(key) is EntityType.ORGANISATION else key
                    for key in self.references.pronoun(head)]
        if lemma in k.place_nouns or lower in k.place_nouns:
            if head.tag_ == "NNS":  # "the areas of Avdiivka, Keramik and Tonenke", "the villages of X and Y"
                named = self._of_complements(head, depth)
                if named:
                    return named
            antecedent = self._appositive_antecedent(head) or self._of_complement(head, depth)
            if antecedent:
                return [antecedent]
        if lemma in k.member_nouns or lower in k.member_nouns:  # "elements of the 5th and 40th brigades", "a team from"
            units = [u for u in self._of_complements(head, depth, ("of", "from")) if self.index.type_of(u) in BODIES]
            if units:
                return units
        if ({lemma, lower} & (k.part_nouns | k.directions | k.quantity_words) or head.like_num) and \
                any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            # "launchers of the Patriot", "the east of Y", "two of the Su-24s", not the "Gaza side of Y"
            return self._of_complements(head, depth)
        named = self._named_modifiers(head) or self._named_in_apposition(head)
        if named:
            return named
        phrase = " ".join(t.lower_ for t in head.doc[head.left_edge.i:head.i + 1])
        if {lemma, lower} & (k.force_nouns | k.member_nouns) or any(w in phrase for w in k.air_defence_words):
            forces = self._forces_named_by_modifier(head)
            if forces:
                return [forces]
        if lemma in k.enemy_nouns or lower in k.enemy_nouns:  # "the enemy": whose, attribution says
            return [REPORTER_ENEMY]
        described = self.references.description(head)
        return [described] if described else []

    def _settlement_over_region(self, noun: Token) -> Token:
        """ "a city in the Kharkiv region that Ukraine liberated": a relative clause the parser hangs on
        the region a settlement lies in is about the settlement."""
        prep = noun.head
        if noun.dep_ == "pobj" and prep.lower_ == "in" and noun.lemma_.lower() in self.knowledge.region_words \
                and prep.head.lemma_.lower() in self.knowledge.settlement_nouns:
            return prep.head
        return noun

    def _forces_named_by_modifier(self, head: Token) -> str | None:
        """ "Ukrainian air defences", "Russian air defence systems", "Russia's troops", "the junta's
        forces", "its soldiers"."""
        for modifier in head.doc[head.left_edge.i:head.i]:
            forces = None if self.index.of_token(modifier) else self.index.demonym_forces(modifier.text)
            if self.index.present(forces):
                return forces
        for child in head.children:
            if child.dep_ not in _MODIFIER_DEPS:
                continue
            if child.dep_ == "poss":
                owner = (self.references.pronoun(child) if child.pos_ == "PRON"
                         else self.entities(child, conjuncts=False, _depth=_MAX_DEPTH - 1))
                for key in owner:
                    return self.forces_of(key)
        return None

    def forces_of(self, key: str) -> str:
        """The armed forces an actor fights with: a country's (or its ministry's) forces where the
        article names them, else the actor itself."""
        if self.index.type_of(key) is EntityType.MILITARY_UNIT:
            return key
        label = self.index.entities[key].label
        by_metonym = self.index.demonym_forces(label) or self.index.demonym_forces(f"{label}'s")  # "Moscow's"
        if self.index.present(by_metonym):
            return by_metonym
        country = key if self.index.type_of(key) is EntityType.PLACE else self.index.country_of(key)
        forces = self.index.forces_of_country(country) if country else None
        return self.index.present(forces) or key

    def _named_modifiers(self, head: Token) -> list[str]:
        """Names inside a noun phrase before its head ("Wagner Group mercenaries", "the Luhansk and
        Donetsk regions", "three Kh-101 missiles"), possessors and makers ("US-made") left out."""
        found: list[str] = []
        for token in head.doc[head.left_edge.i:head.i]:
            key = self.index.of_token(token)
            if not key or token.dep_ == "poss" or any(c.tag_ == "POS" for c in token.children) \
                    or self._names_an_origin(token, head):
                continue
            if token.i + 1 < len(head.doc) and head.doc[token.i + 1].tag_ == "POS":
                continue
            if key not in found:
                found.append(key)
        return found

    def _names_an_origin(self, token: Token, head: Token) -> bool:
        """ "two US-made Bradley vehicles": a name under a participle of making or supplying says
        where the thing comes from."""
        ancestor = token.head
        while ancestor != head and ancestor.head != ancestor:
            if ancestor.tag_ == "VBN" and ancestor.lemma_.lower() in self.knowledge.origin_participles:
                return True
            ancestor = ancestor.head
        return False

    def _named_in_apposition(self, head: Token) -> list[str]:
        """ "the large landing ship 'Novocherkassk'": the name a noun is given right after it."""
        return [key for c in head.children if c.dep_ == "appos" and c.i > head.i
                and (key := self.index.of_token(c))][:1]

    def _appositive_antecedent(self, head: Token) -> str | None:
        """ "Bakhmut, the city captured by ...": the place named just before ", the city"."""
        start = head.i
        while start > 0 and self.doc[start - 1].dep_ in ("det", "amod", "compound") and self.doc[start - 1].head == head:
            start -= 1
        if start >= 2 and self.doc[start - 1].text == ",":
            key = self.index.of_token(self.doc[start - 2])
            if key and self.index.type_of(key) is EntityType.PLACE and not (
                    head.lemma_.lower() in self.knowledge.settlement_nouns and self.index.place_rank(key) > PLACE_RANK):
                return key  # but "Andriivka in Donetsk oblast, a ruined settlement" is not the oblast
        if head.dep_ == "appos":
            return self.index.of_token(head.head)
        return None

    def _of_complements(self, head: Token, depth: int, prepositions: tuple[str, ...] = ("of",)) -> list[str]:
        """Every entity the "of" (or other `prepositions`) of a noun names, its coordinated ones included."""
        return [k for prep in head.children if prep.dep_ == "prep" and prep.lower_ in prepositions
                for obj in prep.children if obj.dep_ == "pobj" for k in self.entities(obj, _depth=depth)]

    def _of_complement(self, head: Token, depth: int) -> str | None:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return next(iter(self.entities(obj, conjuncts=False, _depth=depth)), None)
        return None

    def makers_of(self, noun: Token) -> list[str]:
        """Who makes an action named by a noun: "attacks by X", "X's attack", "Russian attacks",
        "a Houthi missile", "the assault X had planned"."""
        found: list[str] = []
        for head in [noun, *noun.conjuncts]:
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "by":
                    found += self.objects_of(child)
                elif child.dep_ == "poss":
                    found += self.entities(child)
                elif child.dep_ in ("amod", "compound", "nmod"):
                    named = self.index.of_token(child)  # "U.S. warplanes": the state's forces where the article names them
                    key = (self.index.present(self.index.forces_of_country(named)) or named) if named else (
                        self.index.present(self.index.demonym_forces(child.text))
                        or self.index.present(self.index.demonym_country(child.text)))  # the state, when its forces go unnamed
                    if key:
                        found.append(key)
                elif child.dep_ == "relcl" and not any(
                        c.dep_ == "dobj" and c.lower_ not in self.knowledge.relative_pronouns for c in child.children):
                    # "an assault the 155th had planned", "the salvo that the group launched"
                    found += [k for s in child.children if s.dep_ == "nsubj" for k in self.entities(s, conjuncts=False)]
        return list(dict.fromkeys(found))

    def speakers(self, noun: Token, *, conjuncts: bool = True) -> list[str]:
        """Who a reporting verb's subject names: its entities, names modifying it ("the ministry's
        spokesman"), and the state that "Ukrainian officials" speak for."""
        # "Russian military bloggers", "Western analysts": people outside a body do not speak for it
        if noun.lemma_.lower() in self.knowledge.prefix_excluded_roles or noun.lower_ in self.knowledge.prefix_excluded_roles:
            named = self.index.of_token(noun)
            return [named] if named else []
        found = self.entities(noun, conjuncts=False)
        if found:
            return found
        for child in noun.children:
            key = self.index.of_token(child) if child.dep_ in _MODIFIER_DEPS else None
            if key is None and child.dep_ == "amod" and noun.lower_ in self.knowledge.official_nouns:
                key = self.index.present(self.index.demonym_country(child.text))
            if key is None and child.dep_ == "amod":  # "Ukrainian military officials"
                key = next((k for g in child.children if (k := self.index.of_token(g))), None)
            if key and key not in found:
                found.append(key)
        if conjuncts:
            found += [k for c in noun.conjuncts for k in self.speakers(c, conjuncts=False) if k not in found]
        return found
