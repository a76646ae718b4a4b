"""AMPARO_CACHE_URL: the default cache, where rate limits count, shared between processes when
a deployment says so."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from amparo.settings import cache_from_url
from tests.test_settings import manage


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
