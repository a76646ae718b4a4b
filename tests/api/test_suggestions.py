"""``POST /api/@suggestions`` (API.md): a correction to a public listing from anyone; 201,
rate-limited, a honeypot, no personal data required or stored beyond the optional contact."""

import json
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from directory.choices import Status
from directory.models import Suggestion
from tests import caches as test_caches
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, WorkerCenterFactory

pytestmark = pytest.mark.django_db
URL = "/api/@suggestions"
NOW = timezone.now()
RECEIVED = {"@type": "Suggestion", "status": "received"}


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The rate limit counts in the default cache; every test starts with none used."""
    test_caches.clear("default")
    yield
    test_caches.clear("default")


@pytest.fixture
def listing():
    return public(AttorneyFactory, name="Example Newark Defense Clinic", slug="newark")


def post(client, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **extra)


def assert_error(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"type", "message", "errors"}
    assert body["message"]
    if field is not None:
        assert [error["field"] for error in body["errors"]] == [field], body
    return body


def test_anonymous_post_creates_a_suggestion(client, listing):
    response = post(
        client,
        {
            "uid": listing.translation_key.hex,
            "message": "  The phone number changed to (973) 555-0199.  ",
            "contact": "whatsapp +1 973 555 0123",
        },
    )
    assert response.status_code == 201
    assert response.json() == RECEIVED
    assert response["Cache-Control"] == "no-store"
    suggestion = Suggestion.objects.get()
    assert suggestion.listing_id == listing.pk
    assert suggestion.message == "The phone number changed to (973) 555-0199."
    assert suggestion.contact == "whatsapp +1 973 555 0123"
    assert suggestion.status == Suggestion.Status.NEW
    assert suggestion.closed_at is None and suggestion.closed_by is None


def test_contact_is_optional_and_nothing_about_the_sender_is_stored(client, listing):
    response = post(
        client,
        {"uid": listing.translation_key.hex.upper(), "message": "Closed on Fridays now."},
        HTTP_USER_AGENT="Example/1.0",
        REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 201
    suggestion = Suggestion.objects.get()
    assert suggestion.contact == ""
    stored = {field.name for field in Suggestion._meta.get_fields()}
    assert stored == {
        "id",
        "listing",
        "message",
        "contact",
        "status",
        "created_at",
        "closed_at",
        "closed_by",
    }
    values = json.dumps(list(Suggestion.objects.values()), default=str)
    assert "203.0.113.9" not in values and "Example/1.0" not in values
    # The rate limit's counter is in the cache under a keyed hash, not the address.
    keys = test_caches.keys("default")
    assert keys and not [key for key in keys if "203.0.113" in key]


def test_the_honeypot_answers_alike_and_stores_nothing(client, listing):
    response = post(
        client,
        {
            "uid": listing.translation_key.hex,
            "message": "Buy cheap watches",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 201
    assert response.json() == RECEIVED
    # Even with other faults: a bot learns nothing from a filled honeypot.
    assert post(client, {"uid": "nope", "website": "x"}).json() == RECEIVED
    assert not Suggestion.objects.exists()
    # An empty honeypot (a real form's hidden field) is fine.
    body = {"uid": listing.translation_key.hex, "message": "Moved.", "website": ""}
    assert post(client, body).status_code == 201
    assert Suggestion.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("{not json", None),
        ("[1, 2]", "body"),
        ('"a string"', "body"),
        ({"message": "No uid."}, "uid"),
        ({"uid": "not-a-uid", "message": "x"}, "uid"),
        ({"uid": "0" * 32, "message": "Nobody has this UID."}, "uid"),
        ({"uid": 5, "message": "x"}, "uid"),
        ({"uid": "LISTING"}, "message"),
        ({"uid": "LISTING", "message": ""}, "message"),
        ({"uid": "LISTING", "message": "   "}, "message"),
        ({"uid": "LISTING", "message": "x" * 2001}, "message"),
        ({"uid": "LISTING", "message": "a\x00b"}, "message"),
        ({"uid": "LISTING", "message": ["a list"]}, "message"),
        ({"uid": "LISTING", "message": "x", "contact": "c" * 201}, "contact"),
        ({"uid": "LISTING", "message": "x", "email": "me@example.org"}, "email"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_stores_nothing(client, listing, body, field):
    if isinstance(body, dict) and body.get("uid") == "LISTING":
        body = {**body, "uid": listing.translation_key.hex}
    response = post(client, body)
    error = assert_error(response, 400, field)
    assert error["type"] == "BadRequest"
    assert not Suggestion.objects.exists()


def test_a_lone_surrogate_is_refused(client, listing):
    raw = '{"uid": "UID", "message": "\\ud800"}'.replace("UID", listing.translation_key.hex)
    assert_error(post(client, raw), 400, "message")
    assert not Suggestion.objects.exists()


def test_longest_message_and_contact_are_accepted(client, listing):
    body = {"uid": listing.translation_key.hex, "message": "x" * 2000, "contact": "c" * 200}
    assert post(client, body).status_code == 201


@pytest.mark.parametrize("which", ["draft", "expired", "inactive"])
def test_only_public_listings_take_suggestions(client, which):
    listing = {
        "draft": lambda: AttorneyFactory(name="Example Draft Clinic"),
        "expired": lambda: AttorneyFactory(
            name="Example Expired Clinic", live=True, last_verified=NOW - timedelta(days=181)
        ),
        "inactive": lambda: public(WorkerCenterFactory, status=Status.INACTIVE),
    }[which]()
    response = post(client, {"uid": listing.translation_key.hex, "message": "Wrong address."})
    body = assert_error(response, 400, "uid")
    assert "public" in body["message"]
    assert not Suggestion.objects.exists()


def test_other_content_types_unknown_parameters_and_methods(client, listing):
    response = client.post(URL, {"uid": listing.translation_key.hex, "message": "x"})
    assert_error(response, 415)
    response = client.post(
        f"{URL}?debug=1",
        data=json.dumps({"uid": listing.translation_key.hex, "message": "x"}),
        content_type="application/json",
    )
    assert_error(response, 400, "debug")
    assert_error(client.get(URL), 405)
    assert not Suggestion.objects.exists()


@override_settings(AMPARO_SUGGESTIONS_RATE="3/hour")
def test_rate_limit_gives_429_with_retry_after(client, listing):
    body = {"uid": listing.translation_key.hex, "message": "Moved to Market St."}
    assert [post(client, body).status_code for _ in range(3)] == [201, 201, 201]
    response = post(client, body)
    error = assert_error(response, 429)
    assert error["type"] == "TooManyRequests"
    assert 0 < int(response["Retry-After"]) <= 3600
    # Forging X-Forwarded-For does not buy a new allowance (no trusted proxy is configured).
    assert post(client, body, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429
    # Honeypot and invalid requests count too.
    assert Suggestion.objects.count() == 3
    # Another client has its own allowance.
    assert post(client, body, REMOTE_ADDR="198.51.100.8").status_code == 201


@override_settings(AMPARO_SUGGESTIONS_RATE="1/hour", AMPARO_TRUSTED_PROXIES=1)
def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, listing):
    body = {"uid": listing.translation_key.hex, "message": "Moved."}
    assert post(client, body, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 201
    assert post(client, body, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert post(client, body, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 201


def test_anonymous_post_needs_no_csrf_token(listing):
    client = Client(enforce_csrf_checks=True)
    response = post(client, {"uid": listing.translation_key.hex, "message": "New hours."})
    assert response.status_code == 201


def test_a_session_post_needs_its_csrf_token(editor, listing):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    body = {"uid": listing.translation_key.hex, "message": "New hours."}
    error = assert_error(post(client, body), 403)
    assert error["type"] == "Forbidden" and "CSRF" in error["message"]
    assert not Suggestion.objects.exists()
    client.get("/admin/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    assert post(client, body, HTTP_X_CSRFTOKEN=token).status_code == 201
    assert Suggestion.objects.count() == 1
