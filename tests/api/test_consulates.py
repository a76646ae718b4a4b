"""``@consulates``: the consulate of the worker's country whose jurisdiction covers a place, and
when none does, the nearest ones with their distance and a note (issue 16, item 2)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from directory.choices import ServiceArea, Status
from directory.models import Country, Listing, State
from directory.places import miles_between, resolve
from tests.factories import ConsulateFactory

pytestmark = pytest.mark.django_db
URL = "/api/@consulates"
NEWARK = resolve("07102")


def consulate(name, city, state, latitude, longitude, country="GT", serves=(), **fields):
    """A consulate, public unless ``fields`` say otherwise; ``serves`` lists the states of its
    jurisdiction (none: only where it stands)."""
    fields = {"live": True, "last_verified": timezone.now() - timedelta(days=3), **fields}
    listing = ConsulateFactory(
        name=name, city=city, state=state, postal_code="", county_id=None,
        latitude=latitude, longitude=longitude,
        country=Country.objects.canonical().get(token=country),
        service_area=ServiceArea.STATES if serves else ServiceArea.LOCAL, **fields,
    )  # fmt: skip
    if serves:
        listing.service_states.set(State.objects.canonical().filter(token__in=serves))
        listing.save()
    return listing


@pytest.fixture
def guatemala():
    """Guatemala's consulates, none of whose jurisdiction lists New Jersey."""
    return {
        "new-york": consulate(
            "Example Consulate of Guatemala in New York",
            "New York",
            "NY",
            40.75,
            -73.99,
            serves=["NY", "CT"],
        ),
        "providence": consulate(
            "Example Consulate of Guatemala in Providence",
            "Providence",
            "RI",
            41.82,
            -71.41,
            serves=["RI", "MA"],
        ),
        "raleigh": consulate(
            "Example Consulate of Guatemala in Raleigh",
            "Raleigh",
            "NC",
            35.78,
            -78.64,
            serves=["NC", "SC"],
        ),
        "chicago": consulate(
            "Example Consulate of Guatemala in Chicago",
            "Chicago",
            "IL",
            41.85,
            -87.67,
            serves=["IL"],
        ),
    }


def titles(body) -> list[str]:
    return [item["title"] for item in body["items"]]


def miles_from_newark(listing) -> float:
    return round(
        miles_between(NEWARK.latitude, NEWARK.longitude, listing.latitude, listing.longitude), 1
    )


def test_the_consulate_whose_jurisdiction_covers_the_place_comes_with_its_distance(
    client, guatemala
):
    guatemala["new-york"].service_states.add(State.objects.canonical().get(token="NJ"))
    guatemala["new-york"].save()
    body = client.get(URL, {"country": "GT", "near": "07102"}).json()
    assert body["covers"] is True
    assert "note" not in body
    assert titles(body) == ["Example Consulate of Guatemala in New York"]
    (item,) = body["items"]
    assert item["coverage"] == "statewide"
    assert item["distance"] == miles_from_newark(guatemala["new-york"])
    assert 5 < item["distance"] < 15


def test_when_none_covers_the_place_the_nearest_come_with_distance_and_a_note(client, guatemala):
    response = client.get(URL, {"country": "GT", "near": "07102"})
    assert response.status_code == 200
    body = response.json()
    assert body["covers"] is False
    # The three nearest, nearest first; Chicago (710 miles) is left out.
    assert titles(body) == [
        "Example Consulate of Guatemala in New York",
        "Example Consulate of Guatemala in Providence",
        "Example Consulate of Guatemala in Raleigh",
    ]
    assert body["items_total"] == 3
    assert [item["coverage"] for item in body["items"]] == ["outside"] * 3
    assert [item["distance"] for item in body["items"]] == [
        miles_from_newark(guatemala[key]) for key in ("new-york", "providence", "raleigh")
    ]
    assert body["note"] == (
        "No consulate of Guatemala lists 07102 in its jurisdiction. These are its nearest "
        "consulates, outside their jurisdiction: call to ask which one serves this place."
    )


