"""@login, @login-renew and @logout: a signed, expiring token; failures locked out as the
admin's are; logout and deactivation end a token at once; a bearer write needs no CSRF token,
an admin session's still does."""

from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory, editor

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-1"  # tests/factories.py
HERE = "198.51.100.7"


def log_in(client: Client, login: str, password: str = PASSWORD, address: str = HERE):
    return client.post(
        "/api/@login",
        {"login": login, "password": password},
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def maria(db):
    return editor(username="maria", first_name="Maria")


def test_login_answers_a_token_that_authenticates_as_the_user(client, maria):
    response = log_in(client, "maria")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = response.json()["token"]
    claims = jwt.decode(token, settings.SECRET_KEY, algorithms=["HS256"], audience="amparo-api")
    assert claims["sub"] == str(maria.pk)
    assert claims["exp"] - claims["iat"] == 12 * 3600
    # The token makes the editor tier: drafts are visible.
    search = client.get("/api/@search", **bearer(token))
    assert search.status_code == 200 and search["Cache-Control"] == "no-store"
    renewed = client.post("/api/@login-renew", **bearer(token))
    assert renewed.status_code == 200 and renewed.json()["token"]


def test_wrong_password_is_401_and_five_lock_the_name_out_from_that_address(client, maria):
    statuses = [log_in(client, "maria", "wrong").status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    locked = log_in(client, "maria")  # the right password, still refused
    assert locked.status_code == 429
    assert locked.json()["type"] == "TooManyRequests"
    assert "15 minutes" in locked.json()["message"]
    # Another address is not locked out (as at the admin).
    assert log_in(client, "maria", address="198.51.100.8").status_code == 200


def test_malformed_login_is_400(client, maria):
    response = client.post("/api/@login", {"login": "maria"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "password"
    assert client.post("/api/@login", "[1]", content_type="application/json").status_code == 400


def test_logout_ends_every_token_at_once(client, maria):
    token = log_in(client, "maria").json()["token"]
    assert client.post("/api/@logout", **bearer(token)).status_code == 204
    refused = client.get("/api/@search", **bearer(token))
    assert refused.status_code == 401
    assert "revoked" in refused.json()["message"]
    assert client.post("/api/@login-renew", **bearer(token)).status_code == 401
    # A new login works again.
    fresh = log_in(client, "maria").json()["token"]
    assert client.get("/api/@search", **bearer(fresh)).status_code == 200


def test_a_deactivated_user_token_stops_working_at_once(client, maria):
    token = log_in(client, "maria").json()["token"]
    maria.is_active = False
    maria.save()
    assert client.get("/api/@search", **bearer(token)).status_code == 401
    assert log_in(client, "maria").status_code == 401


def test_expired_forged_and_empty_tokens_are_401(client, maria, settings):
    settings.AMPARO_API_TOKEN_HOURS = -1
    expired = log_in(client, "maria").json()["token"]
    response = client.get("/api/@search", **bearer(expired))
    assert response.status_code == 401 and "expired" in response.json()["message"]
    forged = jwt.encode(
        {"sub": str(maria.pk), "gen": 0, "aud": "amparo-api", "exp": timezone.now() + timedelta(1)},
        "not-the-secret-but-just-as-long-as-it-32",
        algorithm="HS256",
    )
    assert client.get("/api/@search", **bearer(forged)).status_code == 401
    assert client.get("/api/@search", HTTP_AUTHORIZATION="Bearer ").status_code == 401
    assert client.post("/api/@logout").status_code == 401


def test_bearer_writes_need_no_csrf_token_but_sessions_do(maria):
    browser = Client(enforce_csrf_checks=True)
    token = log_in(browser, "maria").json()["token"]
    assert browser.post("/api/@logout", **bearer(token)).status_code == 204
    # A session (the admin's) posting without its CSRF token is refused (@suggestions).
    session = Client(enforce_csrf_checks=True)
    session.force_login(UserFactory())
    refused = session.post(
        "/api/@suggestions", {"uid": "0" * 32, "message": "x"}, content_type="application/json"
    )
    assert refused.status_code == 403 and "CSRF" in refused.json()["message"]
