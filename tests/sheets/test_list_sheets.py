"""Referral sheets of a trusted list (``list=<org>/<list>[&edition=<n>]``): the organization's name,
the list's title and edition, its listings in its order with their notes, old editions, withdrawn
listings left out with a notice, and a short link that reproduces it."""

import re
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from lists.models import ListEntry, Organization
from sheets.sheet import MAX_LISTINGS, Sheet
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, WorkerCenterFactory
from tests.lists.conftest import make_list, staff_of, withdraw
from tests.sheets.test_sheets import pdf_text

pytestmark = pytest.mark.django_db
URL = "/api/@referral-sheet"
ISSUED = "2025-03-14"
PATH = "workers-united/retaliation"


@pytest.fixture
def listed(spanish):
    """A worker center's list: the center (a Spanish note), then the clinic (an English note
    only), published as edition 1; then a third listing added and published as edition 2."""
    center = public(WorkerCenterFactory, name="Example Newark Workers Center", slug="center")
    clinic = public(AttorneyFactory, name="Example Essex Defense Clinic", slug="clinic")
    bond = public(AttorneyFactory, name="Example Bond Attorney", slug="bond")
    organization = Organization.objects.create(
        name="Example Workers United", slug="workers-united", kind="worker_center"
    )
    trusted_list = make_list(
        organization,
        "retaliation",
        [center, clinic],
        notes={
            center.pk: {"en": "Ask for Rosa.", "es": "Pregunte por Rosa."},
            clinic.pk: {"en": "Walk-ins on Tuesdays."},
        },
        title={"en": "Retaliation referrals", "es": "Represalias en el trabajo"},
    )
    staff = staff_of(organization, "ana")
    trusted_list.publish(staff)
    ListEntry.objects.create(trusted_list=trusted_list, listing=bond, sort_order=2)
    trusted_list.publish(staff)
    return {"center": center, "clinic": clinic, "bond": bond, "list": trusted_list}


def sheet(client, **params):
    return client.get(URL, {"issued": ISSUED, **params})


def test_a_list_sheet_in_spanish(client, listed):
    response = sheet(client, list=PATH, language="es")
    assert response.status_code == 200
    html = response.content.decode()
    edition = listed["list"].current_edition
    assert edition.number == 2
    assert "<strong>Example Workers United</strong>" in html
    day = timezone.localdate(edition.published_at)  # the site's day, not UTC's
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
              "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
    when = f"{day.day} de {months[day.month - 1]} de {day.year}"
    assert f"Lista: Represalias en el trabajo, edición 2 del {when}" in html
    # The list's order, not the alphabet; notes in Spanish, else in English (marked so).
    names = ["Example Newark Workers Center", "Example Essex Defense Clinic", "Example Bond"]
    positions = [html.index(name) for name in names]
    assert positions == sorted(positions)
    assert "Nota" in html and "Pregunte por Rosa." in html
    assert '<span lang="en">Walk-ins on Tuesdays.</span>' in html
    assert "Ask for Rosa." not in html
    assert "ya no figura" not in html and "más en la lista" not in html


def test_a_list_sheet_as_pdf(client, listed):
    response = sheet(client, list=PATH, language="es", format="pdf")
    assert response.status_code == 200
    text, pages = pdf_text(response.content)
    flat = " ".join(text.split())
    assert pages == 1
    for expected in ("Example Workers United", "Lista: Represalias en el trabajo, edición 2",
                     "Example Newark Workers Center", "Pregunte por Rosa.",
                     "Walk-ins on Tuesdays."):  # fmt: skip
        assert expected in flat, expected


def test_an_old_edition_prints_as_published(client, listed):
    html = sheet(client, list=PATH, edition="1", language="en").content.decode()
    assert "List: Retaliation referrals, edition 1 of" in html
    assert "Example Newark Workers Center" in html and "Example Essex Defense Clinic" in html
    assert "Example Bond Attorney" not in html


def test_a_withdrawn_listing_is_left_out_with_a_notice(client, listed):
    withdraw(listed["clinic"])
    html = sheet(client, list=PATH, language="es").content.decode()
    assert "Example Essex Defense Clinic" not in html and "Walk-ins" not in html
    assert "Example Newark Workers Center" in html and "Example Bond Attorney" in html
    assert "Una organización de esta edición de la lista ya no figura en el directorio" in html


def test_a_long_list_prints_its_first_listings_and_says_how_many_more(client, listed):
    extra = [
        public(AttorneyFactory, name=f"Example Extra Clinic {n}", slug=f"extra-{n}")
        for n in range(MAX_LISTINGS)
    ]
    trusted_list = listed["list"]
    for order, listing in enumerate(extra, start=3):
        ListEntry.objects.create(trusted_list=trusted_list, listing=listing, sort_order=order)
    trusted_list.publish()
    html = sheet(client, list=PATH, language="en").content.decode()
    assert html.count('<article class="entry"') == MAX_LISTINGS
    assert f"Example Extra Clinic {MAX_LISTINGS - 4}" in html
    assert f"Example Extra Clinic {MAX_LISTINGS - 3}" not in html
    assert "And 3 more in the list." in html


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"list": PATH, "uids": "0" * 32}, "list", "not with uids"),
        ({"list": PATH, "SearchableText": "clinic"}, "list", "SearchableText"),
        ({"list": "workers-united/nothing"}, "list", "is not one"),
        ({"list": "not a path"}, "list", "is not one"),
        ({"list": PATH, "edition": "7"}, "edition", "has no edition 7"),
        ({"list": PATH, "edition": "first"}, "edition", "a number"),
        ({"edition": "1", "uids": "0" * 32}, "edition", "goes with list"),
    ],
)
def test_bad_list_parameters_are_400s_naming_them(client, listed, params, field, words):
    response = sheet(client, **params)
    assert response.status_code == 400
    body = response.json()
    assert words in body["message"]
    assert body["errors"][0]["field"] == field


def test_the_short_link_reproduces_a_list_sheet(client, listed):
    original = sheet(client, list=PATH, edition="1", language="es", agency="Oficina de Ejemplo")
    link = re.search(r'href="(http://testserver/s/[^"]+)"', original.content.decode())[1]
    decoded = Sheet.from_code(urlsplit(link).path.removeprefix("/s/"))
    assert (decoded.list_path, decoded.edition, decoded.uids) == (PATH, 1, ())
    assert (decoded.language, str(decoded.issued), decoded.agency) == (
        "es", ISSUED, "Oficina de Ejemplo"
    )  # fmt: skip
    reopened = client.get(link)
    assert reopened.status_code == 200
    assert reopened.content == original.content
    # A listing withdrawn since is left out of the reopened sheet, with the notice.
    withdraw(listed["center"])
    html = client.get(link).content.decode()
    assert "Example Newark Workers Center" not in html and "Example Essex" in html
    assert "ya no figura en el directorio" in html
    # A made-up list in a code is a 404, not an error page.
    fake = Sheet("es", decoded.issued, (), "", "workers-united/nothing", 1)
    assert client.get(fake.link_path()).status_code == 404
