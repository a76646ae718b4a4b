"""Read replicas (``DATABASE_REPLICA_URLS``): anonymous reads may go to a PostgreSQL replica,
everything else stays on the primary (``default``).

``ReplicaMiddleware`` decides, from the request alone and without a query, whether a request is
an *anonymous read*: GET or HEAD, no ``Authorization`` header (login token, partner key), no
session cookie (the admin, logged-in staff) and not under ``/admin/``. For such a request it
picks one replica (round robin) and holds it in a context variable for the whole request,
streamed body included; ``ReplicaRouter`` reads it. One replica per request matters: the
public version (the ETag and the kept answer's key) and the answer are then read from the same
copy, so a lagging replica can serve an older answer under its older key, never an older
answer under a newer key.

The router sends to the primary: every write; every read outside such a request (commands,
migrations, threads, the cron job); every read inside a transaction or atomic block on the
primary; and every read after the request wrote a row (read your own writes). An entry of the
database cache (kept counts, throttle histories) is no directory write: after one, only the
cache's own reads go to the primary. Migrations never run on a replica. A replica that fails (a
503 whose replica then does not answer a probe) is skipped by the process for ``DOWN_SECONDS``
and the request answered again without it (by another replica, else the primary), unless it
wrote anything. With no replica configured neither class is installed (settings.py): the
behaviour is exactly that of a single database.
"""

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import FileResponse, HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

READ_METHODS = frozenset({"GET", "HEAD"})
# A replica found unreachable is skipped by this process for so long.
DOWN_SECONDS = 30
# Pages that are never public: the Wagtail admin (its login page included).
PRIMARY_PREFIXES = ("/admin/",)


@dataclass
class Route:
    """The replica chosen for one anonymous read request, and what it has written since: rows
    (``wrote``: every later read goes to the primary), or only entries of the database cache
    (``kept``: kept counts, throttle histories; no directory write, so only the cache's own
    later reads go to the primary, where a throttle reads back the count it wrote)."""

    replica: str
    wrote: bool = False
    kept: bool = False


_route: ContextVar[Route | None] = ContextVar("amparo_replica_route", default=None)


def replicas() -> list[str]:
    return list(getattr(settings, "AMPARO_READ_REPLICAS", []))


# Replica alias -> until when (time.monotonic()) this process skips it.
_down: dict[str, float] = {}


def healthy_replicas() -> list[str]:
    now = time.monotonic()
    return [alias for alias in replicas() if _down.get(alias, 0.0) <= now]


def reachable(alias: str) -> bool:
    """Whether the replica answers now (its connection is opened if need be)."""
    connection = connections[alias]
    try:
        connection.ensure_connection()
    except DatabaseError:
        return False
    return connection.is_usable()


def mark_down(alias: str) -> None:
    _down[alias] = time.monotonic() + DOWN_SECONDS
    connections[alias].close()
    logger.warning("Read replica %s is unreachable: skipped for %s s.", alias, DOWN_SECONDS)


class _RoundRobin:
    def __init__(self):
        self._lock = threading.Lock()
        self._aliases: tuple[str, ...] = ()
        self._cycle: Iterator[str] = iter(())

    def next(self, aliases: list[str]) -> str | None:
        if not aliases:
            return None
        with self._lock:
            if tuple(aliases) != self._aliases:
                self._aliases = tuple(aliases)
                self._cycle = itertools.cycle(self._aliases)
            return next(self._cycle)


_next_replica = _RoundRobin()


def is_anonymous_read(request: HttpRequest) -> bool:
    """Decided from the request line, headers and cookies only: no query."""
    return (
        request.method in READ_METHODS
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(PRIMARY_PREFIXES)
    )


@contextmanager
def replica_reads(alias: str | None = None):
    """Reads inside go to a replica (``alias``, else the next one not found down: none left,
    the primary), as in an anonymous read request; yields the route (None: the primary)."""
    chosen = alias or _next_replica.next(healthy_replicas())
    token = _route.set(Route(chosen) if chosen else None)
    try:
        yield _route.get()
    finally:
        _route.reset(token)


def _streamed_within(route: Route, chunks: Iterable) -> Iterator:
    """A streamed body is read after the middleware returned: each chunk is made in the
    request's context (the same replica), so an export streams from the replica too."""
    iterator = iter(chunks)
    while True:
        token = _route.set(route)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _route.reset(token)
        yield chunk


class ReplicaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        if not replicas():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_anonymous_read(request):
            return self.get_response(request)
        with replica_reads() as route:
            response = self.get_response(request)
        if route is not None and self.replica_failed(route, response):
            # Nothing was written (a GET that wrote is not repeated): answer again, without it.
            mark_down(route.replica)
            return self(request)
        if response.streaming and not response.is_async and not isinstance(response, FileResponse):
            # (A file is sent as it is, by the server's file wrapper: no query.)
            response.streaming_content = _streamed_within(route, response.streaming_content)
        return response

    @staticmethod
    def replica_failed(route: Route, response: HttpResponse) -> bool:
        """A 503 (the database could not serve: amparo/faults.py) of a request that wrote
        nothing, whose replica does not answer a probe."""
        wrote = route.wrote or route.kept
        return response.status_code == 503 and not wrote and not reachable(route.replica)


def _in_transaction() -> bool:
    return connections[DEFAULT_DB_ALIAS].in_atomic_block


def _is_cache(model) -> bool:
    """The database cache's table (Django routes it as the model of app ``django_cache``)."""
    return model._meta.app_label == "django_cache"


class ReplicaRouter:
    """Installed with ``DATABASE_ROUTERS`` only when replicas are configured."""

    def db_for_read(self, model, **hints) -> str:
        route = _route.get()
        if route is None or route.wrote or _in_transaction():
            return DEFAULT_DB_ALIAS
        if route.kept and _is_cache(model):
            return DEFAULT_DB_ALIAS
        return route.replica

    def db_for_write(self, model, **hints) -> str:
        route = _route.get()
        if route is not None and _is_cache(model):
            route.kept = True
        elif route is not None:
            route.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Replicas hold the primary's rows: an object read from one may relate to one written.
        pool = {DEFAULT_DB_ALIAS, *replicas()}
        if obj1._state.db in pool and obj2._state.db in pool:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool | None:
        return False if db in replicas() else None
