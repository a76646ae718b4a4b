"""When the database is down, every request answers a clean 503, and the site recovers by itself.

- What counts as "the database cannot serve now" is ``directory/db_faults.py`` (every layer asks
  it).
- ``DatabaseUnavailableMiddleware`` turns a view's such error into the 503: JSON in the API's
  error shape under ``/api/``, else the plain ``503.html`` page, rendered without the database.
- ``server_error`` (``handler500``) does the same for errors raised by other middleware (a
  session saved on the way out, CORS looking up origins), which Django turns into a 500 before an
  outer middleware could see them; any other error under ``/api/`` is a JSON 500.

Nothing needs restarting when the database returns: Django opens connections per request and,
with ``CONN_HEALTH_CHECKS``, drops a persistent connection that stopped working (settings.py).
"""

import logging
import sys

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from directory.db_faults import RETRY_AFTER, is_unavailable, note, unavailable_message

API_PREFIX = "/api/"


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer, made without touching the database (no session, no user, no page)."""
    if request.path.startswith(API_PREFIX):
        body = {"type": "ServiceUnavailable", "message": unavailable_message(), "errors": []}
        if request.path.rstrip("/").endswith("@health"):
            body |= {"status": "unavailable", "database": "down"}
        response = JsonResponse(body, status=503)
    else:
        # No request in the context: context processors (user, messages) would read the session.
        html = loader.render_to_string("503.html", {"message": unavailable_message()})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Placed first in ``MIDDLEWARE``; its ``process_exception`` catches a view's error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not is_unavailable(exception):
            return None
        note(exception, request)
        return unavailable_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: errors outside a view (other middleware) reach Django's handler, not
    ``process_exception``; the error being handled is ``sys.exc_info()``."""
    error = sys.exc_info()[1]
    if is_unavailable(error):
        note(error, request)
        return unavailable_response(request)
    if request.path.startswith(API_PREFIX):
        from api.errors import json_server_error

        return json_server_error(request)
    return defaults.server_error(request)


class QuietWhenUnavailable(logging.Filter):
    """On ``django.request``: a 503 for a database that is down is logged by ``note`` as one
    line every few seconds; Django's own records of it would be a line per request, with a
    traceback for those that went through ``handler500``."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not is_unavailable(error) and getattr(record, "status_code", None) != 503
