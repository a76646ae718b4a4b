"""Editions are history: numbered, dated, and never changed or deleted."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from lists.models import Edition, EditionEntry, ImmutableError, ListEntry
from tests.factories import AttorneyFactory
from tests.lists.conftest import withdraw

pytestmark = pytest.mark.django_db


def test_publishing_numbers_editions_and_freezes_the_entries(orgs, listings):
    a_list = orgs["a_list"]
    second = a_list.publish(orgs["a_staff"])
    assert second.number == 2
    assert [e.name for e in second.entries.all()] == [
        "Example Newark Workers Center",
        "Example Essex Defense Clinic",
    ]
    assert second.entries.first().note == {"en": "Ask for Rosa.", "es": "Pregunte por Rosa."}
    a_list.entries.all().delete()
    assert a_list.publish().entries.count() == 0
    assert Edition.objects.get(trusted_list=a_list, number=1).entries.count() == 2


def test_entries_not_public_are_left_out_of_a_new_edition(orgs, listings):
    a_list = orgs["a_list"]
    draft = AttorneyFactory(name="Example Draft Clinic")
    ListEntry.objects.create(trusted_list=a_list, listing=draft, sort_order=5)
    withdraw(listings[0])
    edition = a_list.publish()
    assert [e.name for e in edition.entries.all()] == ["Example Newark Workers Center"]
    assert a_list.entries.count() == 3  # the draft keeps them for when they are public again


def test_an_edition_cannot_be_saved_again_or_deleted(orgs):
    edition = orgs["a_list"].current_edition
    edition.number = 7
    with pytest.raises(ImmutableError):
        edition.save()
    with pytest.raises(ImmutableError):
        edition.delete()
    entry = edition.entries.first()
    entry.name = "Something else"
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    with pytest.raises(ImmutableError):
        Edition.objects.filter(pk=edition.pk).update(number=7)
    with pytest.raises(ImmutableError):
        EditionEntry.objects.filter(edition=edition).delete()
    edition.refresh_from_db()
    assert edition.number == 1


def test_the_database_refuses_changes_to_editions_too(orgs):
    edition = orgs["a_list"].current_edition
    for sql in (
        "UPDATE lists_edition SET number = 7",
        "DELETE FROM lists_editionentry",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert Edition.objects.get(pk=edition.pk).number == 1
    assert edition.entries.count() == 2


def test_a_published_list_and_its_organization_cannot_be_deleted(orgs):
    with pytest.raises(ProtectedError):
        orgs["a_list"].delete()
    with pytest.raises(ProtectedError):
        orgs["a"].delete()


def test_deleting_a_listing_keeps_it_in_editions(orgs, listings):
    clinic = listings[0]
    clinic.delete()
    assert orgs["a_list"].entries.count() == 1
    assert orgs["a_list"].current_edition.entries.count() == 2
