"""The staff page (issue 16, items 2 and 3): the worker's consulate on the sheet, the data staff
decide by on each result, a topic filter that says it means any, a searchable language picker
that needs no script, and a start from a trusted list with its order and notes."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from directory.choices import ServiceArea
from directory.models import County, State
from lists.models import Organization
from tests.api.test_consulates import consulate
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, FundingSourceFactory, WorkerCenterFactory
from tests.lists.conftest import make_list, staff_of

pytestmark = pytest.mark.django_db
URL = "/staff/referrals/"


@pytest.fixture
def directory():
    """An attorney in Newark (free, accepting, serving detained people, two counties), a
    statewide worker center, a national fund, a Guatemalan consulate in New York whose
    jurisdiction leaves New Jersey out, and a draft consulate that serves New Jersey."""
    clinic = public(
        AttorneyFactory, name="Example Newark Defense Clinic", fee_model="free",
        fees="No charge for workers.", serves_detained=True, accepting_clients=True,
        topics=("removal-defense", "u-visa"), languages=("spa", "mam"),
        service_area=ServiceArea.COUNTIES,
    )  # fmt: skip
    clinic.service_counties.set(County.objects.filter(fips__in=["34013", "34017"]))
    clinic.save()
    center = public(WorkerCenterFactory, name="Example Garden State Workers Center",
                    topics=("wage-theft",), service_area=ServiceArea.STATES)  # fmt: skip
    center.service_states.set(State.objects.canonical().filter(token="NJ"))
    center.save()
    fund = public(FundingSourceFactory, name="Example National Bond Fund", city="Chicago",
                  state="IL", postal_code="60608", county_id="17031", latitude=41.85,
                  longitude=-87.67, topics=("bond",),
                  service_area=ServiceArea.NATIONAL)  # fmt: skip
    new_york = consulate("Example Consulate of Guatemala in New York", "New York", "NY",
                         40.75, -73.99, serves=["NY"])  # fmt: skip
    draft = consulate("Example Draft Consulate of Guatemala", "Newark", "NJ", 40.73, -74.17,
                      serves=["NJ"], live=False)  # fmt: skip
    return {"clinic": clinic, "center": center, "fund": fund, "new-york": new_york,
            "draft": draft}  # fmt: skip


def uid(listing) -> str:
    return listing.translation_key.hex


def item_of(html: str, name: str) -> str:
    """The result's part of the page: from its name to the end of its list item."""
    return html.split(name, 1)[1].split("</li>\n", 1)[0]


def test_each_result_shows_what_staff_decide_by(client, directory):
    html = client.get(URL, {"near": "07102"}).content.decode()
    clinic = item_of(html, "Example Newark Defense Clinic")
    for fact in ("<dt>Distance</dt><dd>0.0 miles</dd>", "Removal (deportation) defense", "U visa",
                 "Free · No charge for workers.", "<dt>Accepting new clients</dt><dd>Yes</dd>",
                 "<dt>Serves detained people</dt><dd>Yes</dd>", "<dt>Last verified</dt>",
                 "Counties: Essex County, NJ; Hudson County, NJ", "Mam"):  # fmt: skip
        assert fact in clinic, fact
    verified = timezone.localdate(directory["clinic"].last_verified)
    assert f"<dt>Last verified</dt><dd>{date_format(verified, 'DATE_FORMAT')}</dd>" in clinic
    center = item_of(html, "Example Garden State Workers Center")
    assert "Statewide: New Jersey" in center
    assert "Accepting new clients" not in center  # attorneys only
    fund = item_of(html, "Example National Bond Fund")
    assert "<dt>Serves</dt><dd>National</dd>" in fund
    assert re.search(r"<dt>Distance</dt><dd>7\d\d\.\d miles</dd>", fund)


def test_the_filters_say_what_they_mean_and_work(client, directory):
    html = client.get(URL, {"state": "NJ", "topics": ["wage-theft", "bond"]}).content.decode()
    assert "Helps with (any of the ticked topics)" in html
    assert "Example Garden State Workers Center" in html
    assert "Example National Bond Fund" in html  # any, not all
    assert "Example Newark Defense Clinic" not in html
    detained = client.get(URL, {"state": "NJ", "serves_detained": "true"}).content.decode()
    assert "Example Newark Defense Clinic" in detained
    assert "Example Garden State Workers Center" not in detained
    assert 'name="serves_detained" value="true" checked' in detained


def test_the_language_picker_is_checkboxes_with_a_search_box_for_the_script(client, directory):
    html = client.get(URL, {"languages": "mam", "state": "NJ"}).content.decode()
    assert '<select id="f-languages"' not in html and "multiple" not in html
    picker = html.split("data-filter-list>", 1)[1].split("</fieldset>", 1)[0]
    boxes = re.findall(r'name="languages" value="(\w+)"( checked)?', picker)
    assert len(boxes) > 40
    assert boxes[0] == ("mam", " checked")  # the chosen ones first
    # The search box waits hidden for the script; without it every checkbox is there.
    assert re.search(r'<p class="filter" data-filter-box hidden>', picker)
    assert '<label for="f-language-filter">Find a language</label>' in picker
    # One script, this site's own file; nothing inline (the CSP forbids it).
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/sheets/staff.js" defer>']
    assert "style=" not in html
    assert "Example Newark Defense Clinic" in html
    assert finders.find("sheets/staff.js")


