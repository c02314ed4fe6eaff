"""Whether a trigger states an action as done: `unasserted(trigger)` and `hedged(trigger)`.

Takes a trigger token (the verb or noun of a candidate relation) and the relation knowledge; gives
the reason an action is not asserted (negated, modal, failed, intended), or None, and whether it is
hedged ("reportedly", "said to have"). Denials are found by `denial`: a denied action is kept as a
claim with polarity Denied, never as an edge.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from conflict_kg.extract.relations.knowledge import RelationKnowledge

_CLIMB_LIMIT = 6


def unasserted(trigger: Token, knowledge: RelationKnowledge) -> str | None:
    """Why the trigger and the verbs it is the complement of do not assert the action, or None."""
    token = trigger
    for _ in range(_CLIMB_LIMIT):
        for child in token.children:
            if child.dep_ == "neg" or child.lower_ in knowledge.negators and child.dep_ in ("advmod", "det"):
                return f"negated by '{child.text}'"
            if child.dep_ == "aux" and child.lower_ in knowledge.modals:
                return f"modal '{child.text}'"
        if token is not trigger and token.lemma_.lower() in knowledge.unasserting_verbs:
            return f"under '{token.text}'"
        if token.dep_ in ("xcomp", "acl", "advcl") and token.head != token and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            token = token.head
            continue
        if token.head == token:
            break
        if token.dep_ in ("pobj", "dobj", "amod", "compound", "nsubj") and token.pos_ == "NOUN" \
                and token.lemma_.lower() in knowledge.advance_nouns:
            token = token.head  # "an attempt to capture", "attempts at storming"
            continue
        if token.dep_ in ("xcomp", "conj"):
            token = token.head
            continue
        break
    return None


def hedged(trigger: Token, sentence: Span, knowledge: RelationKnowledge) -> bool:
    for token in [trigger, *trigger.ancestors]:
        if any(c.lower_ in knowledge.hedges and c.dep_ in ("advmod", "amod") for c in token.children):
            return True
    text = sentence.text.lower()
    return any(phrase in text for phrase in knowledge.hedged_phrases)
