"""Which caches the settings choose: the default cache, where rate limits count, must be shared
by every server process (Redis with REDIS_URL, else the database cache in a deployment); only a
single-process development server counts in memory. AMPARO_CACHE_URL overrides the choice."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from amparo.settings import cache_from_url
from tests.amparo.fresh import settings_value
from tests.amparo.test_settings import manage


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("", "locmem.LocMemCache", None),
        ("locmem://", "locmem.LocMemCache", None),
        ("db://amparo_cache", "db.DatabaseCache", "amparo_cache"),
        ("database://", "db.DatabaseCache", "amparo_cache"),
        ("file:///var/tmp/amparo-cache", "filebased.FileBasedCache", "/var/tmp/amparo-cache"),
        ("redis://127.0.0.1:6379/1", "redis.RedisCache", "redis://127.0.0.1:6379/1"),
        ("memcached://127.0.0.1:11211", "memcached.PyMemcacheCache", "127.0.0.1:11211"),
    ],
)
def test_cache_urls(url, backend, location):
    cache = cache_from_url(url)
    assert cache["BACKEND"] == f"django.core.cache.backends.{backend}"
    assert cache.get("LOCATION") == location


@pytest.mark.parametrize("url", ["mysql://x", "file://relative", "nonsense"])
def test_unknown_cache_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured, match="AMPARO_CACHE_URL"):
        cache_from_url(url)


def test_a_bad_cache_url_stops_the_server_starting():
    result = manage("check", AMPARO_CACHE_URL="mysql://x")
    assert result.returncode != 0
    assert "AMPARO_CACHE_URL 'mysql://x' is not understood" in result.stderr


def cache_backends(**env) -> tuple[str, str]:
    """The "default" and "api" cache backends the settings choose for this environment."""
    default, api = settings_value(
        "s.CACHES['default']['BACKEND'], s.CACHES['api']['BACKEND']",
        drop={"DEBUG", "ALLOWED_HOSTS", "REDIS_URL", "AMPARO_CACHE_URL", "SECRET_KEY"},
        **env,
    ).split()
    return default.rsplit(".", 2)[-2], api.rsplit(".", 2)[-2]


DEPLOYMENT = {"ALLOWED_HOSTS": "amparo.example.org", "SECRET_KEY": "x" * 50}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        # `make run`, and the test suite: one process, local memory.
        ({"DEBUG": "1"}, ("locmem", "locmem")),
        ({}, ("locmem", "locmem")),
        # A deployment counts in the database, shared by every worker; kept answers (never
        # stale) stay per process rather than cost a query.
        (DEPLOYMENT, ("db", "locmem")),
        # Redis, when there is one, for both.
        ({**DEPLOYMENT, "REDIS_URL": "redis://127.0.0.1:6379/0"}, ("redis", "redis")),
        ({"DEBUG": "1", "REDIS_URL": "redis://127.0.0.1:6379/0"}, ("redis", "redis")),
        # AMPARO_CACHE_URL still decides the default cache when set.
        (
            {**DEPLOYMENT, "REDIS_URL": "redis://127.0.0.1:6379/0", "AMPARO_CACHE_URL": "db://"},
            ("db", "redis"),
        ),
        ({"AMPARO_CACHE_URL": "db://amparo_cache"}, ("db", "locmem")),
    ],
)
def test_the_cache_is_shared_unless_one_process_serves(env, expected):
    assert cache_backends(**env) == expected


def test_a_bad_redis_url_stops_the_server_starting():
    result = manage("check", REDIS_URL="localhost:6379")
    assert result.returncode != 0
    assert "REDIS_URL 'localhost:6379' is not a Redis URL" in result.stderr
