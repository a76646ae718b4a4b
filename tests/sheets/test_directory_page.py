"""``/directory/``: the public search page. Only public listings (never a draft, an expired or a
suspended one), the words, state and ZIP filters, paging, Spanish at ``/es/directory/``, bad
values named on the page (400, never a 500), a query count that does not grow with the page,
and the home page's two ways in."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import Status
from sheets.directory import PAGE_SIZE
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, WorkerCenterFactory
from tests.sheets.test_sheets import NOW, listings  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
URL = "/directory/"


@pytest.fixture
def hidden(listings):  # noqa: F811
    """Beside the fixture's draft and expired clinics: a suspended (inactive) one, and a
    public one in California."""
    suspended = public(AttorneyFactory, name="Example Suspended Clinic")
    suspended.status = Status.INACTIVE
    suspended.save()
    public(
        WorkerCenterFactory,
        name="Example Los Angeles Workers Center",
        city="Los Angeles",
        state="CA",
        postal_code="90012",
        county_id="06037",
        latitude=34.0614,
        longitude=-118.2385,
        phones=["(213) 555-0100"],
    )
    return listings


def names(html: str) -> set[str]:
    found = {
        "Example Newark Defense Clinic",
        "Example Elizabeth Workers Center",
        "Example Los Angeles Workers Center",
        "Example Draft Clinic",
        "Example Expired Clinic",
        "Example Suspended Clinic",
    }
    return {name for name in found if name in html}


def test_a_real_page_with_the_form_and_no_results_before_a_search(client, hidden):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form class="staff directory-search" method="get"' in html
    assert '<label for="d-q">Words</label>' in html
    assert names(html) == set()
    assert "<script" not in html and "style=" not in html


def test_only_public_listings_are_found(client, hidden):
    for params in ({"q": "Example"}, {"kind": "attorney"}, {"state": "NJ"}, {"near": "07102"}):
        html = client.get(URL, params).content.decode()
        assert not names(html) & {
            "Example Draft Clinic",
            "Example Expired Clinic",
            "Example Suspended Clinic",
        }, params
    everything = client.get(URL, {"q": "Example"}).content.decode()
    assert names(everything) == {
        "Example Newark Defense Clinic",
        "Example Elizabeth Workers Center",
        "Example Los Angeles Workers Center",
    }


def test_words_state_and_zip_filter(client, hidden):
    assert names(client.get(URL, {"q": "Elizabeth"}).content.decode()) == {
        "Example Elizabeth Workers Center"
    }
    assert names(client.get(URL, {"state": "CA"}).content.decode()) == {
        "Example Los Angeles Workers Center"
    }
    near_newark = client.get(URL, {"near": "07102", "radius": "10"}).content.decode()
    assert names(near_newark) == {
        "Example Newark Defense Clinic",
        "Example Elizabeth Workers Center",
    }
    assert names(client.get(URL, {"near": "90012"}).content.decode()) == {
        "Example Los Angeles Workers Center"
    }
    clinics = client.get(URL, {"kind": "attorney", "topics": "u-visa"}).content.decode()
    assert names(clinics) == {"Example Newark Defense Clinic"}
    mam = client.get(URL, {"languages": "mam"}).content.decode()
    assert names(mam) == {"Example Elizabeth Workers Center"}


def test_a_result_shows_what_a_reader_needs(client, hidden):
    html = client.get(URL, {"q": "Newark Defense"}).content.decode()
    assert "1 listing found" in html
    assert '<a href="tel:+19735550142" dir="ltr">(973) 555-0142</a>' in html
    assert "<dd>Removal (deportation) defense, U visa</dd>" in html  # topics, by title
    assert "<dd>Spanish</dd>" in html
    assert "Attorney or legal service provider · Newark, NJ 07102" in html
    verified = timezone.localdate(NOW - timedelta(days=3)).isoformat()  # the site's day
    assert f'<time datetime="{verified}">' in html


def test_spanish_page_has_spanish_labels_and_the_translation(client, hidden):
    # "Defensa" alone also finds what carries the topic "Defensa contra deportación".
    response = client.get("/es" + URL, {"q": "Defensa Newark"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="es"' in html
    assert "Buscar ayuda en el directorio" in html
    assert '<label for="d-q">Palabras</label>' in html
    assert "Clínica de Defensa de Newark (ejemplo)" in html
    assert "Teléfono" in html
    assert "1 ficha encontrada" in html


@pytest.mark.parametrize("radius", ["far", "0", "9000", "nan", "-5"])
def test_a_bad_radius_is_a_clear_message(client, hidden, radius):
    response = client.get(URL, {"near": "07102", "radius": radius})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "The distance must be a number of miles from 1 to 500." in html
    # The rest of the search still runs, with the default distance.
    assert "Example Newark Defense Clinic" in html
    spanish = client.get("/es" + URL, {"near": "07102", "radius": radius}).content.decode()
    assert "La distancia debe ser un número de millas entre 1 y 500." in spanish


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"near": "00000"}, "00000 is not a US ZIP code we know."),
        ({"near": "Newark"}, "Newark is not a US ZIP code we know."),
        ({"state": "ZZ"}, "Choose a state from the list."),
        ({"kind": "wizard"}, "Choose kinds of help from the list."),
        ({"topics": "nope"}, "Choose topics from the list."),
        ({"languages": "xx"}, "Choose languages from the list."),
        ({"q": "Example", "page": "0"}, "That page of results does not exist."),
        ({"q": "x" * 201}, "Search words are limited to 200 characters."),
        ({"q": "Example", "page": "2"}, "That page of results does not exist."),
    ],
)
def test_bad_values_are_named_not_a_500(client, hidden, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("text", ['"Newark', "Newark*", "Newark -", "(Newark)", 'Newark"'])
def test_search_syntax_is_only_words(client, hidden, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    assert names(response.content.decode()) == {
        "Example Newark Defense Clinic",
        "Example Elizabeth Workers Center",  # in Newark too
    }


@pytest.mark.parametrize("text", ["AND (", "NEAR(", "OR", '"', "*"])
def test_operators_alone_are_no_error(client, hidden, text):
    assert client.get(URL, {"q": text}).status_code == 200


def test_paging_and_a_constant_query_count(client, hidden):
    # Once, so both counts find the term titles kept (the listings published below leave them).
    client.get(URL, {"state": "NJ"})
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL, {"state": "NJ"}).status_code == 200
    for number in range(PAGE_SIZE + 3):
        public(WorkerCenterFactory, name=f"Example Paged Center {number:02d}",
               topics=("wage-theft",), languages=("spa", "eng"))  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        first = client.get(URL, {"state": "NJ"}).content.decode()
    assert len(many) == len(few)
    assert first.count("<h3>") == PAGE_SIZE
    assert f"{PAGE_SIZE + 5} listings found" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get(URL, {"state": "NJ", "page": "2"}).content.decode()
    assert second.count("<h3>") == 5
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_an_unknown_parameter_is_named(client, hidden):
    html = client.get(URL, {"stat": "NJ", "q": "Newark"}).content.decode()
    assert "Not understood, left out: stat." in html


def test_the_home_page_links_both_ways_in(client, demo_pages):
    english = client.get("/").content.decode()
    assert '<a href="/directory/">Find help in the directory</a>' in english
    assert '<a href="/staff/referrals/">Referral sheets for agency staff</a>' in english
    spanish = client.get("/es/").content.decode()
    assert '<a href="/es/directory/">Buscar ayuda en el directorio</a>' in spanish
    assert (
        '<a href="/es/staff/referrals/">Hojas de referencia para el personal de agencias</a>'
        in spanish
    )
    assert client.get("/es/directory/").status_code == 200
