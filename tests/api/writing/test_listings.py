"""Creating, changing and deleting listings through the API: the admin's form and Wagtail's
actions (revision, audit log), validated by the @types schema; a change to a published listing
waits for a vetter; If-Match, Location, Prefer."""

import pytest
from wagtail.models import ModelLogEntry

from directory.models import Attorney, Listing
from tests.api.test_directory import public
from tests.api.writing.helpers import TokenClient
from tests.factories import AttorneyFactory, editor, vetter

pytestmark = pytest.mark.django_db
FOLDER = "/api/directory/attorneys/"
NEW = {
    "@type": "Attorney",
    "title": "Example Immigrant Defense Clinic",
    "provider_type": "nonprofit",
    "summary": "Removal defense for detained workers.",
    "description": {
        "data": '<p>Free <b>consultations</b>.</p><script>alert(1)</script><p onclick="x()">Hi</p>',
        "content-type": "text/html",
        "encoding": "utf-8",
    },
    "languages": ["spa"],
    "topics": ["removal-defense"],
    "phones": [{"number": "(973) 555-0142", "type": "main"}],
    "postal_code": "07102",
}


@pytest.fixture
def writer():
    return TokenClient(editor())


def test_an_editor_creates_a_draft_listing(writer, client):
    response = writer.post(FOLDER, NEW)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert response["Location"] == body["@id"]
    assert body["title"] == "Example Immigrant Defense Clinic"
    assert body["review_state"] == "private"
    listing = Attorney.objects.get(name="Example Immigrant Defense Clinic")
    # Normalized as the admin does: the ZIP gave city, state and county, the phone is E.164.
    assert (listing.city, listing.state, listing.county_id) == ("Newark", "NJ", "34013")
    assert [p.number for p in listing.phones.all()] == ["+19735550142"]
    assert [t.token for t in listing.topics.all()] == ["removal-defense"]
    # Rich text cleaned.
    assert "<script" not in listing.description and "onclick" not in listing.description
    assert "<b>consultations</b>" in listing.description
    # A revision and an audit log entry, as in the admin.
    assert listing.latest_revision is not None and not listing.live
    assert ModelLogEntry.objects.filter(object_id=str(listing.pk), action="wagtail.create").exists()
    # Not public.
    assert client.get(response["Location"]).status_code == 404
    assert client.get("/api/@search").json()["items_total"] == 0


def test_invalid_bodies_are_400_naming_the_field_and_change_nothing(writer):
    cases = [
        ({**NEW, "provider_type": "wizard"}, "provider_type"),
        ({**NEW, "languages": ["klingon"]}, "languages"),
        ({**NEW, "phones": [{"number": "not a phone", "type": "main"}]}, "phones[0].number"),
        ({**NEW, "serves_detained": "yes"}, "serves_detained"),
        ({**NEW, "colour": "red"}, "colour"),
        ({**NEW, "last_verified": "2026-01-01T00:00:00Z"}, "last_verified"),
        ({key: v for key, v in NEW.items() if key != "provider_type"}, "provider_type"),
        ({**NEW, "@type": "Consulate"}, "@type"),
        ({**NEW, "postal_code": "00000"}, "postal_code"),
    ]
    for body, field in cases:
        response = writer.post(FOLDER, body)
        assert response.status_code == 400, (field, response.content)
        assert field in [e["field"] for e in response.json()["errors"]], (field, response.json())
    assert writer.post(FOLDER, [NEW]).status_code == 400
    assert not Listing.objects.exists()


def test_a_change_to_a_published_listing_waits_for_approval(writer, client):
    listing = public(AttorneyFactory, name="Example Published Clinic", slug="published")
    url = f"{FOLDER}published"
    etag = writer.get(url)["ETag"]
    response = writer.patch(url, {"hours": "Mon 9-5"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 204
    assert response["ETag"] != etag
    # The public still sees the published version; the editor sees the draft.
    assert client.get(url).json()["hours"] == ""
    assert writer.get(url).json()["hours"] == "Mon 9-5"
    listing.refresh_from_db()
    assert listing.live and listing.has_unpublished_changes
    assert ModelLogEntry.objects.filter(object_id=str(listing.pk), action="wagtail.edit").exists()
    # The old ETag is stale now.
    stale = writer.patch(url, {"hours": "Tue"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["type"] == "PreconditionFailed"
    shown = writer.patch(url, {"hours": "Wed"}, HTTP_PREFER="return=representation")
    assert shown.status_code == 200 and shown.json()["hours"] == "Wed"


def test_only_vetters_delete(writer):
    # Wagtail's permissions as directory/setup.py grants them: editors hold no delete.
    public(AttorneyFactory, slug="published")
    AttorneyFactory(slug="draft")
    assert writer.delete(f"{FOLDER}published").status_code == 403
    assert writer.delete(f"{FOLDER}draft").status_code == 403
    checker = TokenClient(vetter())
    assert checker.delete(f"{FOLDER}draft").status_code == 204
    assert checker.delete(f"{FOLDER}published").status_code == 204
    assert not Listing.objects.exists()


def test_writes_without_a_user_are_refused(client):
    AttorneyFactory(slug="draft")
    assert client.post(FOLDER, NEW, content_type="application/json").status_code == 401
    assert client.patch(f"{FOLDER}draft", {}, content_type="application/json").status_code == 401
    assert client.delete(f"{FOLDER}draft").status_code == 401
