"""Links a resolved entity to Wikidata / GeoNames: `link_entity(entities, group, places) -> Link`.

A curated entity carries the identifiers its knowledge-base entry gives (looked up, never guessed),
with coordinates when the entry is a town GeoNames' cities500 holds or the entry records its
GeoNames point itself (seas, rivers); confidence 1.0.

A place the knowledge base does not hold is looked up by name in GeoNames cities500. When several
towns share the name (there are many Andriivkas) the article decides, through `ArticlePlaces`:

1. one name, one town: linked (0.9 in Ukraine, 0.8 elsewhere) — unless the articles name other
   places and this small town lies far from all of them, which marks a namesake;
2. the first-level regions the same article names ("Donetsk Oblast"): one candidate inside them
   wins (0.7);
3. one Ukrainian candidate, every namesake abroad smaller: the Ukrainian one (0.8) — these are
   reports of the war in Ukraine; Russian namesakes get no such preference;
4. one candidate ten times as populous as any other, and a real town: that one (0.75);
5. the towns the same article names otherwise: one candidate clearly nearest to them (0.6);
6. otherwise left unlinked rather than guessed.

`article_places(extracted)` builds the per-article context of `link_entity` for a set of articles;
a build reads its records one at a time and gives `link_resolved` the same context (`graph.build`).
"""
from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import yaml

from conflict_kg.extract.disk_memo import memo_on_disk
from conflict_kg.extract.gazetteer import GAZETTEER_DIR, KnownEntity, geonames_cities, load_gazetteer
from conflict_kg.extract.model import Entity, EntityType, ExtractedArticle
from conflict_kg.extract.names import name_key
from conflict_kg.graph.model import GeoPoint

WIKIDATA = "http://www.wikidata.org/entity/"
GEONAMES = "https://sws.geonames.org/"

CONFIDENCE_CURATED = 1.0
CONFIDENCE_UNIQUE_IN_UKRAINE = 0.9
CONFIDENCE_UNIQUE_ELSEWHERE = 0.8
CONFIDENCE_ONLY_UKRAINIAN = 0.8
CONFIDENCE_DOMINANT = 0.75
CONFIDENCE_BY_REGION = 0.7
CONFIDENCE_BY_PROXIMITY = 0.6

FOCUS_COUNTRY = "UA"
_DOMINANCE_RATIO = 10  # the largest namesake must be this many times the next one ...
_DOMINANT_MIN_POPULATION = 20_000  # ... and a town of its own, not a slightly bigger village
_NAMESAKE_DISTANCE_KM = 400  # a small town this far from every other place named is a namesake ...
_NAMESAKE_MAX_POPULATION = 50_000  # ... unless it is big enough to be news on its own
_NEAR_KM = 100  # proximity decides only for a candidate this close to the article's other towns ...
_CLEARLY_NEARER = 2.0  # ... and this many times closer than the runner-up

ArticlePlaces = Mapping[str, tuple[Entity, ...]]  # article id -> the place entities it names


@dataclass(frozen=True)
class Link:
    label: str | None = None  # the knowledge base's canonical label, when linked
    same_as: tuple[str, ...] = ()
    confidence: float | None = None
    location: GeoPoint | None = None


@dataclass(frozen=True)
class Town:
    """A populated place of GeoNames cities500."""

    geonameid: int
    name: str
    latitude: float
    longitude: float
    country: str  # ISO 3166-1 alpha-2
    admin1: str  # GeoNames first-level division code, e.g. "05" (Donetsk Oblast)
    population: int


def article_places(extracted: Iterable[ExtractedArticle]) -> dict[str, tuple[Entity, ...]]:
    """The place entities of each article, by article id: the context `link_entity` disambiguates with."""
    return {item.article.id: tuple(e for e in item.entities if e.type is EntityType.PLACE) for item in extracted}


def link_entity(entities: list[Entity], group: list[tuple[str, Entity]],
                places: ArticlePlaces | None = None) -> Link:
    """The identifiers of one resolved entity (`entities`, as `group` gives them with their article ids)."""
    if not entities or entities[0].type is not EntityType.PLACE:
        return link_resolved([e.kb_id for e in entities if e.kb_id], entities[0].type if entities else None, [])
    own = set(entities)  # a set: a town named in every article would make a list quadratic
    context = [e for article_id in sorted({a for a, _ in group}) for e in (places or {}).get(article_id, ())
               if e not in own]
    return link_resolved([e.kb_id for e in entities if e.kb_id], EntityType.PLACE, [e.label for e in entities], context)


