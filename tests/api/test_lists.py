"""The trusted lists' API: /api/@lists, a list's current edition, its editions, @search?list=."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lists.models import ListEntry
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, WorkerCenterFactory
from tests.lists.conftest import make_list, withdraw

pytestmark = pytest.mark.django_db
A_LIST = "/api/@lists/workers-united/retaliation"


def titles(body):
    return [item["title"] for item in body["items"]]


def test_current_edition_is_a_batched_folder_of_summaries_with_notes(client, orgs):
    response = client.get(A_LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["@type"] == "TrustedList"
    assert body["title"] == "Retaliation referrals, Essex County"
    assert body["organization"]["title"] == "Example Workers United"
    assert body["organization"]["kind"]["token"] == "worker_center"
    assert body["edition"]["number"] == 1
    assert body["edition"]["@id"].endswith(f"{A_LIST}/@editions/1")
    assert titles(body) == ["Example Newark Workers Center", "Example Essex Defense Clinic"]
    assert [item["note"] for item in body["items"]] == ["Ask for Rosa.", "Walk-ins on Tuesdays."]
    assert body["items"][0]["phones"][0]["display"] == "(973) 555-0100"
    assert body["items"][0]["UID"] == orgs["a_list"].entries.first().translation_key.hex
    assert body["items_total"] == 2 and body["withdrawn_count"] == 0
    batch = client.get(A_LIST, {"b_size": 1}).json()
    assert titles(batch) == ["Example Newark Workers Center"]
    assert "retaliation?b_size=1&b_start=1" in batch["batching"]["next"]


def test_notes_and_title_in_the_request_language_fall_back_to_the_default(client, orgs):
    body = client.get(A_LIST, {"language": "es"}).json()
    assert body["title"] == "Represalias, condado de Essex"
    assert body["language"] == "es"
    assert [item["note"] for item in body["items"]] == [
        "Pregunte por Rosa.",
        "Walk-ins on Tuesdays.",  # no Spanish note: the default language's
    ]


def test_lists_index_and_organization_filter(client, orgs):
    body = client.get("/api/@lists").json()
    assert [(i["organization"]["id"], i["id"]) for i in body["items"]] == [
        ("labor-agency", "bond"),
        ("workers-united", "retaliation"),
    ]
    only_a = client.get("/api/@lists", {"organization": "workers-united"}).json()
    assert [i["id"] for i in only_a["items"]] == ["retaliation"]
    unknown = client.get("/api/@lists", {"organization": "nobody"})
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "organization"


def test_unpublished_list_is_not_found(client, orgs):
    make_list(orgs["a"], "draft-only", [])
    assert client.get("/api/@lists/workers-united/draft-only").status_code == 404
    assert client.get("/api/@lists/workers-united/nothing").status_code == 404
    assert client.get(f"{A_LIST}/@editions/9").status_code == 404
    assert client.get(A_LIST, {"sort_on": "title"}).status_code == 400


def test_withdrawn_listing_leaves_the_current_output_but_stays_in_its_edition(
    client, orgs, listings
):
    clinic = listings[0]
    withdraw(clinic)
    body = client.get(A_LIST).json()
    assert titles(body) == ["Example Newark Workers Center"]
    assert body["items_total"] == 1 and body["withdrawn_count"] == 1
    searched = client.get("/api/@search", {"list": "workers-united/retaliation"}).json()
    assert titles(searched) == ["Example Newark Workers Center"]
    edition = client.get(f"{A_LIST}/@editions/1").json()
    assert edition["withdrawn_count"] == 1
    assert [(i["title"], i["withdrawn"]) for i in edition["items"]] == [
        ("Example Newark Workers Center", False),
        ("Example Essex Defense Clinic", True),
    ]
    gone = edition["items"][1]
    assert gone == {
        "@type": "Attorney",
        "UID": clinic.translation_key.hex,
        "title": "Example Essex Defense Clinic",
        "note": "Walk-ins on Tuesdays.",
        "withdrawn": True,
    }  # no contact data for a listing that is not public
    assert "phones" in edition["items"][0]


def test_unpublished_listing_is_withdrawn_too(client, orgs, listings, vetter):
    center = listings[1]
    center.unpublish(user=vetter)
    assert titles(client.get(A_LIST).json()) == ["Example Essex Defense Clinic"]
    items = client.get(f"{A_LIST}/@editions/1").json()["items"]
    assert items[0]["withdrawn"] is True


def test_older_editions_keep_their_entries(client, orgs, listings):
    a_list = orgs["a_list"]
    a_list.entries.all().delete()
    ListEntry.objects.create(trusted_list=a_list, listing=listings[2], sort_order=0)
    a_list.publish(orgs["a_staff"])
    assert titles(client.get(A_LIST).json()) == ["Example Bond Attorney"]
    assert titles(client.get(f"{A_LIST}/@editions/1").json()) == [
        "Example Newark Workers Center",
        "Example Essex Defense Clinic",
    ]
    editions = client.get(f"{A_LIST}/@editions").json()
    assert [e["number"] for e in editions["items"]] == [2, 1]


def test_search_within_a_list(client, orgs):
    public(AttorneyFactory, name="Example Clinic Not Listed")
    response = client.get(
        "/api/@search", {"list": "workers-united/retaliation", "SearchableText": "clinic"}
    )
    assert response.status_code == 200
    assert titles(response.json()) == ["Example Essex Defense Clinic"]
    folder = client.get("/api/directory/attorneys/", {"list": "labor-agency/bond"}).json()
    assert titles(folder) == ["Example Bond Attorney"]


@pytest.mark.parametrize("value", ["nobody/nothing", "no-slash", "a/b/c", "workers-united/"])
def test_search_with_an_unknown_list_is_a_400_naming_it(client, orgs, value):
    response = client.get("/api/@search", {"list": value})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "list"


def test_publishing_an_edition_changes_the_etag(client, orgs):
    first = client.get("/api/@search", {"list": "workers-united/retaliation"})
    etag = first["ETag"]
    assert (
        client.get(
            "/api/@search", {"list": "workers-united/retaliation"}, HTTP_IF_NONE_MATCH=etag
        ).status_code
        == 304
    )
    orgs["a_list"].publish(orgs["a_staff"])
    again = client.get(A_LIST)
    assert again["ETag"] != etag


@pytest.mark.parametrize("path", ["", "/@editions/1"])
def test_query_count_does_not_grow_with_the_page(client, orgs, path):
    many = [
        public(
            [AttorneyFactory, WorkerCenterFactory][n % 2],
            name=f"Example Listed {n}",
            languages=("spa", "eng"),
        )
        for n in range(25)
    ]
    big = make_list(orgs["a"], "big", many)
    big.publish(orgs["a_staff"])
    withdraw(many[-1])  # a withdrawn entry on the page costs nothing more either
    url = f"/api/@lists/workers-united/big{path}"
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url, {"b_size": 1}).json()["items"]) == 1
    with CaptureQueriesContext(connection) as page:
        assert len(client.get(url, {"b_size": 25}).json()["items"]) == (24 if not path else 25)
    assert len(page.captured_queries) == len(one.captured_queries)
    # 15: the summary reads staff's languages and those through an interpreter (one query each).
    assert len(one.captured_queries) <= 15
