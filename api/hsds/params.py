"""The HSDS query parameters, read and checked: a bad value is a 400 naming the parameter."""

import math
import re
from datetime import UTC, datetime, time

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from api.errors import BadRequest
from api.hsds import ids
from api.hsds.mapping import with_last_modified
from api.hsds.taxonomy import BY_NAME
from directory import geography
from directory.choices import Kind
from directory.models import Listing
from directory.models.search import LOCAL
from directory.places import PlaceError, resolve

DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 25, 100, 1_000_000
MAX_SEARCH = 200
METERS_PER_MILE = 1609.344
MAX_PROXIMITY = 500 * METERS_PER_MILE  # the directory's widest place search
WORD_RE = re.compile(r"\w+")
NUMBER_RE = re.compile(r"^\d+(\.\d+)?$")
# Vocabulary -> the kind whose listings show it (topics and kinds: every kind).
KIND_OF_VOCABULARY = {
    "industries": Kind.WORKER_CENTER,
    "fund_types": Kind.FUNDING_SOURCE,
    "countries": Kind.CONSULATE,
}

PAGING = frozenset({"page", "per_page", "format"})


def _whole(params, name: str, default: int, low: int, high: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise BadRequest.for_field(name, f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def paging(params) -> tuple[int, int]:
    page = _whole(params, "page", 1, 1, MAX_PAGE)
    per_page = _whole(params, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    return page, per_page


def output_format(params) -> str:
    value = params.get("format", "json")
    if value not in ("json", "ndjson"):
        raise BadRequest.for_field("format", "format must be json or ndjson.")
    return value


def boolean(params, name: str) -> bool:
    value = params.get(name)
    if value is None:
        return False
    if value not in ("true", "false"):
        raise BadRequest.for_field(name, f"{name} must be true or false.")
    return value == "true"


def search_words(params) -> str:
    text = params.get("search", "")
    if len(text) > MAX_SEARCH:
        raise BadRequest.for_field("search", f"search is limited to {MAX_SEARCH} characters.")
    # Words only: quotes and operators would be query syntax to the search engine.
    return " ".join(WORD_RE.findall(text))


def modified_after(params) -> datetime | None:
    raw = params.get("modified_after")
    if raw is None:
        return None
    text = raw.strip()
    # An unencoded "+" of a UTC offset arrives as a space.
    text = re.sub(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$", r"\1+\2", text)
    try:
        value = parse_datetime(text)
        if value is None:
            day = parse_date(text)
            value = datetime.combine(day, time.min) if day else None
        if value is None:
            raise ValueError
        if timezone.is_naive(value):
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    except (ValueError, OverflowError) as error:
        raise BadRequest.for_field(
            "modified_after",
            f"modified_after must be an ISO 8601 date or date-time, e.g. 2025-01-31 or "
            f"2025-01-31T09:00:00Z; {raw!r} is not.",
        ) from error


def _each_id(params, name: str):
    """The ids of a repeatable, comma-separated parameter, stripped."""
    for value in params.getlist(name):
        for text in filter(None, value.split(",")):
            yield text, text.strip()


def term_ids(params, catalog, name: str = "taxonomy_term_id") -> list[dict]:
    terms = []
    for text, id_ in _each_id(params, name):
        term = catalog.term_by_id.get(id_.lower())
        if term is None:
            raise BadRequest.for_field(name, f"{text!r} is not the id of a taxonomy term.")
        terms.append(term)
    return terms


def taxonomy_ids(params, catalog) -> list[dict]:
    taxonomies = []
    for text, id_ in _each_id(params, "taxonomy_id"):
        taxonomy = catalog.taxonomy_by_id.get(id_.lower())
        if taxonomy is None:
            raise BadRequest.for_field("taxonomy_id", f"{text!r} is not the id of a taxonomy.")
        taxonomies.append(taxonomy)
    return taxonomies


def organization_ids(params) -> list:
    organizations = []
    for text, id_ in _each_id(params, "organization_id"):
        uid = ids.unmask("organization", id_)
        if uid is None:
            raise BadRequest.for_field(
                "organization_id", f"{text!r} is not an organization id (a UUID)."
            )
        organizations.append(uid)
    return organizations


def _vocabulary_q(vocabulary: str, tokens: list[str] | None) -> Q:
    """Listings showing a term of ``vocabulary`` (any term when ``tokens`` is None)."""
    field = BY_NAME[vocabulary].field
    if vocabulary == "kinds":
        return Q(kind__in=tokens) if tokens is not None else Q(kind__in=Kind.values)
    if vocabulary == "countries":
        q = Q(country__token__in=tokens) if tokens is not None else Q(country__isnull=False)
    else:
        relation = Listing._meta.get_field(field)
        through = relation.remote_field.through.objects
        target = relation.m2m_reverse_field_name()
        if tokens is not None:
            through = through.filter(**{f"{target}__token__in": tokens})
        q = Q(pk__in=through.values("listing_id"))
    kind = KIND_OF_VOCABULARY.get(vocabulary)
    return q & Q(kind=kind) if kind else q


class ListingParameters:
    """The filters services, organizations and service_at_locations share. Repeated (or
    comma-separated) ids of one parameter are OR; different parameters are AND."""

    names = frozenset(
        {"search", "taxonomy_term_id", "taxonomy_id", "organization_id", "modified_after"}
    )
    place_names = frozenset({"postcode", "proximity"})

    def __init__(self, params, catalog, places: bool = False):
        self.params, self.catalog = params, catalog
        self.text = search_words(params)
        self.terms = term_ids(params, catalog)
        self.taxonomies = taxonomy_ids(params, catalog)
        self.organizations = organization_ids(params)
        self.modified_after = modified_after(params)
        self.point, self.miles = self._place() if places else (None, None)

    def _place(self):
        postcode = self.params.get("postcode")
        proximity = self.params.get("proximity")
        if postcode is None:
            if proximity is not None:
                raise BadRequest.for_field(
                    "proximity", "proximity needs postcode (a five-digit US ZIP code)."
                )
            return None, None
        if not geography.ZIP_RE.match(postcode.strip()):
            raise BadRequest.for_field("postcode", "postcode must be a five-digit US ZIP code.")
        try:
            point = resolve(postcode.strip())
        except PlaceError as error:
            raise BadRequest.for_field("postcode", str(error)) from error
        miles = None
        if proximity is not None:
            value = float(proximity) if NUMBER_RE.match(proximity.strip()) else math.nan
            if not 0 < value <= MAX_PROXIMITY:
                raise BadRequest.for_field(
                    "proximity",
                    f"proximity must be a distance in meters, more than 0 and at most "
                    f"{MAX_PROXIMITY:.0f}.",
                )
            miles = value / METERS_PER_MILE
        return point, miles

    def apply(self, queryset):
        """The listings of ``queryset`` that match, annotated with ``hsds_modified``."""
        if self.text:
            queryset = queryset.matching_text(self.text)
        queryset = with_last_modified(queryset)
        if self.terms:
            queryset = queryset.filter(self._terms_q())
        if self.taxonomies:
            queryset = queryset.filter(self._taxonomies_q())
        if self.organizations:
            queryset = queryset.filter(translation_key__in=self.organizations)
        if self.modified_after:
            queryset = queryset.filter(hsds_modified__gte=self.modified_after)
        if self.point is not None:
            queryset = self._near(queryset)
        elif not self.text:
            queryset = queryset.order_by("name", "pk")
        return queryset

    def _terms_q(self) -> Q:
        """Listings showing any of the terms (grouped by vocabulary: one condition each)."""
        by_vocabulary: dict[str, list[str]] = {}
        for term in self.terms:
            vocabulary = self.catalog.vocabulary_of[term["id"]]
            by_vocabulary.setdefault(vocabulary, []).append(term["code"])
        matched = Q(pk__in=[])
        for vocabulary, tokens in by_vocabulary.items():
            matched |= _vocabulary_q(vocabulary, tokens)
        return matched

    def _taxonomies_q(self) -> Q:
        """Listings showing any term of any of the taxonomies."""
        matched = Q(pk__in=[])
        for taxonomy in self.taxonomies:
            vocabulary = next(name for name in BY_NAME if ids.taxonomy_id(name) == taxonomy["id"])
            matched |= _vocabulary_q(vocabulary, None)
        return matched

    def _near(self, queryset):
        """What serves the postcode: within ``proximity`` of its centroid (else in its
        county), or serving its county or state from afar, or national; nearest first."""
        point = self.point
        if self.miles is not None:
            queryset = queryset.near(point, self.miles)
        else:
            here = Q(county_id=point.county_fips) if point.county_fips else Q(pk__in=[])
            queryset = queryset.coverage_of(
                here, point.state, point.county_fips
            ).with_distance_from(point)
        local_first = Case(
            When(coverage=LOCAL, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        return queryset.order_by(local_first, F("distance_sq").asc(nulls_last=True), "name", "pk")
