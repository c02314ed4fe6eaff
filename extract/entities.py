"""Within one article, mentions grouped into entities: `group_mentions(mentions, text) -> tuple[Entity, ...]`.

Mentions join when they share a knowledge-base id; else when they name one GeoNames town under
any of its spellings ("Gostomel", "Hostomel": key `geonames:<id>`); else when their names match
(case and apostrophes aside, "Kharkiv city" with "Kharkiv"); a one-word person name joins the only
full name it ends (surname) or starts (first name) with; a numbered unit's short form ("the 24th
brigade") joins the one unit whose designation covers it (same number and noun, all of its words),
and a unit stated to belong to another ("1st company of the 3rd Assault Brigade") is a unit of that
parent only, named with it; an abbreviation in brackets right after a name
("Institute for the Study of War (ISW)") joins that name; "the ministry" joins the one ministry
named before it (the back-reference nouns are `organisation_back_references` in patterns.yaml);
short forms of names ("Kachin" for Kachin State, "the MoD" before "the Russian MoD", bare "Luhansk"
beside "Luhansk City") are resolved by `extract.short_names`.
An entity's type is its knowledge-base type, else the type most of its mentions got.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from conflict_kg.extract.gazetteer import Gazetteer, PatternVocabulary, derived_from_gazetteer, load_gazetteer
from conflict_kg.extract.model import Entity, EntityType, Mention
from conflict_kg.extract.names import name_key
from conflict_kg.extract.short_names import (cities_named_in_full, join_qualified_abbreviations,
                                             linked_short_names, ships_by_short_name)
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


@derived_from_gazetteer
def _curated_towns(gazetteer: Gazetteer) -> dict[str, str]:
    """GeoNames id -> id of the curated town (not a country or region) with that GeoNames entry."""
    return {e.geonames: e.id for e in gazetteer.entities.values()
            if e.geonames and e.type is EntityType.PLACE and e.kind not in ("country", "region")}


def _linked_to_curated_towns(mentions: tuple[Mention, ...], gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """A place mention under another GeoNames spelling of a curated town ("Artyomovsk") links to it."""
    curated = _curated_towns(gazetteer)
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
    mentions = _linked_to_curated_towns(linked_short_names(mentions, gazetteer), gazetteer)
    mentions = ships_by_short_name(cities_named_in_full(mentions, gazetteer), text, gazetteer)
    keys = {m: (m.kb_id or _town_key(m, gazetteer) or _plain_key(m, gazetteer)) for m in mentions}
    # the NER's "Sudzha" typed otherwise joins the town it also called a place
    town_keys = {_plain_key(m, gazetteer): keys[m] for m in mentions if keys[m].startswith(TOWN_KEY_PREFIX)}
    keys.update({m: town_keys[key] for m, key in keys.items() if key in town_keys})
    _join_partial_person_names(mentions, keys)
    unit_parents = _join_unit_short_forms(mentions, keys, text, gazetteer.vocabulary.unit_modifier_spellings)
    _join_bracketed_abbreviations(mentions, keys, text)
    join_qualified_abbreviations(mentions, keys)

    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        groups[keys[mention]].append(mention)
    entities = {key: _entity(key, group, gazetteer) for key, group in groups.items() if key not in unit_parents}
    # A unit of a stated parent is named with it: "1st company of the 3rd Separate Assault Brigade".
    for key in sorted((k for k in groups if k in unit_parents), key=lambda k: k.count(" of ")):
        parent = entities.get(unit_parents[key])
        own = _entity(key, groups[key], gazetteer)
        named_with_parent = parent is None or " of " in own.label.casefold()
        label = own.label if named_with_parent else f"{own.label} of the {parent.label}"
        entities[key] = replace(own, label=label, aliases=own.aliases | {own.label} - {label})
    return tuple(entities[key] for key in sorted(entities) if not _generic_unit(entities[key], gazetteer.vocabulary))


def _generic_unit(entity: Entity, vocabulary: PatternVocabulary) -> bool:
    """ "the Armed Forces", "Defense Forces", not joined to a named force or given an abbreviation
    ("Special Operations Forces (SOF)"): a description whose owner the name does not say."""
    if entity.type is not EntityType.MILITARY_UNIT or entity.kb_id:
        return False
    if any(m.text.isupper() and len(m.text) > 1 for m in entity.mentions):  # "(SOF)" as written
        return False
    generic = {w.lower() for phrase in (*vocabulary.unit_modifiers, *vocabulary.unit_nouns,
                                         *vocabulary.named_unit_nouns, *vocabulary.service_names,
                                         *vocabulary.force_modifiers, "defence", "defense") for w in phrase.split()}
    return all(word.lower() in generic for m in entity.mentions for word in m.name.split())


def _town_key(mention: Mention, gazetteer: Gazetteer) -> str | None:
    town = town_named(_place_name(mention, gazetteer)) if mention.type is EntityType.PLACE else None
    return f"{TOWN_KEY_PREFIX}{town.geonameid}" if town is not None else None


def _join_partial_person_names(mentions: tuple[Mention, ...], keys: dict[Mention, str]) -> None:
    """By the words of the full names as written, not their keys (a knowledge-base key is an id)."""
    people = [m for m in mentions if m.type is EntityType.PERSON]
    full = [(name_key(m.name).split(), keys[m]) for m in people if len(m.name.split()) > 1]
    for mention in people:
        words = mention.name.split()
        if len(words) != 1:
            continue
        word = name_key(words[0])
        owners = {k for w, k in full if w[-1] == word} or {k for w, k in full if w[0] == word}
        if len(owners) == 1:
            keys[mention] = owners.pop()


@dataclass(frozen=True)
class UnitDesignation:
    """A numbered unit's designation: "24th Separate Mechanized Brigade" is ("24", "brigade", {separate, mechanized})."""

    number: str
    noun: str
    modifiers: frozenset[str]

    def covers(self, other: UnitDesignation) -> bool:
        """This designation names `other` in full or more fully: same number and noun, and every word of it."""
        return self.number == other.number and self.noun == other.noun and other.modifiers <= self.modifiers


