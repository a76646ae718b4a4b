"""Read replicas against a real read-only connection (PostgreSQL): ``replica_1`` is a second
connection to the test database as a role granted only SELECT, whose transactions are read-only
(``default_transaction_read_only``), so any write through it fails. Public reads go there and
answer 200 without a query on the primary; writes (a suggestion, an editor's PATCH with a token,
the admin) and reads with a token never touch it. The rules without a database:
tests/amparo/test_replica_routing.py.

A second connection sees only committed rows, so these tests are transactional (seeded rows
restored by serialized rollback). On SQLite they are skipped; CI runs them in its PostgreSQL run.
"""

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.utils import InternalError, ProgrammingError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from amparo import replicas
from amparo.replicas import replica_reads
from directory.models import Listing, Suggestion
from partners.models import PartnerKey
from tests.api.test_directory import public
from tests.api.writing.helpers import TokenClient
from tests.factories import AttorneyFactory, UserFactory, editor
from tests.partners.test_admin import form
from tests.partners.test_workers import free_port

ALIAS = "replica_1"
BROKEN = "replica_2"  # a replica nobody answers at (a closed port on 127.0.0.1)
PASSWORD = "example-replica-reader"  # a throwaway role on the test database only

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="read replicas are PostgreSQL's (this runs in CI's PostgreSQL run)",
    ),
    pytest.mark.usefixtures("read_only_replica"),
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=["default", ALIAS, BROKEN]
    ),
]

# Every public output, with whether it names the listing in its body.
PUBLIC_URLS = {
    "/api/@search": True,
    "/api/@search?SearchableText=replica": True,
    "/api/directory/attorneys/": True,
    "/api/directory/attorneys/replica": True,
    "/api/@vocabularies/topics": False,
    "/api/hsds/services": True,
    "/api/@export?format=csv": True,  # streamed: the body is read after the middleware returned
    "/api/@referral-sheet?portal_type=Attorney&issued=2026-01-05": True,
    "/staff/referrals/?portal_type=Attorney": True,
    "/directory/": False,  # the page; its listings come from the API
}


def role_name() -> str:
    return f"{connection.settings_dict['NAME']}_reader"[:63]


