"""The spaCy pipeline: en_core_web_sm with the domain gazetteer placed before its statistical NER.

`load_pipeline()` gives the one shared `Language` (loaded once per process). Its `conflict_gazetteer`
component marks curated names and the shapes of `extract.entity_patterns` (formations, forces named
by nationality, weapon designations, ships, places named with their kind) as entities labelled
with our five types (`ent.ent_id_` = knowledge-base id; longest match wins, then the curated one);
the NER then labels what is left; `conflict_places` adds GeoNames towns after the NER and splits
the NER's lists of places ("Robotyne and Verbove"); `extract.mentions` maps labels onto the five types.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from wordfreq import zipf_frequency

from conflict_kg.extract import parse_repairs  # noqa: F401 - registers the repair components
from conflict_kg.extract.anchored_matcher import AnchoredMatcher
from conflict_kg.extract.disk_memo import MODEL_NAME as MODEL_NAME  # re-exported
from conflict_kg.extract.disk_memo import memo_on_disk
from conflict_kg.extract.entity_patterns import entity_patterns
from conflict_kg.extract.gazetteer import (PRIORITY_CURATED, PRIORITY_GEONAMES, PRIORITY_PATTERN, Gazetteer,
                                           load_gazetteer)
from conflict_kg.extract.model import EntityType

_KEY_SEPARATOR = "\t"
_COMMON_WORD_ZIPF = 3.5  # as in extract.gazetteer: an English word this frequent is no place name
# "MOSCOW, July 31 (Reuters) -", "KYIV (AP) —": where a story was filed, not a party to it
DATELINE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z'’. -]{2,}(?:, [A-Z][A-Za-z. ]+)?"
                      r"(?:,\s+[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?\s*(?:\([^)\n]{1,40}\))?"
                      r"|\s*\([^)\n]{1,40}\))\s*[-–—]")
# "... near Toretsk.[5] Geolocated footage ...": a sentence closed by a numbered citation
_CITATION = re.compile(r"\[\d{1,3}\]")
# "... acknowledged by the Ukrainian MoD.": a full stop after a mixed-case abbreviation ends the
# sentence (spaCy keeps a full stop after a capital, for initials and "U.S.")
_MIXED_CASE_FULL_STOP = re.compile(r"(?<=[a-z][A-Z])\.")
_CITED_SENTENCE_END = re.compile(r"[.!?][”\"]?(?:\[\d{1,3}\])+(?=\s+[A-Z“\"])")
_RELATIONAL_ADJECTIVE = ("an", "ese", "ish", "ic", "ern")  # "Crimean", "Chinese", "Polish", "Baltic", "Southern"


def _match_key(type_: EntityType, kb_id: str | None, priority: int, head_length: int = 0,
               drop_head: bool = False) -> str:
    return _KEY_SEPARATOR.join((type_.value, kb_id or "", str(priority), str(head_length), "1" if drop_head else ""))


class GazetteerMatcher:
    """spaCy component: sets `doc.ents` to the longest gazetteer and pattern matches."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patterns = AnchoredMatcher(nlp.vocab)
        self.name_lead_ins = {w.casefold() for w in (*gazetteer.vocabulary.person_titles,
                                                     *gazetteer.vocabulary.person_roles)}
        self._add_phrases(nlp, gazetteer)
        for found in entity_patterns(gazetteer, lambda text: [t.text for t in nlp.tokenizer(text)]):
            key = _match_key(found.type, found.kb_id, PRIORITY_PATTERN, found.head_length, found.drop_head)
            self.patterns.add(key, [list(p) for p in found.patterns])

    def _add_phrases(self, nlp: Language, gazetteer: Gazetteer) -> None:
        by_key: dict[tuple[str, bool], list[tuple[str, ...]]] = {}
        phrases = [p for p in gazetteer.phrases if p.priority != PRIORITY_GEONAMES]
        # "KYIV, Aug 28 (Reuters) -": datelines write a one-word place name in capitals
        phrases += [replace(p, text=p.text.upper()) for p in phrases
                    if p.type is EntityType.PLACE and " " not in p.text and not p.text.isupper()]
        for phrase, words in zip(phrases, tokenized(nlp, [p.text for p in phrases])):
            caseless = len(words) > 1
            key = _match_key(phrase.type, phrase.kb_id, phrase.priority)
            by_key.setdefault((key, caseless), []).append(words)
        for (key, caseless), phrase_words in by_key.items():
            if caseless:
                self.caseless.add(key, phrase_hashes(nlp, phrase_words, lower=True))
            else:
                self.exact.add(key, phrase_hashes(nlp, phrase_words))

    def __call__(self, doc: Doc) -> Doc:
        found = [_candidate(doc, doc.vocab.strings[match_id], start, end)
                 for match_id, start, end in self.exact(doc) + self.caseless(doc) + self.patterns(doc)]
        candidates = [c for c in found if c is not None and not self._inside_a_longer_name(*c)]
        curated = {(s.start, s.end): s for s, priority, _ in candidates if priority == PRIORITY_CURATED}
        kept = [(span, priority) for span, priority, head in candidates
                if not _curated_says_otherwise(span, priority, head, curated)]
        # Longest first, then the most trusted source, then one linked to the knowledge base, then the earliest.
        kept.sort(key=lambda c: (-(c[0].end - c[0].start), -c[1], not c[0].id_, c[0].start))
        doc.ents = filter_spans([span for span, _ in kept])
        return doc

    def _inside_a_longer_name(self, span: Span, priority: int, head: int) -> bool:
        """A known person's name after another given name is someone else's: "Ali Mahmoud Abbas"
        is not "Mahmoud Abbas" (a title before it, "President Mahmoud Abbas", is no name)."""
        if priority != PRIORITY_CURATED or span.label_ != EntityType.PERSON.value or span.start == 0:
            return False
        before = span.doc[span.start - 1]
        written = before.text.casefold()
        return (before.pos_ == "PROPN" and before.is_title and not before.is_sent_start
                and {written, written.rstrip(".")}.isdisjoint(self.name_lead_ins))


