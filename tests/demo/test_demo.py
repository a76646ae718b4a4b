"""manage.py load_demo: enough fictional data to show every part, and idempotent."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.models import Locale, ModelLogEntry, Page, Revision
from wagtail_localize.models import StringTranslation, TranslationSource

from demo.languages import texts_in
from demo.loader import DEMO_PASSWORD
from demo.organization import DEMO_API_KEY, DEMO_ORIGINS
from directory.models import Listing, Phone, Suggestion
from directory.models.search import forget_locale_ids
from lists.models import Edition, Organization
from lists.setup import STAFF
from partners.models import PartnerKey

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
        "users": sorted(get_user_model().objects.values_list("username", "password")),
        "organizations": sorted(Organization.objects.values_list("pk", "slug")),
        "editions": sorted(Edition.objects.values_list("pk", "number")),
        "keys": sorted(PartnerKey.objects.values_list("pk", "prefix", "allowed_origins")),
        "suggestions": sorted(Suggestion.objects.values_list("pk", "status")),
    }


# Two languages beyond English and Spanish at least, whatever the settings switch on: the
# loader must take every content language that has a locale (here the settings' own, plus
# Portuguese and Arabic if they are off).
EXTRA = [("pt", "Portuguese"), ("ar", "Arabic")]
LANGUAGES = list(settings.LANGUAGES) + [
    pair for pair in EXTRA if pair[0] not in dict(settings.LANGUAGES)
]
OTHER_CODES = [code for code, _name in LANGUAGES if code not in ("en", "es")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded twice, for this module only: in a transaction rolled back at the end, so
    its listings, pages and accounts never reach other tests."""
    with (
        django_db_blocker.unblock(),
        override_settings(LANGUAGES=LANGUAGES, WAGTAIL_CONTENT_LANGUAGES=LANGUAGES),
        transaction.atomic(),
    ):
        for code in OTHER_CODES:
            Locale.objects.get_or_create(language_code=code)
        out = StringIO()
        call_command("load_demo", "--with-users", stdout=out)
        first = snapshot()
        call_command("load_demo", stdout=StringIO())
        second = snapshot()
        yield first, second, out.getvalue()
        transaction.set_rollback(True)
    forget_locale_ids()  # the locales made here are gone


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
    assert "curator" in output and DEMO_API_KEY in output


def test_every_other_content_language_has_public_translations(demo):
    """Each language beyond English and Spanish with a locale: the listings around Newark are
    translated, public, and read in that language (the shared texts; names stay as written)."""
    public = Listing.objects.public()
    for code in OTHER_CODES:
        translated = public.filter(locale__language_code=code)
        assert translated.count() >= 10, code
        assert set(translated.values_list("kind", flat=True)) == {
            "attorney", "consulate", "worker-center", "funding-source"
        }, code  # fmt: skip
        summaries = set(translated.values_list("summary", flat=True))
        assert summaries and summaries <= set(texts_in(code).values()), (code, summaries)


def test_an_organization_with_a_curator_and_a_list_in_two_editions(demo):
    organization = Organization.objects.get(slug="example-coalition")
    curator = get_user_model().objects.get(username="curator")
    assert curator.check_password(DEMO_PASSWORD)
    assert list(organization.staff.all()) == [curator]
    assert curator.groups.filter(name=STAFF).exists() and not curator.is_superuser
    trusted_list = organization.lists.get()
    editions = list(trusted_list.editions.order_by("number"))
    assert [edition.number for edition in editions] == [1, 2]
    assert [edition.entries.count() for edition in editions] == [4, 6]
    assert all(edition.withdrawn_count() == 0 for edition in editions)
    assert trusted_list.title["es"] and trusted_list.description["es"]


def test_a_partner_key_for_the_embed_on_make_run(demo, client):
    key = PartnerKey.objects.for_key(DEMO_API_KEY)
    assert key is not None and key.organization.slug == "example-coalition"
    assert key.origins() == DEMO_ORIGINS == ["http://127.0.0.1:8000", "http://localhost:8000"]
    for origin in DEMO_ORIGINS:  # what a browser asks before the embed's requests
        answer = client.options(
            "/api/@search", HTTP_ORIGIN=origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
        )
        assert answer.status_code == 204
        assert answer["Access-Control-Allow-Origin"] == origin


def test_work_is_waiting_for_editors_and_vetters(demo):
    english = Listing.objects.filter(locale__language_code="en")
    waiting = english.filter(workflow_states__status="in_progress")
    assert waiting.count() == 2 and not waiting.filter(live=True).exists()
    # A Spanish translation an editor submitted, waiting for a vetter (not public meanwhile).
    spanish = Listing.objects.filter(locale__language_code="es")
    translation = spanish.get(workflow_states__status="in_progress")
    assert not translation.live and translation not in Listing.objects.public()
    assert "Ejemplo" in translation.get_latest_revision_as_object().name
    suggestion = Suggestion.objects.open().get()
    assert suggestion.listing.live and suggestion.contact == ""
