"""Entity mentions in a parsed article: `find_mentions(doc) -> tuple[Mention, ...]`.

Takes the entities the pipeline of `extract.nlp` put on a `Doc` (gazetteer matches labelled with
our five types, the rest labelled by spaCy's NER) and gives mentions of the five types, with
spaCy's frequent mistakes corrected from the gazetteer and the context: a known name takes its
known type; a town tagged as a person, a name after "village of" or listed with places is a place;
a name after a role noun ("analyst Denys Popovych") or titles is a person; a name in apposition to
"ship" or "operator" is a ship or an organisation, wherever else the article uses it; titles are
stripped from person names; adjectives, generic terms, offices ("Minister of ...") and lone
one-word "persons" never introduced by full name or title are dropped; unit lists sharing one
noun ("the 5th and 110th Brigades") give one unit each (`extract.unit_lists`); a name the NER tagged
once is a mention wherever else the article writes it (`extract.repeated_names`); a bare "the army"
names the forces of the one country the article is about (`extract.home_forces`).
`metadata_mentions(article)` adds the byline's author and the publisher (an outlet's "Staff" byline
is the outlet).
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span
from wordfreq import zipf_frequency

from conflict_kg.extract.gazetteer import Gazetteer, PatternVocabulary, load_gazetteer
from conflict_kg.extract.model import Article, EntityType, Mention
from conflict_kg.extract.home_forces import home_forces_mentions
from conflict_kg.extract.names import COMMON_WORD_ZIPF, display_name
from conflict_kg.extract.repeated_names import apposed_places, coordinated_places, repeated_mentions
from conflict_kg.extract.unit_lists import split_unit_lists

_NER_TYPES = {
    "PERSON": EntityType.PERSON,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "ORG": EntityType.ORGANISATION,
}
_OUR_TYPES = {t.value: t for t in EntityType}
_BY_CONTEXT = "ner-context"  # an NER name typed by the words around it
_FUNCTION_WORDS = {"ADP", "CCONJ", "DET", "PART", "PRON", "SCONJ"}
_PLURAL_DESIGNATION = re.compile(r"(?<=[0-9A-Z])s$")


def find_mentions(doc: Doc, gazetteer: Gazetteer | None = None) -> tuple[Mention, ...]:
    gazetteer = gazetteer or load_gazetteer()
    mentions = []
    for ent in doc.ents:
        if ent.label_ in _OUR_TYPES:
            mention = _known_mention(ent, gazetteer)
        elif ent.label_ in _NER_TYPES:
            mention = _ner_mention(ent, gazetteer)
        elif ent.label_ == "NORP" and ent.text not in gazetteer.vocabulary.not_entities \
                and _looks_like_a_place(ent, ent.text, gazetteer.vocabulary):
            mention = _mention(ent, display_name(ent.text), EntityType.PLACE, None, "ner")
        elif _named_with_a_role(ent, gazetteer.vocabulary):  # "X, chief spokesman for ...", whatever the NER took X for
            mention = _ner_mention(ent, gazetteer)
        elif (body := _named_body(ent, gazetteer.vocabulary.organisation_nouns)) is not None:  # "the X think tank"
            mention = _mention(body, display_name(body.text), EntityType.ORGANISATION, None, _BY_CONTEXT)
        else:
            mention = None
        if mention is not None:
            mentions.append(mention)
    mentions = _surnames_are_people(_one_type_per_name(split_unit_lists(mentions, doc, gazetteer.vocabulary)))
    mentions = repeated_mentions(_without_lone_single_names(mentions, doc, gazetteer.vocabulary), doc,
                                 gazetteer.vocabulary.surname_ending_spellings)
    mentions = apposed_places(coordinated_places(mentions, doc), doc, gazetteer.vocabulary.place_nouns)
    return home_forces_mentions(mentions, doc, gazetteer)


def _one_type_per_name(mentions: list[Mention]) -> list[Mention]:
    """A name the article itself types ("Ukrenergo, the grid operator") has that type wherever the
    NER guessed otherwise ("head of Ukrenergo")."""
    typed = {m.name: m.type for m in mentions if m.origin == _BY_CONTEXT}
    return [replace(m, type=typed[m.name], origin=_BY_CONTEXT) if m.origin == "ner" and m.name in typed else m
            for m in mentions]


def _surnames_are_people(mentions: list[Mention]) -> list[Mention]:
    """ "According to Shapps" after "Grant Shapps": a lone word the NER took for a body or a place,
    and that is the surname of a person the article names in full, is that person."""
    surnames = {m.name.split()[-1] for m in mentions if m.type is EntityType.PERSON and len(m.name.split()) > 1}
    return [replace(m, type=EntityType.PERSON) if m.origin in ("ner", _BY_CONTEXT) and m.type is not EntityType.PERSON
            and " " not in m.name and m.name in surnames else m for m in mentions]


def _without_lone_single_names(mentions: list[Mention], doc: Doc, vocabulary: PatternVocabulary) -> tuple[Mention, ...]:
    """Reporting introduces a person by full name or with a title. A one-word name the NER took for
    a person, neither known, nor part of a full name in the article, nor after a title or role
    ("Colonel Zakharov"), is more likely a ship's, a company's or a channel's name: dropped."""
    full_names = [m.name.split() for m in mentions if m.type is EntityType.PERSON and len(m.name.split()) > 1]
    name_words = {words[0] for words in full_names} | {words[-1] for words in full_names}

    def lone(mention: Mention) -> bool:
        if mention.type is not EntityType.PERSON or mention.origin != "ner" or mention.kb_id:
            return False
        if len(mention.name.split()) != 1 or mention.name in name_words or len(mention.text.split()) > 1:
            return False
        before = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        previous = doc[before.start - 1] if before is not None and before.start > 0 else None
        return previous is None or (previous.text not in vocabulary.person_titles
                                    and previous.lower_ not in vocabulary.person_roles)

    return tuple(m for m in mentions if not lone(m))