def _candidate(doc: Doc, key: str, start: int, end: int) -> tuple[Span, int, int] | None:
    """(span, priority, head length) of one match, its announcing words and kind noun cut off;
    None when a pattern match is no name after all."""
    type_name, kb_id, priority, head, drop_head = key.split(_KEY_SEPARATOR)
    priority, head = int(priority), int(head)
    if drop_head:
        end, head = end - head, 0
        if _no_name(doc[start:end]):
            return None  # "the Crimean bridge", "the Main station": no name
    elif type_name == EntityType.PLACE.value and head and any(t.pos_ == "ADJ" for t in doc[start:end - head]) \
            and _no_name(doc[start:end - head], any_common=True):
        return None  # "the Eastern region": an adjective that names nothing before a kind word
    if priority == PRIORITY_PATTERN:
        if start > 0 and doc[start - 1].text == "-":  # inside a compound: "anti-ship missile"
            return None
        start, end = _without_announcing_words(doc, start, end)
        if end - start <= head:
            return None
        if type_name == EntityType.PLACE.value and end < len(doc) and doc[end].is_title and doc[end].pos_ == "PROPN":
            return None  # part of a longer name: "Congo River Alliance"
    return Span(doc, start, end, label=type_name, span_id=kb_id or 0), priority, head


def _no_name(words: Span, any_common: bool = False) -> bool:
    """Words before a kind noun that name nothing: a relational adjective ("Crimean"), or common
    English words only (any one, when `any_common`)."""
    common = [zipf_frequency(t.lower_, "en") >= _COMMON_WORD_ZIPF for t in words]
    return (any(t.pos_ == "ADJ" and t.lower_.endswith(_RELATIONAL_ADJECTIVE) for t in words)
            or (any(common) if any_common else all(common)))


