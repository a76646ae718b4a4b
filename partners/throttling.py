"""Rate limits of the read API (DRF throttling), counted in the ``default`` cache, which must be
shared by every server process (``AMPARO_CACHE_URL``): per key, at the key's own rate or its
tier's default; and per client without a key (``AMPARO_ANON_RATE``), by account for an admin
session, else by address. Cache keys are keyed hashes: the cache never holds an address in clear,
and nothing about a request is written anywhere else."""

from django.conf import settings
from django.utils.crypto import salted_hmac
from rest_framework.throttling import SimpleRateThrottle

from partners.authentication import request_key
from partners.models import PartnerKey


def client_address(request) -> str:
    """REMOTE_ADDR, or the address the trusted proxies saw (``AMPARO_TRUSTED_PROXIES``);
    X-Forwarded-For is ignored without them, as anyone can send it."""
    proxies = settings.AMPARO_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if addresses:
            return addresses[-min(proxies, len(addresses))]
    return request.META.get("REMOTE_ADDR", "")


def key_rate(key: PartnerKey) -> str | None:
    if key.rate_limit:
        return key.rate_limit
    if key.is_partner:
        return settings.AMPARO_PARTNER_KEY_RATE or None
    return settings.AMPARO_PUBLIC_KEY_RATE or None


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Requests with a key, at its rate; other requests are left to ``ClientRateThrottle``."""

    scope = "api-key"

    def get_rate(self):
        return None  # read from the key on each request

    def allow_request(self, request, view):
        key = request_key(request)
        if key is None:
            return True
        self.key = key
        self.rate = key_rate(key)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.key.pk}


class ClientRateThrottle(SimpleRateThrottle):
    """Requests without a key: ``AMPARO_ANON_RATE`` per client (read on every request, so
    deployments and tests can change it; empty for no limit)."""

    scope = "client"

    def get_rate(self):
        return settings.AMPARO_ANON_RATE or None

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if request_key(request) is not None:
            return None  # counted by its key
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return self.key_for(f"user:{user.pk}")
        return self.key_for(f"addr:{client_address(request)}")

    def key_for(self, ident: str) -> str:
        digest = salted_hmac("amparo.api.throttle", ident).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}


class RefusedKeyThrottle(ClientRateThrottle):
    """A request whose key is refused (unknown, malformed, revoked) counts as an anonymous
    request from its address, in the same count: guessing keys is no way round the anonymous
    rate. Called from the authentication class, before DRF knows the request's user or key,
    so it reads neither."""

    def get_cache_key(self, request, view):
        return self.key_for(f"addr:{client_address(request)}")


def count_refused_key(request) -> None:
    """Count a refused key against its address's anonymous rate; over it, a 429."""
    from rest_framework.exceptions import Throttled

    throttle = RefusedKeyThrottle()
    if not throttle.allow_request(request, None):
        raise Throttled(throttle.wait(), detail="Too many requests from this client.")
