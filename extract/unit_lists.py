"""Numbered units listed with one shared head noun: `split_unit_lists(mentions, doc, vocabulary)`.

"the 5th and 110th Motorized Rifle Brigades" names two brigades, the 5th Motorized Rifle Brigade
and the 110th; "the 79th Air Assault and 46th Airmobile Brigades" the 79th Air Assault Brigade and
the 46th Airmobile Brigade. The unit patterns of `extract.entity_patterns` find only the last
conjunct, with the plural noun; this gives a mention for each conjunct before it, named with its
own words (or, when it has none, the last conjunct's) and the noun in the singular, and names the
last conjunct in the singular too.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from conflict_kg.extract.gazetteer import PatternVocabulary
from conflict_kg.extract.model import EntityType, Mention

_ORDINAL = re.compile(r"^\d{1,3}(st|nd|rd|th)$")
_SEPARATORS = {",", "and", "&"}


def singular(noun: str) -> str:
    if noun.lower().endswith("ies"):
        return noun[:-3] + ("Y" if noun.isupper() else "y")
    if noun.lower().endswith("s") and not noun.lower().endswith(("ss", "corps")):
        return noun[:-1]
    return noun


def split_unit_lists(mentions: list[Mention], doc: Doc, vocabulary: PatternVocabulary) -> list[Mention]:
    result = []
    for mention in mentions:
        words = mention.name.split()
        plural_noun = (mention.type is EntityType.MILITARY_UNIT and len(words) >= 2 and not mention.kb_id
                       and _ORDINAL.match(words[0]) and words[-1].lower() in vocabulary.unit_nouns
                       and singular(words[-1]) != words[-1])
        if not plural_noun:
            result.append(mention)
            continue
        noun = singular(words[-1])
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for conjunct in _conjuncts_before(doc, span.start, vocabulary) if span is not None else []:
            own = [t.text for t in conjunct[1:]] or words[1:-1]
            name = " ".join([conjunct[0].text, *own, noun])
            result.append(Mention(text=doc[conjunct[0].i:conjunct[-1].i + 1].text, name=name,
                                  type=EntityType.MILITARY_UNIT, start=conjunct[0].idx,
                                  end=conjunct[-1].idx + len(conjunct[-1].text), origin="pattern"))
        result.append(replace(mention, name=" ".join([*words[:-1], noun])))
    return sorted(result, key=lambda m: (m.start, m.end))


def _conjuncts_before(doc: Doc, start: int, vocabulary: PatternVocabulary) -> list[list[Token]]:
    """The conjuncts "5th Heavy", "33rd" before "157th Mechanized Brigades" (token index `start`)."""
    conjuncts: list[list[Token]] = []
    i = start - 1
    while i >= 1 and doc[i].lower_ in _SEPARATORS:
        j = i - 1
        if doc[j].lower_ in _SEPARATORS:  # ", and"
            j -= 1
        words: list[Token] = []
        while j >= 0 and not _ORDINAL.match(doc[j].text) and _unit_word(doc[j], vocabulary) and len(words) < 4:
            words.insert(0, doc[j])
            j -= 1
        if j < 0 or not _ORDINAL.match(doc[j].text):
            break
        conjuncts.insert(0, [doc[j], *words])
        i = j - 1
    return conjuncts


def _unit_word(token: Token, vocabulary: PatternVocabulary) -> bool:
    return token.pos_ not in ("DET", "ADP") and (token.is_title or token.lower_ in vocabulary.unit_modifiers)
