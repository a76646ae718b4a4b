"""Every output writes a stored moment as the site's day (settings.TIME_ZONE, New York): a
listing verified at 02:30 UTC on March 10 was verified on March 9 in New York, and the API,
HSDS, the CSV exports, the referral sheet, the directory and staff pages and the admin (the
lists' editions, the due report) all say so, and date its review by New York's day too
(directory/dates.py)."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from directory.dates import site_day
from lists.models import Edition, Organization
from tests.factories import AttorneyFactory
from tests.lists.conftest import make_list, staff_of

pytestmark = pytest.mark.django_db
STAMP = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)  # 22:30 on March 9 in New York (EDT)
DAY = "2026-03-09"
DUE = "2028-12-03"  # 1,000 days later: 2028-12-04 02:30 UTC, 21:30 on December 3 (EST)


@pytest.fixture
def clinic(settings):
    """A public attorney verified at STAMP, kept public by a 1,000-day review interval."""
    intervals = settings.AMPARO_REVIEW_INTERVAL_DAYS
    settings.AMPARO_REVIEW_INTERVAL_DAYS = {**intervals, "attorney": 1000}
    return AttorneyFactory(
        name="Example Late Night Clinic", slug="late-night", live=True, last_verified=STAMP
    )


def csv_rows(response) -> dict[str, dict]:
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return {row["name"]: row for row in csv.DictReader(io.StringIO(text))}


def test_site_day_is_the_date_in_the_sites_time_zone():
    assert site_day(STAMP) == date(2026, 3, 9)
    assert site_day(datetime(2026, 3, 10, 4, 0, tzinfo=UTC)) == date(2026, 3, 10)  # 00:00 EDT
    assert site_day(None) is None


def test_the_api_gives_the_sites_day(client, clinic):
    summary = client.get("/api/@search", {"SearchableText": "Late Night"}).json()["items"]
    assert [item["last_verified"] for item in summary] == [DAY]
    vetting = client.get("/api/directory/attorneys/late-night").json()["vetting"]
    assert (vetting["last_verified"], vetting["next_review_due"]) == (DAY, DUE)
    # verified_since compares the same day
    for since, found in ((DAY, 1), ("2026-03-10", 0)):
        answer = client.get("/api/@search", {"verified_since": since}).json()
        assert answer["items_total"] == found, since


def test_hsds_assured_date_is_the_sites_day(client, clinic):
    body = client.get(f"/api/hsds/services/{clinic.translation_key}").json()
    assert body["assured_date"] == DAY


def test_the_csv_exports_give_the_sites_day(client, editor_client, clinic):
    public = csv_rows(client.get("/api/@export", {"format": "csv"}))
    assert public["Example Late Night Clinic"]["last_verified"] == DAY
    editors = csv_rows(editor_client.get("/api/@export", {"format": "csv"}))
    row = editors["Example Late Night Clinic"]
    assert (row["last_verified"], row["next_review_due"]) == (DAY, DUE)


def test_the_pages_give_the_sites_day(client, clinic):
    sheet = client.get("/api/@referral-sheet", {"uids": clinic.translation_key.hex})
    assert f'<time datetime="{DAY}">March 9, 2026</time>' in sheet.content.decode()
    directory = client.get("/directory/", {"q": "Late Night"}).content.decode()
    assert f'<time datetime="{DAY}">March 9, 2026</time>' in directory
    staff = client.get("/staff/referrals/", {"near": "07102"}).content.decode()
    assert "<dt>Last verified</dt><dd>March 9, 2026</dd>" in staff


def test_the_lists_admin_dates_an_edition_by_the_sites_day(client, clinic):
    organization = Organization.objects.create(
        name="Example Workers United", slug="workers-united", kind="worker_center"
    )
    trusted_list = make_list(organization, "late", [clinic])
    Edition.objects.create(trusted_list=trusted_list, number=1, published_at=STAMP)
    client.force_login(staff_of(organization, "ana"))
    html = client.get(reverse("lists_lists:inspect", args=[trusted_list.pk])).content.decode()
    assert f"Edition 1, {DAY}, 0 entries" in html


def test_the_due_report_gives_the_sites_day(editor_client, clinic, settings):
    settings.AMPARO_REVIEW_WARNING_DAYS = 1000  # the clinic falls due within them
    html = editor_client.get(reverse("directory_due_for_review")).content.decode()
    assert "Example Late Night Clinic" in html
    assert "Dec. 3, 2028" in html and "Dec. 4, 2028" not in html