def test_the_note_comes_in_the_request_language(client, guatemala):
    body = client.get(URL, {"country": "GT", "near": "07102", "language": "es"}).json()
    assert body["covers"] is False
    assert "jurisdicción" in body["note"]
    assert "Guatemala" in body["note"]


def test_a_state_finds_the_consulates_serving_it(client, guatemala):
    covered = client.get(URL, {"country": "GT", "state": "RI"}).json()
    assert (covered["covers"], titles(covered)) == (
        True,
        ["Example Consulate of Guatemala in Providence"],
    )
    assert covered["items"][0]["distance"] < 60
    outside = client.get(URL, {"country": "GT", "state": "NJ"}).json()
    assert outside["covers"] is False
    assert titles(outside)[0] == "Example Consulate of Guatemala in New York"


def test_a_country_without_public_consulates_says_so(client, guatemala):
    body = client.get(URL, {"country": "HN", "near": "07102"}).json()
    assert (body["items"], body["covers"]) == ([], False)
    assert body["note"] == "The directory has no public consulate of Honduras."


def test_consulates_that_are_not_public_are_never_shown(client, guatemala):
    """Nearer than any public one, and one covering New Jersey: a draft, one overdue for review
    and an inactive one. None is found, as covering or as nearest."""
    old = timezone.now() - timedelta(days=400)
    hidden = [
        consulate(
            "Example Draft Consulate", "Newark", "NJ", 40.73, -74.17, serves=["NJ"], live=False
        ),
        consulate(
            "Example Overdue Consulate",
            "Newark",
            "NJ",
            40.74,
            -74.17,
            serves=["NJ"],
            last_verified=old,
        ),
        consulate(
            "Example Closed Consulate", "Newark", "NJ", 40.72, -74.17, status=Status.INACTIVE
        ),
    ]
    assert Listing.objects.public().filter(pk__in=[c.pk for c in hidden]).count() == 0
    for params in ({"near": "07102"}, {"state": "NJ"}, {"near": "40.73,-74.17"}):
        body = client.get(URL, {"country": "GT", **params}).json()
        assert body["covers"] is False
        assert "Example Consulate of Guatemala in New York" in titles(body)
        assert not {"Example Draft Consulate", "Example Overdue Consulate",
                    "Example Closed Consulate"} & set(titles(body))  # fmt: skip


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"country": "ZZ", "near": "07102"}, "country", "not a country the directory knows"),
        ({"country": "Guatemala", "near": "07102"}, "country", "two-letter code"),
        ({"near": "07102"}, "country", "country is required"),
        ({"country": "GT"}, "near", "Give the place once"),
        ({"country": "GT", "near": "07102", "state": "NJ"}, "state", "Give the place once"),
        ({"country": "GT", "state": "ZZ"}, "state", "two-letter code"),
        ({"country": "GT", "near": "00000"}, "near", "not a known US ZIP code"),
    ],
)
def test_bad_input_is_a_clear_400(client, guatemala, params, field, words):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "BadRequest"
    assert [error["field"] for error in body["errors"]] == [field]
    assert words in body["message"]


def test_the_fallback_costs_a_fixed_number_of_queries(client, guatemala, django_assert_num_queries):
    client.get(URL, {"country": "GT", "near": "07102", "b_size": 1})  # warm the caches
    # 9: the summary reads phones, then the term ids of every relation in one query.
    with django_assert_num_queries(9):
        one = client.get(URL, {"country": "GT", "near": "07102", "b_size": 1, "language": "en"})
    with django_assert_num_queries(9):
        three = client.get(URL, {"country": "GT", "near": "07102", "b_size": 3, "language": "en"})
    assert (len(one.json()["items"]), len(three.json()["items"])) == (1, 3)