def _mention(span: Span, name: str, type_: EntityType, kb_id: str | None, origin: str) -> Mention:
    return Mention(text=span.text, name=name, type=type_, start=span.start_char, end=span.end_char,
                   kb_id=kb_id or None, origin=origin)


def _known_mention(ent: Span, gazetteer: Gazetteer) -> Mention | None:
    type_, kb_id = _OUR_TYPES[ent.label_], ent.ent_id_ or None
    known = gazetteer.entities.get(kb_id) if kb_id else None
    if known is not None and known.kind == "region" and _after_city_marker(ent, gazetteer.vocabulary):
        # "the city of Donetsk": the city, though the bare name alone is taken for the region
        kb_id = None
    origin = "gazetteer" if known is not None or type_ is EntityType.PLACE else "pattern"
    if known is None and type_ is EntityType.PLACE and _follows_person_role(ent, gazetteer.vocabulary.person_roles):
        type_ = EntityType.PERSON
    name = display_name(ent.text)
    if known is None and type_ is EntityType.WEAPON_SYSTEM:
        name = _PLURAL_DESIGNATION.sub("", name)  # "Su-25s" -> "Su-25"
    return _mention(ent, name, type_, kb_id, origin)


def _after_city_marker(ent: Span, vocabulary: PatternVocabulary) -> bool:
    return any(ent.start >= len(marker)
               and tuple(t.lower_ for t in ent.doc[ent.start - len(marker):ent.start]) == marker
               for marker in vocabulary.city_markers_before)


