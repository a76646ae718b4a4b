"""A database that fails answers a clean 503 everywhere (amparo/faults.py), on both engines.

Unit level: every statement on the default connection raises ``OperationalError``, as psycopg
and SQLite do when the server is gone. tests/amparo/test_database_outage.py stops a real PostgreSQL
server under a running app.
"""

import json
import logging

import pytest
from django.db import OperationalError, connection
from django.test import Client

from amparo import faults
from directory import db_faults
from tests.api.test_directory import public
from tests.factories import AttorneyFactory

pytestmark = pytest.mark.django_db

API_URLS = [
    "/api/@search?SearchableText=clinic",
    "/api/directory/attorneys/",
    "/api/@vocabularies/topics",
    "/api/hsds/services",
]
PAGES = ["/", "/es/", "/staff/referrals/", "/es/a-folder/"]


MESSAGES = {
    "The directory is briefly unavailable. Please try again in a few seconds.",
    "El directorio no está disponible por un momento. Vuelva a intentarlo en unos segundos.",
}


def database_down(execute, sql, params, many, context):
    raise OperationalError('connection to server at "127.0.0.1" failed: Connection refused')


@pytest.fixture
def down():
    # Django's test client re-raises a request's exception when Django logs one as a 500; a
    # 503 made by the middleware or handler500 must not depend on that.
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(database_down):
        yield client


def assert_api_503(response) -> dict:
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"] == str(faults.RETRY_AFTER)
    assert response["Cache-Control"] == "no-store"
    body = json.loads(response.content)
    assert body["type"] == "ServiceUnavailable"
    assert body["errors"] == []
    assert body["message"] in MESSAGES
    assert "Traceback" not in response.content.decode()
    return body


@pytest.mark.parametrize("url", API_URLS)
def test_the_api_answers_503_in_its_error_shape(down, url):
    body = assert_api_503(down.get(url))
    assert set(body) == {"type", "message", "errors"}


def test_a_partner_key_and_an_origin_answer_503_too(down):
    # The key is looked up by DRF's authentication; the origin by the CORS middleware, outside
    # the view (handler500's path).
    response = down.get("/api/@search", HTTP_AUTHORIZATION="Api-Key amp_0123abcd." + "x" * 43)
    assert_api_503(response)
    assert_api_503(down.get("/api/@search", HTTP_ORIGIN="https://partner.example.org"))
    preflight = down.options(
        "/api/@search",
        HTTP_ORIGIN="https://partner.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert_api_503(preflight)


def test_health_says_the_database_is_down(down):
    body = assert_api_503(down.get("/api/@health"))
    assert body["status"] == "unavailable" and body["database"] == "down"
    assert "ETag" not in down.get("/api/@health")


def test_health_is_ok_and_never_cached(client):
    response = client.get("/api/@health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "ETag" not in response and response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("url", PAGES)
def test_pages_answer_a_plain_503_page(down, url):
    response = down.get(url)
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Retry-After"] == str(faults.RETRY_AFTER)
    html = response.content.decode()
    assert "Briefly unavailable" in html or "No disponible por un momento" in html
    assert 'href="/static/amparo/site.css"' in html  # the site's own page, in its style
    assert "Traceback" not in html and "OperationalError" not in html


def test_the_embed_needs_no_database_and_its_api_calls_answer_503(down):
    # The embed's page and script are static; the widget's calls meet the API's 503.
    assert down.get("/embed/?kind=attorneys").status_code == 200
    assert down.get("/embed.js").status_code == 200
    assert_api_503(down.get("/api/@search?portal_type=Attorney&language=es"))


def test_the_503_page_is_in_the_readers_language(down):
    response = down.get("/es/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="es"' in html and "No disponible por un momento" in html


def test_a_signed_in_session_answers_503_too(client, editor):
    # The session and the user are read from the database by the session and auth middleware.
    client.force_login(editor)
    client.raise_request_exception = False
    with connection.execute_wrapper(database_down):
        assert client.get("/admin/").status_code == 503
        assert_api_503(client.get("/api/@search"))


def test_an_outage_is_one_log_line_not_a_traceback_per_request(down, caplog, monkeypatch):
    monkeypatch.setattr(db_faults, "_last_logged", 0.0)
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            assert down.get("/api/@search").status_code == 503
            assert down.get("/").status_code == 503
            down.get("/api/@search", HTTP_ORIGIN="https://partner.example.org")
    unavailable = [r for r in caplog.records if "Database unavailable" in r.getMessage()]
    assert len(unavailable) == 1
    assert not [r for r in caplog.records if r.exc_info]
    assert not [r for r in caplog.records if r.name == "django.request"]  # no line per request


def test_other_errors_under_the_api_are_a_json_500(client, monkeypatch):
    from api.views.directory import HealthView

    def broken(self, request):
        raise RuntimeError("a bug")

    monkeypatch.setattr(HealthView, "get", broken)
    client.raise_request_exception = False
    response = client.get("/api/@health")
    assert response.status_code == 500
    assert response.json()["type"] == "InternalServerError"


def test_the_site_answers_again_once_the_database_is_back(client):
    public(AttorneyFactory, name="Example Returning Clinic", slug="returning")
    client.raise_request_exception = False
    with connection.execute_wrapper(database_down):
        assert client.get("/api/@search?SearchableText=returning").status_code == 503
    response = client.get("/api/@search?SearchableText=returning")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Example Returning Clinic"]
