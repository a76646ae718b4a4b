"""When the database is down, every request answers a clean 503, and the site recovers by itself.

- ``is_unavailable(error)``: the database cannot serve now (no connection, a connection lost, a
  statement cancelled, a lock or serialization conflict, or a server that is read-only, as in
  recovery). Transient: 503 with ``Retry-After``, never a 500 with a traceback.
- ``is_read_only(error)``: a write refused because this database (or this role) only reads: a
  hot standby, a role granted only SELECT, a read-only SQLite file. The read path tolerates these
  for its one incidental write (a partner key's day of use).
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
import time

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER = 5  # seconds: a restart or a fail-over usually takes about this long
API_PREFIX = "/api/"
# PostgreSQL SQLSTATEs: 25006 read_only_sql_transaction (a hot standby, a server in recovery),
# 42501 insufficient_privilege (a role granted only SELECT), 55P03 lock_not_available.
READ_ONLY_STATES = {"25006", "42501", "55P03"}
SQLITE_READ_ONLY = ("attempt to write a readonly database", "database is locked")
_LOG_EVERY = 10.0  # seconds: one line, not one per request, while the database is down
_last_logged = 0.0


def _sqlstate(error: BaseException) -> str | None:
    return getattr(error.__cause__, "sqlstate", None) or getattr(error, "sqlstate", None)


def is_unavailable(error: BaseException | None) -> bool:
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DatabaseError) and _sqlstate(error) == "25006"


def is_read_only(error: BaseException) -> bool:
    if not isinstance(error, DatabaseError):
        return False
    if _sqlstate(error) in READ_ONLY_STATES:
        return True
    return isinstance(error, OperationalError) and str(error).startswith(SQLITE_READ_ONLY)


def note(error: BaseException, request: HttpRequest) -> None:
    """One warning line (no traceback) every few seconds per process while the database is
    down: thousands of tracebacks a second would bury the log that says what happened."""
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= _LOG_EVERY:
        _last_logged = now
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        logger.warning(
            "Database unavailable (%s: %s), answering 503: %s %s",
            type(error).__name__,
            message,
            request.method,
            request.path,
        )


def unavailable_message() -> str:
    return _("The directory is briefly unavailable. Please try again in a few seconds.")


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
