"""Within one article, mentions grouped into entities: `group_mentions(mentions, text) -> tuple[Entity, ...]`.

Mentions join when they share a knowledge-base id; else when they name one GeoNames town under
any of its spellings ("Gostomel", "Hostomel": key `geonames:<id>`); else when their names match
(case and apostrophes aside, "Kharkiv city" with "Kharkiv"); a one-word person name joins the only full name
it ends (surname) or starts (first name) with; an abbreviation in brackets right after a name
("Institute for the Study of War (ISW)") joins that name; "the ministry" joins the one ministry
named before it (the back-reference nouns are `organisation_back_references` in patterns.yaml).
An entity's type is its knowledge-base type, else the type most of its mentions got.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from conflict_kg.extract.gazetteer import Gazetteer, PatternVocabulary, load_gazetteer
from conflict_kg.extract.model import Entity, EntityType, Mention
from conflict_kg.extract.names import name_key
from conflict_kg.extract.town_names import TOWN_KEY_PREFIX, town_named

_TYPE_PREFERENCE = [EntityType.PLACE, EntityType.PERSON, EntityType.MILITARY_UNIT,
                    EntityType.WEAPON_SYSTEM, EntityType.ORGANISATION]


def _plain_key(mention: Mention, gazetteer: Gazetteer) -> str:
    return name_key(_place_name(mention, gazetteer)) if mention.type is EntityType.PLACE else name_key(mention.name)


def _place_name(mention: Mention, gazetteer: Gazetteer) -> str:
    """ "Kharkiv" for "Kharkiv city"."""
    for marker in gazetteer.vocabulary.city_markers_after:
        if mention.name.casefold().endswith(f" {marker.casefold()}"):
            return mention.name[: -len(marker) - 1]
    return mention.name


def _linked_to_curated_towns(mentions: tuple[Mention, ...], gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """A place mention under another GeoNames spelling of a curated town ("Artyomovsk") links to it."""
    curated = {e.geonames: e.id for e in gazetteer.entities.values()
               if e.geonames and e.type is EntityType.PLACE and e.kind not in ("country", "region")}
    result = []
    for mention in mentions:
        town = (town_named(_place_name(mention, gazetteer))
                if mention.type is EntityType.PLACE and not mention.kb_id else None)
        result.append(replace(mention, kb_id=curated[town.geonameid])
                      if town is not None and town.geonameid in curated else mention)
    return tuple(result)


def group_mentions(mentions: tuple[Mention, ...], text: str, gazetteer: Gazetteer | None = None) -> tuple[Entity, ...]:
    gazetteer = gazetteer or load_gazetteer()
    mentions = tuple(mentions) + _organisation_back_references(mentions, text, gazetteer)
    mentions = _linked_to_curated_towns(mentions, gazetteer)
    keys = {m: (m.kb_id or _town_key(m, gazetteer) or _plain_key(m, gazetteer)) for m in mentions}
    # the NER's "Sudzha" typed otherwise joins the town it also called a place
    town_keys = {_plain_key(m, gazetteer): keys[m] for m in mentions if keys[m].startswith(TOWN_KEY_PREFIX)}
    keys.update({m: town_keys[key] for m, key in keys.items() if key in town_keys})
    _join_partial_person_names(mentions, keys)
    _join_unit_short_forms(mentions, keys)
    _join_bracketed_abbreviations(mentions, keys, text)

    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[keys[mention]].append(mention)
    entities = (_entity(key, group, gazetteer) for key, group in sorted(groups.items()))
    return tuple(e for e in entities if not _generic_unit(e, gazetteer.vocabulary))


def _generic_unit(entity: Entity, vocabulary: PatternVocabulary) -> bool:
    """ "the Armed Forces", "Defense Forces", not joined to a named force or given an abbreviation
    ("Special Operations Forces (SOF)"): a description whose owner the name does not say."""
    if entity.type is not EntityType.MILITARY_UNIT or entity.kb_id:
        return False
    if any(m.name.isupper() and len(m.name) > 1 for m in entity.mentions):
        return False
    generic = {w.lower() for phrase in (*vocabulary.unit_modifiers, *vocabulary.unit_nouns,
                                         *vocabulary.named_unit_nouns, *vocabulary.service_names,
                                         *vocabulary.force_modifiers, "defence", "defense") for w in phrase.split()}
    return all(word.lower() in generic for m in entity.mentions for word in m.name.split())


def _town_key(mention: Mention, gazetteer: Gazetteer) -> str | None:
    town = town_named(_place_name(mention, gazetteer)) if mention.type is EntityType.PLACE else None
    return f"{TOWN_KEY_PREFIX}{town.geonameid}" if town is not None else None


def _join_partial_person_names(mentions: tuple[Mention, ...], keys: dict[Mention, str]) -> None:
    people = [m for m in mentions if m.type is EntityType.PERSON]
    full = {keys[m] for m in people if len(m.name.split()) > 1}
    for mention in people:
        words = mention.name.split()
        if len(words) != 1:
            continue
        word = words[0].casefold()
        owners = {k for k in full if k.split()[-1] == word} or {k for k in full if k.split()[0] == word}
        if len(owners) == 1:
            keys[mention] = owners.pop()


_NUMBERED_UNIT = re.compile(r"^(\d+)(?:st|nd|rd|th)\b.*?(\w+)$")


def numbered_unit_signature(name: str) -> tuple[str, str] | None:
    """("24", "brigade") for "24th Separate Mechanized Brigade" and for "24th brigade"."""
    match = _NUMBERED_UNIT.match(name)
    return (match.group(1), match.group(2).casefold()) if match else None


def _join_unit_short_forms(mentions: tuple[Mention, ...], keys: dict[Mention, str]) -> None:
    """ "the 24th brigade" joins the "24th Separate Mechanized Brigade" named in the same article."""
    units = [m for m in mentions if m.type is EntityType.MILITARY_UNIT and numbered_unit_signature(m.name)]
    full: dict[tuple[str, str], set[str]] = defaultdict(set)
    for mention in units:
        if len(mention.name.split()) > 2 or mention.kb_id:
            full[numbered_unit_signature(mention.name)].add(keys[mention])
    for mention in units:
        owners = full.get(numbered_unit_signature(mention.name), set())
        if len(owners) == 1:
            keys[mention] = next(iter(owners))


def _join_bracketed_abbreviations(mentions: tuple[Mention, ...], keys: dict[Mention, str], text: str) -> None:
    by_start = {m.start: m for m in mentions if m.origin != "metadata"}
    for mention in mentions:
        if mention.origin == "metadata":
            continue
        match = re.match(r"\s*\(\s*", text[mention.end:mention.end + 4])
        if not match:
            continue
        inner = by_start.get(mention.end + match.end())
        if (inner is None or " " in inner.name or text[inner.end:inner.end + 1] != ")"
                or sum(c.isupper() for c in inner.name) < 2):  # "Feodosia (Crimea)" is no abbreviation
            continue
        for other, key in list(keys.items()):
            if key == keys[inner]:
                keys[other] = keys[mention]


def _organisation_back_references(mentions: tuple[Mention, ...], text: str,
                                  gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """ "the ministry" as a mention of the one ministry named before it, when exactly one was
    (the nouns that refer back so are `organisation_back_references` in patterns.yaml)."""
    nouns = gazetteer.vocabulary.organisation_back_references
    if not nouns:
        return ()
    found = []
    pattern = re.compile(r"\b[Tt]he (" + "|".join(re.escape(n) for n in sorted(nouns)) + r")\b")
    for match in pattern.finditer(text):
        noun = match.group(1).casefold()
        before = {m.kb_id or name_key(m.name): m for m in mentions
                  if m.end <= match.start() and m.type is EntityType.ORGANISATION
                  and noun in _name_words(m, gazetteer)}
        if len(before) == 1:
            antecedent = next(iter(before.values()))
            start = match.start() + len("the ")
            found.append(Mention(text=text[start:match.end()], name=antecedent.name,
                                 type=antecedent.type, start=start, end=match.end(),
                                 kb_id=antecedent.kb_id, origin="coreference"))
    return tuple(found)


def _name_words(mention: Mention, gazetteer: Gazetteer) -> set[str]:
    """The words of a mention's name and of its curated entry's label ("MoD" -> "Ministry of Defence")."""
    names = [mention.name]
    if mention.kb_id in gazetteer.entities:
        names.append(gazetteer.entities[mention.kb_id].label)
    return {w.casefold() for name in names for w in re.findall(r"\w+", name)}


def _entity(key: str, group: list[Mention], gazetteer: Gazetteer) -> Entity:
    group = sorted(group, key=lambda m: (m.start, m.end))
    known = next((gazetteer.entities[m.kb_id] for m in group if m.kb_id in gazetteer.entities), None)
    if known is not None:
        type_, label = known.type, known.label
    else:
        votes = Counter(m.type for m in group)
        type_ = max(votes, key=lambda t: (votes[t], -_TYPE_PREFERENCE.index(t)))
        named = [m.name for m in group if m.type is type_]
        if type_ is EntityType.PLACE:  # "Kharkiv", not "Kharkiv city"
            named = [n for n in named if n == _place_name(replace(group[0], name=n), gazetteer)] or named
        label = max(named, key=lambda n: (len(n.split()), -named.index(n)))
    surface = {m.name for m in group if m.origin != "coreference"}
    surface |= {m.text for m in group if m.origin != "coreference" and m.text != m.name}
    aliases = frozenset(s for s in surface if s and s != label)
    return Entity(key=key, type=type_, label=label, aliases=aliases, mentions=tuple(group),
                  kb_id=known.id if known else None)