_NUMBERED_UNIT = re.compile(r"(\d+)(?:st|nd|rd|th)\s+(.+)", re.IGNORECASE)
_OF_PARENT = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)


def unit_designation(name: str, spellings: dict[str, str] | None = None) -> UnitDesignation | None:
    """The designation of "24th Separate Mechanized Brigade", "the 24th brigade" or "1st company of ...";
    None for a name without an ordinal. `spellings` gives one word for another ("mechanised":
    "mechanized", "vdv": "airborne")."""
    match = _NUMBERED_UNIT.fullmatch(name_key(name))
    if not match:
        return None
    words = [(spellings or {}).get(w, w) for w in _OF_PARENT.split(match.group(2), maxsplit=1)[0].split()]
    return UnitDesignation(match.group(1), words[-1], frozenset(words[:-1])) if words else None


def _stated_parents(units: dict[Mention, UnitDesignation], text: str) -> dict[Mention, Mention]:
    """ "1st company of the 3rd Assault Brigade": the company belongs to the brigade named right after it.
    Only a numbered parent counts: numbered units are numbered within a numbered formation."""
    by_start = {m.start: m for m in units if m.origin != "metadata"}
    parents = {}
    for mention in units:
        link = _OF_PARENT.match(text, mention.end)
        parent = by_start.get(link.end()) if link and mention.origin != "metadata" else None
        if parent is not None:
            parents[mention] = parent
    return parents


def _join_unit_short_forms(mentions: tuple[Mention, ...], keys: dict[Mention, str], text: str,
                           spellings: dict[str, str]) -> dict[str, str]:
    """ "the 24th brigade" joins the one unit of the article whose designation covers it ("24th Separate
    Mechanized Brigade"): same number, same noun, all of its words. A unit stated to belong to another
    ("1st company of the 3rd Assault Brigade") is keyed with its parent, and joins only units of that
    same parent. Gives the parent key of each such unit's key."""
    units = {m: d for m in mentions if m.type is EntityType.MILITARY_UNIT and (d := unit_designation(m.name, spellings))}
    parents = _stated_parents(units, text)
    of_parent = [m for m in units if m in parents]
    loose = [m for m in units if m not in parents]
    # A loose short form that a unit of some parent also covers ("1st company" beside "1st company of
    # the 3rd brigade") waits until those are keyed, then joins only if one unit in all covers it.
    waiting = {m for m in loose if any(units[c].covers(units[m]) for c in of_parent)}
    _join_covered([m for m in loose if m not in waiting], loose, units, keys)
    parent_keys = {}
    for mention in sorted(of_parent, key=lambda m: _depth(m, parents)):
        parent_key = keys[parents[mention]]
        keys[mention] = f"{keys[mention]} of {parent_key}"
        parent_keys[keys[mention]] = parent_key
    for parent_key in set(parent_keys.values()):
        siblings = [m for m in of_parent if keys[parents[m]] == parent_key]
        _join_covered(siblings, siblings, units, keys)
        parent_keys.update({keys[m]: parent_key for m in siblings})
    _join_covered(sorted(waiting, key=lambda m: m.start), list(units), units, keys)
    in_use = set(keys.values())
    return {key: parent for key, parent in parent_keys.items() if key in in_use}


def _join_covered(shorts: list[Mention], candidates: list[Mention], units: dict[Mention, UnitDesignation],
                  keys: dict[Mention, str]) -> None:
    # The fullest names first, so "24th Mechanized Brigade" has joined "24th Separate Mechanized
    # Brigade" before "24th brigade" counts the units that cover it.
    for short in sorted(shorts, key=lambda m: (-len(units[m].modifiers), m.start)):
        if short.kb_id:  # the knowledge base already says which unit it is
            continue
        owners = {keys[c] for c in candidates if units[c].covers(units[short])} - {keys[short]}
        if len(owners) == 1:
            owner, old = owners.pop(), keys[short]
            for mention, key in list(keys.items()):
                if key == old:
                    keys[mention] = owner


def _depth(mention: Mention, parents: dict[Mention, Mention]) -> int:
    depth = 0
    while mention in parents and depth < len(parents):
        mention, depth = parents[mention], depth + 1
    return depth


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
        if inner.kb_id and mention.kb_id and inner.kb_id != mention.kb_id:
            continue  # a dateline's "Sudan (AFP)": two known things side by side
        abbreviation_key = keys[inner]  # read once: the loop re-keys `inner` itself
        for other, key in list(keys.items()):
            if key == abbreviation_key:
                keys[other] = keys[mention]


def _organisation_back_references(mentions: tuple[Mention, ...], text: str,
                                  gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """ "the ministry" as a mention of the one ministry named before it, "the Air Force" of the one
    air force, when exactly one was (the nouns that refer back so are `organisation_back_references`
    in patterns.yaml)."""
    nouns = gazetteer.vocabulary.organisation_back_references
    if not nouns:
        return ()
    found = []
    pattern = re.compile(r"\b[Tt]he (" + "|".join(re.escape(n) for n in sorted(nouns)) + r")\b")
    for match in pattern.finditer(text):
        words = set(match.group(1).casefold().split())
        before = {m.kb_id or name_key(m.name): m for m in mentions
                  if m.end <= match.start() and m.type in (EntityType.ORGANISATION, EntityType.MILITARY_UNIT)
                  and words <= _name_words(m, gazetteer)}
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
