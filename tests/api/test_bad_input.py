"""Bad input never 500s or balloons (issue 12, item 6): a NUL in a path, a URL or body over the
limits, JSON nested too deeply or not an object, a body of many unknown keys. Under /api/ each is
answered in the API's one error shape; elsewhere with a short page."""

import json

import pytest
from django.core.cache import caches
from django.test import Client

from amparo.middleware import MAX_URL_LENGTH
from directory.models import Suggestion
from tests.api.test_directory import public
from tests.factories import AttorneyFactory

pytestmark = pytest.mark.django_db
SUGGESTIONS = "/api/@suggestions"


@pytest.fixture(autouse=True)
def fresh_throttle():
    """@suggestions is rate-limited in the default cache; every test starts with none used."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def client():
    # A 500 must show as a 500 here, not as the exception the test client re-raises.
    return Client(raise_request_exception=False)


def assert_api_error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"type", "message", "errors"} and body["message"]
    if field is not None:
        assert [error["field"] for error in body["errors"]] == [field], body
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/%00",
        "/api/%00/@breadcrumbs",
        "/api/directory/attorneys/%00",
        "/api/directory/attorneys/a%00b",
        "/api/@search%00",
    ],
)
def test_a_nul_in_an_api_path_is_a_json_404_before_any_query(
    client, demo_pages, path, django_assert_num_queries
):
    """PostgreSQL refuses NUL in any string: the page traversal's query was a 500 there."""
    with django_assert_num_queries(0):
        response = client.get(path)
    assert_api_error(response, 404)


@pytest.mark.parametrize(
    "path", ["/%00", "/es/%00", "/staff/referrals/%00", "/embed/%00", "/documents/%00/x"]
)
def test_a_nul_elsewhere_is_a_plain_404_page(client, demo_pages, path, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_url_too_long_is_a_414(client):
    long = "a" * MAX_URL_LENGTH
    assert_api_error(client.get(f"/api/{long}"), 414)
    assert_api_error(client.get(f"/api/@search?SearchableText={long}"), 414)
    response = client.get(f"/{long}")
    assert response.status_code == 414 and response["Content-Type"].startswith("text/html")
    # Just under the limit is still answered by the view.
    assert_api_error(client.get("/api/" + "a" * (MAX_URL_LENGTH - 10)), 404)


def test_a_body_over_the_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"uid": "x", "message": "m" * 2000})
    response = client.post(SUGGESTIONS, body, content_type="application/json")
    assert_api_error(response, 413)
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("depth", [100_000, 2_000])
def test_json_nested_too_deeply_is_a_400(client, depth):
    for body in ("[" * depth + "]" * depth, '{"message": ' + "[" * depth + "]" * depth + "}"):
        response = client.post(SUGGESTIONS, body, content_type="application/json")
        assert_api_error(response, 400, "body")
    assert not Suggestion.objects.exists()


def test_deep_json_the_parser_takes_is_a_400_too(client):
    """Nested deeply, but not too deeply for the parser: the field is refused, nothing echoes
    the value back (its rendering would recurse as deep)."""
    listing = public(AttorneyFactory, name="Example Deep Clinic", slug="deep")
    deep = "[" * 900 + "]" * 900
    for field in ("message", "contact", "uid", "website"):
        values = {"uid": f'"{listing.translation_key.hex}"', "message": '"hello"', field: deep}
        body = "{" + ", ".join(f'"{name}": {value}' for name, value in values.items()) + "}"
        response = client.post(SUGGESTIONS, body, content_type="application/json")
        assert response.status_code in (201, 400), response.content[:300]
        assert len(response.content) < 2000


@pytest.mark.parametrize("body", ["[1, 2]", "3", '"a string"', "null", "true"])
def test_a_body_that_is_not_an_object_is_a_400(client, body):
    response = client.post(SUGGESTIONS, body, content_type="application/json")
    assert_api_error(response, 400, "body")


@pytest.mark.parametrize(
    "body", [b"\xff\xfe{}", b'{"message": "caf\xe9"}', b"{", b"NaN", b'{"uid": Infinity}']
)
def test_a_body_that_is_not_utf8_json_is_a_400_naming_the_body(client, body):
    response = client.post(SUGGESTIONS, body, content_type="application/json")
    assert_api_error(response, 400, "body")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml"]
)
def test_a_body_of_another_type_is_a_415(client, content_type):
    response = client.post(SUGGESTIONS, "uid=x&message=y", content_type=content_type)
    assert_api_error(response, 415)


def test_an_unknown_charset_is_a_400(client):
    response = client.generic(
        "POST", SUGGESTIONS, b"{}", content_type="application/json; charset=nonesuch"
    )
    assert response.status_code in (400, 415)
    assert_api_error(response, response.status_code)


def test_unknown_fields_are_named_a_few_and_counted(client):
    """A 1.7 MB body of keys got a 5.4 MB answer naming each."""
    keys = {f"key{n:06d}": 1 for n in range(50_000)}
    body = json.dumps({"uid": "x", "message": "m", **keys, "z" * 5000: 1})
    response = client.post(SUGGESTIONS, body, content_type="application/json")
    error = assert_api_error(response, 400)
    assert len(response.content) < 2000
    assert [e["field"] for e in error["errors"]] == [f"key{n:06d}" for n in range(5)]
    assert "and 49996 more" in error["message"]
