"""Search on the listing queryset: the reader's language, places, text. The API composes these;
each keeps the queryset lazy so counts, facets and batches are single queries."""

import math

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from wagtail.models import Locale

from directory.choices import ServiceArea
from directory.models.taxonomy import default_language_code
from directory.places import MILES_PER_DEGREE, Point
from directory.text import search_words

LOCAL, COUNTY, STATEWIDE, NATIONAL = "local", "county", "statewide", "national"

# What a listing's summary reads beyond its own row (the API's summaries, the sheets, the
# lists' entries), and what its full record reads besides: one list each, so a new field's
# relation is added once and every output keeps its query count.
SUMMARY_PREFETCH = ("phones", "languages", "interpretation_languages", "topics")
FULL_PREFETCH = (
    *SUMMARY_PREFETCH,
    "service_states",
    "service_counties",
    "bar_admissions",
    "industries",
    "fund_types",
)


# ts_rank's weights of D, C, B, A: the title counts most, then the kind and terms, then text.
RANK_WEIGHTS = [0.05, 0.2, 0.5, 1.0]
STEMMED = ("english", "spanish")


def ts_query(words: list[str], weight: str = "") -> SearchQuery:
    """Every word, each as written (the last also as a prefix) or stemmed in English or
    Spanish; ``weight`` restricts the match to that part of the document (A: the title).
    The words are normalized (letters and digits only), so they are safe as to_tsquery input."""
    query = None
    for number, word in enumerate(words):
        prefix = "*" if number == len(words) - 1 else ""
        label = f":{prefix}{weight}" if prefix or weight else ""
        either = SearchQuery(f"{word}{label}", config="simple", search_type="raw")
        for config in STEMMED:
            stem_label = f":{weight}" if weight else ""
            either |= SearchQuery(f"{word}{stem_label}", config=config, search_type="raw")
        query = either if query is None else query & either
    return query


_LOCALE_IDS: dict[str, int] = {}


def locale_ids(*codes: str) -> dict[str, int]:
    """Locale ids by language code, cached per process (locales change only at set-up; a
    signal clears the cache when one does)."""
    if not set(codes) <= set(_LOCALE_IDS):
        _LOCALE_IDS.clear()
        _LOCALE_IDS.update(Locale.objects.values_list("language_code", "pk"))
    return {code: _LOCALE_IDS[code] for code in codes if code in _LOCALE_IDS}


def forget_locale_ids(**kwargs) -> None:
    _LOCALE_IDS.clear()