def _ner_mention(ent: Span, gazetteer: Gazetteer) -> Mention | None:
    vocabulary = gazetteer.vocabulary
    span = _trim(ent)
    if span is None or span.root.pos_ == "ADJ" or span.root.tag_ == "JJ" or "\n" in span.text:
        return None
    name = display_name(span.text)
    if not _looks_like_a_name(name) or name in vocabulary.not_entities:
        return None
    known = gazetteer.lookup(name)
    if known is not None:
        return _mention(span, name, known.type, known.id, "gazetteer")
    type_ = _NER_TYPES.get(ent.label_)  # None for a label such as WORK_OF_ART: a person's name only with a role
    # "Shtupun, spokesman for the Tavria group": a role in apposition makes a person, whatever else is
    role_named = _follows_person_role(span, vocabulary.person_roles) or _named_with_a_role(span, vocabulary)
    if role_named or _titled_person_name(name, vocabulary):
        type_ = EntityType.PERSON
    if type_ is None:
        return None
    if type_ is EntityType.PERSON and (named := _with_first_names(span, vocabulary)) is not span:
        span, name = named, display_name(named.text)  # "[Oleksandr] Shtupun": the NER left out a given name
    if _looks_like_a_place(span, name, vocabulary):
        type_ = EntityType.PLACE
    elif not role_named and _in_apposition_with(span, vocabulary.vessel_nouns):  # "the Sergei Kotov, a patrol ship"
        return _mention(span, name, EntityType.WEAPON_SYSTEM, None, _BY_CONTEXT)
    elif not role_named and _in_apposition_with(span, vocabulary.organisation_nouns):  # "Grey Zone, a Telegram channel"
        return _mention(span, name, EntityType.ORGANISATION, None, _BY_CONTEXT)
    if type_ is EntityType.ORGANISATION and _is_a_role(span, vocabulary.person_titles):
        return None  # "Minister of Foreign Affairs of Turkey": an office held by a person, not a body
    if type_ is EntityType.ORGANISATION:
        head = _head_word(span)  # "Defence Forces" of "Defence Forces of Ukraine"
        span = _with_named_complement(span, vocabulary.named_complement_links)
        name = display_name(span.text)
        if head.text in vocabulary.military_unit_heads:
            type_ = EntityType.MILITARY_UNIT
    if (type_ is not EntityType.PERSON or len(name.split()) == 1) and _only_common_words(name) and not (
            type_ is EntityType.ORGANISATION and _has_organisation_head(name, vocabulary)):
        return None
    if type_ is EntityType.PERSON:
        if len(span) == 1 and span.root.tag_ not in ("NNP", "NNPS"):
            return None
        name = _strip_titles(name, vocabulary.person_titles)
        if not name or not _is_person_name(name, vocabulary.name_particles):
            return None
    return _mention(span, name, type_, None, "ner")


def _is_a_role(span: Span, titles: frozenset[str]) -> bool:
    return len(span) > 2 and span[0].text in titles and span[1].lower_ == "of"


def _head_word(span: Span):
    """The last word of a name before its "of" complement ("Forces" in "Defence Forces of Ukraine")."""
    for token in span:
        if token.lower_ == "of" and token.i > span.start:
            return span.doc[token.i - 1]
    return span[-1]


def _trim(ent: Span) -> Span | None:
    """Drops leading determiners and lowercase modifiers ("southern Ukraine") and trailing 's."""
    start, end = ent.start, ent.end
    while start < end and (ent.doc[start].pos_ == "DET" or ent.doc[start].is_lower
                           or ent.doc[start].is_punct):
        start += 1
    while end > start and (ent.doc[end - 1].tag_ == "POS" or ent.doc[end - 1].is_punct
                           or ent.doc[end - 1].is_space
                           or (ent.doc[end - 1].is_lower and ent.doc[end - 1].pos_ in _FUNCTION_WORDS)):
        end -= 1  # "Defence Forces of" (the NER stopped before "Ukraine")
    return ent.doc[start:end] if end > start else None


def _with_named_complement(span: Span, links: frozenset[str]) -> Span:
    """ "International Centre for ... Aggression" + "against Ukraine": long institutional names
    the NER cut before a closing place name."""
    doc, end = span.doc, span.end
    if len(span) >= 2 and end + 1 < len(doc) and doc[end].lower_ in links:
        following = doc[end + 1]
        if following.ent_type_ in {"GPE", "Place"} and following.ent_iob_ == "B":
            entity = next(e for e in doc.ents if e.start == following.i)
            return doc[span.start:entity.end]
    return span


