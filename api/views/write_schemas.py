"""How the writes look in the OpenAPI schema and the docs page: each with an example, its
answers and the errors a client meets."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from api.errors import ErrorSerializer
from api.serializers import ListingSerializer
from api.views.directory import KIND_PARAMETER, SLUG_PARAMETER


def error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


AUTH_ERRORS = {
    401: error("No credentials, or a login token that is expired, revoked or not valid."),
    403: error("The user (or a partner key: read-only) lacks Wagtail's permission for this."),
}
BAD_BODY = error(
    "The body breaks the type's schema (GET /api/@types/<type>) or the admin's rules; "
    "`errors` names each field as the schema does, e.g. `phones[0].number`."
)
BEARER = "Send `Authorization: Bearer <token>` (from POST /api/@login); no CSRF token is needed."
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description="The ETag a write or an editor's GET answered: 412 if the listing changed since.",
)
PREFER = OpenApiParameter(
    "Prefer",
    str,
    OpenApiParameter.HEADER,
    enum=["return=representation", "return=minimal"],
    description="return=representation: answer 200 with the listing, else 204.",
)
LISTING_PARAMETERS = [KIND_PARAMETER, SLUG_PARAMETER]
NEW_LISTING = {
    "@type": "Attorney",
    "title": "Example Immigrant Defense Clinic",
    "provider_type": "nonprofit",
    "summary": "Removal defense and bond hearings for detained workers.",
    "description": {
        "data": "<p>Free consultations on Tuesdays.</p>",
        "content-type": "text/html",
        "encoding": "utf-8",
    },
    "languages": ["spa", "eng"],
    "topics": ["removal-defense", "bond"],
    "phones": [{"number": "(973) 555-0142", "type": "main"}],
    "street_address": "1 Example Street",
    "postal_code": "07102",
}

create_schema = extend_schema(
    operation_id="listing_create",
    summary="Create a listing (a draft)",
    description="Creates a draft listing of this kind, not public until a vetter approves it. "
    "Fields and validation as GET /api/@types/<type> says (`title` is accepted for `name`); "
    "controlled values are vocabulary tokens; rich text is cleaned; the ZIP code fills city, "
    "state, county and point as in the admin. A Wagtail revision and an audit log entry. " + BEARER,
    parameters=[KIND_PARAMETER],
    request={"application/json": {"type": "object"}},
    responses={
        201: OpenApiResponse(ListingSerializer, description="Created; `Location` names it."),
        400: BAD_BODY,
        **AUTH_ERRORS,
    },
    examples=[OpenApiExample("A new attorney", value=NEW_LISTING, request_only=True)],
)
patch_schema = extend_schema(
    operation_id="listing_update",
    summary="Change a listing (a new draft revision)",
    description="Changes the fields given, leaving the others as they are. A published listing "
    "stays public as it was until a vetter approves the change (@workflow). Giving `phones` or "
    "`bar_admissions` replaces them all. " + BEARER,
    parameters=[*LISTING_PARAMETERS, IF_MATCH, PREFER],
    request={"application/json": {"type": "object"}},
    responses={
        200: ListingSerializer,
        204: OpenApiResponse(description="Changed; `ETag` names the new revision."),
        400: BAD_BODY,
        **AUTH_ERRORS,
        404: error("No such listing."),
        409: error("Locked by someone else (@lock)."),
        412: error("If-Match names an older revision."),
    },
    examples=[
        OpenApiExample(
            "New hours",
            value={"hours": "Mon-Fri 9am-5pm", "accepting_clients": True},
            request_only=True,
        )
    ],
)
delete_schema = extend_schema(
    operation_id="listing_delete",
    summary="Delete a listing",
    description="Deletes the listing and its translations. A published listing needs the "
    "publish permission (a vetter). " + BEARER,
    parameters=[*LISTING_PARAMETERS, IF_MATCH],
    responses={
        204: None,
        **AUTH_ERRORS,
        404: error("No such listing."),
        409: error("Locked."),
        412: error("Changed since."),
    },
)
