"""The read path never writes (directory/models/version.py, partners/models.py).

- On both engines: every public output, right after a publish (the next due moment not yet
  recorded) and after a listing fell due by time (recorded, then passed), issues no INSERT,
  UPDATE or DELETE, answers 200 and leaves the overdue listing out; the token moves on at the due
  moment and recording it (the scheduled command) does not move it again.
- On PostgreSQL, the real thing: the same requests run as a role granted only SELECT
  (``SET ROLE amparo_ro`` inside the test's transaction: any write fails with "permission
  denied"), a partner key's request included.
"""

import re
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from directory.models import PublicVersion, version
from directory.models.queryset import review_interval
from partners.models import PartnerKey
from tests.factories import AttorneyFactory, publish

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
STAYING, LEAVING = "Example Staying Clinic", "Example Leaving Clinic"


def refuse_writes(execute, sql, params, many, context):
    assert not WRITE.match(sql), f"the read path wrote: {sql[:120]}"
    return execute(sql, params, many, context)


@pytest.fixture(autouse=True)
def kept_answers(settings):
    # Kept answers on: they too must never outlive an expiry (off elsewhere, tests/conftest.py).
    settings.AMPARO_API_CACHE_ENTRIES = 2000


@pytest.fixture
def listings(vetter):
    """Two attorneys published by a vetter (publishing is vetting); the second one's stamp is
    then set so that it falls due ``seconds`` from now."""

    def make(leaving_in: timedelta):
        staying = publish(AttorneyFactory(name=STAYING, slug="staying"), vetter)
        leaving = publish(AttorneyFactory(name=LEAVING, slug="leaving"), vetter)
        leaving.record_verification(
            vetter, when=timezone.now() - review_interval("attorney") + leaving_in
        )
        return staying, leaving

    return make


def uid(listing) -> str:
    return listing.translation_key.hex


def read_everything(client, staying, leaving, **headers) -> dict[str, str]:
    """Every public output, as a reader meets it; each must answer 200. Returns the bodies."""
    urls = {
        "search": "/api/@search",
        "folder": "/api/directory/attorneys/",
        "directory": "/api/directory/",
        "detail": "/api/directory/attorneys/staying",
        "vocabularies": "/api/@vocabularies",
        "topics": "/api/@vocabularies/topics",
        "hsds": "/api/hsds/services",
        "export": "/api/@export?format=csv",
        "sheet": f"/api/@referral-sheet?uids={uid(staying)}&issued=2026-01-05",
        "sheet-search": "/api/@referral-sheet?portal_type=Attorney&issued=2026-01-05",
        "staff": "/staff/referrals/?portal_type=Attorney",
    }
    bodies = {}
    for name, url in urls.items():
        response = client.get(url, **headers)
        assert response.status_code == 200, (name, response.content[:300])
        content = b"".join(response.streaming_content) if response.streaming else response.content
        bodies[name] = content.decode()
    return bodies


def assert_public(bodies: dict[str, str], *, leaving_shown: bool) -> None:
    for name in ("search", "folder", "hsds", "export", "sheet-search", "staff"):
        assert STAYING in bodies[name], name
        assert (LEAVING in bodies[name]) is leaving_shown, name