def _without_announcing_words(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """ "ship Sergei Kotov" -> "Sergei Kotov", "the Russians" -> "Russians": a pattern's leading
    lower-case words and quotes, and its trailing quotes, are not part of the name."""
    while start < end and ((doc[start].is_alpha and doc[start].is_lower) or doc[start].is_quote):
        start += 1
    while end > start and doc[end - 1].is_quote:
        end -= 1
    return start, end


def _curated_says_otherwise(span: Span, priority: int, head: int, curated: dict) -> bool:
    """A pattern match whose name is a curated entry of another type ("vessel Ukraine"), or whose
    name before its kind word is a curated place ("Donbas region"), yields to that entry."""
    if priority != PRIORITY_PATTERN:
        return False
    same = curated.get((span.start, span.end))
    if same is not None and same.label_ != span.label_:
        return True
    named = curated.get((span.start, span.end - head)) if head else None
    return named is not None and named.label_ == EntityType.PLACE.value


class PlaceNameMatcher:
    """spaCy component after the NER: GeoNames town names it missed or mistyped become places.

    Runs after the NER so that a town name inside a longer name ("analyst Oleh Zhdanov") stays
    part of it; a name the NER took whole for a person, product or organisation ("Kherson") is
    relabelled, unless a role noun stands before it ("President Volodymyr").
    """

    def __init__(self, nlp: Language, gazetteer: Gazetteer):
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        names = [p.text for p in gazetteer.phrases if p.priority == PRIORITY_GEONAMES]
        names += [name.upper() for name in names if " " not in name]  # datelines: "AVDIIVKA, Ukraine"
        self.matcher.add("PLACE", phrase_hashes(nlp, tokenized(nlp, names)))
        self.person_roles = gazetteer.vocabulary.person_roles
        self.relabel = {"PERSON", "ORG", "PRODUCT", "NORP", "GPE", "LOC", "FAC", "WORK_OF_ART", "EVENT"}

    def __call__(self, doc: Doc) -> Doc:
        places = self.matcher(doc, as_spans=True)
        ents = _split_coordinated_places(list(doc.ents), {(p.start, p.end) for p in places}, self.relabel)
        for match in filter_spans(places):
            start, end = match.start, match.end
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


_COORDINATORS = {",", "and", "or", "-", "–", "—", "/", "&"}


def _split_coordinated_places(ents: list[Span], places: set[tuple[int, int]], relabel: set[str]) -> list[Span]:
    """ "Robotyne and Verbove", "Mala Tokmachka-Ocheretuvate": a name the NER made of capitalised
    parts joined by "and", commas or hyphens, one of them a known place and none a place of that
    whole name, is that list of places."""
    result = []
    for ent in ents:
        parts = _coordinated_parts(ent) if ent.label_ in relabel and (ent.start, ent.end) not in places else None
        if parts and any(part in places for part in parts):
            result += [Span(ent.doc, start, end, label=EntityType.PLACE.value) for start, end in parts]
        else:
            result.append(ent)
    return result


def _coordinated_parts(ent: Span) -> list[tuple[int, int]] | None:
    start = ent.start
    while start < ent.end and (ent.doc[start].is_lower or ent.doc[start].pos_ == "DET"):  # "the"
        start += 1
    parts = []
    for token in ent.doc[start:ent.end]:
        if token.lower_ in _COORDINATORS:
            if token.i == start:
                return None
            parts.append((start, token.i))
            start = token.i + 1
    parts.append((start, ent.end))
    if len(parts) < 2 or any(start == end for start, end in parts):
        return None
    return parts if all(t.is_title for start, end in parts for t in ent.doc[start:end]) else None


def tokenized(nlp: Language, texts: list[str]) -> list[tuple[str, ...]]:
    """Each text's tokens as `nlp`'s tokenizer cuts it, kept on disk (`extract.disk_memo`) for this
    tokenizer and this set of texts: tokenising (and making a spaCy lexeme of) every town name costs seconds."""
    distinct = sorted(set(texts))
    digest = hashlib.sha256("\0".join(distinct).encode()).hexdigest()[:16]
    name = f"tokens-{nlp.lang}-{nlp.meta.get('name')}-{nlp.meta.get('version')}-{digest}"
    tokens = memo_on_disk(name, lambda: {text: tuple(t.text for t in doc)
                                         for text, doc in zip(distinct, nlp.tokenizer.pipe(distinct))})
    return [tokens[text] for text in texts]


def phrase_hashes(nlp: Language, phrases: list[tuple[str, ...]], lower: bool = False) -> list[list[int]]:
    """`PhraseMatcher` patterns as the ORTH (or LOWER) hashes of their tokens: what the matcher reads
    from a pattern Doc, without making a Doc, nor a lexeme for each of its words."""
    strings = nlp.vocab.strings
    return [[strings.add(word.lower() if lower else word) for word in words] for words in phrases]


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A blank line ends a sentence: scraped captions and headlines carry no final full stop. A
    dateline ("KYIV (AP) —") is a sentence of its own, so the parse of the lead sentence after it
    does not take in the place where the story was filed; so is a sentence closed by a citation
    number ("advanced near Toretsk.[5] Footage shows ..."), which the parser would run on."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    for found in [*DATELINE.finditer(doc.text), *_CITED_SENTENCE_END.finditer(doc.text)]:
        after = doc.char_span(found.end(), len(doc.text), alignment_mode="expand")
        if after is not None and len(after):
            first = next((t for t in after if not t.is_space), None)
            if first is not None and first.i > 0:
                first.is_sent_start = True
    for token in doc[1:]:
        if _CITATION.fullmatch(token.text):
            token.is_sent_start = False
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
    # "positions.[4]" is a word, a full stop and a citation number, not the one token "positions.[4"
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(
        [*nlp.Defaults.suffixes, _CITATION.pattern, _MIXED_CASE_FULL_STOP.pattern]).search
    nlp.add_pipe("paragraph_sentences", before="parser")
    nlp.add_pipe("conflict_gazetteer", before="ner")
    nlp.add_pipe("conflict_places", after="ner")
    nlp.add_pipe("verbs_tagged_as_nouns", after="parser")
    nlp.add_pipe("past_forms_tagged_present", after="verbs_tagged_as_nouns")
    nlp.add_pipe("finite_verb_subjects", after="past_forms_tagged_present")
    nlp.add_pipe("verbs_taken_for_modifiers", after="finite_verb_subjects")
    nlp.add_pipe("subjects_taken_for_appositions", after="verbs_taken_for_modifiers")
    nlp.add_pipe("names_taken_for_adverbs", after="subjects_taken_for_appositions")
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
