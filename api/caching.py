"""HTTP caching for anonymous GETs: an ETag per (public version, URL, language), answered with a
304 before any work is done, and a short public max-age that never outlives the next moment a
listing falls due for review."""

import hashlib

from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException

from directory.models import PublicVersion

MAX_AGE = 60


class NotModified(APIException):
    status_code = status.HTTP_304_NOT_MODIFIED


def is_anonymous(request) -> bool:
    """No API key and no admin session: the public tier, whose answers may be shared."""
    user = getattr(request._request, "user", None)
    return "Authorization" not in request.headers and not (user and user.is_authenticated)


def compute_etag(request, language: str, version: PublicVersion) -> str:
    key = f"{version.token}|{language}|{request.get_full_path()}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def max_age(version: PublicVersion) -> int:
    if version.next_expiry is None:
        return 0
    seconds = int((version.next_expiry - timezone.now()).total_seconds())
    return max(0, min(MAX_AGE, seconds))


def matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in candidates or "*" in candidates
