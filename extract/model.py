"""The records passed between stages: small frozen dataclasses, never dicts.

`RawArticle` (as read) -> `Article` (cleaned, with an offset map back to the raw text) ->
`Mention`s -> `Entity`s (mentions grouped within one article) and `Relation`s ->
`ExtractedArticle`, which is all `graph` needs to know about one article.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    """The five entity classes of the contract; values are the `ck:` class names."""

    MILITARY_UNIT = "MilitaryUnit"
    PERSON = "Person"
    PLACE = "Place"
    ORGANISATION = "Organisation"
    WEAPON_SYSTEM = "WeaponSystem"


@dataclass(frozen=True)
class ArticleMetadata:
    title: str | None = None
    url: str | None = None
    date: str | None = None
    publisher: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class RawArticle:
    """One article as read from its file: plain text (HTML already reduced to its main text)."""

    id: str
    text: str
    source: str  # where it came from: a path, or `path:line` for JSON Lines
    metadata: ArticleMetadata = ArticleMetadata()
    scraped: bool = True  # plain text that may carry page furniture to clean away


@dataclass(frozen=True)
class OffsetMap:
    """Maps a character offset in cleaned text to the offset in the raw text it came from.

    Cleaning keeps whole runs of the raw text; each run is (clean_start, raw_start, length).
    """

    runs: tuple[tuple[int, int, int], ...] = ()

    def to_raw(self, offset: int) -> int:
        if not self.runs:
            return offset
        i = bisect.bisect_right([r[0] for r in self.runs], offset) - 1
        clean_start, raw_start, length = self.runs[max(i, 0)]
        return raw_start + min(max(offset - clean_start, 0), length)


@dataclass(frozen=True)
class Article:
    """A cleaned article: the text all extraction runs on."""

    id: str
    text: str
    source: str
    metadata: ArticleMetadata = ArticleMetadata()
    offsets: OffsetMap = OffsetMap()
    raw_text: str = field(default="", repr=False)


@dataclass(frozen=True)
class Mention:
    """One surface form of an entity in an article's cleaned text."""

    text: str  # exactly as written
    name: str  # without a leading "the", a possessive 's or a person's title
    type: EntityType
    start: int
    end: int
    kb_id: str | None = None  # id in the curated knowledge base, when matched
    origin: str = "ner"  # ner | ner-context | gazetteer | pattern | metadata | coreference


@dataclass(frozen=True)
class Entity:
    """A real-world thing as one article refers to it: its mentions grouped by local resolution."""

    key: str  # unique within the article; a KB id when linked
    type: EntityType
    label: str
    aliases: frozenset[str]
    mentions: tuple[Mention, ...]
    kb_id: str | None = None


ASSERTED, DENIED = "Asserted", "Denied"
"""The two polarities of a claim (the `ck:` names of CONTRACT.md)."""


@dataclass(frozen=True)
class Relation:
    """A typed edge between two entities of one article, with where it was stated and who says so."""

    subject: str  # Entity.key
    predicate: str  # a ck: property name, e.g. "captured"
    object: str  # Entity.key
    sentence_start: int
    sentence_end: int
    rule: str
    confidence: float
    hedged: bool = False
    reported_by: tuple[str, ...] = ()  # Entity.keys the article attributes the statement to
    relayed_by: tuple[str, ...] = ()  # outlets that relayed it ("told Reuters")
    polarity: str = ASSERTED  # or DENIED when the reporter denies it ("Kyiv denied that ...")
    event_date: str | None = None  # ISO date, "YYYY-MM" or "YYYY": when the text says it happened
    date_precision: str | None = None  # day | month | year; "article" when only the article's date is known


@dataclass(frozen=True)
class ExtractedArticle:
    article: Article
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...] = ()

    def entity(self, key: str) -> Entity:
        return next(e for e in self.entities if e.key == key)
