"""Read replicas, without a database: which requests count as anonymous reads, where the router
sends reads and writes, and what ``DATABASE_REPLICA_URLS`` makes of the settings. The same
against a real read-only PostgreSQL connection: tests/amparo/test_replicas.py."""

import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import RequestFactory

from amparo import replicas
from amparo.replicas import ReplicaRouter, is_anonymous_read, replica_reads
from amparo.settings import replica_databases
from api import caching
from directory.models import Listing
from tests.amparo.fresh import settings_value

PRIMARY = {"ENGINE": "django.db.backends.postgresql", "NAME": "amparo"}
REPLICAS = ["replica_1", "replica_2"]


@pytest.fixture
def two_replicas(settings):
    settings.AMPARO_READ_REPLICAS = REPLICAS
    replicas._down.clear()
    yield
    replicas._down.clear()


@pytest.mark.parametrize(
    ("method", "path", "extra", "expected"),
    [
        ("get", "/api/@search?SearchableText=visa", {}, True),
        ("head", "/api/directory/attorneys/newark", {}, True),
        ("get", "/directory/", {}, True),
        # Writes, whoever sends them.
        ("post", "/api/@suggestions", {}, False),
        ("patch", "/api/directory/attorneys/newark", {}, False),
        ("delete", "/api/directory/attorneys/newark", {}, False),
        ("options", "/api/@search", {}, False),
        # A login token or a partner key: the editor and partner tiers.
        ("get", "/api/@search", {"HTTP_AUTHORIZATION": "Bearer x.y.z"}, False),
        ("get", "/api/@search", {"HTTP_AUTHORIZATION": "Api-Key amp_x.y"}, False),
        # A session (the admin, logged-in staff), and the admin itself.
        ("get", "/api/@search", {"HTTP_COOKIE": "sessionid=abc"}, False),
        ("get", "/admin/", {}, False),
        ("get", "/admin/login/", {}, False),
    ],
)
def test_which_requests_are_anonymous_reads(method, path, extra, expected):
    request = getattr(RequestFactory(), method)(path, **extra)
    assert is_anonymous_read(request) is expected


def test_reads_go_to_a_replica_only_inside_an_anonymous_read(two_replicas):
    router = ReplicaRouter()
    assert router.db_for_read(Listing) == "default"  # a command, a migration, a thread
    with replica_reads("replica_2"):
        assert router.db_for_read(Listing) == "replica_2"
        assert router.db_for_read(Listing) == "replica_2"  # the same one all request long
    assert router.db_for_read(Listing) == "default"


def test_replicas_take_turns_per_request(two_replicas):
    router = ReplicaRouter()
    chosen = []
    for _request in range(4):
        with replica_reads():
            chosen.append(router.db_for_read(Listing))
    assert sorted(chosen) == sorted(REPLICAS * 2)
    assert chosen[0] != chosen[1] and chosen[:2] == chosen[2:]


def test_a_replica_found_down_is_skipped_and_with_none_left_the_primary_reads(two_replicas):
    router = ReplicaRouter()
    replicas._down["replica_1"] = time.monotonic() + replicas.DOWN_SECONDS  # as mark_down()
    for _request in range(3):
        with replica_reads():
            assert router.db_for_read(Listing) == "replica_2"
    replicas._down["replica_2"] = time.monotonic() + replicas.DOWN_SECONDS
    with replica_reads() as route:
        assert route is None and router.db_for_read(Listing) == "default"


def test_writes_go_to_the_primary_and_so_do_reads_after_them(two_replicas):
    router = ReplicaRouter()
    assert router.db_for_write(Listing) == "default"
    with replica_reads("replica_1"):
        assert router.db_for_read(Listing) == "replica_1"
        assert router.db_for_write(Listing) == "default"
        assert router.db_for_read(Listing) == "default"  # reads its own write
    with replica_reads("replica_1"):  # the next request starts afresh
        assert router.db_for_read(Listing) == "replica_1"


