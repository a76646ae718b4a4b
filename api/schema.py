"""OpenAPI pieces every endpoint shares, and the settings hook that keeps Wagtail's admin views
out of the schema."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from api.batching import DEFAULT_SIZE, MAX_SIZE
from api.errors import ErrorSerializer
from api.language import available_languages

LANGUAGE_PARAMETER = OpenApiParameter(
    "language",
    str,
    enum=available_languages(),
    description="Answer in this language; else Accept-Language, else the site's default.",
)
BATCH_PARAMETERS = [
    OpenApiParameter(
        "b_start",
        {"type": "integer", "minimum": 0, "default": 0},
        description="Index of the first item of the batch (0-based).",
    ),
    OpenApiParameter(
        "b_size",
        {"type": "integer", "minimum": 1, "maximum": MAX_SIZE, "default": DEFAULT_SIZE},
        description=f"Items per batch (default {DEFAULT_SIZE}, at most {MAX_SIZE}).",
    ),
]
ERROR_RESPONSE = OpenApiResponse(
    response=ErrorSerializer,
    description="A parameter or value is not accepted; the message says which and why.",
)
NOT_FOUND_RESPONSE = OpenApiResponse(
    response=ErrorSerializer, description="Nothing public is found there."
)


def only_the_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


ERROR_REF = {"$ref": "#/components/schemas/Error"}
URI_TOO_LONG = {
    "description": "The URL (path and query) is longer than 2,048 characters.",
    "content": {"application/json": {"schema": ERROR_REF}},
}
PAYLOAD_TOO_LARGE = {
    "description": "The body is larger than the server takes (2.5 MB).",
    "content": {"application/json": {"schema": ERROR_REF}},
}


def bad_input_responses(result, generator, request, public):
    """Adds the 414 every operation may give, and the 413 of those with a body, both answered
    before any view (amparo/middleware.py), so no view has to repeat them."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            operation["responses"].setdefault("414", URI_TOO_LONG)
            if "requestBody" in operation:
                operation["responses"].setdefault("413", PAYLOAD_TOO_LARGE)
    return result
