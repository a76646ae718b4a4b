"""``Authorization: Api-Key <key>`` for the read API. No header (or another scheme): the request
goes on to the next authenticator (an admin session) or stays anonymous, the public tier. A key
that is unknown, malformed or revoked is a 401, never a silent fall back to the public tier, so
a partner notices a revoked key at once; each such request counts against the anonymous rate of
its address (a 429 past it), so keys cannot be guessed faster than the public may read."""

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from partners.models import PartnerKey
from partners.throttling import count_refused_key

KEYWORD = "Api-Key"


def header_key(request) -> str | None:
    """The key of an ``Api-Key`` Authorization header ('' when the header names none), or None
    when there is no such header."""
    scheme, _space, key = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    if scheme.lower() != KEYWORD.lower():
        return None
    return key.strip()


class ApiKeyAuthentication(BaseAuthentication):
    """Authenticates a partner key: ``request.user`` stays anonymous (a key is no account) and
    ``request.auth`` is the ``PartnerKey``. The key is also left on the Django request for the
    CORS middleware (``amparo_api_key``)."""

    def authenticate(self, request):
        key = header_key(request)
        if key is None:
            return None
        if not key:
            self.refuse(request, f"The Authorization header names no key: send '{KEYWORD} <key>'.")
        found = PartnerKey.objects.for_key(key)
        if found is None:
            self.refuse(request, "This API key is unknown or has been revoked.")
        found.note_use()
        request._request.amparo_api_key = found
        return (AnonymousUser(), found)

    def refuse(self, request, message: str) -> None:
        count_refused_key(request)
        raise exceptions.AuthenticationFailed(message)

    def authenticate_header(self, request) -> str:
        # DRF answers 401 (not 403) only when the first authenticator names a scheme.
        return f'{KEYWORD} realm="api"'
