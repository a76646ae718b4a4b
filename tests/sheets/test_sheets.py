"""Referral sheets (API.md, *Referral sheets*): the chosen public listings in the chosen language,
as HTML and as a one-page PDF, with a link that reproduces the sheet; nothing stored."""

import io
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from directory.choices import PhoneType
from directory.models import Phone
from sheets.sheet import MAX_LISTINGS, Sheet
from tests.api.test_directory import public
from tests.factories import (
    AttorneyFactory,
    ConsulateFactory,
    FundingSourceFactory,
    WorkerCenterFactory,
)

pytestmark = pytest.mark.django_db
NOW = timezone.now()
URL = "/api/@referral-sheet"
ISSUED = "2025-03-14"


@pytest.fixture
def listings(spanish):
    """Two public listings, one translated into Spanish, and a draft and an expired one."""
    clinic = public(
        AttorneyFactory,
        name="Example Newark Defense Clinic",
        summary="Free removal defense for workers.",
        hours="Monday to Friday, 9 to 5",
        how_to_get_help="Call and ask for the intake worker.",
        fee_model="free",
        phones=["(973) 555-0142"],
        topics=("removal-defense", "u-visa"),
    )
    translation = clinic.copy_for_translation(spanish)
    translation.name = "Clínica de Defensa de Newark (ejemplo)"
    translation.summary = "Defensa gratuita contra la deportación."
    translation.hours = "De lunes a viernes, de 9 a 5"
    translation.save()
    center = public(
        WorkerCenterFactory,
        name="Example Elizabeth Workers Center",
        phones=["(908) 555-0177"],
        languages=("spa", "mam"),
        topics=("wage-theft",),
    )
    return {
        "clinic": clinic,
        "center": center,
        "draft": AttorneyFactory(name="Example Draft Clinic"),
        "expired": AttorneyFactory(
            name="Example Expired Clinic", live=True, last_verified=NOW - timedelta(days=181)
        ),
    }


def uid(listing) -> str:
    return listing.translation_key.hex


def sheet(client, **params):
    return client.get(URL, {"issued": ISSUED, **params})


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_html_sheet_in_spanish_with_fallback_to_the_original(client, listings):
    response = sheet(
        client, uids=[uid(listings["clinic"]), uid(listings["center"])], language="es",
        agency="Oficina Laboral <Ejemplo>",
    )  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Language"] == "es"
    html = response.content.decode()
    assert '<html lang="es" dir="ltr">' in html
    # Spanish labels, from the catalog
    for label in ("Dónde conseguir ayuda", "Emitida el", "Teléfono", "El personal habla",
                  "Horario", "Costos", "Última verificación", "Ayuda con",
                  "Cómo obtener ayuda"):  # fmt: skip
        assert label in html, label
    assert "14 de marzo de 2025" in html
    # The listing's Spanish translation; the other falls back to its English text, marked so.
    assert "Clínica de Defensa de Newark (ejemplo)" in html
    assert "De lunes a viernes, de 9 a 5" in html
    assert "Example Newark Defense Clinic" not in html
    assert '<article class="entry" lang="en" dir="ltr">' in html
    assert "Example Elizabeth Workers Center" in html
    # Term titles in Spanish; phones; the agency, escaped.
    assert "Defensa contra deportación" in html
    assert "Mam" in html
    assert "(973) 555-0142" in html and "(908) 555-0177" in html
    assert "Oficina Laboral &lt;Ejemplo&gt;" in html
    # Order as given; QR code inline; nothing loaded from elsewhere.
    assert html.index("Clínica de Defensa") < html.index("Example Elizabeth")
    assert "<svg" in html
    assert not re.findall(r'(?:src|href)="(?:https?:)?//(?!testserver)', html)


def test_pdf_sheet_holds_the_listings_in_the_chosen_language(client, listings):
    response = sheet(
        client, uids=[uid(listings["clinic"]), uid(listings["center"])], language="es",
        format="pdf",
    )  # fmt: skip
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, pages = pdf_text(response.content)
    assert pages == 1
    flat = " ".join(text.split())
    for expected in ("Clínica de Defensa de Newark (ejemplo)", "Example Elizabeth Workers Center",
                     "(973) 555-0142", "(908) 555-0177", "Dónde conseguir ayuda", "Teléfono",
                     "Última verificación", "14 de marzo de 2025"):  # fmt: skip
        assert expected in flat, expected


def test_a_server_without_weasyprint_libraries_says_so_not_500(client, listings, monkeypatch):
    from sheets import sheet as sheet_module

    def missing():
        raise sheet_module.PdfUnavailable("PDF sheets are unavailable on this server.")

    monkeypatch.setattr(sheet_module, "_weasyprint", missing)
    response = sheet(client, uids=[uid(listings["clinic"])], format="pdf")
    assert response.status_code == 503
    assert response.json()["type"] == "ServiceUnavailable"
    assert sheet(client, uids=[uid(listings["clinic"])], format="html").status_code == 200