def test_a_database_cache_entry_is_no_directory_write(two_replicas):
    # Kept counts and throttle histories: the directory's reads stay on the replica; the
    # cache reads its own writes (a throttle's count) on the primary.
    router = ReplicaRouter()
    entry = DatabaseCache("amparo_cache", {}).cache_model_class
    with replica_reads("replica_1") as route:
        assert router.db_for_read(entry) == "replica_1"
        assert router.db_for_write(entry) == "default"
        assert router.db_for_read(Listing) == "replica_1"
        assert router.db_for_read(entry) == "default"
        assert router.db_for_write(Listing) == "default"
        assert router.db_for_read(Listing) == "default"
    assert (route.wrote, route.kept) == (True, True)


@pytest.mark.django_db
def test_keeping_counts_in_the_database_cache_leaves_the_reads_on_the_replica(
    two_replicas, settings
):
    settings.DATABASE_ROUTERS = ["amparo.replicas.ReplicaRouter"]
    settings.AMPARO_API_CACHE_ENTRIES = 2000
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_replica_counts",
        },
    }
    call_command("createcachetable", "test_replica_counts", verbosity=0)
    # The test's transaction keeps this test's reads on the primary: the route tells.
    with replica_reads("replica_1") as route:
        caching.keep_counts("counts:example", {"total": 3, "facets": {}})
    assert not route.wrote  # the directory's reads would stay on the replica
    assert route.kept
    assert caches["default"].get("counts:example") == {"total": 3, "facets": {}}


@pytest.mark.django_db
def test_reads_inside_a_transaction_go_to_the_primary(two_replicas):
    router = ReplicaRouter()
    # The test runs inside an atomic block on the primary, as a view's transaction would.
    with replica_reads("replica_1"):
        assert router.db_for_read(Listing) == "default"


def test_migrations_never_run_on_a_replica(two_replicas):
    router = ReplicaRouter()
    assert router.allow_migrate("replica_1", "directory") is False
    assert router.allow_migrate("default", "directory") is None  # Django's default: yes


def test_objects_of_the_primary_and_a_replica_may_relate(two_replicas):
    router = ReplicaRouter()
    read, written, other = Listing(), Listing(), Listing()
    read._state.db, written._state.db, other._state.db = "replica_1", "default", "elsewhere"
    assert router.allow_relation(read, written) is True
    assert router.allow_relation(read, other) is None


def test_replica_urls_become_databases_mirroring_the_primary_in_tests():
    found = replica_databases(
        ["postgres://reader:pw@replica-a:5432/amparo", "postgres://reader:pw@replica-b/amparo"],
        PRIMARY,
    )
    assert list(found) == ["replica_1", "replica_2"]
    assert found["replica_2"]["HOST"] == "replica-b"
    assert found["replica_1"]["TEST"] == {"MIRROR": "default"}
    assert found["replica_1"]["OPTIONS"]["connect_timeout"] == 5
    assert found["replica_1"]["CONN_HEALTH_CHECKS"] is True
    assert replica_databases([], {"ENGINE": "django.db.backends.sqlite3"}) == {}


@pytest.mark.parametrize(
    ("urls", "primary", "message"),
    [
        (["postgres://r@h/db"], {"ENGINE": "django.db.backends.sqlite3"}, "needs a PostgreSQL"),
        (["mysql://r@h/db"], PRIMARY, "entry 1 is not a postgres:// URL"),
        (["postgres://r@h/db", "sqlite:///x"], PRIMARY, "entry 2 is not a postgres:// URL"),
        (["replica-a:5432"], PRIMARY, "DATABASE_REPLICA_URLS"),
    ],
)
def test_bad_replica_urls_are_refused(urls, primary, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        replica_databases(urls, primary)


def wiring(**env) -> str:
    """The databases, routers and middleware the settings make of this environment."""
    return settings_value(
        "sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []), "
        "[m for m in s.MIDDLEWARE if 'replica' in m]",
        drop={"DATABASE_REPLICA_URLS"},
        **env,
    )


def test_without_replicas_nothing_changes_and_with_them_router_and_middleware_come():
    primary = "postgres://amparo:pw@primary:5432/amparo"
    assert wiring(DATABASE_URL=primary) == "['default'] [] []"
    assert wiring(DATABASE_URL=primary, DATABASE_REPLICA_URLS=f"{primary}, {primary}") == (
        "['default', 'replica_1', 'replica_2'] ['amparo.replicas.ReplicaRouter'] "
        "['amparo.replicas.ReplicaMiddleware']"
    )
