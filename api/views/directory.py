"""The directory's endpoints: the kind folders, a listing, @search, @consulates, @health."""

from django.db import connection
from django.db.models import Count
from django.http import Http404
from django.urls import path, reverse
from django_filters import MultipleChoiceFilter
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from api import tiers
from api.batching import batch_bounds, batched_body
from api.errors import BadRequest, ErrorSerializer
from api.filters import ListingFilter
from api.schema import BATCH_PARAMETERS, LANGUAGE_PARAMETER
from api.search import FACETS, PARAMETERS, ListingSearch, serializer_context
from api.serializers import (
    KIND_TYPES,
    SEGMENT_KINDS,
    ConsulatesBatchSerializer,
    DirectorySerializer,
    ListingBatchSerializer,
    ListingSerializer,
    ListingSummarySerializer,
    SearchBatchSerializer,
    editor_prefetch,
)
from api.term_ids import FULL_ROWS, FULL_TERMS, SUMMARY_ROWS, SUMMARY_TERMS, load_term_ids
from api.views.base import BATCH_PARAMETER_NAMES, ApiView
from api.writing import revision_etag, source_row
from directory.choices import Kind
from directory.consulates import NEAREST, find_consulates, outside_note
from directory.models import Country, Listing
from directory.places import PlaceError, Point, miles_to, resolve, state_point

FILTER_PARAMETERS = [
    OpenApiParameter(
        name,
        str,
        many=isinstance(f, MultipleChoiceFilter),
        description=str(f.extra.get("help_text", "")),
    )
    for name, f in ListingFilter.base_filters.items()
]
KIND_PARAMETER = OpenApiParameter(
    "kind",
    str,
    OpenApiParameter.PATH,
    enum=list(SEGMENT_KINDS),
    description="attorneys, consulates, worker-centers or funding-sources.",
)
SLUG_PARAMETER = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    description="The listing's slug, the same in every language.",
)
SEARCH_PARAMETERS = [
    OpenApiParameter("SearchableText", str, description="Full text; every word must match."),
    OpenApiParameter("q", str, description="Alias of SearchableText."),
    OpenApiParameter(
        "sort_on",
        str,
        enum=["relevance", "distance", "title", "last_verified", "modified"],
        description="relevance (needs SearchableText; the default with it), distance (needs "
        "near; the default with it), title (the default otherwise), last_verified, modified.",
    ),
    OpenApiParameter(
        "sort_order",
        str,
        enum=["ascending", "descending"],
        description="ascending (default) or descending; relevance is always best first.",
    ),
    OpenApiParameter("facets", str, many=True, enum=FACETS, description="Fields to count."),
    OpenApiParameter("metadata_fields", str, many=True, description="Full fields to add."),
    OpenApiParameter("fullobjects", str, description="Present: full objects in items."),
    LANGUAGE_PARAMETER,
]

# Only @search and the kind folders take it (not @export, yet; @referral-sheet describes its own).
LIST_SEARCH_PARAMETER = OpenApiParameter(
    "list",
    {"type": "string", "pattern": "^[-A-Za-z0-9_]+/[-A-Za-z0-9_]+$"},
    description="organization/list (as /api/@lists shows them): only the listings of that "
    "trusted list's current edition.",
)


def search_response(view, request, kind: str | None = None) -> Response:
    """Listings first, then pages (for @search), batched across both."""
    search = ListingSearch.for_view(view, kind)
    start, size = batch_bounds(request)
    # Counts are kept for the public tier: under the version its ETag was computed with.
    listings_total, rows, facets = search.counted_page(start, size, view.public_version)
    items = search.serialize(rows)
    pages = search.pages() if kind is None else None
    pages_total = pages.count() if pages is not None else 0
    if pages_total and len(items) < size:
        first_page = max(0, start - listings_total)
        items += search.page_items(pages, first_page, size - len(items))
    body = batched_body(request, items, listings_total + pages_total, start, size)
    if facets is not None:
        body["facets"] = facets
    return Response(body)