def link_resolved(kb_ids: Iterable[str], type_: EntityType | None, labels: Iterable[str],
                  context: Iterable[Entity] = ()) -> Link:
    """The identifiers of a resolved entity from what its mentions say: the knowledge-base ids they
    carry (the first one the knowledge base holds wins), its type, its names, and for a place the
    other places its articles name."""
    gazetteer = load_gazetteer()
    known = next((gazetteer.entities[kb_id] for kb_id in kb_ids if kb_id in gazetteer.entities), None)
    if known is not None:
        return _curated_link(known)
    if type_ is EntityType.PLACE:
        return link_town(labels, context)
    return Link()


def _curated_link(known: KnownEntity) -> Link:
    same_as = []
    if known.wikidata:
        same_as.append(WIKIDATA + known.wikidata)
    if known.geonames:
        same_as.append(f"{GEONAMES}{known.geonames}/")
    town = _curated_town(known)
    location = _point(town) if town is not None else None
    if location is None and known.coordinates:  # a sea or river: its GeoNames record's point
        location = GeoPoint(*known.coordinates, country=known.country)
    return Link(label=known.label, same_as=tuple(same_as), confidence=CONFIDENCE_CURATED if same_as else None,
                location=location)


def _curated_town(known: KnownEntity) -> Town | None:
    """The cities500 town a knowledge-base entry's GeoNames id names, if it is one."""
    return _town(int(known.geonames)) if known.geonames else None


def link_town(names: Iterable[str], context: Iterable[Entity] = ()) -> Link:
    """The GeoNames town that `names` (one place's surface forms) pick out among the places of `context`."""
    candidates = sorted({t for name in names for t in town_candidates(name)}, key=lambda t: t.geonameid)
    if not candidates:
        return Link()
    context = list(context)
    chosen = _choose(candidates, _named_regions(context), _anchors(context))
    if chosen is None:
        return Link()
    town, confidence = chosen
    return Link(same_as=(f"{GEONAMES}{town.geonameid}/",), confidence=confidence, location=_point(town))


def town_candidates(name: str) -> tuple[Town, ...]:
    """GeoNames towns called `name` ("Kharkiv city" is Kharkiv)."""
    key = name_key(name)
    return _towns_named(key) or _towns_named(key.removesuffix(" city"))


def _choose(candidates: list[Town], regions: frozenset[tuple[str, str]],
            anchors: list[Town]) -> tuple[Town, float] | None:
    if len(candidates) == 1:
        town = candidates[0]
        if _is_far_namesake(town, anchors):
            return None
        return town, CONFIDENCE_UNIQUE_IN_UKRAINE if town.country == FOCUS_COUNTRY else CONFIDENCE_UNIQUE_ELSEWHERE
    in_regions = [t for t in candidates if (t.country, t.admin1) in regions]
    if len(in_regions) == 1:
        return in_regions[0], CONFIDENCE_BY_REGION
    if in_regions:
        candidates = in_regions
    else:
        ukrainian = [t for t in candidates if t.country == FOCUS_COUNTRY]
        if len(ukrainian) == 1 and all(t.population < ukrainian[0].population for t in candidates
                                       if t is not ukrainian[0]):
            return ukrainian[0], CONFIDENCE_ONLY_UKRAINIAN
    by_population = sorted(candidates, key=lambda t: t.population, reverse=True)
    largest, runner_up = by_population[0], by_population[1]
    if (largest.population >= _DOMINANT_MIN_POPULATION
            and largest.population >= _DOMINANCE_RATIO * max(runner_up.population, 1)):
        return largest, CONFIDENCE_DOMINANT
    nearest = _clearly_nearest(candidates, anchors)
    if nearest is not None:
        return nearest, CONFIDENCE_BY_PROXIMITY
    return None


