"""A name found once is that name wherever else the article writes it:
`repeated_mentions(mentions, doc) -> tuple[Mention, ...]` adds the other occurrences.

spaCy's NER is a guess per sentence: it tags "Robotyne" in one sentence and passes over it in the
next ("... liberated Robotyne, a village in ..."). Within one article a name keeps its sense, so an
occurrence of the exact name (same case, whole tokens) that no other mention covers becomes a mention
of the same type and knowledge-base id, with origin "repeat", even where the NER guessed another label
there; one inside a longer name ("Robotyne Street") does not.
Gazetteer names are matched everywhere already; this serves the names only the NER knows, and the
abbreviations an article defines in brackets after a name ("the Kachin Independence Army (KIA)"),
which alone may mean something else elsewhere ("KIA", killed in action), and the surname of a person
named in full, under each transliteration of its ending ("Cherevaty" for "Serhiy Cherevatyi",
`surname_ending_spellings` in patterns.yaml).
`coordinated_places(mentions, doc)` adds the untagged proper nouns listed with places ("Mogok,
Nawnghkio and Hsipaw"), `apposed_places(mentions, doc, place_nouns)` those a place noun stands in
apposition to ("Robotyne, a village in ...").
"""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token
from wordfreq import zipf_frequency

from conflict_kg.extract.model import EntityType, Mention
from conflict_kg.extract.names import COMMON_WORD_ZIPF

_ORIGINS_TO_REPEAT = ("ner", "ner-context")
_BRACKETED_ABBREVIATION = re.compile(r"\s*\(([A-Z][A-Za-z0-9-]{1,9})\)")


def repeated_mentions(mentions: tuple[Mention, ...], doc: Doc,
                      surname_endings: tuple[str, ...] = ()) -> tuple[Mention, ...]:
    article = doc.text  # spaCy joins the tokens again at every `doc.text`
    taken = Covered(len(article), mentions)
    examples: dict[str, Mention] = {}
    for mention in mentions:
        if mention.origin in _ORIGINS_TO_REPEAT and mention.text[:1].isupper():
            examples.setdefault(mention.text, mention)
        if abbreviation := _defined_abbreviation(article, mention):
            examples.setdefault(abbreviation, mention)
    examples |= _surnames(mentions, surname_endings, examples)
    added: list[Mention] = []
    for text, example in examples.items():
        for found in re.finditer(re.escape(text), article):
            span = doc.char_span(found.start(), found.end())
            if span is None or taken.overlaps(found.start(), found.end()):
                continue
            if _continues_a_name(doc, span.start - 1) or _continues_a_name(doc, span.end):
                continue
            added.append(Mention(text=text, name=example.name, type=example.type, start=found.start(),
                                 end=found.end(), kb_id=example.kb_id, origin="repeat"))
            taken.add(found.start(), found.end())
    return tuple(sorted((*mentions, *added), key=lambda m: (m.start, m.end)))


def _surnames(mentions: tuple[Mention, ...], endings: tuple[str, ...],
              already: dict[str, Mention]) -> dict[str, Mention]:
    """A person named in full is the one meant by their surname alone, under each spelling of its
    ending ("Cherevatyi", "Cherevaty"), unless two people of the article share it."""
    owners: dict[str, set[str]] = {}
    example: dict[str, Mention] = {}
    for mention in mentions:
        words = mention.name.split()
        if mention.type is not EntityType.PERSON or len(words) < 2 or not words[-1][:1].isupper():
            continue
        for form in _spellings(words[-1], endings):
            owners.setdefault(form, set()).add(mention.kb_id or mention.name)
            example.setdefault(form, mention)
    return {form: example[form] for form, who in owners.items() if len(who) == 1 and form not in already}


def _spellings(surname: str, endings: tuple[str, ...]) -> set[str]:
    """ "Cherevatyi" -> {"Cherevatyi", "Cherevaty", "Cherevatiy", ...}: the surname, and where it ends in
    one transliteration of an ending, the same stem with each of the others."""
    for ending in sorted(endings, key=len, reverse=True):
        if surname.endswith(ending) and len(surname) > len(ending) + 2:
            stem = surname[:-len(ending)]
            return {surname} | {stem + other for other in endings}
    return {surname}


