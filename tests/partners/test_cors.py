"""CORS for /api/ by the keys' allowed origins: a key's own origins get the headers, a foreign
origin none; preflights are answered for registered origins; never credentials."""

import pytest

from partners.models import PartnerKey
from tests.partners.keys import FOREIGN_ORIGIN, PARTNER_ORIGIN, assert_error, auth

pytestmark = pytest.mark.django_db
URL = "/api/directory/consulates/mexico-newark"


def cors(response) -> dict:
    return {k: v for k, v in response.items() if k.lower().startswith("access-control-")}


def test_a_keys_origin_gets_the_cors_headers(client, consulate, make_key):
    _row, key = make_key(tier=PartnerKey.Tier.PARTNER, origins=[PARTNER_ORIGIN])
    response = client.get(URL, HTTP_ORIGIN=PARTNER_ORIGIN, **auth(key))
    assert response.status_code == 200 and "liaison" in response.json()
    assert response["Access-Control-Allow-Origin"] == PARTNER_ORIGIN
    assert set(response["Access-Control-Expose-Headers"].split(", ")) >= {
        "ETag",
        "Content-Language",
        "Retry-After",
    }
    assert "Access-Control-Allow-Credentials" not in response
    assert {"Origin", "Authorization"} <= {v.strip() for v in response["Vary"].split(",")}


def test_a_foreign_origin_gets_none(client, consulate, make_key):
    _row, key = make_key(origins=[PARTNER_ORIGIN])
    make_key(name="Elsewhere's key", origins=[FOREIGN_ORIGIN])
    # A key used from an origin it is not bound to, even one another key lists: no CORS.
    response = client.get(URL, HTTP_ORIGIN=FOREIGN_ORIGIN, **auth(key))
    assert response.status_code == 200
    assert cors(response) == {}
    # Nor from an origin no key lists, with or without a key.
    assert cors(client.get(URL, HTTP_ORIGIN="https://unknown.example.net", **auth(key))) == {}
    assert cors(client.get(URL, HTTP_ORIGIN="https://unknown.example.net")) == {}
    assert "Origin" in response["Vary"]


def test_origins_match_exactly(client, consulate, make_key):
    _row, key = make_key(origins=[PARTNER_ORIGIN])
    for origin in (
        "http://partner.example.org",
        "https://partner.example.org:8443",
        "https://evil.partner.example.org",
        "null",
    ):
        assert cors(client.get(URL, HTTP_ORIGIN=origin, **auth(key))) == {}, origin


def test_anonymous_requests_from_a_registered_origin(client, consulate, make_key):
    """An embed's public GET without a key: allowed from partner origins, and still public and
    cacheable (the answer varies by Origin)."""
    make_key(origins=[PARTNER_ORIGIN])
    response = client.get(URL, HTTP_ORIGIN=PARTNER_ORIGIN)
    assert response["Access-Control-Allow-Origin"] == PARTNER_ORIGIN
    assert "ETag" in response and response["Cache-Control"].startswith("public")
    assert "Origin" in response["Vary"]
    again = client.get(URL, HTTP_ORIGIN=PARTNER_ORIGIN, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == PARTNER_ORIGIN


def test_errors_carry_the_headers_so_the_page_can_read_them(client, make_key):
    _row, key = make_key(origins=[PARTNER_ORIGIN], rate="1/min")
    assert client.get("/api/@health", HTTP_ORIGIN=PARTNER_ORIGIN, **auth(key)).status_code == 200
    throttled = client.get("/api/@health", HTTP_ORIGIN=PARTNER_ORIGIN, **auth(key))
    assert throttled.status_code == 429
    assert throttled["Access-Control-Allow-Origin"] == PARTNER_ORIGIN
    assert "Retry-After" in throttled["Access-Control-Expose-Headers"]
    bad = client.get("/api/@search", {"radius": "x"}, HTTP_ORIGIN=PARTNER_ORIGIN)
    assert_error(bad, 400, "BadRequest")
    assert bad["Access-Control-Allow-Origin"] == PARTNER_ORIGIN


def test_a_revoked_keys_origin_loses_cors(client, consulate, make_key):
    row, key = make_key(origins=[PARTNER_ORIGIN])
    row.active = False
    row.save()
    response = client.get(URL, HTTP_ORIGIN=PARTNER_ORIGIN, **auth(key))
    assert_error(response, 401, "Unauthorized")
    assert cors(response) == {}
    assert cors(client.get(URL, HTTP_ORIGIN=PARTNER_ORIGIN)) == {}
    assert cors(preflight(client, PARTNER_ORIGIN)) == {}


def preflight(client, origin, url=URL):
    return client.options(
        url,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, accept-language",
    )


def test_preflight_for_a_registered_origin(client, make_key):
    make_key(tier=PartnerKey.Tier.PARTNER, origins=[PARTNER_ORIGIN, "http://localhost:8080"])
    response = preflight(client, PARTNER_ORIGIN)
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == PARTNER_ORIGIN
    headers = {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "accept-language", "if-none-match"} <= headers
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert int(response["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in response
    local = preflight(client, "http://localhost:8080", url="/api/@suggestions")
    assert local["Access-Control-Allow-Origin"] == "http://localhost:8080"


def test_preflight_for_a_foreign_origin(client, make_key):
    make_key(origins=[PARTNER_ORIGIN])
    response = preflight(client, FOREIGN_ORIGIN)
    assert response.status_code == 204
    assert cors(response) == {}


def test_no_cors_outside_the_api(client, make_key):
    make_key(origins=[PARTNER_ORIGIN])
    response = client.get("/admin/login/", HTTP_ORIGIN=PARTNER_ORIGIN)
    assert cors(response) == {}
