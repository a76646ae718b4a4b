"""The suite's view of a cache, whatever its backend: local memory (the default) or Redis (CI's
PostgreSQL run sets REDIS_URL). A test run on Redis has its own key prefix (tests/conftest.py),
so clearing it deletes that run's keys only, never a whole Redis database another run shares."""

from django.core.cache import caches


def _redis(alias: str):
    cache = caches[alias]
    if type(cache).__name__ != "RedisCache":
        return None, None
    return cache._cache.get_client(write=True), cache.make_key("*")


def keys(alias: str = "default") -> list[str]:
    """Every key stored in the cache (as the backend stores it)."""
    client, pattern = _redis(alias)
    if client is None:
        return list(caches[alias]._cache)  # LocMemCache's store
    return [key.decode() for key in client.scan_iter(match=pattern)]


def clear(alias: str = "default") -> None:
    client, pattern = _redis(alias)
    if client is None:
        caches[alias].clear()
        return
    found = list(client.scan_iter(match=pattern))
    if found:
        client.delete(*found)