def _defined_abbreviation(text: str, mention: Mention) -> str | None:
    """ "KIA" for the mention "Kachin Independence Army (KIA)" or "Kachin Independence Army" before "(KIA)"."""
    bracket = mention.text.rfind(" (")
    if bracket > 0:
        found = _BRACKETED_ABBREVIATION.fullmatch(mention.text, bracket)
    else:
        found = _BRACKETED_ABBREVIATION.match(text, mention.end)
    return found.group(1) if found else None


class Covered:
    """The characters of an article its mentions cover, to tell in constant time per character
    whether a new mention would overlap one (an article may hold thousands)."""

    def __init__(self, length: int, mentions: tuple[Mention, ...]):
        self._chars = bytearray(length)
        for mention in mentions:
            self.add(mention.start, mention.end)

    def add(self, start: int, end: int) -> None:
        self._chars[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return any(self._chars[start:end])


def _continues_a_name(doc: Doc, i: int) -> bool:
    if not 0 <= i < len(doc):
        return False
    token: Token = doc[i]
    return token.pos_ == "PROPN" or (token.text[:1].isupper() and not token.is_sent_start and token.is_alpha)


def coordinated_places(mentions: tuple[Mention, ...], doc: Doc) -> tuple[Mention, ...]:
    """ "Mogok, Nawnghkio and Hsipaw": an untagged proper noun coordinated with place names is a place
    too (a list is of one kind), with origin "coordinated"."""
    spans = (doc.char_span(m.start, m.end, alignment_mode="expand") for m in mentions if m.type is EntityType.PLACE)
    return _untagged_places(mentions, [c for span in spans if span is not None for c in span.root.conjuncts],
                            "coordinated")


def apposed_places(mentions: tuple[Mention, ...], doc: Doc, place_nouns: frozenset[str]) -> tuple[Mention, ...]:
    """ "Robotyne, a village in the Zaporizhzhia region": an untagged proper noun with a place noun in
    apposition is a place, with origin "apposition"."""
    return _untagged_places(mentions, [noun.head for noun in doc if noun.dep_ == "appos" and noun.head.i < noun.i
                                       and noun.lemma_.lower() in place_nouns], "apposition")


def _untagged_places(mentions: tuple[Mention, ...], heads: list[Token], origin: str) -> tuple[Mention, ...]:
    """`mentions` and a place mention of each proper noun phrase `heads` head that no mention covers."""
    if not heads:
        return mentions
    taken = Covered(len(heads[0].doc.text), mentions)
    added: list[Mention] = []
    for head in heads:
        name = _proper_noun_phrase(head)
        if name is None or taken.overlaps(name.start_char, name.end_char):
            continue
        added.append(Mention(text=name.text, name=name.text, type=EntityType.PLACE, start=name.start_char,
                             end=name.end_char, origin=origin))
        taken.add(name.start_char, name.end_char)
    return tuple(sorted((*mentions, *added), key=lambda m: (m.start, m.end))) if added else mentions


def _proper_noun_phrase(token: Token) -> Span | None:
    """The proper noun `token` heads with the proper nouns compounded before it, if it is one."""
    if token.pos_ != "PROPN" or not token.text[:1].isupper() or token.ent_type_ not in ("", "GPE", "LOC", "FAC"):
        return None
    if zipf_frequency(token.lower_, "en") >= COMMON_WORD_ZIPF:  # "Liberate X and Y, Destroy ..." in a headline
        return None
    if token.tag_ == "NNPS" or any(c.dep_ == "nummod" for c in token.children):  # "Four Launchers"
        return None
    start = token.i
    while start > 0 and token.doc[start - 1].dep_ == "compound" and token.doc[start - 1].head == token \
            and token.doc[start - 1].pos_ == "PROPN":
        start -= 1
    return token.doc[start:token.i + 1]
