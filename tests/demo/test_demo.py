"""manage.py load_demo: enough fictional data to show every part, and idempotent."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import ModelLogEntry, Page, Revision
from wagtail_localize.models import StringTranslation, TranslationSource

from directory.models import Listing, Phone

pytestmark = pytest.mark.django_db(transaction=False)


def snapshot():
    return {
        "listings": sorted(
            Listing.objects.values_list("pk", "name", "live", "last_verified", "locale_id")
        ),
        "phones": Phone.objects.count(),
        "revisions": Revision.objects.count(),
        "log": ModelLogEntry.objects.count(),
        "pages": sorted(Page.objects.values_list("pk", "title", "live")),
        "sources": TranslationSource.objects.count(),
        "strings": StringTranslation.objects.count(),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded twice, for this module only: in a transaction rolled back at the end, so
    its listings, pages and accounts never reach other tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", "--with-users", stdout=out)
        first = snapshot()
        call_command("load_demo", stdout=StringIO())
        second = snapshot()
        yield first, second, out.getvalue()
        transaction.set_rollback(True)


def test_second_load_changes_nothing(demo):
    first, second, _output = demo
    assert second == first


def test_demo_shows_every_kind_in_many_states_with_translations(demo):
    english = Listing.objects.filter(locale__language_code="en")
    assert english.count() >= 60
    assert set(english.values_list("kind", flat=True)) == {
        "attorney", "consulate", "worker-center", "funding-source"
    }  # fmt: skip
    assert len(set(english.values_list("state", flat=True))) >= 5
    assert Listing.objects.filter(locale__language_code="es").count() >= 50
    assert english.filter(live=False).count() >= 2  # drafts and listings in vetting
    overdue = english.filter(live=True).exclude(pk__in=Listing.objects.public())
    assert overdue.count() == 1
    assert Page.objects.filter(locale__language_code="es", depth__gt=1).count() >= 4


def test_demo_data_is_clearly_fictional(demo):
    for number in Phone.objects.values_list("number", flat=True):
        assert re.fullmatch(r"\+1\d{3}55501\d\d", number), number
    for name in Listing.objects.exclude(kind="consulate").values_list("name", flat=True):
        assert "Example" in name or "Ejemplo" in name, name
    assert not Listing.objects.exclude(email="").exclude(email__endswith="example.org").exists()


def test_demo_prints_the_accounts_and_progress(demo):
    output = demo[2]
    assert "listings: 64/64" in output
    assert "admin" in output and "amparo-demo" in output
