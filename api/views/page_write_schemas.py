"""How the page writes look in the OpenAPI schema and the docs page (api/views/page_writes.py)."""

from copy import copy

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema

from api.views.pages import PATH_PARAMETER
from api.views.write_schemas import AUTH_ERRORS, BAD_BODY, BEARER, IF_MATCH, PREFER, error

# The page path of the writes and the services, with an example a client (and the fuzz:
# tests/api/writing/test_fuzz.py) may try: a folder of the demo.
PAGE_PATH = copy(PATH_PARAMETER)
PAGE_PATH.examples = [OpenApiExample("A folder", value="know-your-rights")]
WRITTEN_PAGE = {
    "type": "object",
    "required": ["@id", "@type", "title", "review_state"],
    "properties": {
        "@id": {"type": "string", "format": "uri"},
        "@type": {"type": "string", "enum": ["HomePage", "FolderPage", "DocumentPage"]},
        "title": {"type": "string"},
        "review_state": {"type": "string", "enum": ["published", "private"]},
    },
}
NEW_PAGE = {
    "@type": "DocumentPage",
    "title": "Example guide to wage claims",
    "slug": "example-wage-claims",
    "summary": "What to bring to a wage claim.",
    "body": [
        {"type": "heading", "value": "Before you go"},
        {"type": "paragraph", "value": "<p>Bring your <b>pay stubs</b>.</p>"},
    ],
}
NOT_FOUND = error("No page at this path (drafts included).")

# A path that is not a page's but a service's (``@referral-sheet``, ``@search``: the schema's
# pattern excludes them, and clients and fuzzers may still send them) answers that service's 405.
SERVICE_PATH = error("The path names a service (it begins with @) that does not take this method.")
page_create_schema = extend_schema(
    operation_id="page_create",
    summary="Create a page under this page (a draft)",
    description="Creates a draft page of `@type` under the page at this path, where Wagtail's "
    "page type rules allow it (a folder takes folders and documents; a document takes none: "
    "400 naming `@type`). Fields and validation as GET /api/@types/<type> says; rich text is "
    "`{data, content-type, encoding}`, a StreamField a list of `{type, value}` blocks; both are "
    "cleaned. A Wagtail revision and audit log entries; not public until published. " + BEARER,
    parameters=[PAGE_PATH],
    request={"application/json": {"type": "object"}},
    responses={
        201: OpenApiResponse(WRITTEN_PAGE, description="Created; `Location` names it."),
        400: BAD_BODY,
        **AUTH_ERRORS,
        404: NOT_FOUND,
        405: SERVICE_PATH,
    },
    examples=[OpenApiExample("A new document", value=NEW_PAGE, request_only=True)],
)
page_update_schema = extend_schema(
    operation_id="page_update",
    summary="Change a page (a new draft revision)",
    description="Changes the fields given. A live page stays public as it was until the "
    "revision is published. " + BEARER,
    parameters=[PAGE_PATH, IF_MATCH, PREFER],
    request={"application/json": {"type": "object"}},
    responses={
        200: WRITTEN_PAGE,
        204: OpenApiResponse(description="Changed; `ETag` names the new revision."),
        400: BAD_BODY,
        **AUTH_ERRORS,
        404: NOT_FOUND,
        405: SERVICE_PATH,
        409: error("Locked by someone else."),
        412: error("If-Match names an older revision."),
    },
    examples=[OpenApiExample("A new summary", value={"summary": "Updated."}, request_only=True)],
)
page_delete_schema = extend_schema(
    operation_id="page_delete",
    summary="Delete a page",
    description="Deletes the page. A live page needs the publish permission (a vetter). " + BEARER,
    parameters=[PAGE_PATH, IF_MATCH],
    responses={
        204: None,
        **AUTH_ERRORS,
        404: NOT_FOUND,
        405: SERVICE_PATH,
        409: error("Locked."),
        412: error("Changed since."),
    },
)
