"""The editor tier (API.md): a user logged in to the admin with the directory's permissions sees
drafts, listings in vetting and overdue ones, with vetting data; nobody else does, and editor
answers are never cached."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.choices import Status
from directory.models import Attorney
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, UserFactory, WorkerCenterFactory, publish

pytestmark = pytest.mark.django_db
NOW = timezone.now()


@pytest.fixture
def listings():
    return {
        "published": public(AttorneyFactory, name="Example Published Clinic", slug="published"),
        "draft": AttorneyFactory(name="Example Draft Clinic", slug="draft", vetting_notes="Call"),
        "expired": AttorneyFactory(
            name="Example Expired Clinic",
            slug="expired",
            live=True,
            last_verified=NOW - timedelta(days=400),
        ),
        "inactive": public(
            AttorneyFactory, name="Example Closed Clinic", slug="closed", status=Status.INACTIVE
        ),
    }


def states(response) -> dict[str, str | None]:
    return {item["title"]: item.get("review_state") for item in response.json()["items"]}


def test_public_tier_sees_only_public_listings(client, listings):
    assert states(client.get("/api/@search")) == {"Example Published Clinic": None}
    assert client.get("/api/directory/attorneys/draft").status_code == 404


def test_editor_sees_every_listing_with_its_review_state(editor_client, listings):
    response = editor_client.get("/api/@search", {"facets": "portal_type"})
    assert response.status_code == 200
    assert states(response) == {
        "Example Published Clinic": "published",
        "Example Draft Clinic": "private",
        "Example Expired Clinic": "expired",
        "Example Closed Clinic": "inactive",
    }
    assert response.json()["facets"]["portal_type"][0]["count"] == 4
    # Never shared or cached: private answers carry no ETag.
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response
    assert "Cookie" in response["Vary"]
    kinds = editor_client.get("/api/directory/").json()["items"]
    assert {k["@type"]: k["items_total"] for k in kinds}["Attorney"] == 4


def test_editor_reads_a_draft_with_vetting_data(editor_client, listings):
    response = editor_client.get("/api/directory/attorneys/draft")
    assert response.status_code == 200
    vetting = response.json()["vetting"]
    assert vetting["review_state"] == "private"
    assert vetting["notes"] == "Call"
    assert vetting["last_verified"] is None and vetting["verified_by"] is None
    assert response.json()["last_verified"] is None


def test_editor_reads_unpublished_changes_the_public_does_not(client, editor, vetter):
    listing = publish(AttorneyFactory(name="Example Old Name", slug="renamed"), vetter)
    listing.name = "Example New Name"
    listing.save_revision(user=editor)
    anonymous = client.get("/api/directory/attorneys/renamed").json()
    assert anonymous["title"] == "Example Old Name"
    assert "review_state" not in anonymous["vetting"]
    client.force_login(editor)
    seen = client.get("/api/directory/attorneys/renamed").json()
    assert seen["title"] == "Example New Name"
    assert seen["vetting"]["has_unpublished_changes"] is True
    assert seen["vetting"]["review_state"] == "published"
    assert seen["vetting"]["verified_by"] == vetter.get_username()


def test_listing_in_vetting_is_pending(editor_client, editor, listings):
    draft = Attorney.objects.get(slug="draft")
    draft.save_revision(user=editor)
    draft.get_workflow().start(draft, editor)
    detail = editor_client.get("/api/directory/attorneys/draft").json()
    assert detail["vetting"]["review_state"] == "pending"
    assert states(editor_client.get("/api/@search"))["Example Draft Clinic"] == "pending"


def test_logged_in_user_without_directory_permissions_is_public(client, listings):
    client.force_login(UserFactory(username="someone"))
    assert states(client.get("/api/@search")) == {"Example Published Clinic": None}
    assert client.get("/api/directory/attorneys/draft").status_code == 404


def test_editor_of_one_kind_sees_only_that_kind_unpublished(client, listings):
    user = UserFactory(username="attorneys-only")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_workercenter"),
    )
    WorkerCenterFactory(name="Example Draft Center")
    client.force_login(user)
    assert set(states(client.get("/api/@search"))) == {
        "Example Published Clinic",
        "Example Draft Center",
    }


@pytest.mark.parametrize(
    "url", ["/api/@search?b_size={n}", "/api/directory/attorneys/?b_size={n}&fullobjects=1"]
)
def test_editor_query_count_does_not_grow_with_the_page(editor_client, vetter, url):
    for index in range(25):
        listing = AttorneyFactory(name=f"Example Listing {index}")
        if index % 2:
            publish(listing, vetter)
    editor_client.get(url.format(n=1))
    with CaptureQueriesContext(connection) as one:
        assert len(editor_client.get(url.format(n=1)).json()["items"]) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(editor_client.get(url.format(n=25)).json()["items"]) == 25
    assert len(many.captured_queries) == len(one.captured_queries)


@pytest.fixture
def renamed(editor, vetter):
    """A published listing with an unpublished draft under another title."""
    listing = publish(AttorneyFactory(name="Example Live Title", slug="renamed"), vetter)
    listing.name = "Example Draft Title"
    listing.save_revision(user=editor)
    return listing


@pytest.mark.parametrize("url", ["/api/@search", "/api/directory/attorneys/"])
def test_one_tier_one_version_in_search_folders_and_detail(client, editor, renamed, url):
    """The editor tier shows the draft everywhere, the public the live version everywhere."""
    detail = "/api/directory/attorneys/renamed"
    assert [item["title"] for item in client.get(url).json()["items"]] == ["Example Live Title"]
    assert client.get(detail).json()["title"] == "Example Live Title"
    client.force_login(editor)
    items = client.get(url, {"fullobjects": "1"} if "directory" in url else {}).json()["items"]
    assert [item["title"] for item in items] == ["Example Draft Title"]
    assert items[0]["@id"].endswith(detail)
    assert client.get(detail).json()["title"] == "Example Draft Title"
    assert [i["title"] for i in client.get(url).json()["items"]] == ["Example Draft Title"]


def test_editor_query_count_does_not_grow_with_drafts(editor_client, editor, vetter):
    for index in range(12):
        listing = publish(AttorneyFactory(name=f"Example Listing {index}"), vetter)
        listing.name += " (draft)"
        listing.save_revision(user=editor)
    url = "/api/@search?b_size={n}"
    editor_client.get(url.format(n=1))
    with CaptureQueriesContext(connection) as one:
        assert len(editor_client.get(url.format(n=1)).json()["items"]) == 1
    with CaptureQueriesContext(connection) as many:
        items = editor_client.get(url.format(n=12)).json()["items"]
    assert all(item["title"].endswith("(draft)") for item in items) and len(items) == 12
    assert len(many.captured_queries) == len(one.captured_queries)


def test_editor_reads_a_drafts_own_terms_in_detail_and_search(client, editor, vetter):
    """Term ids are read for a batch of rows in one query; a draft's terms are its own."""
    from directory.models import Language, Topic

    listing = publish(AttorneyFactory(name="Example Terms Clinic", slug="terms"), vetter)
    listing.languages.set(Language.objects.canonical().filter(token="spa"))
    listing.save_revision(user=vetter).publish(user=vetter)
    listing.languages.set(Language.objects.canonical().filter(token__in=["eng", "hat"]))
    listing.topics.set(Topic.objects.canonical().filter(token="removal-defense"))
    listing.save_revision(user=editor)

    def terms(item):
        return [t["token"] for t in item["languages"]], [t["token"] for t in item["topics"]]

    detail, search = "/api/directory/attorneys/terms", "/api/@search?SearchableText=Terms"
    assert terms(client.get(detail).json()) == (["spa"], [])
    assert terms(client.get(search).json()["items"][0]) == (["spa"], [])
    client.force_login(editor)
    draft = (["eng", "hat"], ["removal-defense"])
    assert sorted(terms(client.get(detail).json())[0]) == draft[0]
    assert terms(client.get(detail).json())[1] == draft[1]
    assert sorted(terms(client.get(search).json()["items"][0])[0]) == draft[0]
