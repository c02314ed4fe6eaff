"""The explorer map's base layer: world country borders from the `countryinfo` package, simplified.

`country_outlines(bounds)` gives ((country name, ((lon, lat), ...) rings), ...) for the countries
whose outline meets `bounds` (west, south, east, north) widened by MARGIN_DEGREES, or every
country when `bounds` is None. Coordinates are rounded to PRECISION decimals and each ring is
thinned with Ramer-Douglas-Peucker at TOLERANCE degrees, so the page stays small. The data (from
Natural Earth, through countryinfo's per-country GeoJSON) ships with the package: nothing is fetched.
"""
from __future__ import annotations

from functools import cache

from countryinfo import CountryInfo

PRECISION = 2
TOLERANCE = 0.03  # degrees, about 3 km
MARGIN_DEGREES = 12.0

Ring = tuple[tuple[float, float], ...]


def _perpendicular(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[tuple[float, float]], tolerance: float = TOLERANCE) -> list[tuple[float, float]]:
    """Ramer-Douglas-Peucker, iteratively: the points that keep the line within `tolerance`."""
    if len(points) < 3:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        index, distance = first, 0.0
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > distance:
                index, distance = i, d
        if distance > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def _rings(geometry: dict) -> list[list[tuple[float, float]]]:
    polygons = [geometry["coordinates"]] if geometry.get("type") == "Polygon" else geometry.get("coordinates", [])
    return [[(float(x), float(y)) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


@cache
def _all_outlines() -> tuple[tuple[str, tuple[Ring, ...]], ...]:
    outlines = []
    for info in CountryInfo.all().values():
        features = (info.get("geoJSON") or {}).get("features") or []
        rings = []
        for feature in features:
            for ring in _rings(feature.get("geometry") or {}):
                thin = [(round(x, PRECISION), round(y, PRECISION)) for x, y in simplify(ring)]
                if len(thin) >= 4:
                    rings.append(tuple(thin))
        if rings:
            outlines.append((str(info.get("name") or ""), tuple(rings)))
    return tuple(sorted(outlines))


def country_outlines(bounds: tuple[float, float, float, float] | None = None) -> tuple[tuple[str, tuple[Ring, ...]], ...]:
    """Outlines of the countries near `bounds` (west, south, east, north), or of all countries."""
    if bounds is None:
        return _all_outlines()
    west, south, east, north = (bounds[0] - MARGIN_DEGREES, bounds[1] - MARGIN_DEGREES,
                                bounds[2] + MARGIN_DEGREES, bounds[3] + MARGIN_DEGREES)
    near = []
    for name, rings in _all_outlines():
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        if min(xs) <= east and max(xs) >= west and min(ys) <= north and max(ys) >= south:
            near.append((name, rings))
    return tuple(near)