def _only_common_words(name: str) -> bool:
    """ "Breaking News", "State": capitalised ordinary words. Institutional names built with a
    function word ("Centre for Defence Strategies") or holding an acronym ("ABC News") are kept
    even when every word is common."""
    written = name.split()
    if any(w.islower() for w in written[1:]):
        return False
    if len(written) > 1 and not name.isupper() and any(w.isupper() and len(w) > 1 for w in written):
        return False  # an acronym anywhere, in a name not written all in capitals ("BREAKING NEWS")
    words = [w for w in name.replace("-", " ").split() if w.isalpha()]
    return bool(words) and all(zipf_frequency(w.lower(), "en") >= COMMON_WORD_ZIPF for w in words)


def _has_organisation_head(name: str, vocabulary: PatternVocabulary) -> bool:
    """ "Black Bird Group", "Public Chamber": several words ending in a noun that names a body."""
    words = name.split()
    return len(words) > 1 and words[-1].lower() in vocabulary.organisation_nouns


def _looks_like_a_name(name: str) -> bool:
    """Not a photo credit ("Sputnik / Jane Doe"), a number or a paragraph."""
    return (any(c.isupper() for c in name) and not name.replace(" ", "").isdigit() and "/" not in name
            and "\n" not in name and len(name) <= 120 and len(name.split()) <= 12)


def _follows_person_role(span: Span, roles: frozenset[str]) -> bool:
    if span.start > 0 and span.doc[span.start - 1].lower_ in roles:
        return True
    return any(child.dep_ == "appos" and child.lemma_.lower() in roles for child in span.root.children)


def _looks_like_a_place(span: Span, name: str, vocabulary: PatternVocabulary) -> bool:
    in_apposition = any(child.dep_ == "appos" and child.lemma_.lower() in vocabulary.place_nouns
                        for child in span.root.children)
    one_word_toponym = " " not in name and name.lower().endswith(vocabulary.place_name_endings)
    return (in_apposition or one_word_toponym or _named_as_a_place(span, vocabulary)
            or (span.root.ent_type_ == "PERSON" and _listed_with_places(span)))


def _named_with_a_role(span: Span, vocabulary: PatternVocabulary) -> bool:
    """A short proper name in apposition to a person's role ("X, spokesman for ..."); not "a member
    of", which bodies are too."""
    roles = vocabulary.person_roles - {"member", "members"}
    return len(span) <= 3 and all(t.pos_ == "PROPN" and t.is_title for t in span) and _in_apposition_with(span, roles)


def _with_first_names(span: Span, vocabulary: PatternVocabulary) -> Span:
    """The name with the one untagged given name the NER left before it ("Oleksandr" of "Oleksandr
    Shtupun"); never a title or a role ("Defence Minister X")."""
    if span.start == 0 or len(span) != 1:
        return span
    before = span.doc[span.start - 1]
    name_like = before.pos_ == "PROPN" and before.is_title and before.is_alpha and not before.ent_type_
    if name_like and before.dep_ == "compound" and before.head.i == span.root.i \
            and before.text not in vocabulary.person_titles and before.lower_ not in vocabulary.person_roles \
            and zipf_frequency(before.lower_, "en") < COMMON_WORD_ZIPF:
        return span.doc[span.start - 1:span.end]
    return span


def _named_body(ent: Span, nouns: frozenset[str]) -> Span | None:
    """ "the Stimson Centre think tank", "the Rybar channel": a name (of a label the NER gives
    facilities and works) modifying a noun for a body is that body's name; the name, trimmed."""
    span = _trim(ent) if ent.label_ in ("FAC", "PRODUCT", "WORK_OF_ART", "EVENT") else None
    if span is None or span.root.dep_ not in ("compound", "nmod", "amod") or span.root.head.i < span.end:
        return None
    noun, lemma = span.root.head, span.root.head.lemma_.lower()
    named = lemma in nouns or any(f"{c.lower_} {lemma}" in nouns for c in noun.children if c.dep_ == "compound")
    return span if named else None


