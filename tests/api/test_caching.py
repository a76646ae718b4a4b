"""Kept answers (api/caching.py): a repeated public request is answered from the "api" cache under
its ETag, never stale, never for an editor, and never when turned off."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
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


@contextmanager
def refusing_writes():
    """Inside the test's transaction, the database refuses writes as a read-only one does:
    SQLite's ``query_only``; on PostgreSQL a role granted only SELECT (rolled back with it)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
            undo = "PRAGMA query_only = OFF"
        else:
            cursor.execute(
                "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"
            )
            if not cursor.fetchone()[0]:
                pytest.skip("the database role may not create roles (CREATEROLE: .ci/postgres.sh)")
            cursor.execute("CREATE ROLE amparo_cache_ro NOLOGIN")
            cursor.execute("GRANT USAGE ON SCHEMA public TO amparo_cache_ro")
            cursor.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO amparo_cache_ro")
            cursor.execute("GRANT amparo_cache_ro TO CURRENT_USER")
            cursor.execute("SET ROLE amparo_cache_ro")
            undo = "RESET ROLE"
        try:
            yield
        finally:
            cursor.execute(undo)


def test_an_answer_is_not_kept_where_the_database_refuses_the_write(client, clinic, settings):
    # Kept answers in a full database cache (no Redis, a deployment's choice), on a database
    # that only reads: keeping one first culls (a DELETE, which Django's cache does not forgive
    # as it does a failed INSERT); the answer is served, not kept, and the request goes on.
    settings.CACHES = {
        **settings.CACHES,
        "api": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_kept_answers",
            "OPTIONS": {"MAX_ENTRIES": 1},
        },
    }
    call_command("createcachetable", "test_kept_answers", verbosity=0)
    caches["api"].set("example-1", 1)
    caches["api"].set("example-2", 2)  # full: the next one culls first
    with refusing_writes():
        response = client.get(URL)
        assert response.status_code == 200
        assert response.json()["items_total"] == 1
    assert answers_in_the_table() == 0
    assert client.get(URL).json()["items_total"] == 1  # where it may write, it keeps
    assert answers_in_the_table() == 1


def answers_in_the_table() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM test_kept_answers WHERE cache_key LIKE '%:api:%'")
        return cursor.fetchone()[0]
