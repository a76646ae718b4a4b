"""The HSDS 3.0 view (/api/hsds/): mapping, filters, paging, visibility, errors, queries."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.hsds import ids
from directory.choices import FeeModel, PhoneType, ServiceArea, Status
from directory.models import Country, FundType, Language, Phone, State, Topic
from tests.api.hsds.hsds_schema import assert_page, assert_valid
from tests.factories import (
    AttorneyFactory,
    ConsulateFactory,
    FundingSourceFactory,
    WorkerCenterFactory,
)

pytestmark = pytest.mark.django_db
NOW = timezone.now()
HSDS = "/api/hsds"


def public(factory, languages=("spa",), topics=("removal-defense",), **fields):
    listing = factory(live=True, last_verified=NOW - timedelta(days=3), **fields)
    listing.languages.set(Language.objects.canonical().filter(token__in=languages))
    listing.topics.set(Topic.objects.canonical().filter(token__in=topics))
    listing.save()
    return listing


@pytest.fixture
def directory():
    newark = public(
        AttorneyFactory,
        name="Example Newark Defense Clinic",
        street_address="1 Example Street",
        hours="Monday to Friday, 9 am to 5 pm",
        fee_model=FeeModel.FREE,
        consultation_fee="$100",
        languages=("spa", "mam"),
        phones=["(973) 555-0100", "(973) 555-0101"],
    )
    newark.phones.add(Phone(number="(973) 555-0102", type=PhoneType.FAX))
    newark.save()
    chicago_args = dict(
        city="Chicago", state="IL", postal_code="60608", county_id="17031",
        latitude=41.85, longitude=-87.67,
    )  # fmt: skip
    fund = public(
        FundingSourceFactory,
        name="Example National Bond Fund",
        service_area=ServiceArea.NATIONAL,
        topics=("bond",),
        **chicago_args,
    )
    fund.fund_types.set(FundType.objects.canonical().filter(token="bond"))
    fund.save()
    consulate = public(
        ConsulateFactory,
        name="Example Consulate of Mexico in New York",
        city="New York", state="NY", postal_code="10001", county_id="36061",
        latitude=40.75, longitude=-73.99, service_area=ServiceArea.STATES,
        topics=("detained",),
    )  # fmt: skip
    consulate.service_states.set(State.objects.canonical().filter(token__in=["NY", "NJ"]))
    consulate.save()
    return {
        "newark": newark,
        "elizabeth": public(
            WorkerCenterFactory,
            name="Example Elizabeth Workers Center",
            city="Elizabeth",
            postal_code="07201",
            county_id="34039",
            latitude=40.6653,
            longitude=-74.1929,
            topics=("wage-theft",),
        ),
        "chicago": public(
            AttorneyFactory, name="Example Chicago Immigration Clinic", **chicago_args
        ),
        "fund": fund,
        "consulate": consulate,
        "draft": AttorneyFactory(name="Example Draft Clinic"),
        "expired": AttorneyFactory(
            name="Example Expired Clinic", live=True, last_verified=NOW - timedelta(days=181)
        ),
        "inactive": public(AttorneyFactory, name="Example Closed Clinic", status=Status.INACTIVE),
    }


VISIBLE = {
    "Example Newark Defense Clinic",
    "Example Elizabeth Workers Center",
    "Example Chicago Immigration Clinic",
    "Example National Bond Fund",
    "Example Consulate of Mexico in New York",
}


def names(body) -> list[str]:
    return [
        item["name"] if "name" in item else item["service"]["name"] for item in body["contents"]
    ]


def term_id(vocabulary, token):
    return ids.term_id(vocabulary, token)


def test_root_says_which_hsds(client):
    body = client.get(f"{HSDS}/").json()
    assert body["version"] == "3.0"
    assert body["openapi_url"] == "http://testserver/api/@openapi"
    assert body["profile"].startswith("https://")


def test_services_are_the_public_listings_only(client, directory):
    body = client.get(f"{HSDS}/services").json()
    assert_page(body)
    assert set(names(body)) == VISIBLE
    assert names(body) == sorted(VISIBLE)
    for item in body["contents"]:
        assert_valid("compiled/service_list.json", item)
        assert "phones" not in item  # one-to-one fields only, unless full=true
    for hidden in ("draft", "expired", "inactive"):
        listing = directory[hidden]
        uid = listing.translation_key
        for path in (
            f"services/{uid}",
            f"organizations/{ids.masked_id('organization', uid)}",
            f"service_at_locations/{ids.masked_id('service_at_location', uid)}",
        ):
            assert client.get(f"{HSDS}/{path}").status_code == 404
    for url in ("organizations", "service_at_locations", "services?format=ndjson"):
        content = b"".join(client.get(f"{HSDS}/{url}").streaming_content) if "ndjson" in url \
            else client.get(f"{HSDS}/{url}").content  # fmt: skip
        for hidden in ("Draft", "Expired", "Closed"):
            assert f"Example {hidden} Clinic".encode() not in content


def test_an_editor_session_still_sees_only_public_listings(editor_client, directory):
    body = editor_client.get(f"{HSDS}/services", {"per_page": 100}).json()
    assert set(names(body)) == VISIBLE
    draft = directory["draft"].translation_key
    assert editor_client.get(f"{HSDS}/services/{draft}").status_code == 404


def test_paging_envelope(client, directory):
    first = client.get(f"{HSDS}/services", {"per_page": 2}).json()
    assert {k: v for k, v in first.items() if k != "contents"} == {
        "total_items": 5, "total_pages": 3, "page_number": 1, "size": 2,
        "first_page": True, "last_page": False, "empty": False,
    }  # fmt: skip
    last = client.get(f"{HSDS}/services", {"per_page": 2, "page": 3}).json()
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    past = client.get(f"{HSDS}/services", {"per_page": 2, "page": 9}).json()
    assert (past["contents"], past["empty"], past["last_page"]) == ([], True, True)
    seen = [n for page in (1, 2, 3) for n in names(
        client.get(f"{HSDS}/services", {"per_page": 2, "page": page}).json())]  # fmt: skip
    assert seen == sorted(VISIBLE)


def test_full_service_maps_the_listing(client, directory):
    listing = directory["newark"]
    body = client.get(f"{HSDS}/services/{listing.translation_key}").json()
    assert_valid("service.json", body)
    assert body["id"] == str(listing.translation_key)  # the API's UID
    assert body["assured_date"] == timezone.localdate(listing.last_verified).isoformat()
    assert "assurer_email" not in body
    assert body["status"] == "active"
    assert body["organization"]["name"] == listing.name
    assert [(p["number"], p["type"]) for p in body["phones"]] == [
        ("+19735550100", "voice"), ("+19735550101", "voice"), ("+19735550102", "fax")
    ]  # fmt: skip
    assert {(lang["code"], lang["name"]) for lang in body["languages"]} == {
        ("es", "Spanish"), ("mam", "Mam")
    }  # fmt: skip
    assert body["schedules"] == [
        {
            "id": body["schedules"][0]["id"],
            "service_id": body["id"],
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": "MO,TU,WE,TH,FR",
            "opens_at": "09:00",
            "closes_at": "17:00",
            "description": "Monday to Friday, 9 am to 5 pm",
        }
    ]
    assert [(c["option"], c.get("amount")) for c in body["cost_options"]] == [
        ("Free", 0), ("Consultation", 100.0)
    ]  # fmt: skip
    (sal,) = body["service_at_locations"]
    address = sal["location"]["addresses"][0]
    assert (address["address_1"], address["city"], address["state_province"]) == (
        "1 Example Street", "Newark", "NJ"
    )  # fmt: skip
    assert address["region"] == "Essex County"
    assert (sal["location"]["latitude"], sal["location"]["longitude"]) == (40.732, -74.1765)
    codes = {(a["link_type"], a["taxonomy_term"]["code"]) for a in body["attributes"]}
    assert codes == {("kinds", "attorney"), ("topics", "removal-defense")}
    assert body["service_areas"] == []  # serves at its own address only
    # The same id on every request.
    again = client.get(f"{HSDS}/services/{listing.translation_key}").json()
    assert again == body


def test_service_areas_and_taxonomies_of_other_kinds(client, directory):
    consulate = client.get(f"{HSDS}/services/{directory['consulate'].translation_key}").json()
    assert_valid("service.json", consulate)
    assert [a["name"] for a in consulate["service_areas"]] == ["New Jersey", "New York"]
    assert ("countries", "MX") in {
        (a["link_type"], a["taxonomy_term"]["code"]) for a in consulate["attributes"]
    }
    fund = client.get(f"{HSDS}/services/{directory['fund'].translation_key}").json()
    assert_valid("service.json", fund)
    assert [a["name"] for a in fund["service_areas"]] == ["United States"]
    assert ("fund_types", "bond") in {
        (a["link_type"], a["taxonomy_term"]["code"]) for a in fund["attributes"]
    }
    assert "Who may apply: individuals." in fund["eligibility_description"]


def test_language_negotiation(client, directory, spanish):
    listing = directory["newark"]
    translation = listing.copy_for_translation(spanish)
    translation.name = "Clínica de Defensa de Ejemplo de Newark"
    translation.hours = "Lunes a viernes, de 9 a. m. a 5 p. m."
    translation.save()
    url = f"{HSDS}/services/{listing.translation_key}"
    english, spanish_body = client.get(url).json(), client.get(url, {"language": "es"}).json()
    assert spanish_body["name"] == "Clínica de Defensa de Ejemplo de Newark"
    assert spanish_body["id"] == english["id"]
    assert [p["id"] for p in spanish_body["phones"]] == [p["id"] for p in english["phones"]]
    assert spanish_body["schedules"][0]["byday"] == "MO,TU,WE,TH,FR"
    topic = next(a for a in spanish_body["attributes"] if a["link_type"] == "topics")
    assert (topic["taxonomy_term"]["name"], topic["taxonomy_term"]["language"]) == (
        "Defensa contra deportación", "es"
    )  # fmt: skip
    response = client.get(f"{HSDS}/services", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Content-Language"] == "es"
    assert "Clínica de Defensa de Ejemplo de Newark" in names(response.json())
    assert response.json()["total_items"] == 5  # one row per listing


def test_search(client, directory):
    body = client.get(f"{HSDS}/services", {"search": "clinic"}).json()
    assert set(names(body)) == {
        "Example Newark Defense Clinic",
        "Example Chicago Immigration Clinic",
    }
    body = client.get(f"{HSDS}/services", {"search": "clinic chicago"}).json()
    assert names(body) == ["Example Chicago Immigration Clinic"]
    assert client.get(f"{HSDS}/services", {"search": "Closed"}).json()["contents"] == []
    terms = client.get(f"{HSDS}/taxonomy_terms", {"search": "visa"}).json()
    assert {t["code"] for t in terms["contents"]} == {"u-visa", "t-visa"}
    taxonomies = client.get(f"{HSDS}/taxonomies", {"search": "bonds"}).json()
    assert [t["name"] for t in taxonomies["contents"]] == ["Fund types"]


def test_taxonomy_term_and_taxonomy_filters(client, directory):
    url = f"{HSDS}/services"
    wage = client.get(url, {"taxonomy_term_id": term_id("topics", "wage-theft")}).json()
    assert names(wage) == ["Example Elizabeth Workers Center"]
    either = client.get(url, {"taxonomy_term_id": [term_id("topics", "wage-theft"),
                                                   term_id("topics", "bond")]}).json()  # fmt: skip
    assert set(names(either)) == {"Example Elizabeth Workers Center", "Example National Bond Fund"}
    consulates = client.get(url, {"taxonomy_term_id": term_id("kinds", "consulate")}).json()
    assert names(consulates) == ["Example Consulate of Mexico in New York"]
    mexico = client.get(url, {"taxonomy_term_id": term_id("countries", "MX")}).json()
    assert names(mexico) == ["Example Consulate of Mexico in New York"]
    funds = client.get(url, {"taxonomy_id": ids.taxonomy_id("fund_types")}).json()
    assert names(funds) == ["Example National Bond Fund"]
    # Every id a service shows is one the filter takes.
    service = client.get(f"{url}/{directory['fund'].translation_key}").json()
    for attribute in service["attributes"]:
        found = client.get(url, {"taxonomy_term_id": attribute["taxonomy_term_id"]}).json()
        assert "Example National Bond Fund" in names(found)
    terms = client.get(f"{HSDS}/taxonomy_terms", {"taxonomy_id": ids.taxonomy_id("kinds"),
                                                  "per_page": 100}).json()  # fmt: skip
    assert [t["code"] for t in terms["contents"]] == [
        "attorney", "consulate", "worker-center", "funding-source"
    ]  # fmt: skip
    for term in terms["contents"]:
        assert_valid("taxonomy_term.json", term)
        assert client.get(f"{HSDS}/taxonomy_terms/{term['id']}").json() == term


def test_organizations(client, directory):
    body = client.get(f"{HSDS}/organizations").json()
    assert_page(body)
    assert set(names(body)) == VISIBLE
    for item in body["contents"]:
        assert_valid("compiled/organization_list.json", item)
    organization_id = body["contents"][0]["id"]
    detail = client.get(f"{HSDS}/organizations/{organization_id}").json()
    assert_valid("organization.json", detail)
    assert detail["services"][0]["organization_id"] == organization_id
    services = client.get(f"{HSDS}/services", {"organization_id": organization_id}).json()
    assert [s["id"] for s in services["contents"]] == [detail["services"][0]["id"]]
    full = client.get(f"{HSDS}/organizations/{organization_id}", {"full_service": "true"}).json()
    assert_valid("service.json", full["services"][0])
    assert "phones" in full["services"][0]


def test_modified_after(client, directory):
    url = f"{HSDS}/services"
    assert client.get(url, {"modified_after": "2000-01-01"}).json()["total_items"] == 5
    future = (NOW + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
    assert client.get(url, {"modified_after": future + "Z"}).json()["total_items"] == 0
    # An unencoded "+" of an offset arrives as a space; it is still understood.
    response = client.get(f"{url}?modified_after={future}+02:00")
    assert response.status_code == 200
    recent = (NOW - timedelta(days=4)).isoformat()
    assert client.get(url, {"modified_after": recent}).json()["total_items"] == 5
    item = client.get(url, {"minimal": "true"}).json()["contents"][0]
    assert set(item) == {"id", "name", "status", "last_modified"}
    assert_valid("service.json", item)


def test_service_at_locations_by_postcode_and_proximity(client, directory):
    url = f"{HSDS}/service_at_locations"
    body = client.get(url).json()
    assert_page(body)
    for item in body["contents"]:
        assert_valid("compiled/service_at_location_list.json", item)
        assert_valid("service_at_location.json", item)
    # In Essex County (Newark), or serving it: the NJ consulate district and the national fund.
    newark = client.get(url, {"postcode": "07102"}).json()
    assert names(newark) == [
        "Example Newark Defense Clinic",
        "Example Consulate of Mexico in New York",
        "Example National Bond Fund",
    ]
    near = client.get(url, {"postcode": "07102", "proximity": "12000"}).json()
    assert names(near)[:2] == ["Example Newark Defense Clinic", "Example Elizabeth Workers Center"]
    close = client.get(url, {"postcode": "07102", "proximity": "2000"}).json()
    assert "Example Elizabeth Workers Center" not in names(close)
    assert "Example Chicago Immigration Clinic" not in names(near)
    sal = newark["contents"][0]
    assert client.get(f"{url}/{sal['id']}").json()["service"]["id"] == sal["service_id"]


def test_ndjson_streams_every_full_service(client, directory):
    response = client.get(f"{HSDS}/services", {"format": "ndjson", "per_page": 1})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    services = [json.loads(line) for line in lines]
    assert {s["name"] for s in services} == VISIBLE
    for service in services:
        assert_valid("service.json", service)
        assert "phones" in service
    filtered = client.get(f"{HSDS}/services", {"format": "ndjson", "search": "chicago"})
    assert len(b"".join(filtered.streaming_content).splitlines()) == 2


def test_taxonomies(client, directory):
    body = client.get(f"{HSDS}/taxonomies").json()
    assert_page(body)
    assert [t["name"] for t in body["contents"]] == [
        "Kinds of listing", "Topics", "Industries", "Fund types", "Countries"
    ]  # fmt: skip
    for taxonomy in body["contents"]:
        assert_valid("taxonomy.json", taxonomy)
        assert client.get(f"{HSDS}/taxonomies/{taxonomy['id']}").json() == taxonomy
    assert body["contents"][1]["id"] == ids.taxonomy_id("topics")


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("services?bogus=1", "bogus"),
        ("services?page=0", "page"),
        ("services?page=x", "page"),
        ("services?page=²", "page"),
        ("services?page=99999999999999999999999", "page"),
        ("services?per_page=101", "per_page"),
        ("services?per_page=0", "per_page"),
        ("services?format=xml", "format"),
        ("services?full=yes", "full"),
        ("services?minimal=1", "minimal"),
        ("services?modified_after=yesterday", "modified_after"),
        ("services?modified_after=2026-13-45", "modified_after"),
        ("services?modified_after=9999-12-31T23:59:59-12:00", "modified_after"),
        ("services?taxonomy_term_id=0b5e8a1e-3f1c-4a53-9f3a-1d7c2b9e4a10", "taxonomy_term_id"),
        ("services?taxonomy_term_id=plumbing", "taxonomy_term_id"),
        ("services?taxonomy_id=plumbing", "taxonomy_id"),
        ("services?organization_id=acme", "organization_id"),
        ("services?search=" + "x" * 201, "search"),
        ("services?postcode=07102", "postcode"),
        ("service_at_locations?postcode=00000", "postcode"),
        ("service_at_locations?postcode=newark", "postcode"),
        ("service_at_locations?proximity=1000", "proximity"),
        ("service_at_locations?postcode=07102&proximity=-5", "proximity"),
        ("service_at_locations?postcode=07102&proximity=0", "proximity"),
        ("service_at_locations?postcode=07102&proximity=nan", "proximity"),
        ("service_at_locations?postcode=07102&proximity=1e9", "proximity"),
        ("organizations?taxonomy_term_id=x", "taxonomy_term_id"),
        ("organizations/x?full=true", "full"),
        ("taxonomy_terms?taxonomy_id=x", "taxonomy_id"),
        ("taxonomy_terms?parent_id=x", "parent_id"),
        ("taxonomies?language=xx", "language"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, url, field):
    response = client.get(f"{HSDS}/{url}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["type"] == "BadRequest"
    assert field in [error["field"] for error in body["errors"]]


@pytest.mark.parametrize(
    "path",
    [
        "services/0b5e8a1e-3f1c-4a53-9f3a-1d7c2b9e4a10",
        "services/not-a-uuid",
        "organizations/0b5e8a1e-3f1c-4a53-9f3a-1d7c2b9e4a10",
        "service_at_locations/nope",
        "taxonomies/0b5e8a1e-3f1c-4a53-9f3a-1d7c2b9e4a10",
        "taxonomy_terms/nope",
        "nothing-here",
    ],
)
def test_missing_objects_are_a_404_in_the_error_shape(client, path):
    response = client.get(f"{HSDS}/{path}")
    assert response.status_code == 404
    assert response.json()["type"] == "NotFound"


def test_etag(client, directory):
    first = client.get(f"{HSDS}/services")
    assert client.get(f"{HSDS}/services", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize(
    "url",
    [
        "/api/hsds/services?per_page={n}",
        "/api/hsds/services?full=true&per_page={n}",
        "/api/hsds/organizations?full=true&full_service=true&per_page={n}",
        "/api/hsds/service_at_locations?postcode=07102&proximity=50000&full=true&per_page={n}",
        "/api/hsds/services?search=example&taxonomy_term_id="
        + ids.term_id("topics", "removal-defense")
        + "&per_page={n}",
    ],
)
def test_query_count_does_not_grow_with_the_page(client, url):
    factories = [AttorneyFactory, WorkerCenterFactory, FundingSourceFactory, ConsulateFactory]
    mexico = Country.objects.canonical().get(token="MX")
    for index in range(25):
        factory = factories[index % len(factories)]
        extra = {"country": mexico} if factory is ConsulateFactory else {}
        listing = public(factory, name=f"Example Listing {index}", languages=("spa", "eng"),
                         topics=("removal-defense", "bond"), **extra)  # fmt: skip
        listing.service_states.set(State.objects.canonical().filter(token="NJ"))
        listing.save()
    # Warm per-process caches (geography, locales) with another page size, so that no kept
    # answer of the same URL stands in for the measured ones.
    client.get(url.format(n=2))
    with CaptureQueriesContext(connection) as one:
        assert client.get(url.format(n=1)).json()["size"] == 1
    with CaptureQueriesContext(connection) as many:
        assert client.get(url.format(n=25)).json()["size"] == 25
    assert len(many.captured_queries) == len(one.captured_queries)
    assert len(one.captured_queries) <= 25
