"""Where a search is about: a ZIP code or a "lat,lng" pair, resolved offline to a point with its
state and county, so a place search can also find what serves that state or county from afar."""

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import zipcodes

from directory import geography
from directory.text import normalize

EARTH_RADIUS_MILES = 3958.8
MILES_PER_DEGREE = 69.05
LAT_LNG_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
ZIP_WORD_RE = re.compile(r"^(\d{5})(?:-\d{4})?$")


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    state: str | None
    county_fips: str | None


class PlaceError(ValueError):
    """The text does not name a place we can resolve; the message says why."""


def resolve(text: str) -> Point:
    match = LAT_LNG_RE.match(text or "")
    if match:
        latitude, longitude = float(match[1]), float(match[2])
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise PlaceError(f"{text!r} is outside the range of latitude,longitude.")
        nearest = _nearest_zip(latitude, longitude)
        return Point(latitude, longitude, nearest.state, nearest.county_fips)
    if geography.ZIP_RE.match((text or "").strip()):
        place = geography.lookup_zip(text)
        if place is None:
            raise PlaceError(f"{text.strip()} is not a known US ZIP code.")
        return Point(place.latitude, place.longitude, place.state, place.county_fips)
    raise PlaceError(f"{text!r} is neither a five-digit US ZIP code nor 'latitude,longitude'.")


def state_point(code: str) -> Point:
    """A state as a place: the mean of its ZIP centroids (no county), for measuring how far
    something stands from the state when no ZIP code is given."""
    found = _state_centres().get((code or "").upper())
    if found is None:
        raise PlaceError(f"{code!r} is not a US state's two-letter code.")
    latitude, longitude = found
    return Point(latitude, longitude, code.upper(), None)


@cache
def _state_centres() -> dict[str, tuple[float, float]]:
    sums: dict[str, list[float]] = {}
    for row in zipcodes.list_all():
        if row.get("lat") and row.get("long") and row["state"] in geography.states_by_code():
            total = sums.setdefault(row["state"], [0.0, 0.0, 0])
            total[0] += float(row["lat"])
            total[1] += float(row["long"])
            total[2] += 1
    return {code: (lat / n, lng / n) for code, (lat, lng, n) in sums.items()}


def miles_between(a_lat: float, a_lng: float, b_lat: float, b_lng: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(a_lat), math.radians(b_lat)
    dphi, dlmb = phi2 - phi1, math.radians(b_lng - a_lng)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(h))


def miles_to(point: Point, listing) -> float | None:
    """Miles from the place to where a listing stands (great circle, one decimal), or None
    when it has no location."""
    if listing.latitude is None or listing.longitude is None:
        return None
    miles = miles_between(point.latitude, point.longitude, listing.latitude, listing.longitude)
    return round(miles, 1)


@cache
def _centroids() -> tuple[tuple[float, float, str], ...]:
    return tuple(
        (float(row["lat"]), float(row["long"]), row["zip_code"])
        for row in zipcodes.list_all()
        if row.get("lat") and row.get("long")
    )


@cache
def _centroid_cells() -> dict[tuple[int, int], list[int]]:
    """The centroids' positions in ``_centroids()``, by the one-degree cell they stand in."""
    cells: dict[tuple[int, int], list[int]] = {}
    for number, (lat, lng, _code) in enumerate(_centroids()):
        cells.setdefault((math.floor(lat), math.floor(lng)), []).append(number)
    return cells


MAX_CELLS = 400  # a box wider than this (a point far from any ZIP, or near a pole): scan all


def _candidates(latitude: float, longitude: float, scale: float, key) -> list | None:
    """The centroids that may be nearest, in ``_centroids()`` order: all those within the box
    of a distance at most the nearest one's among the surrounding cells (which holds the nearest,
    and every one as near); None when that box is too wide to be worth it."""
    cells, centroids = _centroid_cells(), _centroids()
    row, column = math.floor(latitude), math.floor(longitude)
    around = [
        number
        for lat_cell in (row - 1, row, row + 1)
        for lng_cell in (column - 1, column, column + 1)
        for number in cells.get((lat_cell, lng_cell), ())
    ]
    if not around or scale < 1e-6:
        return None
    bound = min(key(centroids[number]) for number in around)
    # distance >= each term (both are >= 0), so the nearest lies within these; the margin
    # stands for the floating-point rounding of the terms
    lat_reach = math.sqrt(bound) * (1 + 1e-9) + 1e-9
    lng_reach = math.sqrt(bound / scale) * (1 + 1e-9) + 1e-9
    rows = range(math.floor(latitude - lat_reach), math.floor(latitude + lat_reach) + 1)
    columns = range(math.floor(longitude - lng_reach), math.floor(longitude + lng_reach) + 1)
    if len(rows) * len(columns) > MAX_CELLS:
        return None
    numbers = sorted(number for r in rows for c in columns for number in cells.get((r, c), ()))
    return [centroids[number] for number in numbers]


@lru_cache(maxsize=4096)  # bounded: every new lat,lng point is a new key
def _nearest_zip(latitude: float, longitude: float) -> geography.ZipPlace:
    """The ZIP whose centroid is nearest, to learn a point's state and county: the first of
    ``_centroids()`` at the least distance, looked for among the nearby cells' centroids
    (``_candidates``, the same answer as a scan of all ~42,000) or else among all."""
    scale = math.cos(math.radians(latitude)) ** 2

    def key(c):
        return (c[0] - latitude) ** 2 + scale * (c[1] - longitude) ** 2

    candidates = _candidates(latitude, longitude, scale, key)
    _lat, _lng, code = min(candidates if candidates is not None else _centroids(), key=key)
    return geography.lookup_zip(code)


def split_place(text: str) -> tuple[str, str | None]:
    """A place typed among search words: a known ZIP code anywhere ("abogado 07102"), or
    "City, ST" at the end ("lawyer Newark, NJ"). Returns the other words and the place as a ZIP
    code, which a search uses as ``near`` (what stands near it or serves it), not as words;
    or the text unchanged and None."""
    words = (text or "").split()
    for number, word in enumerate(words):
        match = ZIP_WORD_RE.match(word.strip(",.;"))
        if match and geography.lookup_zip(match[1]):
            return " ".join(words[:number] + words[number + 1 :]), match[1]
    before, comma, after = (text or "").rpartition(",")
    state = after.strip().upper()
    if comma and state in geography.states_by_code():
        head = before.split()
        for size in (3, 2, 1):
            code = _city_zips().get((normalize(" ".join(head[-size:])), state))
            if len(head) >= size and code:
                return " ".join(head[:-size]), code
    return text, None


@cache
def _city_zips() -> dict[tuple[str, str], str]:
    """(normalized city, state) -> one of its ZIP codes (a street ZIP where there is one)."""
    rows = [row for row in zipcodes.list_all() if row.get("lat") and row.get("long")]
    found: dict[tuple[str, str], str] = {}
    for row in sorted(
        rows, key=lambda row: (row.get("zip_code_type") != "STANDARD", row["zip_code"])
    ):
        found.setdefault((normalize(row["city"]), row["state"]), row["zip_code"])
    return found
