"""HTTP caching for anonymous GETs: an ETag per (public version, URL, language), answered with a
304 before any work is done, and a short public max-age that never outlives the next moment a
listing falls due for review. The rendered answer is also kept in the "api" cache under its ETag,
so a repeated public request costs one small query; since the ETag moves on with every publish
and every expiry (the next due moment is part of the version's token, computed on read when it is
not recorded: directory/models/version.py), a kept answer is never stale, and nothing is written
to find that out."""

import hashlib
import json

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, router, transaction
from django.http import HttpResponse
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException

from directory.db_faults import is_read_only
from directory.models.version import Version

MAX_AGE = 60


MAX_KEPT_BYTES = 512 * 1024


class NotModified(APIException):
    status_code = status.HTTP_304_NOT_MODIFIED


class Kept(Exception):
    """Raised before any work when the answer for this ETag is already rendered."""

    def __init__(self, response: HttpResponse):
        self.response = response


def _key(etag: str) -> str:
    return f"api:{etag.strip(chr(34))}"


def kept(etag: str) -> HttpResponse | None:
    if not settings.AMPARO_API_CACHE_ENTRIES:
        return None
    found = caches["api"].get(_key(etag))
    if found is None:
        return None
    content, content_type = found
    return HttpResponse(content, content_type=content_type)


def keep(etag: str, response) -> None:
    """Keep a rendered 200 answer (not streamed, not huge) under its ETag."""
    if not settings.AMPARO_API_CACHE_ENTRIES or response.status_code != 200:
        return
    if response.streaming or len(response.content) > MAX_KEPT_BYTES:
        return
    _keep_in(caches["api"], _key(etag), (response.content, response["Content-Type"]))


def _keep_in(cache, key: str, value, timeout=DEFAULT_TIMEOUT) -> None:
    """Keep ``value`` in ``cache``, for a read that may not be able to write. A database cache
    writes to the primary: where the whole site reads from a read-only database the write is
    refused and the value simply not kept (in a savepoint of its own, so the request's
    transaction goes on). It is no directory write: the request's other reads stay on its read
    replica (amparo/replicas.py)."""
    if not isinstance(cache, DatabaseCache):
        cache.set(key, value, timeout)
        return
    try:
        with transaction.atomic(using=router.db_for_write(cache.cache_model_class)):
            cache.set(key, value, timeout)
    except DatabaseError as error:
        if not is_read_only(error):
            raise


# Kept counts: a search's total and raw facet counts, shared by every process (the "default"
# cache: Redis, or the database cache in a deployment without Redis), so paging through a result,
# sorting it another way or asking for its facets again costs no count query. Public tier only,
# under the same public version token as the ETags: a publish or a listing falling due moves the
# token, so a kept count is never stale either.
COUNTS_TIMEOUT = 600


def counts_key(version: Version, language: str, match: dict) -> str:
    """The key of a public search's counts: the version, the language, and what decides the
    match (``match``: JSON-able, already normalized by the caller)."""
    described = json.dumps([version.token, language, "public", match], sort_keys=True)
    return "counts:" + hashlib.sha256(described.encode()).hexdigest()[:40]


def kept_counts(key: str | None) -> dict:
    """What is kept under ``key``: ``{"total": n, "facets": {name: [(value, count)]}}``, any
    part possibly missing; empty when nothing is kept or keeping is off."""
    if key is None or not settings.AMPARO_API_CACHE_ENTRIES:
        return {}
    return caches["default"].get(key) or {}


def keep_counts(key: str | None, counts: dict) -> None:
    """Keep a public search's counts (not kept where the database refuses the write)."""
    if key is None or not settings.AMPARO_API_CACHE_ENTRIES:
        return
    _keep_in(caches["default"], key, counts, COUNTS_TIMEOUT)


def is_anonymous(request) -> bool:
    """No API key and no admin session: the public tier, whose answers may be shared."""
    user = getattr(request._request, "user", None)
    return "Authorization" not in request.headers and not (user and user.is_authenticated)


def compute_etag(request, language: str, version: Version) -> str:
    key = f"{version.token}|{language}|{request.get_full_path()}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def max_age(version: Version) -> int:
    if version.next_expiry is None:
        return MAX_AGE  # nothing public falls due by time; any change is a write, a new ETag
    seconds = int((version.next_expiry - timezone.now()).total_seconds())
    return max(0, min(MAX_AGE, seconds))


def matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in candidates or "*" in candidates