def _in_apposition_with(span: Span, nouns: frozenset[str]) -> bool:
    """ "X, a patrol ship" or "a patrol ship, X": the name and a noun of `nouns` in apposition."""
    root = span.root
    if any(child.dep_ == "appos" and child.lemma_.lower() in nouns for child in root.children):
        return True
    return root.dep_ == "appos" and root.head.lemma_.lower() in nouns


def _named_as_a_place(span: Span, vocabulary: PatternVocabulary) -> bool:
    """ "the village of Kamiana Yaruha", "the settlement Zhovten"."""
    doc, start = span.doc, span.start
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.lower_ == "of" and start > 1:
        before = doc[start - 2]
    return before is not None and before.lower_ in vocabulary.place_nouns and before.tag_ == "NN"


def _listed_with_places(span: Span) -> bool:
    """ "Avdiivka, Keramik, Tonenke and Pervomaiske": a name the NER took for a person, coordinated
    with places and with no more people than places, is a place too."""
    first = span.root
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    group, todo = [], [first]
    while todo:
        token = todo.pop()
        group.append(token)
        todo += [child for child in token.children if child.dep_ == "conj"]
    others = [t for t in group if not (span.start <= t.i < span.end)]
    places = sum(t.ent_type_ in (EntityType.PLACE.value, "GPE", "LOC") for t in others)
    people = sum(t.ent_type_ in (EntityType.PERSON.value, "PERSON") for t in others)
    return places > 0 and places >= people


def _titled_person_name(name: str, vocabulary: PatternVocabulary) -> bool:
    """ "Spokesman Oleksandr Shtupun", "Lt Col Ihor Polishchuk": titles, then a name of two or more
    capitalised words that are not all ordinary English ones (not "Foreign Affairs Committee")."""
    rest = _strip_titles(name, vocabulary.person_titles)
    return (rest != name and len(rest.split()) >= 2 and "'" not in rest and "’" not in rest
            and _is_person_name(rest, vocabulary.name_particles) and not _only_common_words(rest))


def _strip_titles(name: str, titles: frozenset[str]) -> str:
    words = name.split()
    while len(words) > 1 and words[0] in titles:
        words.pop(0)
    return " ".join(words)


def _is_person_name(name: str, particles: frozenset[str]) -> bool:
    words = name.replace("-", " ").split()
    return all(w[:1].isupper() or w in particles for w in words)


def metadata_mentions(article: Article, gazetteer: Gazetteer | None = None) -> tuple[Mention, ...]:
    """The publisher (Organisation) and author (Person) from the article's metadata, at offset 0."""
    gazetteer = gazetteer or load_gazetteer()
    found = []
    for value, default_type in ((article.metadata.publisher, EntityType.ORGANISATION),
                                (article.metadata.author, EntityType.PERSON)):
        for name in _split_names(value):
            outlet = _outlet_of_staff(name, gazetteer.vocabulary) if default_type is EntityType.PERSON else None
            name, default_type = (outlet, EntityType.ORGANISATION) if outlet else (name, default_type)
            known = gazetteer.lookup(name)
            type_ = known.type if known else default_type
            found.append(Mention(text=name, name=display_name(name), type=type_, start=0, end=0,
                                 kb_id=known.id if known else None, origin="metadata"))
    return tuple(found)


def _outlet_of_staff(author: str, vocabulary: PatternVocabulary) -> str | None:
    """ "World Israel News" for the byline "World Israel News Staff": an outlet's staff write as the outlet."""
    for words in sorted(vocabulary.staff_byline_words, key=len, reverse=True):
        if author.casefold().endswith(f" {words.casefold()}") and len(author) > len(words) + 1:
            return author[: -len(words) - 1].strip()
    return None


def _split_names(value: str | None) -> list[str]:
    if not value:
        return []
    parts = [p.strip() for p in value.replace(" and ", ",").replace(";", ",").split(",")]
    return [p for p in parts if p and _looks_like_a_name(p)]
