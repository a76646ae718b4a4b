"""``/api/hsds/``: the HSDS 3.0 read API over the public listings (Open Referral's OpenAPI:
``/``, ``/services``, ``/organizations``, ``/service_at_locations``, ``/taxonomies``,
``/taxonomy_terms``, each list with HSDS's paging envelope and each object by id).

Every view is an ``ApiView``: only its declared parameters are accepted, the language is
negotiated as everywhere in the API, anonymous answers carry an ETag. Listings come only from
``Listing.objects.for_language`` (public, one row each in the reader's language).
"""

import json
import math

from django.db.models import Q
from django.http import Http404, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response

from api.hsds import ids, openapi
from api.hsds.mapping import Mapper, has_location, prepared, with_last_modified
from api.hsds.params import (
    PAGING,
    ListingParameters,
    boolean,
    output_format,
    paging,
    search_words,
    taxonomy_ids,
    term_ids,
)
from api.hsds.taxonomy import Catalog
from api.views.base import ApiView
from api.views.vocabularies import folded
from directory.models import Listing

HSDS_VERSION = "3.0"
PROFILE = "https://github.com/openreferral/specification/tree/3.0/schema"
NDJSON = "application/x-ndjson"
STREAM_CHUNK = 200


class JsonOnly(BaseContentNegotiation):
    """Always JSON. HSDS's own ``format`` parameter (json or ndjson) is read by the views;
    DRF must not take it for a renderer's format suffix."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def envelope(contents: list, total: int, page: int, per_page: int) -> dict:
    """HSDS's paging envelope. ``size`` is the number of objects on this page; a page past
    the last is empty, not an error."""
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


class HsdsView(ApiView):
    content_negotiation_class = JsonOnly

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.format = output_format(request.query_params) if "format" in self.parameters else None

    @property
    def catalog(self) -> Catalog:
        if not hasattr(self, "_catalog"):
            self._catalog = Catalog(self.request, self.language)
        return self._catalog

    @property
    def mapper(self) -> Mapper:
        return Mapper(self.catalog)

    def listings(self):
        """Public listings only, whoever asks: HSDS is a publication of the vetted directory,
        so the editor tier's unpublished rows never enter it."""
        return Listing.objects.for_language(self.language)

    def filtered(self, places: bool = False):
        """The public listings the request's filters select (params.ListingParameters)."""
        filters = ListingParameters(self.request.query_params, self.catalog, places=places)
        return filters.apply(self.listings())

    def stream(self, objects) -> StreamingHttpResponse:
        """Every object, one JSON document a line, without paging. Parameters were checked
        before the first line is sent."""
        language = self.language

        def lines():
            with translation.override(language):
                for item in objects:
                    yield json.dumps(item, ensure_ascii=False) + "\n"

        return StreamingHttpResponse(lines(), content_type=NDJSON)

    def listing_page(self, queryset, to_object):
        """A page of listings mapped by ``to_object``, or all of them as NDJSON."""
        if self.format == "ndjson":
            rows = prepared(queryset).iterator(chunk_size=STREAM_CHUNK)
            return self.stream(to_object(listing) for listing in rows)
        page, per_page = paging(self.request.query_params)
        total = queryset.count()
        start = (page - 1) * per_page
        rows = list(prepared(queryset)[start : start + per_page]) if start < total else []
        return Response(envelope([to_object(row) for row in rows], total, page, per_page))

    def list_page(self, items: list):
        """A page of an in-memory list (taxonomies, terms), or all of it as NDJSON."""
        if self.format == "ndjson":
            return self.stream(items)
        page, per_page = paging(self.request.query_params)
        start = (page - 1) * per_page
        return Response(envelope(items[start : start + per_page], len(items), page, per_page))


class RootView(HsdsView):
    """``GET /api/hsds/``: which HSDS this is, and where its OpenAPI description is."""

    @openapi.root_schema
    def get(self, request):
        return Response(
            {
                "version": HSDS_VERSION,
                "profile": PROFILE,
                "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
            }
        )


class ServicesView(HsdsView):
    parameters = PAGING | ListingParameters.names | {"minimal", "full"}

    @openapi.services_schema
    def get(self, request):
        params = request.query_params
        minimal, full = boolean(params, "minimal"), boolean(params, "full")
        queryset, mapper = self.filtered(), self.mapper
        if self.format == "ndjson":
            return self.listing_page(queryset, mapper.service)
        if minimal:
            return self.listing_page(queryset, mapper.minimal)
        return self.listing_page(queryset, lambda listing: mapper.service(listing, full=full))


class ServiceView(HsdsView):
    @openapi.service_schema
    def get(self, request, id: str):
        listing = _one(self, ids.parse(id), id, "service")
        return Response(self.mapper.service(listing))


