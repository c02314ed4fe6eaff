"""One index of an article's entities on its `Doc`: `index_entities(doc, entities) -> EntityIndex`.

Built once per article and shared by the relation rules and attribution. It answers which entity a
token is part of (also as `token._.entity`), the mentions of a type as spans, an entity's type,
country and place rank, and which armed forces a nationality word names ("Ukrainian" -> the
Armed Forces of Ukraine). It knows nothing of relations; it only defines the two placeholder keys
(`PLACEHOLDERS`) that rules may use for a side's forces until attribution says which they are.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from conflict_kg.extract.gazetteer import Gazetteer, load_gazetteer
from conflict_kg.extract.model import Entity, EntityType
from conflict_kg.extract.nlp import DATELINE

if not Doc.has_extension("entity_index"):
    Doc.set_extension("entity_index", default=None)
if not Token.has_extension("entity"):
    Token.set_extension("entity", getter=lambda t: t.doc._.entity_index.of_token(t)
                        if t.doc._.entity_index is not None else None)

COUNTRY_RANK, REGION_RANK, DISTRICT_RANK, PLACE_RANK, FACILITY_RANK = 3, 2, 1.5, 1, 0

# Keys standing for an entity only the statement's source decides, filled in by attribution (else the
# relation is dropped): the source's own side's forces ("the settlements are liberated"), and the
# other side's ("the enemy", "the occupiers").
REPORTER_SIDE = "?reporter-side"
REPORTER_ENEMY = "?reporter-enemy"
PLACEHOLDERS = frozenset({REPORTER_SIDE, REPORTER_ENEMY})


@dataclass(frozen=True)
class PlaceWords:
    """Last words of a place's name that rank it: a region ("oblast", "heights") or a site ("base")."""

    regions: frozenset[str]
    facilities: frozenset[str]
    districts: frozenset[str] = frozenset()  # regions within a region ("Bucha district")


def _apostrophes(word: str) -> str:
    return word.lower().replace("’", "'")


