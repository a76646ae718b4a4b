"""What a database error means, for every layer: the database cannot serve now, or refused a
write because it only reads.

- ``is_unavailable(error)``: the database cannot serve now (no connection, a connection lost, a
  statement cancelled, a lock or serialization conflict, or a server that is read-only, as in
  recovery). Transient: 503 with ``Retry-After``, never a 500 with a traceback.
- ``is_read_only(error)``: a write refused because this database (or this role) only reads: a
  hot standby, a role granted only SELECT, a read-only SQLite file. The read path tolerates these
  for its one incidental write (a partner key's day of use).

Here, in the lowest layer, so that the API's error handler and the partner keys can ask without
importing the site's wiring (``amparo/faults.py`` answers the 503s with these).
"""

import logging
import time

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER = 5  # seconds: a restart or a fail-over usually takes about this long
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
