"""US geography, offline: states and counties (Census FIPS) and ZIP code centroids.

Everything comes from data that registry packages carry (addfips ships the Census state and
county lists, zipcodes ships ZIP centroids with their county), so nothing is fetched at run time.
"""

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import addfips
import zipcodes

ZIP_RE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class State:
    code: str  # USPS, e.g. "NJ"
    fips: str  # e.g. "34"
    name: str


@dataclass(frozen=True)
class County:
    fips: str  # five digits, state + county, e.g. "34013"
    state: str  # USPS code
    name: str


@dataclass(frozen=True)
class ZipPlace:
    postal_code: str
    city: str
    state: str
    county_fips: str | None
    latitude: float
    longitude: float


def _addfips_csv(name: str) -> list[dict[str, str]]:
    with resources.files(addfips).joinpath("data", name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def states() -> tuple[State, ...]:
    """The 50 states, DC and the territories, ordered by name."""
    first_per_code: dict[str, State] = {}
    for row in _addfips_csv("states.csv"):  # the file lists aliases after the Census name
        first_per_code.setdefault(row["postal"], State(row["postal"], row["fips"], row["name"]))
    return tuple(sorted(first_per_code.values(), key=lambda state: state.name))


@cache
def states_by_code() -> dict[str, State]:
    return {state.code: state for state in states()}


@cache
def counties() -> tuple[County, ...]:
    """Every county and county-equivalent of the 2020 Census, ordered by FIPS code."""
    by_fips = {state.fips: state.code for state in states()}
    first_per_fips: dict[str, County] = {}
    for row in _addfips_csv("counties_2020.csv"):  # aliases (old names) follow the current one
        if row["statefp"] in by_fips:
            fips = row["statefp"] + row["countyfp"]
            first_per_fips.setdefault(fips, County(fips, by_fips[row["statefp"]], row["name"]))
    return tuple(sorted(first_per_fips.values(), key=lambda county: county.fips))


@cache
def counties_by_fips() -> dict[str, County]:
    return {county.fips: county for county in counties()}


@cache
def _county_fips_index() -> addfips.AddFIPS:
    return addfips.AddFIPS()


def county_fips(state: str, county_name: str) -> str | None:
    return _county_fips_index().get_county_fips(county_name, state=state)


def lookup_zip(postal_code: str) -> ZipPlace | None:
    """The centroid, city, state and county of a five-digit US ZIP code, or None if unknown."""
    return _lookup_zip((postal_code or "").strip()[:5])


@cache
def _zip_rows() -> dict[str, dict]:
    """The zipcodes package's rows by ZIP code, made once per process: ``zipcodes.matching``
    scans all ~42,000 rows on every call. A code's first row, as ``matching`` lists it first
    (the package has one row per code)."""
    rows: dict[str, dict] = {}
    for row in zipcodes.list_all():
        rows.setdefault(row["zip_code"], row)
    return rows


@lru_cache(maxsize=8192)  # a CSV import validates thousands of rows, most sharing a few ZIPs
def _lookup_zip(code: str) -> ZipPlace | None:
    if not ZIP_RE.match(code):
        return None
    # Not in the index: unknown, or digits other than ASCII ones (which ZIP_RE's \d lets
    # through and zipcodes.matching panicked on rather than raising ValueError).
    match = _zip_rows().get(code)
    if match is None:
        return None
    fips = county_fips(match["state"], match["county"]) if match.get("county") else None
    return ZipPlace(
        postal_code=code,
        city=match["city"].title(),
        state=match["state"],
        county_fips=fips,
        latitude=float(match["lat"]),
        longitude=float(match["long"]),
    )
