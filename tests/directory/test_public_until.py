"""Public-ness on the row (``public_until``, models/queryset.py): every way a listing stops
being public (or becomes public again) reaches the column, so it leaves @search, its detail and
the referral sheet; expiry by time needs no write; the Spanish directory falls back to the
original when its translation stops being public or is removed."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from directory.choices import Status
from directory.models import Attorney, Listing, WorkerCenter
from directory.models.queryset import public_until_of
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, WorkerCenterFactory, vetter

pytestmark = pytest.mark.django_db
WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP)\b", re.IGNORECASE)
PATHS = {Attorney: "attorneys", WorkerCenter: "worker-centers"}


def refuse_writes(execute, sql, params, many, context):
    assert not WRITE.match(sql), f"the read path wrote: {sql[:120]}"
    return execute(sql, params, many, context)


def outputs(client, listing, language="en") -> dict:
    """Whether the listing shows in @search, its detail and a referral sheet (HTML)."""
    search = client.get("/api/@search", {"b_size": 100, "language": language}).json()
    detail = client.get(
        f"/api/directory/{PATHS[type(listing)]}/{listing.slug}", {"language": language}
    )
    sheet = client.get(
        "/api/@referral-sheet",
        {"uids": listing.translation_key.hex, "issued": "2025-03-14", "language": language},
    )
    return {
        "search": listing.translation_key.hex in {item["UID"] for item in search["items"]},
        "detail": detail.status_code == 200,
        "sheet": sheet.status_code == 200,
    }


SHOWN = {"search": True, "detail": True, "sheet": True}
HIDDEN = {"search": False, "detail": False, "sheet": False}


@pytest.fixture
def clinic():
    listing = public(AttorneyFactory, name="Example Leaving Clinic", slug="leaving")
    public(AttorneyFactory, name="Example Staying Clinic", slug="staying")
    return listing


def test_the_column_follows_the_row(clinic):
    assert clinic.public_until == clinic.last_verified + timedelta(days=180)
    stored = Listing.objects.values_list("public_until", flat=True).get(pk=clinic.pk)
    assert stored == clinic.public_until


def test_unpublishing(client, clinic):
    assert outputs(client, clinic) == SHOWN
    clinic.unpublish()
    assert Listing.objects.get(pk=clinic.pk).public_until is None
    assert outputs(client, clinic) == HIDDEN


def test_expiry_by_time_needs_no_write(client, clinic, monkeypatch):
    assert outputs(client, clinic) == SHOWN
    later = clinic.public_until + timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with connection.execute_wrapper(refuse_writes):
        assert outputs(client, clinic) == HIDDEN


def test_suspension_by_save(client, clinic):
    clinic.status = Status.INACTIVE
    clinic.save(update_fields=["status"])
    assert outputs(client, clinic) == HIDDEN
    clinic.status = Status.TEMPORARILY_CLOSED
    clinic.save()
    assert outputs(client, clinic) == SHOWN


def test_status_and_live_written_in_bulk(client, clinic):
    Attorney.objects.filter(pk=clinic.pk).update(status=Status.INACTIVE)
    assert outputs(client, clinic) == HIDDEN
    Listing.objects.filter(pk=clinic.pk).update(status=Status.ACTIVE)
    assert outputs(client, clinic) == SHOWN
    clinic.live = False
    Listing.objects.bulk_update([clinic], ["live"])
    assert outputs(client, clinic) == HIDDEN


def test_deletion(client, clinic):
    uid = clinic.translation_key.hex
    clinic.delete()
    assert uid not in client.get("/api/@search").content.decode()
    assert client.get("/api/directory/attorneys/leaving").status_code == 404
    response = client.get("/api/@referral-sheet", {"uids": uid, "issued": "2025-03-14"})
    assert response.status_code == 400


def test_reverification_moves_the_column_both_ways(client, clinic):
    stale = timezone.now() - timedelta(days=181)
    clinic.record_verification(vetter(), when=stale)
    assert Listing.objects.get(pk=clinic.pk).public_until == stale.replace(
        microsecond=0
    ) + timedelta(days=180)
    assert outputs(client, clinic) == HIDDEN
    clinic.record_verification(vetter())
    assert outputs(client, clinic) == SHOWN


def test_bulk_created_rows_carry_the_column(client):
    made = Listing.objects.bulk_create(
        [
            AttorneyFactory.build(
                name="Example Imported Clinic", slug="imported", live=True,
                last_verified=timezone.now(),
            ),
            AttorneyFactory.build(name="Example Imported Draft", slug="draft", live=False),
        ]
    )  # fmt: skip
    stored = dict(Listing.objects.values_list("slug", "public_until"))
    assert stored["imported"] == public_until_of(made[0]) and stored["draft"] is None
    assert outputs(client, Attorney.objects.get(slug="imported")) == SHOWN
    assert outputs(client, Attorney.objects.get(slug="draft")) == HIDDEN


def test_changed_intervals_through_the_command(client, clinic, settings):
    call_command("refresh_public_version", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.AMPARO_REVIEW_INTERVAL_DAYS = {**settings.AMPARO_REVIEW_INTERVAL_DAYS, "attorney": 2}
    call_command("refresh_public_version", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert outputs(client, clinic) == HIDDEN
    settings.AMPARO_REVIEW_INTERVAL_DAYS = {**settings.AMPARO_REVIEW_INTERVAL_DAYS, "attorney": 9}
    call_command("refresh_public_version", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert outputs(client, clinic) == SHOWN
    with connection.execute_wrapper(refuse_writes):  # nothing left to recompute: reads only
        call_command("refresh_public_version", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def translated(spanish):
    center = public(WorkerCenterFactory, name="Example Workers Center", slug="center")
    translation = center.copy_for_translation(spanish)
    translation.name = "Centro de Trabajadores (ejemplo)"
    translation.save()
    return center, translation


def spanish_titles(client) -> set[str]:
    items = client.get("/api/@search", {"language": "es"}).json()["items"]
    return {item["title"] for item in items}


def test_a_translation_that_stops_being_public_falls_back_to_the_original(client, translated):
    center, translation = translated
    assert spanish_titles(client) == {"Centro de Trabajadores (ejemplo)"}
    translation.unpublish()
    assert spanish_titles(client) == {"Example Workers Center"}
    assert outputs(client, center, "es") == SHOWN


def test_a_removed_translation_falls_back_to_the_original(client, translated):
    center, translation = translated
    translation.delete()
    assert spanish_titles(client) == {"Example Workers Center"}
    assert outputs(client, center, "es") == SHOWN


def test_a_suspended_source_leaves_in_every_language(client, translated):
    center, _translation = translated
    # Status is synchronized to translations; a bulk action writes both rows.
    Listing.objects.filter(translation_key=center.translation_key).update(status=Status.INACTIVE)
    assert spanish_titles(client) == set()
    assert outputs(client, center, "es") == HIDDEN
    assert outputs(client, center) == HIDDEN
