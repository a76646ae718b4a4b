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