def test_eight_full_listings_print_on_one_page(client, spanish):
    long = "Monday to Friday 9 am to 6 pm; Saturdays 10 am to 2 pm; walk-ins on Wednesdays. " * 3
    chosen = []
    for index in range(MAX_LISTINGS):
        factory = [AttorneyFactory, ConsulateFactory, WorkerCenterFactory, FundingSourceFactory][
            index % 4
        ]
        listing = public(
            factory,
            name=f"Example Organization With A Fairly Long Name Number {index}",
            summary="Represents workers in removal proceedings and helps with U and T visas. " * 3,
            alert="Not taking new cases until next month." if index % 3 == 0 else "",
            street_address="1234 Example Boulevard, Suite 500",
            hours=long,
            fees="Free consultation; sliding scale after that, by income. " * 3,
            fee_model="sliding-scale",
            phones=["(973) 555-0100", "(973) 555-0101", "(973) 555-0102"],
            languages=("spa", "eng", "mam", "quc", "por"),
            topics=("removal-defense", "u-visa", "t-visa", "bond", "detained", "daca"),
        )
        chosen.append(uid(listing))
    response = sheet(client, uids=chosen, format="pdf", agency="Example State Labor Agency")
    assert response.status_code == 200
    text, pages = pdf_text(response.content)
    assert pages == 1
    flat = " ".join(text.split())
    assert f"Number {MAX_LISTINGS - 1}" in flat and "Example State Labor Agency" in flat


def test_a_search_prints_its_first_results(client, listings):
    response = sheet(client, SearchableText="workers center", language="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Example Elizabeth Workers Center" in html
    assert "Example Newark Defense Clinic" not in html
    everything = sheet(client, state="NJ").content.decode()
    assert "Example Elizabeth Workers Center" in everything
    assert "Example Newark Defense Clinic" in everything
    assert "Example Draft Clinic" not in everything and "Example Expired" not in everything


@pytest.mark.parametrize("hidden", ["draft", "expired"])
def test_a_listing_that_is_not_public_is_refused(client, listings, hidden):
    wanted = uid(listings[hidden])
    response = sheet(client, uids=[uid(listings["clinic"]), wanted])
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "BadRequest"
    assert wanted in body["message"] and "not public" in body["message"]
    assert body["errors"][0]["field"] == "uids"


def test_fifty_uids_are_a_clear_400(client, listings):
    response = sheet(client, uids=[f"{n:032x}" for n in range(50)])
    assert response.status_code == 400
    assert response.json()["message"] == (
        f"A sheet holds at most {MAX_LISTINGS} listings (one printed page); 50 were given. "
        "Choose fewer, or make two sheets."
    )


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"format": "docx"}, "format", "format must be html or pdf"),
        ({"uids": "not-a-uid"}, "uids", "is not a listing UID"),
        ({"issued": "14/03/2025"}, "issued", "YYYY-MM-DD"),
        ({"issued": "2999-01-01"}, "issued", "future"),
        ({"agency": "x" * 101}, "agency", "100 characters"),
        ({"language": "xx"}, "language", "language must be one of"),
        ({"state": "NJ"}, "state", "either uids or search parameters"),
        ({"colour": "red"}, "colour", "Unknown query parameter"),
    ],
)
def test_bad_parameters_are_400s_naming_them(client, listings, params, field, words):
    response = sheet(client, **{"uids": uid(listings["clinic"]), **params})
    assert response.status_code == 400
    body = response.json()
    assert words in body["message"]
    assert body["errors"][0]["field"] == field


def test_a_sheet_needs_listings_or_a_search(client, listings):
    assert "Choose listings with uids" in client.get(URL).json()["message"]
    nothing = client.get(URL, {"SearchableText": "nothing-matches-this"}).json()
    assert "finds no public listings" in nothing["message"]


def test_the_short_link_reopens_the_same_sheet(client, listings):
    uids = [uid(listings["center"]), uid(listings["clinic"])]
    original = sheet(client, uids=uids, language="es", agency="Oficina de Ejemplo")
    link = re.search(r'href="(http://testserver/s/[^"]+)"', original.content.decode())[1]
    reopened = client.get(link)
    assert reopened.status_code == 200
    assert reopened["Content-Language"] == "es"
    assert reopened.content == original.content
    # The code alone holds the sheet.
    decoded = Sheet.from_code(urlsplit(link).path.removeprefix("/s/"))
    assert decoded.uids == tuple(uids)
    assert (decoded.language, str(decoded.issued), decoded.agency) == (
        "es", ISSUED, "Oficina de Ejemplo"
    )  # fmt: skip
    assert client.get("/s/not-a-sheet").status_code == 404


def test_a_reopened_link_leaves_out_what_is_no_longer_public(client, listings):
    uids = [uid(listings["clinic"]), uid(listings["center"])]
    original = sheet(client, uids=uids, language="es")
    link = re.search(r'href="(http://testserver/s/[^"]+)"', original.content.decode())[1]
    center = listings["center"]
    center.last_verified = NOW - timedelta(days=400)
    center.save()
    html = client.get(link).content.decode()
    assert "Example Elizabeth Workers Center" not in html
    assert "Clínica de Defensa de Newark (ejemplo)" in html
    assert "ya no figura en el directorio" in html


