"""Transliterations of one town as one place: `town_named(name) -> Town | None`.

GeoNames lists a town's other spellings ("Gostomel" for Hostomel, "Nikolaev" for Mykolaiv,
"Lugansk" for Luhansk). A name the towns matched by `extract.gazetteer` use gives the one town it
stands for: the only town with that name, or, when a city shares it with villages, the city if it
is at least ten times as populous as the next. `extract.entities` keys the mentions of one town,
under any of its names, `geonames:<id>` (`TOWN_KEY_PREFIX`), so they form one entity.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from conflict_kg.extract.disk_memo import memo_on_disk
from conflict_kg.extract.gazetteer import matchable_towns

_CLEARLY_LARGER = 10
TOWN_KEY_PREFIX = "geonames:"


@dataclass(frozen=True)
class Town:
    geonameid: str
    name: str  # the GeoNames name


@functools.cache
def _towns_by_name() -> dict[str, Town]:
    return {name: Town(*row) for name, row in memo_on_disk("town-names", _town_rows_by_name).items()}


def _town_rows_by_name() -> dict[str, tuple[str, str]]:
    candidates: dict[str, list[tuple[int, Town]]] = {}
    for city, names in matchable_towns():
        town = Town(str(city["geonameid"]), city["name"])
        for name in names:
            candidates.setdefault(name.casefold(), []).append((city["population"] or 0, town))
    index = {}
    for name, towns in candidates.items():
        towns = sorted(set(towns), key=lambda t: -t[0])
        distinct = {town.geonameid for _, town in towns}
        if len(distinct) == 1 or towns[0][0] >= _CLEARLY_LARGER * max(towns[1][0], 1):
            index[name] = (towns[0][1].geonameid, towns[0][1].name)
    return index


def town_named(name: str) -> Town | None:
    return _towns_by_name().get(name.casefold())