class ListingSearchMixin:
    def for_summary(self, *more) -> QuerySet:
        """The rows with what a summary reads prefetched (plus ``more`` lookups)."""
        return self.prefetch_related(*SUMMARY_PREFETCH, *more)

    def for_full(self, *more) -> QuerySet:
        """The rows with what a full record reads prefetched (plus ``more`` lookups)."""
        return self.prefetch_related(*FULL_PREFETCH, *more)

    def for_language(self, code: str, unpublished_kinds=()) -> QuerySet:
        """Visible listings (public ones, plus every row of ``unpublished_kinds`` for an
        editor), one row each: the translation in ``code`` when it is visible, otherwise the
        default-language original."""
        default = default_language_code()
        ids = locale_ids(code, default)
        public = self.visible(unpublished_kinds)
        if code == default or code not in ids:
            return public.filter(locale_id=ids[default])
        # One condition without OR, so PostgreSQL plans it as an anti-join (by the unique
        # (translation_key, locale) index, or hashing the language's visible translations):
        # a row of either language, unless another row of its translation_key is visible in
        # ``code`` (a translation's own row is that row, hence the pk).
        translated = self.model.objects.visible(unpublished_kinds).filter(
            locale_id=ids[code], translation_key=OuterRef("translation_key")
        )
        return public.filter(locale_id__in=[ids[code], ids[default]]).exclude(
            Exists(translated.exclude(pk=OuterRef("pk")))
        )

    def matching_text(self, text: str) -> QuerySet:
        """Listings whose search document (models/document.py) holds every word of ``text``,
        the last word also as a prefix; title matches first, then by rank. PostgreSQL matches
        the tsvector (each word as written or stemmed in English or Spanish), SQLite the
        normalized words; both see the same documents, so the same words find the same
        listings (stemming aside)."""
        words = search_words(text)
        if not words:
            return self
        if connections[self.db].vendor == "postgresql":
            return self._matching_vector(words)
        return self._matching_words(words)

    def _matching_vector(self, words: list[str]) -> QuerySet:
        vector = F("search_document__vector")
        title_hit = ExpressionWrapper(
            Q(search_document__vector=ts_query(words, "A")), output_field=BooleanField()
        )
        query = ts_query(words)
        return (
            self.filter(search_document__vector=query)
            .annotate(title_hit=title_hit, rank=SearchRank(vector, query, weights=RANK_WEIGHTS))
            .order_by("-title_hit", "-rank", "name", "pk")
        )

    def _matching_words(self, words: list[str]) -> QuerySet:
        def holds(column: str, number: int, word: str) -> Q:
            last = number == len(words) - 1  # typed on: a prefix
            needle = f" {word}" if last else f" {word} "
            return Q(**{f"search_document__{column}__contains": needle})

        everywhere, in_title = Q(), Q()
        for number, word in enumerate(words):
            everywhere &= holds("words", number, word)
            in_title &= holds("title", number, word)
        in_terms = [
            Case(When(holds("terms", n, word), then=Value(1)), default=Value(0))
            for n, word in enumerate(words)
        ]
        return (
            self.filter(everywhere)
            .annotate(
                title_hit=ExpressionWrapper(in_title, output_field=BooleanField()),
                rank=sum(in_terms[1:], in_terms[0]),
            )
            .order_by("-title_hit", "-rank", "name", "pk")
        )

    def coverage_of(
        self, here: Q, state: str | None, county: str | None, located: QuerySet | None = None
    ) -> QuerySet:
        """Listings at the place (``here``) or serving it from afar, with ``coverage`` saying
        which: local, county, statewide or national. ``located`` is the ids at the place, when
        ``here`` reads annotations (a radius); by default the rows ``here`` holds for.

        The filter is ``pk IN`` the union of what stands at the place and what serves it from
        afar, each part read from an index alone (``listing_state``, ``listing_county``,
        ``listing_point``, ``listing_service_area`` and the link tables, all ending in the id):
        an OR of the same conditions made PostgreSQL fetch every row of the state, and every
        row serving some state, from the table to test them (111 -> 23 ms at 100,000)."""
        rows = self.model._default_manager.order_by()
        if located is None:
            located = rows.filter(here).values("pk")
        parts = [rows.filter(service_area=ServiceArea.NATIONAL).values("pk")]
        served = {}  # coverage -> its listings' condition, among the candidates
        links = {
            COUNTY: (ServiceArea.COUNTIES, "service_counties", "county_id", county),
            STATEWIDE: (ServiceArea.STATES, "service_states", "state__token", state),
        }
        for coverage, (area, name, lookup, value) in links.items():
            if value:
                through = getattr(self.model, name).through.objects.order_by()
                linked = through.filter(**{lookup: value}).values("listing_id")
                parts.append(linked.filter(listing__service_area=area))
                served[coverage] = Q(service_area=area, pk__in=linked)
        # UNION, not UNION ALL: PostgreSQL then knows how many ids it holds (about the sum of
        # its parts); for UNION ALL it guessed 200 and probed the search documents first.
        candidates = located.order_by().union(*parts)
        # A candidate not at the place serves it: by its county, its state, else nationally
        # (an area is one of these, so the conditions exclude each other).
        return self.filter(pk__in=candidates).annotate(
            coverage=Case(
                When(here, then=Value(LOCAL)),
                *(When(q, then=Value(coverage)) for coverage, q in served.items()),
                default=Value(NATIONAL),
                output_field=CharField(),
            )
        )

    def related_to(self, name: str, tokens) -> QuerySet:
        """Listings related (many-to-many ``name``) to any of these canonical terms' tokens."""
        relation = self.model._meta.get_field(name)
        terms = relation.related_model.objects.canonical().filter(token__in=tokens)
        return self.related_to_terms(name, terms.values("pk"))

    def related_to_terms(self, name: str, terms) -> QuerySet:
        """Listings related (many-to-many ``name``) to any of these terms (ids, or a subquery of
        them): EXISTS on the link table, which PostgreSQL plans as a semi-join driven by the
        link table's (term, listing) index (migration 0017), reading only the links of these
        terms, rather than hashing every link; no row is repeated. Given ids, the planner also
        knows how many links each term has."""
        relation = self.model._meta.get_field(name)
        target = relation.m2m_reverse_field_name()
        linked = relation.remote_field.through.objects.filter(
            **{relation.m2m_field_name(): OuterRef("pk"), f"{target}__in": terms}
        )
        return self.filter(Exists(linked))

    def in_state(self, state: str) -> QuerySet:
        return self.coverage_of(Q(state=state), state, None)

    def in_county(self, fips: str) -> QuerySet:
        return self.coverage_of(Q(county_id=fips), None, fips)

    def with_distance_from(self, point: Point) -> QuerySet:
        """Annotates ``distance_sq``: the squared equirectangular distance from the point, in
        degrees of latitude (longitude scaled by the cosine of the latitude; within 1% at 100
        miles). The one distance for radius tests and nearest-first ordering."""
        scale = math.cos(math.radians(point.latitude))
        dy = F("latitude") - point.latitude
        dx = (F("longitude") - point.longitude) * scale
        return self.annotate(
            distance_sq=ExpressionWrapper(dx * dx + dy * dy, output_field=FloatField())
        )

    def near(self, point: Point, radius_miles: float) -> QuerySet:
        """Within ``radius_miles`` of the point (``with_distance_from``), or serving its county
        or state, or national. Annotates ``distance_sq`` (squared degrees, for ordering)."""
        scale = math.cos(math.radians(point.latitude))
        degrees = radius_miles / MILES_PER_DEGREE
        box = Q(
            latitude__gte=point.latitude - degrees,
            latitude__lte=point.latitude + degrees,
            longitude__gte=point.longitude - degrees / max(scale, 0.01),
            longitude__lte=point.longitude + degrees / max(scale, 0.01),
        )
        within = self.with_distance_from(point)
        here = box & Q(distance_sq__lte=degrees * degrees)
        located = self.model._default_manager.with_distance_from(point).filter(here)
        return within.coverage_of(here, point.state, point.county_fips, located.values("pk"))