def make_read_only_role(cursor, role: str) -> None:
    cursor.execute("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
    if not cursor.fetchone()[0]:
        pytest.skip("the database role may not create roles (CREATEROLE: .ci/postgres.sh)")
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is None:
        cursor.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{PASSWORD}'")
    cursor.execute(f'ALTER ROLE "{role}" SET default_transaction_read_only = on')
    cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
    cursor.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')


@pytest.fixture(scope="module")
def read_only_replica(django_db_setup, django_db_blocker):
    """``replica_1``: the test database, as the read-only role (committed, so the second
    connection can log in). A mirror in Django's eyes, so it is neither created nor flushed."""
    role = role_name()
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        make_read_only_role(cursor, role)
    connections.settings[ALIAS] = {
        **connection.settings_dict,
        "USER": role,
        "PASSWORD": PASSWORD,
        "TEST": {**connection.settings_dict["TEST"], "MIRROR": "default"},
    }
    connections.settings[BROKEN] = {**connections.settings[ALIAS], "PORT": free_port()}
    yield ALIAS
    with django_db_blocker.unblock():
        for alias in (ALIAS, BROKEN):
            connections[alias].close()
            del connections.settings[alias]
        with connection.cursor() as cursor:
            cursor.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA public FROM "{role}"')
            cursor.execute(f'REVOKE USAGE ON SCHEMA public FROM "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')


@pytest.fixture(autouse=True)
def routed(settings):
    """What DATABASE_REPLICA_URLS sets (amparo/settings.py), with kept answers on."""
    settings.AMPARO_READ_REPLICAS = [ALIAS]
    settings.DATABASE_ROUTERS = ["amparo.replicas.ReplicaRouter"]
    settings.MIDDLEWARE = [
        settings.MIDDLEWARE[0],
        "amparo.replicas.ReplicaMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    settings.AMPARO_API_CACHE_ENTRIES = 2000
    replicas._down.clear()
    yield
    replicas._down.clear()


@pytest.fixture
def listing():
    return public(AttorneyFactory, name="Example Replica Clinic", slug="replica")


class Counted:
    """The queries each connection ran inside the block."""

    def __enter__(self):
        self.replica = CaptureQueriesContext(connections[ALIAS]).__enter__()
        self.primary = CaptureQueriesContext(connection).__enter__()
        return self

    def __exit__(self, *exc):
        self.primary.__exit__(*exc)
        self.replica.__exit__(*exc)

    def sql(self, where: str) -> list[str]:
        return [query["sql"][:100] for query in getattr(self, where).captured_queries]


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def test_the_replica_connection_cannot_write(listing):
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM directory_listing")
        assert cursor.fetchone()[0] >= 1  # it sees the committed rows
        with pytest.raises((InternalError, ProgrammingError), match="read-only transaction"):
            cursor.execute("UPDATE directory_publicversion SET counter = counter")


def test_public_reads_go_to_the_replica_and_answer(client, listing):
    for url, names_it in PUBLIC_URLS.items():
        with Counted() as counted:
            response = client.get(url)
            text = body(response)
        assert response.status_code == 200, (url, text[:300])
        assert counted.sql("replica"), f"{url}: nothing was read from the replica"
        assert counted.sql("primary") == [], url
        assert ("Example Replica Clinic" in text) is names_it, url


def test_a_publish_moves_kept_answers_on_when_read_from_the_replica(client, listing):
    first = client.get("/api/@search")
    with Counted() as counted:
        again = client.get("/api/@search")
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert len(counted.sql("replica")) <= 2 and counted.sql("primary") == []  # the version only
    public(AttorneyFactory, name="Example Second Clinic", slug="second")  # on the primary
    with Counted() as counted:
        moved = client.get("/api/@search")
    assert moved["ETag"] != first["ETag"] and "Example Second Clinic" in body(moved)
    assert counted.sql("replica") and counted.sql("primary") == []


def test_counts_kept_in_the_database_cache_leave_the_reads_on_the_replica(
    client, listing, settings
):
    # A deployment without Redis keeps a search's counts in the database cache: written to the
    # primary, they are no directory write, so the rest of the answer is read from the replica.
    table, memory = "test_replica_counts", settings.CACHES["default"]
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table},
    }
    call_command("createcachetable", table, verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(f'GRANT SELECT ON {table} TO "{role_name()}"')
        with Counted() as counted:
            response = client.get("/api/@search?SearchableText=replica&facets=topics")
        assert response.status_code == 200, body(response)[:300]
        assert "Example Replica Clinic" in body(response)
        primary = counted.sql("primary")
        assert any(sql.startswith("INSERT") for sql in primary), primary  # the counts, kept
        assert [sql for sql in primary if "directory_" in sql] == []
        assert any("directory_listing" in sql for sql in counted.sql("replica"))
    finally:
        settings.CACHES = {**settings.CACHES, "default": memory}  # before the table goes
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {table}")


def test_a_suggestion_is_written_to_the_primary_only(client, listing):
    with Counted() as counted:
        response = client.post(
            "/api/@suggestions",
            {"uid": listing.translation_key.hex, "message": "The phone number changed."},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert Suggestion.objects.filter(listing=listing).exists()
    assert counted.sql("replica") == [] and counted.sql("primary")


def test_an_editors_token_reads_and_writes_on_the_primary_only(listing):
    writer = TokenClient(editor())
    url = "/api/directory/attorneys/replica"
    with Counted() as counted:
        etag = writer.get(url)["ETag"]
        response = writer.patch(url, {"hours": "Mon 9-5"}, HTTP_IF_MATCH=etag)
        shown = writer.get(url)
    assert response.status_code == 204, response.content
    assert shown.json()["hours"] == "Mon 9-5"  # its own write, read back at once
    assert counted.sql("replica") == [] and counted.sql("primary")
    assert Listing.objects.get(pk=listing.pk).has_unpublished_changes


def test_the_admin_reads_and_writes_on_the_primary_only(client, listing):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    with Counted() as counted:
        assert client.get("/admin/").status_code == 200
        assert client.get("/api/directory/attorneys/replica").status_code == 200  # a session
        added = client.post(reverse("partner_keys:add"), form())
    assert added.status_code == 200, added.content[:300]
    assert PartnerKey.objects.count() == 1
    assert counted.sql("replica") == [] and counted.sql("primary")


def test_reads_after_a_write_and_inside_a_transaction_stay_on_the_primary(listing):
    with Counted() as counted, replica_reads(ALIAS):
        assert Listing.objects.filter(pk=listing.pk).exists()
        read_from_replica = len(counted.sql("replica"))
        Listing.objects.filter(pk=listing.pk).update(hours="Tue")
        assert Listing.objects.get(pk=listing.pk).hours == "Tue"
    assert read_from_replica == 1
    assert len(counted.sql("replica")) == 1 and len(counted.sql("primary")) == 2

    from django.db import transaction

    with Counted() as counted, replica_reads(ALIAS), transaction.atomic():
        assert Listing.objects.get(pk=listing.pk).hours == "Tue"
    assert counted.sql("replica") == []


def test_a_replica_that_is_down_is_skipped_and_the_request_answered(client, listing, settings):
    url = "/api/directory/attorneys/replica"
    settings.AMPARO_READ_REPLICAS = [BROKEN, ALIAS]
    with Counted() as counted:
        response = client.get(url)  # tries the broken one first, then the other
    assert response.status_code == 200, response.content[:300]
    assert counted.sql("replica") and counted.sql("primary") == []
    assert BROKEN in replicas._down
    for _request in range(2):  # skipped meanwhile: no more tries
        with Counted() as counted:
            assert client.get(url).status_code == 200
        assert counted.sql("replica")

    # None left: the primary answers.
    replicas._down.clear()
    settings.AMPARO_READ_REPLICAS = [BROKEN]
    with Counted() as counted:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert counted.sql("replica") == [] and counted.sql("primary")
