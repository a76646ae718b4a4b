"""Rate limits (DRF throttling in the default cache): per key at its own rate, per client
without one; over the limit, 429 in the error shape with Retry-After."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from partners.models import PartnerKey
from tests import caches as test_caches
from tests.partners.keys import assert_error, auth

pytestmark = pytest.mark.django_db
URL = "/api/@health"


def test_a_key_is_throttled_at_its_own_rate(client, make_key):
    _row, key = make_key(rate="2/min")
    _other, other_key = make_key(name="Other", rate="2/min")
    assert [client.get(URL, **auth(key)).status_code for _ in range(2)] == [200, 200]
    response = client.get(URL, **auth(key))
    body = assert_error(response, 429, "TooManyRequests")
    assert body["message"].startswith("Too many requests from this API key.")
    assert 0 < int(response["Retry-After"]) <= 60
    # Another key, and clients without a key, have their own counts.
    assert client.get(URL, **auth(other_key)).status_code == 200
    assert client.get(URL).status_code == 200


def test_a_bare_number_is_per_hour(client, make_key):
    row, key = make_key(rate="1")
    assert row.rate_limit == "1/hour"
    assert client.get(URL, **auth(key)).status_code == 200
    response = client.get(URL, **auth(key))
    assert response.status_code == 429
    assert 3500 < int(response["Retry-After"]) <= 3600


@override_settings(AMPARO_PARTNER_KEY_RATE="1/min", AMPARO_PUBLIC_KEY_RATE="3/min")
def test_without_its_own_rate_a_key_has_its_tiers(client, make_key):
    _row, partner = make_key(tier=PartnerKey.Tier.PARTNER)
    _row, public = make_key(name="Public")
    assert [client.get(URL, **auth(partner)).status_code for _ in range(2)] == [200, 429]
    assert [client.get(URL, **auth(public)).status_code for _ in range(4)] == [200] * 3 + [429]


def test_clients_without_a_key_are_throttled_by_address(client, settings):
    settings.AMPARO_ANON_RATE = "2/min"
    here = {"REMOTE_ADDR": "203.0.113.9"}
    assert [client.get(URL, **here).status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/@search", **here)
    body = assert_error(response, 429, "TooManyRequests")
    assert body["message"].startswith("Too many requests from this client.")
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    assert client.get(URL, REMOTE_ADDR="203.0.113.10").status_code == 200
    # Even an If-None-Match that would be a 304 counts.
    assert client.get(URL, HTTP_IF_NONE_MATCH="*", **here).status_code == 429


def test_a_throttled_key_is_not_a_throttled_client(client, settings, make_key):
    settings.AMPARO_ANON_RATE = "1/min"
    _row, key = make_key(rate="5/min")
    assert client.get(URL).status_code == 200
    assert client.get(URL).status_code == 429
    assert client.get(URL, **auth(key)).status_code == 200


def test_the_cache_never_holds_an_address(client, settings):
    settings.AMPARO_ANON_RATE = "5/min"
    client.get(URL, REMOTE_ADDR="203.0.113.77")
    keys = test_caches.keys("default")
    assert keys and not [k for k in keys if "203.0.113.77" in k]


def test_counts_are_shared_through_a_database_cache(client, make_key):
    """With AMPARO_CACHE_URL=db://..., every server process counts in the same table."""
    database_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "amparo_test_throttles",
    }
    with override_settings(CACHES={"default": database_cache, "api": database_cache}):
        call_command("createcachetable", verbosity=0)
        _row, key = make_key(rate="1/min")
        assert client.get(URL, **auth(key)).status_code == 200
        with connection.cursor() as cursor:
            cursor.execute("SELECT cache_key FROM amparo_test_throttles")
            stored = [row[0] for row in cursor.fetchall()]
        assert [k for k in stored if "throttle_api-key" in k]
        assert client.get(URL, **auth(key)).status_code == 429


def test_refused_keys_count_against_the_anonymous_rate(client, settings, make_key):
    """Guessing keys is no way round the anonymous rate: each refused key counts for its
    address, in the same count as its requests without a key."""
    settings.AMPARO_ANON_RATE = "3/min"
    _row, key = make_key(rate="100/min")
    here = {"REMOTE_ADDR": "203.0.113.20"}
    wrong = auth(key[:-4] + "AAAA")
    answers = [client.get(URL, **wrong, **here) for _ in range(5)]
    assert [answer.status_code for answer in answers] == [401, 401, 401, 429, 429]
    assert_error(answers[0], 401, "Unauthorized")
    body = assert_error(answers[3], 429, "TooManyRequests")
    assert body["message"].startswith("Too many requests from this client.")
    assert 0 < int(answers[3]["Retry-After"]) <= 60
    # The same address without a key is over its rate too; another address is not, and the
    # right key still works from here.
    assert client.get(URL, **here).status_code == 429
    assert client.get(URL, REMOTE_ADDR="203.0.113.21", **wrong).status_code == 401
    assert client.get(URL, **auth(key), **here).status_code == 200


def test_without_an_anonymous_rate_a_refused_key_is_always_a_401(client, settings):
    settings.AMPARO_ANON_RATE = ""
    statuses = {client.get(URL, HTTP_AUTHORIZATION="Api-Key amp_nothing").status_code}
    statuses |= {client.get(URL, HTTP_AUTHORIZATION="Api-Key ").status_code for _ in range(3)}
    assert statuses == {401}