def test_reading_writes_nothing_after_a_publish_and_after_an_expiry(
    client, listings, monkeypatch, django_capture_on_commit_callbacks
):
    staying, leaving = listings(leaving_in=timedelta(hours=1))
    # Right after the publish: nothing recorded yet (the test's transaction never commits).
    assert PublicVersion.objects.get(pk=1).expiry_basis == ""
    with connection.execute_wrapper(refuse_writes):
        before = read_everything(client, staying, leaving)
        etag = client.get("/api/@search")["ETag"]
    assert_public(before, leaving_shown=True)
    assert PublicVersion.objects.get(pk=1).expiry_basis == ""  # still not recorded by readers

    # The scheduled command records the due moment: the token, and the kept answers, stay.
    call_command("refresh_public_version", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert PublicVersion.objects.get(pk=1).next_expiry == leaving.next_review_due
    assert client.get("/api/@search")["ETag"] == etag

    # Time passes the due moment; nobody writes.
    later = leaving.next_review_due + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with connection.execute_wrapper(refuse_writes):
        after = read_everything(client, staying, leaving)
        moved = client.get("/api/@search")["ETag"]
        assert client.get("/api/directory/attorneys/leaving").status_code == 404
    assert moved != etag
    assert_public(after, leaving_shown=False)
    # Recording the new due moment later changes nothing a reader sees.
    call_command("refresh_public_version", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert client.get("/api/@search")["ETag"] == moved


def test_changed_review_intervals_move_the_token(client, listings, settings):
    listings(leaving_in=timedelta(days=30))
    PublicVersion.refresh()
    before = client.get("/api/@search")
    assert LEAVING in before.content.decode()
    # A shorter interval makes the leaving clinic overdue: the token moves with no write, and
    # the command (run after the change, and from cron) rewrites each row's public_until.
    settings.AMPARO_REVIEW_INTERVAL_DAYS = {**settings.AMPARO_REVIEW_INTERVAL_DAYS, "attorney": 100}
    with connection.execute_wrapper(refuse_writes):
        assert client.get("/api/@search")["ETag"] != before["ETag"]
    call_command("refresh_public_version", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.execute_wrapper(refuse_writes):
        after = client.get("/api/@search")
        call_command("refresh_public_version", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert after["ETag"] != before["ETag"]
    assert LEAVING not in after.content.decode() and STAYING in after.content.decode()


def test_a_change_is_recorded_after_its_commit_and_the_command_is_idempotent(
    listings, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        _staying, leaving = listings(leaving_in=timedelta(days=2))
    row = PublicVersion.objects.get(pk=1)
    assert row.expiry_basis and row.next_expiry == leaving.next_review_due
    with connection.execute_wrapper(refuse_writes):
        call_command("refresh_public_version")  # already recorded: reads only
    assert "(unchanged)" in capsys.readouterr().out


def test_the_recorded_moment_is_not_written_over_a_newer_change(listings, monkeypatch):
    listings(leaving_in=timedelta(days=2))
    compute = version.next_due

    def racing(now):
        PublicVersion.bump()  # another writer's change lands while this refresh computes
        return compute(now)

    monkeypatch.setattr(version, "next_due", racing)
    PublicVersion.refresh()
    # What this refresh computed may miss that change: it is not recorded; the change's own
    # refresh (after its commit) will be, and until then readers compute it.
    assert PublicVersion.objects.get(pk=1).expiry_basis == ""


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="roles are PostgreSQL's")
def test_a_role_granted_only_select_serves_every_public_output(
    client, listings, vetter, caplog, django_capture_on_commit_callbacks
):
    partner_row = PartnerKey(name="Example partner", tier=PartnerKey.Tier.PARTNER)
    partner_key = partner_row.new_key()
    partner_row.save()
    # Published now; the leaving clinic falls due 3 seconds from now (real time, no clock mock).
    staying, leaving = listings(leaving_in=timedelta(seconds=3))
    due = leaving.next_review_due
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("the database role may not create roles (CREATEROLE: .ci/postgres.sh)")
        # Inside the test's transaction: rolled back, role included, when the test ends.
        cursor.execute("CREATE ROLE amparo_ro NOLOGIN")
        cursor.execute("GRANT USAGE ON SCHEMA public TO amparo_ro")
        cursor.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO amparo_ro")
        cursor.execute("GRANT amparo_ro TO CURRENT_USER")
        cursor.execute("SET ROLE amparo_ro")
        try:
            # The role really cannot write.
            cursor.execute("SAVEPOINT probe")
            with pytest.raises(Exception, match="permission denied"):
                cursor.execute("UPDATE directory_publicversion SET counter = counter")
            cursor.execute("ROLLBACK TO SAVEPOINT probe")

            # After the publish: not recorded; every reader computes the due moment.
            before = read_everything(client, staying, leaving)
            assert_public(before, leaving_shown=True)
            etag = client.get("/api/@search")["ETag"]

            # After the due moment, by time alone.
            time.sleep(max(0.0, (due - timezone.now()).total_seconds()) + 0.5)
            after = read_everything(client, staying, leaving)
            assert_public(after, leaving_shown=False)
            assert client.get("/api/@search")["ETag"] != etag
            assert client.get("/api/directory/attorneys/leaving").status_code == 404

            # A partner key: its day of use cannot be written, and the read answers anyway.
            auth = {"HTTP_AUTHORIZATION": f"Api-Key {partner_key}"}
            with caplog.at_level("WARNING", logger="partners.models"):
                keyed = read_everything(client, staying, leaving, **auth)
            assert_public(keyed, leaving_shown=False)
            assert "day of use is not recorded" in caplog.text
            assert "permission denied" in caplog.text
        finally:
            cursor.execute("RESET ROLE")
    assert PartnerKey.objects.get(pk=partner_row.pk).last_used is None
