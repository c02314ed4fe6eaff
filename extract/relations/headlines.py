"""Headlines parsed as sentences: `headline_relations(doc, index, knowledge)`.

A headline in title case ("Ukraine Repels Russian Attacks Near Robotyne") is parsed badly: every
capitalised word looks like a name. Each such line is parsed again in sentence case (words outside
the article's entity mentions lowercased, so every character keeps its offset), the rules run over
that parse with the article's entities, and what they find is mapped back onto the article's doc.
"""
from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Span

from conflict_kg.extract.model import Entity
from conflict_kg.extract.relations.engine import FoundRelation, run_rules
from conflict_kg.extract.relations.index import EntityIndex
from conflict_kg.extract.relations.knowledge import RelationKnowledge

_MIN_WORDS = 3
_MIN_TITLE_SHARE = 0.75
_SIGNATURE_WORDS = 6


def is_headline(sentence: Span, function_words: frozenset[str]) -> bool:
    """Title case throughout and no closing punctuation: "Russia Says It Downed 20 Drones"."""
    words = [t for t in sentence if t.is_alpha and t.lower_ not in function_words]
    if len(words) < _MIN_WORDS or sentence.text.rstrip()[-1:] in ".!?\"”":
        return False
    return sum(w.text[:1].isupper() for w in words) / len(words) >= _MIN_TITLE_SHARE


def _sentence_case(sentence: Span, index: EntityIndex) -> str:
    """The headline with words outside names lowercased and a closing " - SOURCE" blanked out."""
    chars = list(sentence.text)
    for token in sentence[1:]:
        if index.of_token(token) is None and not token.is_upper:
            start = token.idx - sentence.start_char
            chars[start:start + len(token.text)] = token.text.lower()
    text = "".join(chars)
    dash = max(text.rfind(" - "), text.rfind(" – "), text.rfind(" — "))
    if dash > 0 and len(text[dash:].split()) <= _SIGNATURE_WORDS:
        text = text[:dash] + " " * (len(text) - dash)
    return text


def _shifted(entity: Entity, start: int, end: int) -> Entity:
    mentions = tuple(dataclasses.replace(m, start=m.start - start, end=m.end - start)
                     for m in entity.mentions if start <= m.start and m.end <= end)
    return dataclasses.replace(entity, mentions=mentions)


def headline_relations(doc: Doc, index: EntityIndex, knowledge: RelationKnowledge) -> list[FoundRelation]:
    from conflict_kg.extract.nlp import load_pipeline

    found: list[FoundRelation] = []
    headlines = [s for s in doc.sents if is_headline(s, knowledge.headline_function_words)]
    if not headlines:
        return found
    nlp = load_pipeline()
    for sentence in headlines:
        sub = nlp(_sentence_case(sentence, index))
        start, end = sentence.start_char, sentence.end_char
        entities = [_shifted(e, start, end) for e in index.entities.values()]
        sub_index = EntityIndex(sub, entities, index.gazetteer, index.region_words)
        for result in run_rules(sub, sub_index, knowledge):
            relation = dataclasses.replace(result.relation, sentence_start=start, sentence_end=end)
            at = start + sub[result.trigger].idx
            trigger = doc.char_span(at, at + 1, alignment_mode="expand")
            if trigger is not None:
                found.append(FoundRelation(relation, trigger[0].i))
    return found