def test_sheets_store_nothing(client, listings):
    uids = [uid(listings["clinic"]), uid(listings["center"])]
    # The API's cache version catches up with the fixture's writes on the first read
    # (api/caching.py); that is not the sheet's doing.
    client.get("/api/@search")
    with CaptureQueriesContext(connection) as queries:
        assert sheet(client, uids=uids, agency="Example Agency").status_code == 200
        assert sheet(client, uids=uids, format="pdf").status_code == 200
        assert client.get("/staff/referrals/", {"state": "NJ"}).status_code == 200
    writes = [q["sql"] for q in queries if re.match(r"\s*(INSERT|UPDATE|DELETE)", q["sql"], re.I)]
    assert writes == []
    for response in (sheet(client, uids=uids), client.get("/staff/referrals/")):
        assert not response.cookies


def test_arabic_sheets_run_right_to_left(client, listings, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("ar", "Arabic")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    response = sheet(client, uids=uid(listings["clinic"]), language="ar")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    # No Arabic translation of the listing: its original text, marked as English.
    assert '<article class="entry" lang="en" dir="ltr">' in html
    assert "Example Newark Defense Clinic" in html
    pdf = sheet(client, uids=uid(listings["clinic"]), language="ar", format="pdf")
    assert pdf.status_code == 200
    assert "Example Newark Defense Clinic" in pdf_text(pdf.content)[0]


def test_phones_show_their_type_in_the_sheet_language(client, listings):
    center = listings["center"]
    center.phones.add(Phone(number="+19735550199", type=PhoneType.HOTLINE, emergency=True))
    center.save()
    html = sheet(client, uids=uid(center), language="es").content.decode()
    assert "(973) 555-0199" in html and "Línea directa" in html


# The staff page
def test_staff_page_searches_and_offers_checkboxes(client, listings):
    response = client.get("/staff/referrals/", {"state": "NJ", "near": "", "radius": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="uids" value="{uid(listings["clinic"])}"' in html
    assert f'name="uids" value="{uid(listings["center"])}"' in html
    assert "Example Draft Clinic" not in html
    for control in ('name="language"', 'name="agency"', 'name="format" value="html"',
                    'name="format" value="pdf"', 'name="SearchableText"', 'name="topics"',
                    'name="languages"', 'name="portal_type"'):  # fmt: skip
        assert control in html, control
    assert re.search(r'<label for="f-language">', html)
    # No inline script: only the page's own file (the language picker's filter).
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/sheets/staff.js" defer>']


def test_staff_page_in_spanish(client, listings):
    html = client.get("/es/staff/referrals/", {"state": "NJ"}).content.decode()
    assert "Preparar una hoja de referencias" in html
    assert "Clínica de Defensa de Newark (ejemplo)" in html


def test_staff_page_sends_the_ticked_listings_to_the_sheet(client, listings):
    ticked = [uid(listings["clinic"]), uid(listings["center"])]
    response = client.get(
        "/staff/referrals/",
        {"state": "NJ", "uids": ticked, "language": "es", "agency": "Example", "format": "pdf"},
    )
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == URL
    query = parse_qs(target.query)
    assert query["uids"] == ticked
    assert query["language"] == ["es"] and query["format"] == ["pdf"]
    assert query["issued"] == [timezone.localdate().isoformat()]
    assert "state" not in query
    assert client.get(response["Location"])["Content-Type"] == "application/pdf"


def test_staff_page_explains_an_empty_choice(client, listings):
    response = client.get("/staff/referrals/", {"state": "NJ", "format": "html", "language": "en"})
    assert response.status_code == 200
    assert "Tick at least one listing" in response.content.decode()


def test_staff_page_keeps_ticked_listings_across_searches(client, listings):
    html = client.get(
        "/staff/referrals/", {"SearchableText": "workers", "uids": uid(listings["clinic"])}
    ).content.decode()
    assert re.search(rf'value="{uid(listings["clinic"])}" checked', html)
    assert "Example Elizabeth Workers Center" in html


def test_query_count_does_not_grow_with_the_listings(client, listings):
    def queries(uids) -> int:
        sheet(client, uids=uids, language="es")  # warm the per-process caches (term titles)
        with CaptureQueriesContext(connection) as captured:
            assert sheet(client, uids=uids, language="es").status_code == 200
        return len(captured)

    one = queries([uid(listings["clinic"])])
    assert one == queries([uid(listings["clinic"]), uid(listings["center"])])
    # The public version (two queries: its next due moment is not recorded here), the rows,
    # their phones and their term ids; the term titles are the process's.
    assert one == 5


def test_a_listing_without_phones_prints(client, listings):
    listings["center"].phones.all().delete()
    response = sheet(client, uids=[uid(listings["center"])])
    assert response.status_code == 200
    assert "Example Elizabeth Workers Center" in response.content.decode()