def test_the_country_puts_its_consulate_on_the_sheet(client, directory):
    html = client.get(URL, {"near": "07102", "origin": "GT"}).content.decode()
    part = html.split('class="listings consulates"', 1)[1].split("</fieldset>", 1)[0]
    assert "The consulate of Guatemala" in part
    assert "No consulate of Guatemala lists 07102 in its jurisdiction" in part
    assert "Example Consulate of Guatemala in New York" in part
    assert "On the sheet" in part and "<dt>Distance</dt><dd>9." in part
    assert "Example Draft Consulate" not in html  # never a listing that is not public

    response = client.get(
        URL,
        {"near": "07102", "origin": "GT", "uids": uid(directory["clinic"]), "language": "es",
         "format": "html"},
    )  # fmt: skip
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["uids"] == [uid(directory["clinic"]), uid(directory["new-york"])]
    sheet = client.get(response["Location"]).content.decode()
    assert "Example Consulate of Guatemala in New York" in sheet


def test_the_country_alone_gets_a_sheet_with_the_consulate(client, directory):
    response = client.get(URL, {"state": "NY", "origin": "GT", "language": "en", "format": "pdf"})
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["uids"] == [uid(directory["new-york"])]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"near": "07102", "origin": "ZZ"}, "Choose the worker's country from the list."),
        ({"origin": "GT", "SearchableText": "clinic"}, "give a ZIP code or a state"),
    ],
)
def test_a_consulate_that_cannot_be_found_is_explained(client, directory, params, words):
    for extra in ({}, {"format": "html", "language": "en", "uids": uid(directory["clinic"])}):
        response = client.get(URL, {**params, **extra})
        assert response.status_code == 200
        assert words in unescape(response.content.decode())


def test_a_list_starts_the_page_in_its_order_with_its_notes(client, directory):
    organization = Organization.objects.create(
        name="Example Union", slug="example-union", kind="union"
    )
    organization_list = make_list(
        organization,
        "retaliation",
        [directory["fund"], directory["clinic"]],
        notes={directory["clinic"].pk: {"en": "Ask for the Mam interpreter."}},
        title={"en": "Retaliation referrals"},
    )
    organization_list.publish(staff_of(organization, "ana"))
    html = client.get(URL, {"list": "example-union/retaliation"}).content.decode()
    part = html.split('class="listings from-list"', 1)[1].split("</fieldset>", 1)[0]
    assert "From the list “Retaliation referrals” of Example Union, edition 1" in part
    assert part.index("Example National Bond Fund") < part.index("Example Newark Defense Clinic")
    assert "Ask for the Mam interpreter." in part
    assert len(re.findall(r'name="uids" value="\w+" checked', part)) == 2
    assert '<input type="hidden" name="list" value="example-union/retaliation">' in html

    # Printed as it came: the list's own sheet, with its title and notes.
    ticked = [uid(directory["fund"]), uid(directory["clinic"])]
    params = {"list": "example-union/retaliation", "uids": ticked, "language": "en"}
    as_listed = client.get(URL, {**params, "format": "html"})
    query = parse_qs(urlsplit(as_listed["Location"]).query)
    assert (query["list"], query["edition"], "uids" in query) == (
        ["example-union/retaliation"],
        ["1"],
        False,
    )
    assert "Ask for the Mam interpreter." in client.get(as_listed["Location"]).content.decode()
    # Changed (one unticked): the ticked listings.
    changed = client.get(URL, {**params, "uids": ticked[1:], "format": "html"})
    assert parse_qs(urlsplit(changed["Location"]).query)["uids"] == ticked[1:]

    unknown = client.get(URL, {"list": "nobody/nothing"}).content.decode()
    assert "There is no published trusted list at nobody/nothing." in unknown


def test_the_page_in_spanish(client, directory):
    html = client.get(
        "/es" + URL, {"near": "07102", "origin": "GT", "topics": "bond"}
    ).content.decode()
    for words in ("Ayuda con (cualquiera de los temas marcados)", "Buscar un idioma",
                  "El consulado de Guatemala", "fuera de su jurisdicción", "En la hoja",
                  "Última verificación", "Nacional"):  # fmt: skip
        assert words in html, words


def test_the_query_count_does_not_grow_with_the_results(client, directory):
    def queries(**params) -> int:
        client.get(URL, params)  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured)

    before = queries(near="07102", topics="bond"), queries(near="07102", origin="GT")
    for number in range(5):
        public(AttorneyFactory, name=f"Example Attorney {number}", topics=("bond",))
    after = queries(near="07102", topics="bond"), queries(near="07102", origin="GT")
    assert after == before
    # The results' terms: their ids in the search's one query (api/term_ids.py), not prefetched
    # again per relation; their titles the process's under the public version (read in two
    # queries here: its next due moment is not recorded in these tests), not one query per
    # vocabulary (17 and 26 before); the page's ids, then its rows (ListingSearch.page).
    assert before == (13, 20)
