"""How the writes look in the OpenAPI schema and the docs page: each with an example, its
answers and the errors a client meets."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema

from api.errors import ErrorSerializer
from api.serializers import ListingSerializer
from api.views.directory import KIND_PARAMETER, SLUG_PARAMETER
from api.workflow import TITLES


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
TRANSITION_PARAMETER = OpenApiParameter(
    "transition", str, OpenApiParameter.PATH, enum=list(TITLES), description="The transition."
)
VERSION_PARAMETER = OpenApiParameter(
    "version", int, OpenApiParameter.PATH, description="The revision's number (@history)."
)
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

TRANSITION = {
    "type": "object",
    "properties": {
        "action": {"type": "string"},
        "actor": {"type": "string", "nullable": True},
        "comment": {"type": "string"},
        "review_state": {"type": "string", "nullable": True},
        "time": {"type": "string", "format": "date-time"},
        "title": {"type": "string"},
    },
}
WORKFLOW = {
    "type": "object",
    "properties": {
        "@id": {"type": "string", "format": "uri"},
        "state": {
            "type": "string",
            "enum": ["published", "pending", "private", "unverified", "expired", "inactive"],
        },
        "history": {"type": "array", "items": TRANSITION},
        "transitions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "@id": {"type": "string", "format": "uri"},
                    "title": {"type": "string"},
                },
            },
        },
    },
}
SERVICE_ERRORS = {**AUTH_ERRORS, 404: error("No such listing.")}

workflow_schema = extend_schema(
    operation_id="listing_workflow",
    summary="A listing's workflow state and transitions",
    description="Its review state, its workflow events, and the transitions this user may take "
    "now (each an `@id` to POST to). " + BEARER,
    parameters=LISTING_PARAMETERS,
    responses={200: WORKFLOW, **SERVICE_ERRORS},
)
transition_schema = extend_schema(
    operation_id="listing_transition",
    summary="Take a workflow transition",
    description="`submit` (into vetting), `approve` (a vetter: publishes, stamps last verified "
    "and verified by), `reject` (back to the editor; `comment` required), `verify` (a vetter: "
    "re-verified unchanged), `unpublish`. Only a transition @workflow offers this user now is "
    "accepted (else 403). " + BEARER,
    parameters=[*LISTING_PARAMETERS, TRANSITION_PARAMETER],
    request={"application/json": {"type": "object", "properties": {"comment": {"type": "string"}}}},
    responses={200: TRANSITION, 400: BAD_BODY, **SERVICE_ERRORS},
    examples=[
        OpenApiExample(
            "Request changes",
            value={"comment": "The phone number rings a fax machine."},
            request_only=True,
        )
    ],
)
history_schema = extend_schema(
    operation_id="listing_history",
    summary="A listing's history",
    description="Revisions, edits and workflow events, newest first; a revision links to its "
    "content (`@history/<version>`). " + BEARER,
    parameters=LISTING_PARAMETERS,
    responses={200: {"type": "array", "items": TRANSITION}, **SERVICE_ERRORS},
)
revision_schema = extend_schema(
    operation_id="listing_revision",
    summary="One past revision of a listing",
    description="The listing as that revision had it. " + BEARER,
    parameters=[*LISTING_PARAMETERS, VERSION_PARAMETER],
    responses={200: ListingSerializer, **SERVICE_ERRORS},
)
LOCK = {
    "type": "object",
    "properties": {
        "locked": {"type": "boolean"},
        "creator": {"type": "string", "nullable": True},
        "time": {"type": "string", "nullable": True, "format": "date-time"},
        "stealable": {"type": "boolean"},
        "message": {"type": "string", "nullable": True},
    },
}


def lock_schema(summary: str):
    return extend_schema(
        summary=summary,
        description="Wagtail's lock, as the admin's lock button sets it. " + BEARER,
        parameters=LISTING_PARAMETERS,
        request=None,
        responses={200: LOCK, 409: error("Locked by someone else."), **SERVICE_ERRORS},
    )
