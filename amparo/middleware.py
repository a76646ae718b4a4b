"""Requests no view should ever see: a NUL in the path, a URL too long, a body over
``DATA_UPLOAD_MAX_MEMORY_SIZE``.

Each used to end somewhere it should not: a NUL reached a database query (PostgreSQL refuses NUL
in any string: a 500), and Django answered a too large body with its HTML 400 page, even under
/api/. Here they get a plain answer before any view runs: under /api/ in the API's one error
shape (api/errors.py), elsewhere a short page. gunicorn refuses a request line over its
``limit_request_line`` (4,094 bytes) itself with its own HTML 414 before Django sees it; a URL
between the two limits gets this one (as any URL over it does under runserver).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from api.errors import error_body

# The path and query string as sent. Browsers and proxies have long kept to about 2,000; the
# longest URL the API is meant for (a referral sheet of 8 UIDs, a search) is far shorter.
MAX_URL_LENGTH = 2048


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if is_api(request):
        response = JsonResponse(error_body(status, message), status=status)
    else:
        response = HttpResponse(
            f"<!doctype html><title>{status}</title><p>{escape(message)}</p>",
            status=status,
            content_type="text/html; charset=utf-8",
        )
    response["Cache-Control"] = "no-store"
    return response


def body_over_limit(request: HttpRequest) -> bool:
    """Whether the declared body is over Django's limit, which it would find reading the body
    (RequestDataTooBig: its HTML 400). A multipart body is left to Django, whose limit there
    counts only the fields that are not files (an upload may be larger); the API takes none
    (415). Without a Content-Length, Django reads no body."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or request.content_type == "multipart/form-data":
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > limit


class BadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.get_full_path()) > MAX_URL_LENGTH:
            return refuse(
                request,
                414,
                _("The URL is longer than %(limit)s characters.")
                % {"limit": f"{MAX_URL_LENGTH:,}"},
            )
        if "\x00" in request.path_info:
            # A NUL names nothing here; a query with it fails on PostgreSQL.
            return refuse(request, 404, _("Nothing is found at this address."))
        if body_over_limit(request):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            return refuse(
                request,
                413,
                _("The request body is larger than %(limit)s bytes.") % {"limit": f"{limit:,}"},
            )
        return self.get_response(request)
