"""``GET /api/@export?format=csv``: the listings of a search (the ``@search`` parameters) as a
CSV file with the import template's columns, so an export re-imports. The public tier gets
public listings only, plus ``last_verified``; an editor's admin session gets every listing they
may see, with the vetting columns. Streamed, so a whole directory never sits in memory."""

from django.http import StreamingHttpResponse
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation

from api.errors import BadRequest
from api.filters import ListingFilter
from api.schema import ERROR_RESPONSE
from api.search import ListingSearch
from api.serializers import editor_prefetch, review_state
from api.views.base import ApiView
from api.views.directory import FILTER_PARAMETERS, SEARCH_PARAMETERS
from interchange import csv as csv_io

FORMATS = ("csv",)
CHUNK = 500
PARAMETERS = frozenset(
    {*ListingFilter.base_filters, "SearchableText", "q", "sort_on", "sort_order", "format"}
)


class ErrorsAsJson(BaseContentNegotiation):
    """Errors are JSON in the API's one shape; the CSV itself is a streamed response. (DRF would
    otherwise take ``format=csv`` for the name of a renderer and answer 404.)"""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportView(ApiView):
    parameters = PARAMETERS
    content_negotiation_class = ErrorsAsJson

    @extend_schema(
        operation_id="export",
        summary="The listings of a search, as CSV",
        description="The same filters, text search and sorting as @search (listings only, all "
        "of them: no batching). Columns: those of the admin's import template, so the file "
        "re-imports, then last_verified. The editor tier (an admin session) gets every "
        "listing it may see, drafts included, with liaison, verification_method, "
        "vetting_notes, verified_by, next_review_due and review_state columns. Lists are "
        "separated by semicolons; a cell a spreadsheet would read as a formula starts with an "
        "apostrophe.",
        parameters=[
            OpenApiParameter(
                "format", str, enum=list(FORMATS), description="csv (the default; the only one)."
            ),
            *(p for p in SEARCH_PARAMETERS if p.name in PARAMETERS or p.name == "language"),
            *FILTER_PARAMETERS,
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="A CSV file (UTF-8 with a byte-order mark)."
            ),
            400: ERROR_RESPONSE,
        },
    )
    def get(self, request):
        formats = request.query_params.getlist("format") or ["csv"]
        if len(formats) > 1 or formats[0] not in FORMATS:
            raise BadRequest.for_field(
                "format", f"format must be one of: {', '.join(FORMATS)} (given once)."
            )
        search = ListingSearch.for_view(self)
        rows = csv_io.export_queryset(search.results)
        if self.is_editor:
            rows = rows.prefetch_related(*editor_prefetch())
            columns = csv_io.editor_export_columns()

            def extra(listing):
                return {"review_state": review_state(listing)}

        else:
            columns, extra = csv_io.public_export_columns(), None
        lines = csv_io.csv_lines(rows.iterator(chunk_size=CHUNK), columns, extra)
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        name = "amparo-listings-all" if self.is_editor else "amparo-listings"
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-{timezone.now():%Y-%m-%d}.csv"'
        )
        return response


urlpatterns = [path("@export", ExportView.as_view(), name="export")]