class EntityIndex:
    """The article's entities as seen from its tokens."""

    def __init__(self, doc: Doc, entities: Iterable[Entity], gazetteer: Gazetteer, place_words: PlaceWords):
        self.doc = doc
        self.text = doc.text  # spaCy joins every token's text again at each `doc.text`
        self.gazetteer = gazetteer
        self.entities = {e.key: e for e in entities}
        self.place_words = place_words
        self.by_char: dict[int, str] = {}
        self._vessels: set[str] | None = None  # the warships among the weapons, found on first use
        spans: list[tuple[int, int, str]] = []
        datelines = [m.span() for m in DATELINE.finditer(self.text)]
        for entity in self.entities.values():
            for m in entity.mentions:
                if m.end > m.start:
                    spans.append((m.start, m.end, entity.key))
                    if not any(s <= m.start < e for s, e in datelines):  # a dateline is no party to the parse
                        for c in range(m.start, m.end):
                            self.by_char[c] = entity.key
        self.mention_spans = sorted(spans)
        self._starts = [s[0] for s in self.mention_spans]
        self._demonym_forces = {_apostrophes(d.text): d.forces_id for d in gazetteer.demonyms}
        self._forces_country: dict[str, str] = {}
        for forces_id in set(self._demonym_forces.values()):
            known = gazetteer.entities.get(forces_id)
            country = gazetteer.lookup(known.country) if known and known.country else None
            if country is not None:
                self._forces_country[forces_id] = country.id

    # -- tokens and spans
    def of_token(self, token: Token) -> str | None:
        return self.by_char.get(token.idx)

    def mention_at(self, token: Token) -> tuple[int, int, str] | None:
        i = bisect.bisect_right(self._starts, token.idx) - 1
        if i >= 0 and self.mention_spans[i][0] <= token.idx < self.mention_spans[i][1]:
            return self.mention_spans[i]
        return None

    def span_of(self, token: Token) -> Span | None:
        """The whole mention a token is part of."""
        mention = self.mention_at(token)
        return self.doc.char_span(mention[0], mention[1], alignment_mode="expand") if mention else None

    def spans_of(self, type_: EntityType) -> Iterator[tuple[Span, str]]:
        """Each mention of an entity of `type_` as a span of the doc, with the entity's key."""
        for start, end, key in self.mention_spans:
            if self.type_of(key) is type_:
                span = self.doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    yield span, key

    def words_between(self, start: int, end: int) -> str:
        """The tokens between two offsets, lowercased and joined by single spaces; a parenthesis right
        at the start ("the 47th Brigade (Magura) of the ...") is passed over."""
        if end <= start or not self.text[start:end].strip():
            return ""
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return "?"
        words = [t.lower_.replace("’", "'") for t in span if not t.is_space]
        if words[:1] == ["("] and ")" in words:
            words = words[words.index(")") + 1:]
        return " ".join(words)

    def listed_with(self, mention: tuple[int, int, str], links: frozenset[str]) -> list[str]:
        """Entities of the mention's type listed with it ("Yampil, Novoselivka and Stavky"), found by
        the words between neighbouring mentions, so that a list the parser split still counts."""
        type_ = self.type_of(mention[2])
        rank = self.place_rank(mention[2]) if type_ is EntityType.PLACE else None
        i = self.mention_spans.index(mention)
        found: list[str] = []
        for step in (1, -1):
            j, current = i + step, mention
            while 0 <= j < len(self.mention_spans):
                other = self.mention_spans[j]
                gap = self.words_between(current[1], other[0]) if step == 1 else self.words_between(other[1], current[0])
                if gap not in links or self.type_of(other[2]) is not type_ or \
                        rank is not None and self.place_rank(other[2]) != rank:  # "Soledar, Donetsk Oblast"
                    break
                if other[2] not in found:
                    found.append(other[2])
                current, j = other, j + step
        return found

    def mentions_before(self, char: int) -> Iterator[tuple[int, int, str]]:
        """Mentions ending before `char`, nearest first."""
        i = bisect.bisect_left(self._starts, char)
        for start, end, key in reversed(self.mention_spans[:i]):
            if end <= char:
                yield start, end, key

    def person_in_apposition(self, noun: Token) -> str | None:
        """The person a noun is in apposition to: "Chechen leader and close Putin ally Ramzan Kadyrov"
        is Kadyrov, not Putin."""
        return next((k for c in noun.children if c.dep_ == "appos" and (k := self.of_token(c))
                     and self.type_of(k) is EntityType.PERSON), None)

    # -- entities
    def type_of(self, key: str) -> EntityType:
        if key in PLACEHOLDERS:  # a side's forces, once attribution says which
            return EntityType.MILITARY_UNIT
        return self.entities[key].type

    def present(self, key: str | None) -> str | None:
        return key if key in self.entities else None

    def demonym_forces(self, word: str) -> str | None:
        return self._demonym_forces.get(_apostrophes(word))

    def demonym_country(self, word: str) -> str | None:
        forces = self.demonym_forces(word)
        return self._forces_country.get(forces) if forces else None

    def forces_of_country(self, country_key: str) -> str | None:
        return next((f for f, c in self._forces_country.items() if c == country_key), None)

    def is_armed_forces(self, key: str) -> bool:
        return key in self._forces_country

    def other_side(self, own_countries: set[str]) -> str | None:
        """The armed forces of the one state besides `own_countries` whose forces the article names;
        None when it names none or several."""
        others = {key for key in self.entities if self.is_armed_forces(key) and self.country_of(key) not in own_countries}
        return others.pop() if own_countries and len(others) == 1 else None

    def country_of(self, key: str) -> str | None:
        """The country an entity belongs to: itself if a country, else by a nationality in its name."""
        if key in PLACEHOLDERS:
            return None
        entity = self.entities[key]
        if key in self._forces_country.values():
            return key
        if key in self._forces_country:
            return self._forces_country[key]
        known = self.gazetteer.entities.get(entity.kb_id or key)
        if known is not None and known.kind == "armed-group":
            return None  # the "Myanmar" in the MNDAA's name makes it no part of Myanmar's side
        for name in (entity.label, *sorted(entity.aliases), *(m.text for m in entity.mentions)):
            for word in re.split(r"\s+", name):
                country = self.demonym_country(word)
                if country:
                    return country
        return None

    def is_vessel(self, key: str) -> bool:
        """A warship by how the article names it: after a vessel noun ("the patrol ship Sergei Kotov",
        "the cruiser 'Moskva'"), with one in apposition ("the Sergei Kotov, a patrol ship"), or after a
        ship prefix ("USS Gravely")."""
        if self._vessels is None:
            self._vessels = {k for start, end, k in self.mention_spans
                             if self.type_of(k) is EntityType.WEAPON_SYSTEM and self._names_a_vessel(start, end)}
        return key in self._vessels

    def _names_a_vessel(self, start: int, end: int) -> bool:
        vocabulary = self.gazetteer.vocabulary
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        before = next((t for t in reversed(self.doc[max(span.start - 3, 0):span.start])
                       if not t.is_quote and not t.is_space), None)
        named = [*([before] if before is not None else []), *span[:-1]]  # "the [cruiser Moskva]"
        named += [c for c in span.root.children if c.dep_ == "appos"]
        if span.root.dep_ == "appos":
            named.append(span.root.head)
        return any(t.lemma_.lower() in vocabulary.vessel_nouns for t in named) or span[0].text in vocabulary.ship_prefixes

    def place_rank(self, key: str) -> float:
        """3 for a country, 2 for a region or a sea, 1.5 for a district within a region, 1 for a town,
        0 for a site within one (an air base, a crossing), by the knowledge base's kind or else the
        last word of the name."""
        entity = self.entities[key]
        known = self.gazetteer.entities.get(entity.kb_id or key)
        if known is not None and known.kind == "country":
            return COUNTRY_RANK
        if known is not None and known.kind == "region":
            return REGION_RANK
        last_words = {n.lower().split()[-1] for n in (entity.label, *entity.aliases) if n.split()}
        if last_words & self.place_words.districts:
            return DISTRICT_RANK
        if last_words & self.place_words.regions:
            return REGION_RANK
        if last_words & self.place_words.facilities:
            return FACILITY_RANK
        return PLACE_RANK


def index_entities(doc: Doc, entities: Iterable[Entity], place_words: PlaceWords,
                   gazetteer: Gazetteer | None = None) -> EntityIndex:
    """The doc's entity index, built on first use and kept on `doc._.entity_index`."""
    index = doc._.entity_index
    if index is None:
        index = EntityIndex(doc, entities, gazetteer or load_gazetteer(), place_words)
        doc._.entity_index = index
    return index
