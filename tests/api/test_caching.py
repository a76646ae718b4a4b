"""Kept answers (api/caching.py): a repeated public request is answered from the "api" cache under
its ETag, never stale, never for an editor, and never when turned off."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import caches as test_caches
from tests.api.test_directory import public
from tests.factories import AttorneyFactory

pytestmark = pytest.mark.django_db
URL = "/api/@search?SearchableText=clinic&facets=topics"


@pytest.fixture(autouse=True)
def kept_answers(settings):
    settings.AMPARO_API_CACHE_ENTRIES = 2000  # off elsewhere in the suite (tests/conftest.py)


@pytest.fixture
def clinic(django_capture_on_commit_callbacks):
    # As committed: the change's own refresh records when the clinic falls due.
    with django_capture_on_commit_callbacks(execute=True):
        return public(AttorneyFactory, name="Example Kept Clinic", slug="kept")


def test_repeated_public_request_costs_one_query(client, clinic):
    first = client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(URL)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == "application/json"
    assert second["Content-Language"] == "en"
    assert second["Cache-Control"].startswith("public, max-age=")
    assert [q["sql"] for q in queries.captured_queries if "publicversion" not in q["sql"]] == []


def test_publishing_is_seen_at_once(client, clinic, vetter):
    before = client.get(URL).json()
    assert [item["title"] for item in before["items"]] == ["Example Kept Clinic"]
    clinic.name = "Example Renamed Clinic"
    clinic.save_revision(user=vetter).publish(user=vetter)
    after = client.get(URL).json()
    assert [item["title"] for item in after["items"]] == ["Example Renamed Clinic"]


def test_falling_due_is_seen_at_once(client, clinic, monkeypatch):
    assert client.get(URL).json()["items_total"] == 1
    due = clinic.next_review_due
    monkeypatch.setattr(timezone, "now", lambda: due + timedelta(seconds=1))
    assert client.get(URL).json()["items_total"] == 0


def test_a_vetters_stamp_alone_is_seen_at_once(client, clinic, vetter):
    # record_verification writes with update(), which sends no post_save: the listing's own
    # ``verified`` signal must still move the version, or the kept answer would outlive it.
    assert client.get(URL).json()["items_total"] == 1
    clinic.record_verification(vetter, timezone.now() - timedelta(days=400))
    assert client.get(URL).json()["items_total"] == 0


def test_editor_answers_are_not_kept_nor_served_from_the_cache(client, clinic, editor):
    AttorneyFactory(name="Example Draft Clinic")
    client.get(URL)  # an anonymous answer is kept
    client.force_login(editor)
    as_editor = client.get(URL).json()
    assert as_editor["items_total"] == 2  # not the kept public answer
    client.logout()
    assert client.get(URL).json()["items_total"] == 1  # nor did the editor's answer replace it


def test_only_successful_answers_are_kept(client, clinic):
    assert client.get("/api/@search?radius=900&near=07102").status_code == 400
    assert client.get("/api/directory/attorneys/nobody").status_code == 404
    assert len(test_caches.keys("api")) == 0  # what is kept, whatever the key
    assert client.get(URL).status_code == 200
    assert len(test_caches.keys("api")) == 1


def test_the_cache_can_be_turned_off(client, clinic, settings):
    settings.AMPARO_API_CACHE_ENTRIES = 0
    client.get(URL)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).json()["items_total"] == 1
    assert len(queries.captured_queries) > 1