class SearchView(ApiView):
    """``GET /api/@search``: public listings by text, place, language and need."""

    parameters = PARAMETERS
    filter_backends = []

    @extend_schema(
        operation_id="search",
        summary="Search the directory and the pages",
        description="Listings first, then pages. Pages take part unless a listing-only filter "
        "or sort is used, or portal_type names only listing kinds.",
        parameters=[
            *SEARCH_PARAMETERS,
            *FILTER_PARAMETERS,
            LIST_SEARCH_PARAMETER,
            *BATCH_PARAMETERS,
        ],
        responses={200: SearchBatchSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        return search_response(self, request)


class KindFolderView(ApiView):
    """``GET /api/directory/<kind>/``: one kind's public listings as a batched folder; the
    search parameters filter it."""

    parameters = PARAMETERS - {"portal_type"}

    @extend_schema(
        operation_id="directory_kind",
        summary="A kind's listings",
        parameters=[
            KIND_PARAMETER,
            *SEARCH_PARAMETERS,
            *(p for p in FILTER_PARAMETERS if p.name != "portal_type"),
            LIST_SEARCH_PARAMETER,
            *BATCH_PARAMETERS,
        ],
        responses={200: ListingBatchSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, kind: str):
        if kind not in SEGMENT_KINDS:
            raise Http404(f"There is no kind {kind!r}; try {', '.join(SEGMENT_KINDS)}.")
        return search_response(self, request, SEGMENT_KINDS[kind])


class DirectoryView(ApiView):
    """``GET /api/directory/``: the four kinds, with their public counts."""

    @extend_schema(
        operation_id="directory", summary="The directory's kinds", responses=DirectorySerializer
    )
    def get(self, request):
        counts = dict(self.listings().values_list("kind").annotate(n=Count("pk")).order_by())
        items = [
            {
                "@id": request.build_absolute_uri(reverse("api:kind", args=[segment])),
                "@type": type_name,
                "title": str(Kind(kind).label),
                "items_total": counts.get(kind, 0),
            }
            for kind, (type_name, segment) in KIND_TYPES.items()
        ]
        return Response(
            {"@id": request.build_absolute_uri(), "items": items, "items_total": len(items)}
        )


class ListingView(ApiView):
    """``GET /api/directory/<kind>/<slug>``: one public listing, in the request's language when
    translated, else the original. Drafts, unvetted and overdue listings are 404."""

    @extend_schema(
        operation_id="listing",
        summary="One listing",
        parameters=[KIND_PARAMETER, SLUG_PARAMETER, SEARCH_PARAMETERS[-1]],
        responses={200: ListingSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, kind: str, slug: str):
        if kind not in SEGMENT_KINDS:
            raise Http404(f"There is no kind {kind!r}.")
        listing = (
            self.listings()
            .filter(kind=SEGMENT_KINDS[kind], slug=slug)
            .select_related("county", "verified_by")
            .prefetch_related(*FULL_ROWS, *(editor_prefetch() if self.is_editor else ()))
            .first()
        )
        if listing is None:
            raise Http404(f"No public {kind[:-1].replace('-', ' ')} is found at {slug!r}.")
        load_term_ids([listing], FULL_TERMS)
        context = serializer_context(request, self.language, self.is_editor, self.public_version)
        if not self.is_editor:
            return Response(ListingSerializer(listing, context=context).data)
        # Editors get the source row's revision as ETag, for a PATCH's If-Match.
        source = source_row(listing)
        (listing,) = tiers.drafts([listing])
        data = ListingSerializer(listing, context=context).data
        return Response(data, headers={"ETag": revision_etag(source)})


class ListingTranslationsView(ApiView):
    """``GET /api/directory/<kind>/<slug>/@translations``: the other languages a listing is
    public in. A listing keeps its URL in every language; ``?language=`` picks one."""

    @extend_schema(
        operation_id="listing_translations",
        summary="A listing's other languages",
        parameters=[KIND_PARAMETER, SLUG_PARAMETER, SEARCH_PARAMETERS[-1]],
        responses={
            200: inline_serializer(
                "ListingTranslations",
                {
                    "@id": serializers.URLField(),
                    "items": inline_serializer(
                        "ListingTranslation",
                        {"@id": serializers.URLField(), "language": serializers.CharField()},
                        many=True,
                    ),
                },
            ),
            400: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request, kind: str, slug: str):
        if kind not in SEGMENT_KINDS:
            raise Http404(f"There is no kind {kind!r}.")
        shown = self.listings().filter(kind=SEGMENT_KINDS[kind], slug=slug)
        listing = shown.only("translation_key", "locale_id").first()
        if listing is None:
            raise Http404(f"No public listing is found at {slug!r}.")
        codes = dict(
            Listing.objects.visible(self.unpublished_kinds)
            .filter(translation_key=listing.translation_key)
            .exclude(pk=listing.pk)
            .values_list("locale__language_code", "locale__language_code")
        )
        url = request.build_absolute_uri(reverse("api:listing", args=[kind, slug]))
        items = [{"@id": f"{url}?language={code}", "language": code} for code in sorted(codes)]
        return Response({"@id": request.build_absolute_uri(), "items": items})


def consulate_country(params) -> Country:
    """The ``country`` parameter as a country the directory knows, or a 400 saying what to give."""
    code = (params.get("country") or "").strip().upper()
    if not code:
        raise BadRequest.for_field("country", "country is required, e.g. country=MX.")
    country = Country.objects.canonical().filter(token=code).first()
    if country is None:
        raise BadRequest.for_field(
            "country",
            f"{code[:20]!r} is not a country the directory knows: give its ISO 3166-1 "
            "two-letter code, e.g. MX or GT (/api/@vocabularies/countries lists them).",
        )
    return country


def consulate_place(params) -> Point:
    """``near`` (a ZIP code or lat,lng) or ``state`` (a USPS code) as a point, or a 400."""
    near, state = params.get("near"), params.get("state")
    if bool(near) == bool(state):
        field = "state" if near else "near"
        raise BadRequest.for_field(
            field, "Give the place once: near (a US ZIP code or lat,lng) or state (e.g. NJ)."
        )
    try:
        return resolve(near) if near else state_point(state)
    except PlaceError as error:
        raise BadRequest.for_field("near" if near else "state", str(error)) from error


class ConsulatesView(ApiView):
    """``GET /api/@consulates?country=MX&near=07102``: the consulates of a country whose
    jurisdiction covers a place, nearest first; when none does, the nearest ones, with a note
    that the place is outside their jurisdiction (``directory.consulates``)."""

    parameters = frozenset({"country", "near", "state"}) | BATCH_PARAMETER_NAMES

    @extend_schema(
        operation_id="consulates",
        summary="Which consulate serves a place",
        description="The consulates of `country` whose jurisdiction (service area) covers the "
        "place, nearest first, with `coverage` (local, county, statewide, national) and "
        "`distance` (miles from the place to the consulate). When none covers it, the "
        f'{NEAREST} nearest consulates of that country, with `coverage: "outside"`, '
        "`covers: false` and a `note` in the request's language saying so.",
        parameters=[
            OpenApiParameter(
                "country",
                {"type": "string", "pattern": "^[A-Za-z]{2}$"},
                required=True,
                description="The consulate's country, ISO 3166-1 alpha-2 (e.g. MX).",
            ),
            OpenApiParameter(
                "near",
                {"type": "string", "pattern": r"^(\d{5}|-?\d+(\.\d+)?,-?\d+(\.\d+)?)$"},
                description="A US ZIP code or 'lat,lng' (or give state).",
            ),
            OpenApiParameter(
                "state",
                {"type": "string", "pattern": "^[A-Za-z]{2}$"},
                description="A state's USPS code, instead of near (distances from its centre).",
            ),
            *BATCH_PARAMETERS,
        ],
        responses={200: ConsulatesBatchSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        params = request.query_params
        country, point = consulate_country(params), consulate_place(params)
        found = find_consulates(self.listings(), country, point)
        start, size = batch_bounds(request)
        more = editor_prefetch() if self.is_editor else ()
        rows = list(found.listings.prefetch_related(*SUMMARY_ROWS, *more)[start : start + size])
        load_term_ids(rows, SUMMARY_TERMS)
        for row in rows:
            row.distance = miles_to(point, row)
        context = serializer_context(request, self.language, self.is_editor, self.public_version)
        items = ListingSummarySerializer(rows, many=True, context=context).data
        body = batched_body(request, items, found.listings.count(), start, size)
        body["covers"] = found.covers
        if not found.covers:
            place = (params.get("near") or params.get("state")).strip()
            title = context["titles"].term(Country, country.pk)["title"]
            body["note"] = outside_note(title, place, found=bool(items))
        return Response(body)


class HealthView(ApiView):
    """``GET /api/@health``: for load balancers (and the benchmark's floor). 200
    ``{"status": "ok", "database": "up"}`` when the database answers a query; else 503 in the
    error shape plus ``"status": "unavailable", "database": "down"``, with ``Retry-After``.
    Never cached: its answer is the server's state, not the directory's."""

    cacheable = False

    @extend_schema(
        operation_id="health",
        summary="Health check",
        responses={
            200: inline_serializer(
                "Health",
                {"status": serializers.CharField(), "database": serializers.CharField()},
            ),
            503: inline_serializer(
                "HealthUnavailable",
                {
                    "type": serializers.CharField(),
                    "message": serializers.CharField(),
                    "errors": serializers.ListField(),
                    "status": serializers.CharField(),
                    "database": serializers.CharField(),
                },
            ),
        },
    )
    def get(self, request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Response({"status": "ok", "database": "up"})

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code == 503:
            response.data = {**response.data, "status": "unavailable", "database": "down"}
        return response


urlpatterns = [
    path("@search", SearchView.as_view(), name="search"),
    path("@consulates", ConsulatesView.as_view(), name="consulates"),
    path("@health", HealthView.as_view(), name="health"),
    path("directory/", DirectoryView.as_view(), name="directory"),
    # The kind folders and listings: api/views/listing_writes.py (the same views, writable).
    path(
        "directory/<str:kind>/<slug:slug>/@translations",
        ListingTranslationsView.as_view(),
        name="listing_translations",
    ),
]
