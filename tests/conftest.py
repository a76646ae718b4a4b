"""Shared fixtures. The database is migrated (never --nomigrations): Wagtail's migrations seed the
root page, site and default locale, and the directory's post-migrate set-up adds the Spanish
locale, taxonomies, the Editors/Vetters groups and the Vetting workflow."""

import os

import pytest
from django.utils import translation
from wagtail.models import Locale

from demo.pages import load_pages
from tests import caches as test_caches
from tests import factories


def pytest_configure(config) -> None:
    """On Redis (REDIS_URL set), this run's keys get a prefix of their own: the tests clear
    only those (tests/caches.py), so two runs on one Redis, or a site using it, are unharmed.
    Set before any cache is first used: Django reads CACHES then."""
    from django.conf import settings

    for alias, cache in settings.CACHES.items():
        if cache["BACKEND"].endswith("RedisCache"):
            cache["KEY_PREFIX"] = f"amparo-test-{os.getpid()}-{alias}"


def pytest_unconfigure(config) -> None:
    """Leave nothing of this run in a shared Redis."""
    from django.conf import settings

    for alias, cache in settings.CACHES.items():
        if cache["BACKEND"].endswith("RedisCache"):
            test_caches.clear(alias)


def _serialized_rollback(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("serialized_rollback")) or (
        "django_db_serialized_rollback" in getattr(item, "fixturenames", ())
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A test with serialized rollback ends with an empty database: Django flushes it and
    restores the seeded rows (locales, terms, the root page) at the start of the next such test
    only. Django's runner puts those tests last; pytest-xdist (``--dist loadfile``) may run any
    file after them in the same process. So the seeded rows are put back after each one."""
    yield
    # After the session's last test the test database is gone (the connection names the real
    # one again): nothing to restore.
    if nextitem is None or not _serialized_rollback(item):
        return
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all(initialized_only=True):
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents and not connection.settings_dict.get("TEST", {}).get("MIRROR"):
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def editor(db):
    return factories.editor(username="eddie")


@pytest.fixture
def vetter(db):
    return factories.vetter(username="vera")


@pytest.fixture
def spanish(db):
    return Locale.objects.get(language_code="es")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def vetter_client(client, vetter):
    client.force_login(vetter)
    return client


@pytest.fixture
def demo_pages(db, django_capture_on_commit_callbacks) -> None:
    """The demo's home page, two folders and three documents, in English and Spanish."""
    with django_capture_on_commit_callbacks(execute=True):
        load_pages(
            Locale.get_default(),
            Locale.objects.get(language_code="es"),
            factories.editor(username="page-editor"),
            lambda message: None,
        )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users made by the factories get a password; hashing it with PBKDF2 takes about 0.5 s
    on CI's machine, in most tests. A fast hasher first (Django's advice for tests); PBKDF2
    still checks passwords hashed before (module fixtures)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def imports_inline(settings):
    """The admin's CSV imports run in the upload request (interchange/import_jobs.py), so a test
    sees the finished job; tests/interchange/test_import_jobs.py also runs them in a thread."""
    settings.AMPARO_IMPORT_RUNNER = "inline"


@pytest.fixture(autouse=True)
def no_kept_answers(settings):
    """Tests measure the work an answer takes (query counts), so the kept-answer cache
    (api/caching.py) is off, and with it the kept counts; tests/api/test_caching.py and
    test_kept_counts.py turn them on. The counts are kept in the "default" cache."""
    settings.AMPARO_API_CACHE_ENTRIES = 0
    test_caches.clear("api")
    yield
    test_caches.clear("api")
    test_caches.clear("default")


@pytest.fixture(autouse=True)
def no_kept_titles():
    """Term titles are kept per process under the terms stamp (api/serializers.py ``Titles``),
    which a test that changes no term leaves as the database had it: each test starts with none
    kept, so its query counts do not depend on the tests run before it in the process."""
    from api.serializers import _SHARED_TITLES

    _SHARED_TITLES.clear()


@pytest.fixture(autouse=True)
def unthrottled(settings):
    """The suite is one client at one address: requests without a key are not rate-limited
    unless a test sets AMPARO_ANON_RATE (tests/partners/test_throttles.py)."""
    settings.AMPARO_ANON_RATE = ""


@pytest.fixture(autouse=True)
def default_language():
    """Django's test client leaves active the language its last request's middleware chose (a
    request to /ht/... leaves Haitian Creole), so a later test in the same process printed a
    command's messages in it: each test starts and ends with none active, as a new process."""
    translation.deactivate()
    yield
    translation.deactivate()