def _by_masked_id(view, entity: str, text: str, what: str):
    return _one(view, ids.unmask(entity, text), text, what, located=entity != "organization")


def _one(view, uid, text: str, what: str, located: bool = False):
    """The public listing ``uid`` names (None: the id could not be read), prepared for the
    mapper; a 404 naming ``text`` if there is none (or, when ``located``, it has no place)."""
    queryset = view.listings().filter(translation_key=uid) if uid else Listing.objects.none()
    listing = prepared(with_last_modified(queryset)).first()
    if listing is None or (located and not has_location(listing)):
        raise Http404(f"No public {what} has the id {text!r}.")
    return listing


class OrganizationsView(HsdsView):
    parameters = PAGING | {"search", "full", "full_service"}

    @openapi.organizations_schema
    def get(self, request):
        params = request.query_params
        full, full_service = boolean(params, "full"), boolean(params, "full_service")
        queryset, mapper = self.filtered(), self.mapper
        full = full or self.format == "ndjson"

        def organization(listing):
            data = mapper.organization(listing, full=full)
            if full or full_service:
                data["services"] = [mapper.service(listing, full=full_service)]
            return data

        return self.listing_page(queryset, organization)


class OrganizationView(HsdsView):
    parameters = frozenset({"full_service"})

    @openapi.organization_schema
    def get(self, request, id: str):
        full_service = boolean(request.query_params, "full_service")
        listing = _by_masked_id(self, "organization", id, "organization")
        mapper = self.mapper
        data = mapper.organization(listing, full=True)
        data["services"] = [mapper.service(listing, full=full_service)]
        return Response(data)


class ServiceAtLocationsView(HsdsView):
    parameters = PAGING | ListingParameters.names | ListingParameters.place_names | {"full"}

    @openapi.service_at_locations_schema
    def get(self, request):
        full = boolean(request.query_params, "full") or self.format == "ndjson"
        queryset, mapper = self.filtered(places=True).filter(located()), self.mapper

        def service_at_location(listing):
            data = mapper.service_at_location(listing)
            service = mapper.service(listing, full=full)
            service.pop("service_at_locations", None)  # it is this very object
            data["service"] = service
            return data

        return self.listing_page(queryset, service_at_location)


def located() -> Q:
    """The queryset form of ``mapping.has_location``."""
    point = Q(latitude__isnull=False, longitude__isnull=False)
    address = ~Q(street_address="") & ~Q(city="") & ~Q(state="") & ~Q(postal_code="")
    return point | address


class ServiceAtLocationView(HsdsView):
    @openapi.service_at_location_schema
    def get(self, request, id: str):
        listing = _by_masked_id(self, "service_at_location", id, "service at location")
        mapper = self.mapper
        data = mapper.service_at_location(listing)
        service = mapper.service(listing)
        service.pop("service_at_locations", None)
        data["service"] = service
        return Response(data)


def _matching(items: list[dict], text: str, fields: tuple[str, ...]) -> list[dict]:
    words = [folded(word) for word in text.split()]
    return [
        item
        for item in items
        if all(any(word in folded(str(item.get(f, ""))) for f in fields) for word in words)
    ]


class TaxonomiesView(HsdsView):
    parameters = PAGING | {"search"}

    @openapi.taxonomies_schema
    def get(self, request):
        text = search_words(request.query_params)
        items = _matching(self.catalog.taxonomies, text, ("name", "description"))
        return self.list_page(items)


class TaxonomyView(HsdsView):
    @openapi.taxonomy_schema
    def get(self, request, id: str):
        taxonomy = self.catalog.taxonomy_by_id.get(id.lower())
        if taxonomy is None:
            raise Http404(f"No taxonomy has the id {id!r}.")
        return Response(taxonomy)


class TaxonomyTermsView(HsdsView):
    parameters = PAGING | {"search", "taxonomy_id", "top_only", "parent_id"}

    @openapi.taxonomy_terms_schema
    def get(self, request):
        params = request.query_params
        catalog = self.catalog
        boolean(params, "top_only")  # every term is top-level: the vocabularies are flat
        parents = term_ids(params, catalog, "parent_id")
        taxonomies = {taxonomy["id"] for taxonomy in taxonomy_ids(params, catalog)}
        items = catalog.terms
        if taxonomies:
            items = [term for term in items if term["taxonomy_id"] in taxonomies]
        if parents:
            items = []  # no term has children
        text = search_words(params)
        items = _matching(items, text, ("name", "code", "description"))
        return self.list_page([catalog.term_with_taxonomy(term) for term in items])


class TaxonomyTermView(HsdsView):
    @openapi.taxonomy_term_schema
    def get(self, request, id: str):
        term = self.catalog.term_by_id.get(id.lower())
        if term is None:
            raise Http404(f"No taxonomy term has the id {id!r}.")
        return Response(self.catalog.term_with_taxonomy(term))
