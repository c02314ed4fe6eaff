"""Short forms of names that stand for a fuller name, within one article; used by `extract.entities`.

- `linked_short_names(mentions, gazetteer) -> mentions`: a mention under a short form of a
  curated entry's name links to that entry:
  - a place name alone that ends a curated place's name short of an area word (`area_heads` of
    patterns.yaml): "Kachin" is Kachin State, "the Golan" the Golan Heights, "Karenni" the state
    also called Karenni State, "Zmiinyi" Zmiinyi Island; never when the name is a sizeable town's ("Khartoum" beside
    "Khartoum State"), and when it is a village's only in an article that names the place in full;
  - an organisation or force named by the singular of a curated group's plural name: "Houthi
    militants" and "a Houthi drone" name the Houthis.
- `cities_named_in_full(mentions, gazetteer) -> mentions`: a bare name that alone means a region
  ("Luhansk") is the city in an article that names the city "Luhansk City" and never names the
  region in full ("Luhansk Oblast", "Luhansk region").
- `join_qualified_abbreviations(mentions, keys)`: an abbreviation alone ("the MoD") joins the one
  entity of the article written with it as its last word ("the Russian MoD").
- `ships_by_short_name(mentions, text, gazetteer) -> mentions`: "the Truman" joins the one warship of
  the article named with a ship prefix and that last word ("USS Harry S. Truman"); a place name
  ("Gettysburg") joins only after "the", as ships are named and towns are not.
"""
from __future__ import annotations

import functools
from dataclasses import replace

from conflict_kg.extract.gazetteer import Gazetteer, KnownEntity, derived_from_gazetteer, geonames_cities
from conflict_kg.extract.model import EntityType, Mention
from conflict_kg.extract.town_names import town_named

_SIZEABLE_TOWN = 10_000  # a town this populous is what its bare name most likely means
_GROUP_TYPES = (EntityType.ORGANISATION, EntityType.MILITARY_UNIT)


@functools.cache
def _sizeable_town_names() -> frozenset[str]:
    return frozenset(name.casefold() for city in geonames_cities() if (city["population"] or 0) >= _SIZEABLE_TOWN
                     for name in (city["name"], city.get("asciiname") or city["name"]))


@derived_from_gazetteer
def _areas_by_short_name(gazetteer: Gazetteer) -> dict[str, KnownEntity]:
    """ "kachin" -> Kachin State: curated places by a name that ends short of an area word;
    a short name shared by two places names neither."""
    heads = {head.casefold() for head in gazetteer.vocabulary.area_heads}
    found: dict[str, KnownEntity | None] = {}
    for entry in gazetteer.entities.values():
        if entry.type is not EntityType.PLACE:
            continue
        for alias in entry.aliases:
            words = alias.split()
            if len(words) > 1 and words[-1].casefold() in heads:
                short = " ".join(words[:-1]).casefold()
                found[short] = entry if found.get(short, entry) is entry else None
    return {short: entry for short, entry in found.items() if entry is not None}


def linked_short_names(mentions: tuple[Mention, ...], gazetteer: Gazetteer) -> tuple[Mention, ...]:
    areas = _areas_by_short_name(gazetteer) if any(m.type is EntityType.PLACE and not m.kb_id for m in mentions) else {}
    named_in_full = {m.kb_id for m in mentions if m.kb_id}
    return tuple(replace(m, kb_id=known.id, type=known.type)
                 if (known := _short_name_of(m, gazetteer, areas, named_in_full)) else m for m in mentions)


def _short_name_of(mention: Mention, gazetteer: Gazetteer, areas: dict[str, KnownEntity],
                   named_in_full: set[str]) -> KnownEntity | None:
    if mention.kb_id or mention.origin == "metadata":
        return None
    name = mention.name.casefold()
    if mention.type is EntityType.PLACE:
        area = areas.get(name)
        if area is None or name in _sizeable_town_names():  # "Khartoum" beside "Khartoum State"
            return None
        # a village of that name elsewhere yields to the place the article names in full
        return area if area.id in named_in_full or town_named(mention.name) is None else None
    if mention.type in _GROUP_TYPES and mention.name[-1:].isalpha() and not mention.name.endswith("s"):
        plural = gazetteer.lookup(f"{mention.name}s")
        return plural if plural is not None and plural.type in _GROUP_TYPES else None
    return None


def cities_named_in_full(mentions: tuple[Mention, ...], gazetteer: Gazetteer) -> tuple[Mention, ...]:
    bare = {name.casefold() for name in gazetteer.bare_region_names}
    markers = tuple(f" {m.casefold()}" for m in gazetteer.vocabulary.city_markers_after)

    def city_name(mention: Mention) -> str | None:
        """ "Luhansk" for "Luhansk City"; "the city of Donetsk" does not count: a writer who says
        so marks the one place the city, and bare "Donetsk" stays the region."""
        if mention.type is not EntityType.PLACE or mention.kb_id:
            return None
        name = mention.name.casefold()
        return next((name[: -len(m)] for m in markers if name.endswith(m)), None)

    cities = {town.geonameid for m in mentions if (name := city_name(m)) and (town := town_named(name))}
    regions_in_full = {m.kb_id for m in mentions if m.kb_id and m.name.casefold() not in bare}
    result = []
    for mention in mentions:
        town = town_named(mention.name) if mention.kb_id and mention.name.casefold() in bare else None
        if town is not None and town.geonameid in cities and mention.kb_id not in regions_in_full:
            mention = replace(mention, kb_id=None)
        result.append(mention)
    return tuple(result)


def _is_abbreviation(name: str) -> bool:
    """ "MoD", "ISW", "AFU": one word of two or more capitals, no longer than a word of initials."""
    return " " not in name and len(name) <= 8 and sum(c.isupper() for c in name) >= 2 and name.isalpha()


def join_qualified_abbreviations(mentions: tuple[Mention, ...], keys: dict[Mention, str]) -> None:
    for mention in mentions:
        if mention.kb_id or mention.origin == "metadata" or not _is_abbreviation(mention.name):
            continue
        owners = {keys[m] for m in mentions if len(m.name.split()) > 1 and m.name.split()[-1] == mention.name}
        owners.discard(keys[mention])
        if len(owners) == 1:
            _rekey(keys, keys[mention], owners.pop())


def ships_by_short_name(mentions: tuple[Mention, ...], text: str, gazetteer: Gazetteer) -> tuple[Mention, ...]:
    prefixes = gazetteer.vocabulary.ship_prefixes
    ships = {m.name for m in mentions if m.type is EntityType.WEAPON_SYSTEM and len(m.name.split()) > 1
             and m.name.split()[0] in prefixes}
    result = []
    for mention in mentions:
        named = {ship for ship in ships if ship.split()[-1] == mention.name}
        if (len(named) == 1 and not mention.kb_id and mention.origin != "metadata"
                and (mention.type is not EntityType.PLACE
                     or text[max(0, mention.start - 4):mention.start] in ("the ", "The "))):
            mention = replace(mention, name=named.pop(), type=EntityType.WEAPON_SYSTEM)
        result.append(mention)
    return tuple(result)


def _rekey(keys: dict[Mention, str], old: str, new: str) -> None:
    for mention, key in list(keys.items()):
        if key == old:
            keys[mention] = new