def _is_far_namesake(town: Town, anchors: list[Town]) -> bool:
    others = [a for a in anchors if a.geonameid != town.geonameid]
    return (bool(others) and town.population < _NAMESAKE_MAX_POPULATION
            and min(_distance_km(town, a) for a in others) > _NAMESAKE_DISTANCE_KM)


def _clearly_nearest(candidates: list[Town], anchors: list[Town]) -> Town | None:
    if not anchors:
        return None
    ids = {t.geonameid for t in candidates}
    anchors = [a for a in anchors if a.geonameid not in ids]
    if not anchors:
        return None
    ranked = sorted((min(_distance_km(t, a) for a in anchors), t.geonameid, t) for t in candidates)
    (best, _, town), (second, _, _) = ranked[0], ranked[1]
    if best <= _NEAR_KM and second >= _CLEARLY_NEARER * max(best, 1.0):
        return town
    return None


def _named_regions(context: list[Entity]) -> frozenset[tuple[str, str]]:
    """(country, admin1) of the first-level regions the context names through the knowledge base."""
    admin1 = _admin1_by_kb_id()
    return frozenset(admin1[e.kb_id] for e in context if e.kb_id in admin1)


def _anchors(context: list[Entity]) -> list[Town]:
    """Towns of the context that are certain without context: curated towns and one-town names."""
    gazetteer = load_gazetteer()
    anchors = {}
    for entity in context:
        known = gazetteer.entities.get(entity.kb_id) if entity.kb_id else None
        if known is not None:
            town = _curated_town(known)
        else:
            candidates = town_candidates(entity.label)
            town = candidates[0] if len(candidates) == 1 else None
        if town is not None:
            anchors[town.geonameid] = town
    return list(anchors.values())


def _point(town: Town) -> GeoPoint:
    region = _region_names().get((town.country, town.admin1))
    return GeoPoint(town.latitude, town.longitude, town.country, region)


def _distance_km(a: Town, b: Town) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@functools.cache
def _place_admin1() -> tuple[tuple[str, str, str, str], ...]:
    """(kb id, label, country, admin1) of every places.yaml entry that is a GeoNames first-level division."""
    with open(GAZETTEER_DIR / "places.yaml", encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    rows = []
    for section in ("regions", "other"):
        for item in raw.get(section, ()):
            if item.get("admin1") is not None and item.get("country"):
                rows.append((item["id"], item["label"], item["country"], str(item["admin1"])))
    return tuple(rows)


@functools.cache
def _admin1_by_kb_id() -> dict[str, tuple[str, str]]:
    return {kb_id: (country, code) for kb_id, _, country, code in _place_admin1()}


@functools.cache
def _region_names() -> dict[tuple[str, str], str]:
    return {(country, code): label for _, label, country, code in _place_admin1()}


def _town_index() -> tuple[dict[str, tuple[int, ...]], dict[int, tuple]]:
    """(name key -> geonameids, geonameid -> `Town` fields) of every cities500 town, under all the
    names of Ukrainian towns; built once and kept on disk (`extract.disk_memo`)."""
    by_name: dict[str, dict[int, None]] = defaultdict(dict)
    rows: dict[int, tuple] = {}
    for city in geonames_cities():
        geonameid = int(city["geonameid"])
        rows[geonameid] = (geonameid, city["name"], float(city["latitude"]), float(city["longitude"]),
                           city["countrycode"], str(city.get("admin1code") or ""), int(city["population"] or 0))
        names = [city["name"]]
        if city["countrycode"] == FOCUS_COUNTRY:  # Ukrainian places are written in several transliterations
            names += list(city.get("alternatenames") or ())
        for name in names:
            by_name[name_key(name)][geonameid] = None
    return {k: tuple(v) for k, v in by_name.items()}, rows


@functools.cache
def _loaded_town_index() -> tuple[dict[str, tuple[int, ...]], dict[int, tuple]]:
    return memo_on_disk("geonames-towns", _town_index)


@functools.cache
def _town(geonameid: int) -> Town | None:
    row = _loaded_town_index()[1].get(geonameid)
    return Town(*row) if row is not None else None


def _towns_named(key: str) -> tuple[Town, ...]:
    return tuple(_town(geonameid) for geonameid in _loaded_town_index()[0].get(key, ()))
