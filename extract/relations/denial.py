"""Whether a trigger's action is denied: `denial_of(trigger, knowledge) -> Token | None`.

Takes a trigger token (the verb or noun of a candidate relation) and the relation knowledge; gives the
token that denies the action, whose subject (or passive agent) is the denier, or None. Three
constructions, active or passive:
- a denial verb over the clause: "Kyiv denied that Russian forces had captured X", "Moscow denied
  shelling X", "it was denied by Kyiv that ...";
- a denial noun in the complement of a rejecting verb: "the ministry rejected claims that its jets
  were shot down", "reports that X fell were dismissed by the governor", "denied reports of an attack";
- a denial noun called false: "Kyiv called reports that X had fallen false".
`denier_tokens(denial)` gives the tokens that name the denier. A denial that is itself negated
("did not deny") is no denial.
"""
from __future__ import annotations

from spacy.tokens import Token

from conflict_kg.extract.relations.knowledge import RelationKnowledge

_CLIMB_LIMIT = 6
_CLAUSE_DEPS = ("ccomp", "xcomp", "pcomp", "acl", "relcl", "conj", "advcl")
_COMPLEMENT_DEPS = ("ccomp", "xcomp", "pcomp", "dobj", "nsubjpass", "csubjpass", "prep", "pobj")


def denial_of(trigger: Token, knowledge: RelationKnowledge) -> Token | None:
    token = trigger
    for _ in range(_CLIMB_LIMIT):
        head = token.head
        if head == token:
            return None
        lemma = head.lemma_.lower()
        if head.pos_ in ("VERB", "AUX") and lemma in knowledge.denial_verbs and token.dep_ in _COMPLEMENT_DEPS:
            return None if _negated(head, knowledge) else head
        if head.pos_ in ("NOUN", "PROPN") and lemma in knowledge.denial_nouns and \
                token.dep_ in ("acl", "ccomp", "relcl", "pobj", "prep", "appos"):
            return _rejection(head, knowledge)
        if token.dep_ in (*_CLAUSE_DEPS, "prep", "pobj", "dobj", "nsubjpass") and token.pos_ != "PRON":
            token = head
            continue
        return None
    return None


def _rejection(noun: Token, knowledge: RelationKnowledge) -> Token | None:
    """The verb that rejects a denial noun ("rejected claims", "claims were dismissed"), or None."""
    verb = noun.head
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head
    if noun.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in knowledge.rejecting_verbs:
        return None if _negated(verb, knowledge) else verb
    if noun.dep_ in ("dobj", "nsubj") and any(
            c.dep_ in ("oprd", "acomp", "attr", "xcomp", "ccomp") and c.lower_ in knowledge.falsity_labels
            for c in verb.children):
        return None if _negated(verb, knowledge) else verb
    return None


def _negated(verb: Token, knowledge: RelationKnowledge) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in knowledge.negators and c.dep_ == "advmod" for c in verb.children)


def denier_tokens(denial: Token) -> list[Token]:
    """The subject of the denying verb, or its passive agent ("were denied by Kyiv")."""
    subjects = [c for c in denial.children if c.dep_ == "nsubj"]
    if subjects:
        return subjects
    agents = [o for c in denial.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if agents:
        return agents
    if denial.dep_ == "conj":
        return denier_tokens(denial.head)
    return []
