"""One error shape for every API answer:
``{"type": "BadRequest", "message": "a sentence", "errors": [{"field", "message"}]}``.

plone.restapi ignores unknown parameters or answers 500; Amparo answers a 400 a person can act
on, and never a 500 for anything a client sends.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

from directory import db_faults as faults

logger = logging.getLogger(__name__)

TYPES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    409: "Conflict",
    412: "PreconditionFailed",
    413: "PayloadTooLarge",
    414: "URITooLong",
    415: "UnsupportedMediaType",
    429: "TooManyRequests",
    500: "InternalServerError",
    503: "ServiceUnavailable",
}


class BadRequest(exceptions.APIException):
    """A 400 with a sentence and, where it applies, the parameters at fault."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or []

    @classmethod
    def for_field(cls, field: str, message: str) -> "BadRequest":
        return cls(message, [{"field": field, "message": message}])

    @classmethod
    def for_fields(cls, errors: dict[str, list[str]]) -> "BadRequest":
        flat = [
            {"field": f, "message": f"{f}: {m}"} for f, messages in errors.items() for m in messages
        ]
        return cls(" ".join(error["message"] for error in flat), flat)


class ServiceUnavailable(exceptions.APIException):
    """The database cannot serve now (directory/db_faults.py): 503 with ``Retry-After``."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE

    def __init__(self):
        super().__init__(faults.unavailable_message())
        self.wait = faults.RETRY_AFTER  # DRF's handler turns it into Retry-After


class FieldError(serializers.Serializer):
    field = serializers.CharField()
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    """The error shape, for the OpenAPI schema."""

    type = serializers.CharField()
    message = serializers.CharField()
    errors = FieldError(many=True)


def error_body(status_code: int, message: str, errors: list[dict] | None = None) -> dict:
    return {"type": TYPES.get(status_code, "Error"), "message": message, "errors": errors or []}


def exception_handler(exc, context):
    """Any exception of an API view as an answer in the error shape. The API's base view names
    this handler as its own (``get_exception_handler``); other apps' DRF views keep DRF's."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif faults.is_unavailable(exc):
        faults.note(exc, context["request"])
        exc = ServiceUnavailable()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # unexpected: Django logs it and answers 500 (see json_server_error)
    if isinstance(exc, BadRequest):
        body = error_body(response.status_code, exc.message, exc.errors)
    elif isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"request": exc.detail}
        errors = [
            {"field": field, "message": str(message)}
            for field, messages in detail.items()
            for message in (messages if isinstance(messages, list) else [messages])
        ]
        body = error_body(400, " ".join(error["message"] for error in errors), errors)
    else:
        body = error_body(response.status_code, str(exc.detail))
    response.data = body
    return response


@csrf_exempt  # nothing is here to protect: a POST gets the 404, not Django's HTML CSRF page
def json_not_found(request, exception=None):
    """404 for any unknown URL under /api/, in the API's error shape."""
    return JsonResponse(error_body(404, f"Nothing is found at {request.path}."), status=404)


def read_only(view: Callable) -> Callable:
    """Answer a write method with a 405 in the error shape, for the few views under /api/ that
    are not ``ApiView``s (drf-spectacular's schema and docs render their errors as YAML or
    HTML)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response = JsonResponse(
                error_body(405, f'Method "{request.method}" not allowed.'), status=405
            )
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


def csrf_failure(request, reason: str = ""):
    """``CSRF_FAILURE_VIEW``: under /api/ the refusal is a 403 in the error shape, elsewhere
    Django's own page. (The API's views are exempt from the middleware and DRF checks a
    session's token itself; this keeps any view added later from answering HTML.)"""
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body(403, f"CSRF verification failed: {reason}".strip()), status=403
        )
    return django_csrf_failure(request, reason=reason)


def json_server_error(request):
    return JsonResponse(error_body(500, "Something went wrong on our side."), status=500)
