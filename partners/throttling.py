"""Rate limits of the read API (DRF throttling), counted in the ``default`` cache, which must be
shared by every server process (``AMPARO_CACHE_URL``): per key, at the key's own rate or its
tier's default; and per client without a key (``AMPARO_ANON_RATE``), by account for an admin
session, else by address. Cache keys are keyed hashes: the cache never holds an address in clear,
and nothing about a request is written anywhere else.

DRF counts by reading a client's request history from the cache and writing it back: two
processes answering the same client at once both read the same history, and one write is lost
(two gunicorn workers let 8 of 14 suggestions through a limit of 5). So each count is taken
under a short lock in the same cache (``cache.add``, which is atomic on every backend: SET NX in
Redis, the primary key in the database cache)."""

import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils.crypto import salted_hmac
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from partners.models import PartnerKey, request_key


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


def client_ident(request) -> str:
    """Who a throttle counts a request without a key against: a signed-in account by account
    (an office shares an address), anyone else by address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_address(request)}"


LOCK_SECONDS = 5  # a lock outlives a process that died holding it by this much at most
LOCK_WAIT = 2.0  # then count without it rather than keep a request waiting


@contextmanager
def cache_lock(cache, key: str) -> Iterator[None]:
    """Holds ``key`` against other processes counting the same client (see above)."""
    lock_key, token = f"{key}:lock", secrets.token_hex(8)
    deadline = time.monotonic() + LOCK_WAIT
    held = cache.add(lock_key, token, LOCK_SECONDS)
    while not held and time.monotonic() < deadline:
        time.sleep(0.005)
        held = cache.add(lock_key, token, LOCK_SECONDS)
    try:
        yield
    finally:
        if held:
            cache.delete(lock_key)


class AtomicRateThrottle(SimpleRateThrottle):
    """``SimpleRateThrottle`` whose read-count-write of a history is done under ``cache_lock``."""

    key_salt = "amparo.api.throttle"  # each throttle's own, so their hashes never meet

    def allow_request(self, request, view):
        if getattr(self, "rate", None) is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        with cache_lock(self.cache, key):
            return super().allow_request(request, view)

    def key_for(self, ident: str) -> str:
        """The cache key of ``ident``: a keyed hash, so the cache never holds an address."""
        digest = salted_hmac(self.key_salt, ident).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}


def key_rate(key: PartnerKey) -> str | None:
    if key.rate_limit:
        return key.rate_limit
    if key.is_partner:
        return settings.AMPARO_PARTNER_KEY_RATE or None
    return settings.AMPARO_PUBLIC_KEY_RATE or None


class ApiKeyRateThrottle(AtomicRateThrottle):
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


class ClientRateThrottle(AtomicRateThrottle):
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
        return self.key_for(client_ident(request))


class RefusedKeyThrottle(ClientRateThrottle):
    """A request whose key is refused (unknown, malformed, revoked) counts as an anonymous
    request from its address, in the same count: guessing keys is no way round the anonymous
    rate. Called from the authentication class, before DRF knows the request's user or key,
    so it reads neither."""

    def get_cache_key(self, request, view):
        return self.key_for(f"addr:{client_address(request)}")


def count_refused_key(request) -> None:
    """Count a refused key against its address's anonymous rate; over it, a 429."""
    throttle = RefusedKeyThrottle()
    if not throttle.allow_request(request, None):
        raise Throttled(throttle.wait(), detail="Too many requests from this client.")
