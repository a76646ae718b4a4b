"""The docs promise that an exported CSV imports again: the whole demo directory, exported by an
editor, imports into an emptied directory with no problem and gives back every listing, column by
column. And the rule that kept it from doing so (an area of counties naming none) is the model's,
so no way in can save such a listing."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale

from directory.choices import ServiceArea
from directory.models import County, Language, Listing, State
from interchange import backup
from interchange import csv as csv_io
from tests import factories

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo directory for this module only, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def values_by_slug() -> dict[str, dict[str, str]]:
    tokens = csv_io.Tokens()
    values = {}
    for listing in Listing.objects.filter(locale=Locale.get_default()):
        row = csv_io.listing_values(listing, tokens)
        for vetting in ("last_verified", "verified_by", "next_review_due"):
            row.pop(vetting)  # a vetter's, not a file's: an import makes drafts to vet
        values[listing.slug] = row
    return values


def test_the_demo_directory_exported_imports_again_unchanged(demo, client):
    editor = factories.editor(username="roundtrip")
    interpreted = Language.objects.canonical().filter(token__in=["mam", "quc"])
    for listing in Listing.objects.filter(locale=Locale.get_default(), live=True)[:3]:
        listing.interpretation_languages.set(interpreted)
        listing.save()
    before = values_by_slug()
    assert sum(row["interpretation_languages"] == "mam;quc" for row in before.values()) == 3
    assert len(before) == 64
    client.force_login(editor)
    response = client.get("/api/@export", {"format": "csv"})
    assert response.status_code == 200
    exported = b"".join(response.streaming_content)

    Listing.objects.all().delete()  # every locale: an empty directory
    report = csv_io.ListingImport(exported, editor).run()

    assert report.problems == [], report.lines()
    assert report.written
    after = values_by_slug()
    assert sorted(after) == sorted(before)
    for slug, row in before.items():
        assert after[slug] == row, slug


@pytest.mark.parametrize(
    ("area", "relation"),
    [(ServiceArea.COUNTIES, "service_counties"), (ServiceArea.STATES, "service_states")],
)
def test_an_area_naming_no_place_is_refused_by_the_model(db, area, relation):
    listing = factories.AttorneyFactory.build(service_area=area)
    with pytest.raises(ValidationError) as error:
        listing.full_clean(exclude=["locale", "county", "country"])
    assert relation in error.value.message_dict
    # Assigned in memory (the form, CSV, HSDS and backup all do so before saving), it passes.
    if relation == "service_states":
        listing.service_states = [State.objects.canonical().get(token="NJ")]
    else:
        listing.service_counties = [County.objects.get(pk="34013")]
    listing.full_clean(exclude=["locale", "county", "country"])


def test_a_backup_with_such_a_listing_is_refused(db):
    factories.AttorneyFactory(service_area=ServiceArea.LOCAL)
    before = sorted(Listing.objects.values_list("pk", "service_area"))
    document = backup.export_data()
    document["listings"][0]["fields"]["service_area"] = ServiceArea.COUNTIES
    document["listings"][0]["fields"]["service_counties"] = []
    with pytest.raises(backup.BackupError, match="service_counties"):
        backup.import_data(document, replace=True)
    assert sorted(Listing.objects.values_list("pk", "service_area")) == before
