"""The HSDS endpoints described to drf-spectacular: every parameter, and the shape of what the
views send (the subset of HSDS 3.0 the mapping fills; the tests check the answers against the
official HSDS schemas themselves)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers as s

from api.errors import ErrorSerializer
from api.hsds.params import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, MAX_PROXIMITY, MAX_SEARCH
from api.schema import LANGUAGE_PARAMETER, NOT_FOUND_RESPONSE

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _uuid(required=False):
    return s.UUIDField(required=required)


def _text(required=False, **kwargs):
    return s.CharField(required=required, **kwargs)


def _component(component: str, base=s.Serializer, /, **fields):
    return type(component, (base,), {"__module__": __name__, **fields})


HsdsLanguage = _component(
    "HsdsLanguage", id=_uuid(True), service_id=_uuid(), name=_text(), code=_text()
)
HsdsPhone = _component(
    "HsdsPhone",
    id=_uuid(True),
    service_id=_uuid(),
    number=_text(True, help_text="E.164, e.g. +19735550142"),
    extension=s.FloatField(required=False),
    type=s.ChoiceField(["voice", "text", "fax"], required=False),
    description=_text(),
)
HsdsSchedule = _component(
    "HsdsSchedule",
    id=_uuid(True),
    service_id=_uuid(),
    freq=s.ChoiceField(["WEEKLY", "MONTHLY"], required=False),
    wkst=s.ChoiceField(DAYS, required=False),
    byday=_text(),
    opens_at=_text(help_text="HH:MM, local time"),
    closes_at=_text(help_text="HH:MM, local time"),
    description=_text(),
)
HsdsServiceArea = _component(
    "HsdsServiceArea", id=_uuid(True), service_id=_uuid(), name=_text(), description=_text()
)
HsdsCostOption = _component(
    "HsdsCostOption",
    id=_uuid(True),
    service_id=_uuid(),
    option=_text(),
    currency=_text(),
    amount=s.FloatField(required=False),
    amount_description=_text(),
)
HsdsTaxonomy = _component(
    "HsdsTaxonomy",
    id=_uuid(True),
    name=_text(True),
    description=_text(True),
    uri=s.URLField(required=False),
)
HsdsTaxonomyTerm = _component(
    "HsdsTaxonomyTerm",
    id=_uuid(True),
    code=_text(),
    name=_text(True),
    description=_text(True),
    taxonomy=_text(),
    taxonomy_id=_uuid(),
    language=_text(),
)
HsdsTaxonomyTermDetail = _component(
    "HsdsTaxonomyTermDetail", HsdsTaxonomyTerm, taxonomy_detail=HsdsTaxonomy(required=False)
)
HsdsAttribute = _component(
    "HsdsAttribute",
    id=_uuid(True),
    link_id=_uuid(),
    link_type=_text(),
    link_entity=_text(),
    taxonomy_term_id=_uuid(),
    taxonomy_term=HsdsTaxonomyTerm(required=False),
)
HsdsAddress = _component(
    "HsdsAddress",
    id=_uuid(True),
    location_id=_uuid(),
    address_1=_text(True),
    city=_text(True),
    region=_text(),
    state_province=_text(True),
    postal_code=_text(True),
    country=_text(True),
    address_type=_text(True, help_text="physical"),
)
HsdsLocation = _component(
    "HsdsLocation",
    id=_uuid(True),
    location_type=s.ChoiceField(["physical", "postal", "virtual"]),
    organization_id=_uuid(),
    name=_text(),
    latitude=s.FloatField(required=False),
    longitude=s.FloatField(required=False),
    addresses=HsdsAddress(many=True, required=False),
)
HsdsServiceAtLocation = _component(
    "HsdsServiceAtLocation",
    id=_uuid(True),
    service_id=_uuid(),
    location_id=_uuid(),
    location=HsdsLocation(required=False),
)
HsdsOrganizationSummary = _component(
    "HsdsOrganizationSummary",
    id=_uuid(True),
    name=_text(True),
    description=_text(True, allow_blank=True),
    email=s.EmailField(required=False),
    website=s.URLField(required=False),
)
HsdsServiceSummary = _component(
    "HsdsServiceSummary",
    id=_uuid(True),
    organization_id=_uuid(),
    name=_text(True),
    description=_text(),
    url=s.URLField(required=False),
    email=s.EmailField(required=False),
    status=s.ChoiceField(["active", "inactive", "defunct", "temporarily closed"]),
    application_process=_text(),
    fees_description=_text(),
    accreditations=_text(),
    eligibility_description=_text(),
    assured_date=s.DateField(required=False, help_text="When a vetter last verified it."),
    licenses=_text(),
    alert=_text(),
    last_modified=s.DateTimeField(required=False),
    organization=HsdsOrganizationSummary(required=False),
)
HsdsService = _component(
    "HsdsService",
    HsdsServiceSummary,
    phones=HsdsPhone(many=True, required=False),
    schedules=HsdsSchedule(many=True, required=False),
    service_areas=HsdsServiceArea(many=True, required=False),
    service_at_locations=HsdsServiceAtLocation(many=True, required=False),
    languages=HsdsLanguage(many=True, required=False),
    cost_options=HsdsCostOption(many=True, required=False),
    attributes=HsdsAttribute(many=True, required=False),
)
HsdsOrganization = _component(
    "HsdsOrganization",
    HsdsOrganizationSummary,
    locations=HsdsLocation(many=True, required=False),
    services=HsdsService(many=True, required=False),
)
HsdsServiceAtLocationWithService = _component(
    "HsdsServiceAtLocationWithService",
    HsdsServiceAtLocation,
    service=HsdsService(required=False),
)
HsdsRoot = _component(
    "HsdsRoot", version=_text(True), profile=s.URLField(), openapi_url=s.URLField()
)


def _page(name: str, item):
    return _component(
        name,
        total_items=s.IntegerField(min_value=0),
        total_pages=s.IntegerField(min_value=0),
        page_number=s.IntegerField(min_value=1),
        size=s.IntegerField(min_value=0, help_text="The number of objects on this page."),
        first_page=s.BooleanField(),
        last_page=s.BooleanField(),
        empty=s.BooleanField(),
        contents=item(many=True),
    )


def _flag(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, {"type": "string", "enum": ["true", "false"]},
                            description=description)  # fmt: skip


ID = OpenApiParameter("id", str, OpenApiParameter.PATH, description="The object's HSDS id.")
PAGE = OpenApiParameter(
    "page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    description="Page number (from 1); a page past the last is empty.",
)
PER_PAGE = OpenApiParameter(
    "per_page",
    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
    description=f"Objects per page (default {DEFAULT_PER_PAGE}, at most {MAX_PER_PAGE}).",
)
FORMAT = OpenApiParameter(
    "format",
    {"type": "string", "enum": ["json", "ndjson"], "default": "json"},
    description="json (a page) or ndjson: every matching object, full, one JSON document a "
    "line, without paging (application/x-ndjson).",
)
SEARCH = OpenApiParameter(
    "search",
    {"type": "string", "maxLength": MAX_SEARCH},
    description="Full text; every word must match.",
)
TAXONOMY_TERM_ID = OpenApiParameter(
    "taxonomy_term_id",
    str,
    description="Services classified by this taxonomy term (ids from /taxonomy_terms; repeat "
    "or comma-separate for any of several).",
)
TAXONOMY_ID = OpenApiParameter(
    "taxonomy_id",
    str,
    description="Only what has a term of this taxonomy (ids from /taxonomies).",
)
ORGANIZATION_ID = OpenApiParameter(
    "organization_id", str, description="Services of this organization."
)
MODIFIED_AFTER = OpenApiParameter(
    "modified_after",
    str,
    description="An ISO 8601 date or date-time (UTC when no offset is given): only what was "
    "published or verified at or after it.",
)
FULL = _flag("full", "true: fully nested objects.")
FULL_SERVICE = _flag("full_service", "true: the organization's services, fully nested.")
MINIMAL = _flag("minimal", "true: only each service's id, name, status and last_modified.")
POSTCODE = OpenApiParameter(
    "postcode",
    {"type": "string", "pattern": r"^\d{5}$"},
    description="A US ZIP code: what serves it (in its county, or its county, state or the "
    "whole country from afar), nearest first.",
)
PROXIMITY = OpenApiParameter(
    "proximity",
    {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": round(MAX_PROXIMITY)},
    description="With postcode: meters from the ZIP code's centroid instead of its county "
    "(what serves the place from afar still counts).",
)
TOP_ONLY = _flag("top_only", "Only terms without a parent (all of ours: they are flat).")
PARENT_ID = OpenApiParameter(
    "parent_id", str, description="Terms whose parent is this term (none: they are flat)."
)
LISTING_FILTERS = [SEARCH, TAXONOMY_TERM_ID, TAXONOMY_ID, ORGANIZATION_ID, MODIFIED_AFTER]
PAGING = [PAGE, PER_PAGE, FORMAT]
BAD_REQUEST = OpenApiResponse(
    response=ErrorSerializer, description="A parameter or value is not accepted."
)


def _list(operation_id: str, summary: str, item, parameters: list):
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        tags=["hsds"],
        parameters=[*parameters, *PAGING, LANGUAGE_PARAMETER],
        responses={
            (200, "application/json"): _page(f"{item.__name__}Page", item),
            (200, "application/x-ndjson"): OpenApiTypes.STR,
            400: BAD_REQUEST,
        },
    )


def _detail(operation_id: str, summary: str, item, parameters=()):
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        tags=["hsds"],
        parameters=[ID, *parameters, LANGUAGE_PARAMETER],
        responses={200: item, 400: BAD_REQUEST, 404: NOT_FOUND_RESPONSE},
    )


root_schema = extend_schema(
    operation_id="hsds",
    summary="HSDS: which version and profile, and where its OpenAPI is",
    tags=["hsds"],
    parameters=[LANGUAGE_PARAMETER],
    responses={200: HsdsRoot, 400: BAD_REQUEST},
)
services_schema = _list(
    "hsds_services", "HSDS services", HsdsService, [*LISTING_FILTERS, MINIMAL, FULL]
)
service_schema = _detail("hsds_service", "An HSDS service, fully nested", HsdsService)
organizations_schema = _list(
    "hsds_organizations", "HSDS organizations", HsdsOrganization, [SEARCH, FULL, FULL_SERVICE]
)
organization_schema = _detail(
    "hsds_organization", "An HSDS organization", HsdsOrganization, [FULL_SERVICE]
)
service_at_locations_schema = _list(
    "hsds_service_at_locations",
    "HSDS services at locations",
    HsdsServiceAtLocationWithService,
    [*LISTING_FILTERS, POSTCODE, PROXIMITY, FULL],
)
service_at_location_schema = _detail(
    "hsds_service_at_location",
    "An HSDS service at a location, with its service",
    HsdsServiceAtLocationWithService,
)
taxonomies_schema = _list("hsds_taxonomies", "HSDS taxonomies", HsdsTaxonomy, [SEARCH])
taxonomy_schema = _detail("hsds_taxonomy", "An HSDS taxonomy", HsdsTaxonomy)
taxonomy_terms_schema = _list(
    "hsds_taxonomy_terms",
    "HSDS taxonomy terms",
    HsdsTaxonomyTermDetail,
    [SEARCH, TAXONOMY_ID, TOP_ONLY, PARENT_ID],
)
taxonomy_term_schema = _detail("hsds_taxonomy_term", "An HSDS taxonomy term",
                               HsdsTaxonomyTermDetail)  # fmt: skip
