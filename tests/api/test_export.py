"""``GET /api/@export?format=csv``: the listings of a search as CSV, public ones for anyone, all
of them with vetting columns for editors; an export re-imports."""

import csv
import io

import pytest
from wagtail.models import WorkflowState

from directory.models import Listing
from interchange import csv as csv_io
from tests.api.test_directory import directory  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
URL = "/api/@export"


def read(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="amparo-listings')
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def names(rows) -> set[str]:
    return {row["name"] for row in rows}


PUBLIC = {
    "Example Newark Defense Clinic",
    "Example Elizabeth Workers Center",
    "Example Chicago Immigration Clinic",
    "Example National Bond Fund",
}


def test_anonymous_export_has_only_public_listings(client, directory):  # noqa: F811
    response = client.get(URL, {"format": "csv"})
    rows = read(response)
    assert names(rows) == PUBLIC
    assert list(rows[0]) == csv_io.public_export_columns()
    assert "vetting_notes" not in rows[0] and "liaison_name" not in rows[0]
    assert response["ETag"] and response["Cache-Control"].startswith("public")
    newark = next(row for row in rows if row["name"] == "Example Newark Defense Clinic")
    assert newark["kind"] == "attorney"
    assert newark["phones"] == "main:+19735550100"
    assert newark["languages"] == "spa"
    assert newark["last_verified"]
    assert newark["country"] == ""  # a consulate's column stays empty for an attorney
    assert client.get(URL).status_code == 200  # csv is the default


def test_export_respects_the_search_filters(client, directory):  # noqa: F811
    assert names(read(client.get(URL, {"format": "csv", "state": "NJ"}))) == {
        "Example Newark Defense Clinic",
        "Example Elizabeth Workers Center",
        "Example National Bond Fund",  # national: serves New Jersey too
    }
    assert names(read(client.get(URL, {"languages": "mam"}))) == {
        "Example Elizabeth Workers Center"
    }
    assert names(read(client.get(URL, {"SearchableText": "clinic", "state": "IL"}))) == {
        "Example Chicago Immigration Clinic"
    }
    assert names(read(client.get(URL, {"portal_type": "FundingSource"}))) == {
        "Example National Bond Fund"
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"format": "json"}, "format"),
        ({"format": ["csv", "csv"]}, "format"),
        ({"b_size": "10"}, "b_size"),
        ({"state": "ZZ"}, "state"),
        ({"sort_on": "nowhere"}, "sort_on"),
    ],
)
def test_bad_parameters_are_400_in_the_error_shape(client, directory, params, field):  # noqa: F811
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "BadRequest"
    assert [error["field"] for error in body["errors"]] == [field]


def test_editor_export_has_every_listing_and_vetting_columns(editor_client, directory):  # noqa: F811
    draft = directory["draft"]
    draft.vetting_notes = "Called twice, no answer."
    draft.save()
    draft.save_revision()
    Listing.objects.get(pk=draft.pk).get_workflow().start(draft, None)
    rows = read(editor_client.get(URL, {"format": "csv"}))
    assert names(rows) == PUBLIC | {
        "Example Draft Clinic",
        "Example Expired Clinic",
        "Example Closed Clinic",
    }
    assert list(rows[0]) == csv_io.editor_export_columns()
    by_name = {row["name"]: row for row in rows}
    assert by_name["Example Draft Clinic"]["review_state"] == "pending"
    assert by_name["Example Draft Clinic"]["vetting_notes"] == "Called twice, no answer."
    assert by_name["Example Expired Clinic"]["review_state"] == "expired"
    assert by_name["Example Closed Clinic"]["review_state"] == "inactive"
    published = by_name["Example Newark Defense Clinic"]
    assert published["review_state"] == "published"
    assert published["last_verified"] and published["next_review_due"]


def test_formula_cells_are_guarded_and_read_back(client, directory, editor):  # noqa: F811
    listing = directory["newark"]
    Listing.objects.filter(pk=listing.pk).update(summary="=HYPERLINK(1)")
    rows = read(client.get(URL, {"state": "NJ", "portal_type": "Attorney"}))
    assert rows[0]["summary"] == "'=HYPERLINK(1)"
    assert csv_io.unguard(rows[0]["summary"]) == "=HYPERLINK(1)"


def test_export_then_import_round_trip(client, directory, editor):  # noqa: F811
    original = directory["elizabeth"]
    response = client.get(URL, {"portal_type": "WorkerCenter"})
    exported = b"".join(response.streaming_content)
    before = csv_io.listing_values(original, csv_io.Tokens())
    Listing.objects.filter(pk=original.pk).delete()

    report = csv_io.ListingImport(exported, editor).run()
    assert report.ok and report.written, report.lines()
    imported = Listing.objects.get(name="Example Elizabeth Workers Center")
    assert imported.pk != original.pk
    assert imported.live is False
    assert imported.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    after = csv_io.listing_values(imported, csv_io.Tokens())
    for vetting in ("last_verified", "verified_by", "next_review_due"):
        before.pop(vetting), after.pop(vetting)  # vetting is a vetter's, not a file's
    assert after == before
