"""The word classes entity recognition and the relation rules share: `load_lexicon() -> Lexicon`.

Reads `ontology/lexicon.yaml` once through the strict loader of `extract.knowledge_file`: the nouns
that name a side's forces and its air defence, places and settlements, and people by their role.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from conflict_kg.extract.knowledge_file import ListOf, Record, Text, load
from conflict_kg.ontology import ONTOLOGY_DIR

LEXICON_FILE = ONTOLOGY_DIR / "lexicon.yaml"
_WORDS = ListOf(Text())
SCHEMA = Record(required={
    "force_nouns": _WORDS, "air_defence_words": _WORDS, "place_nouns": _WORDS, "settlement_nouns": _WORDS,
    "role_nouns": Record(required={"head": _WORDS, "member": _WORDS, "outside": _WORDS, "other": _WORDS}),
})


@dataclass(frozen=True)
class Lexicon:
    force_nouns: frozenset[str]
    air_defence_words: tuple[str, ...]
    place_nouns: frozenset[str]
    settlement_nouns: frozenset[str]
    head_roles: frozenset[str]
    member_roles: frozenset[str]
    outside_roles: frozenset[str]
    person_nouns: frozenset[str]  # every role noun: a name after one is a person


def _lower(words) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


@functools.cache
def load_lexicon(path: str = str(LEXICON_FILE)) -> Lexicon:
    raw = load(path, SCHEMA)
    roles = raw["role_nouns"]
    return Lexicon(
        force_nouns=_lower(raw["force_nouns"]), air_defence_words=tuple(sorted(_lower(raw["air_defence_words"]))),
        place_nouns=_lower(raw["place_nouns"]),
        settlement_nouns=_lower(raw["settlement_nouns"]), head_roles=_lower(roles["head"]),
        member_roles=_lower(roles["member"]), outside_roles=_lower(roles["outside"]),
        person_nouns=_lower(w for group in roles.values() for w in group))
