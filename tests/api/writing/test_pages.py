"""Creating, changing and deleting CMS pages through the API: the admin's page form and Wagtail's
page actions (revision, audit log), under a parent whose type allows the new page's type; a live
page stays as it was until published; If-Match; delete rules; no credentials, no write."""

import pytest
from wagtail.models import Page, PageLogEntry

from cms.models import DocumentPage
from tests.api.writing.helpers import TokenClient
from tests.api.writing.test_permissions import client_for
from tests.factories import editor, vetter

pytestmark = pytest.mark.django_db
FOLDER = "/api/know-your-rights"
LIVE = "/api/know-your-rights/threat-to-call-immigration"
NEW = {
    "@type": "DocumentPage",
    "title": "Example guide to wage claims",
    "slug": "example-wage-claims",
    "summary": "What to bring to a wage claim.",
}


@pytest.fixture
def writer(demo_pages):
    return TokenClient(editor())


def test_an_editor_creates_a_draft_page_that_is_not_public(writer, client):
    response = writer.post(FOLDER, NEW)
    assert response.status_code == 201, response.json()
    assert response["Location"].endswith("/api/know-your-rights/example-wage-claims")
    assert response.json()["review_state"] == "private"
    page = DocumentPage.objects.get(slug="example-wage-claims")
    assert page.get_parent().slug == "know-your-rights"
    assert not page.live and page.latest_revision is not None
    assert PageLogEntry.objects.filter(page=page, action="wagtail.create").exists()
    # Nothing public before it is published.
    assert client.get("/api/know-your-rights/example-wage-claims").status_code == 404
    titles = [item["title"] for item in client.get(FOLDER).json()["items"]]
    assert "Example guide to wage claims" not in titles


def test_a_page_type_the_parent_does_not_allow_is_400_and_creates_nothing(writer):
    count = Page.objects.count()
    under_document = writer.post(LIVE, NEW)
    assert under_document.status_code == 400
    assert under_document.json()["errors"][0]["field"] == "@type"
    second_home = writer.post(FOLDER, {**NEW, "@type": "HomePage"})
    assert second_home.status_code == 400
    unknown = writer.post(FOLDER, {**NEW, "@type": "Attorney"})
    assert unknown.status_code == 400
    missing_title = writer.post(FOLDER, {"@type": "DocumentPage", "slug": "x"})
    assert missing_title.status_code == 400
    assert "title" in [error["field"] for error in missing_title.json()["errors"]]
    unknown_field = writer.post(FOLDER, {**NEW, "owner": 1})
    assert unknown_field.status_code == 400
    assert Page.objects.count() == count


def test_a_folder_takes_a_folder(writer):
    response = writer.post(
        FOLDER, {"@type": "FolderPage", "title": "Example section", "slug": "example-section"}
    )
    assert response.status_code == 201, response.json()
    assert Page.objects.get(title="Example section").get_parent().slug == "know-your-rights"


def test_patching_a_live_page_makes_a_draft_and_the_public_page_stays(writer, client):
    before = client.get(LIVE).json()
    response = writer.patch(LIVE, {"title": "Example changed title"})
    assert response.status_code == 204, response.content
    page = DocumentPage.objects.get(slug="threat-to-call-immigration", locale__language_code="en")
    assert page.live and page.has_unpublished_changes
    assert page.title == before["title"]
    assert page.get_latest_revision_as_object().title == "Example changed title"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.edit").exists()
    assert client.get(LIVE).json()["title"] == before["title"]


def test_patching_a_draft_with_prefer_answers_the_page(writer):
    writer.post(FOLDER, NEW)
    url = f"{FOLDER}/example-wage-claims"
    response = writer.patch(url, {"summary": "Changed."}, HTTP_PREFER="return=representation")
    assert response.status_code == 200, response.json()
    assert response.json()["title"] == NEW["title"]
    page = DocumentPage.objects.get(slug="example-wage-claims")
    assert page.get_latest_revision_as_object().summary == "Changed."


def test_a_stale_if_match_is_412_and_changes_nothing(writer):
    first = writer.patch(LIVE, {"summary": "One."})
    etag = first["ETag"]
    assert writer.patch(LIVE, {"summary": "Two."}, HTTP_IF_MATCH=etag).status_code == 204
    stale = writer.patch(LIVE, {"summary": "Three."}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    page = DocumentPage.objects.get(slug="threat-to-call-immigration", locale__language_code="en")
    assert page.get_latest_revision_as_object().summary == "Two."


def test_bad_patch_bodies_are_400(writer):
    assert writer.patch(LIVE, {"title": ""}).status_code == 400
    assert writer.patch(LIVE, {"title": 5}).status_code == 400
    assert writer.patch(LIVE, ["title"]).status_code == 400
    assert writer.patch(f"{FOLDER}/no-such-page", {"title": "x"}).status_code == 404


def test_deleting_a_live_page_needs_the_publish_permission(writer, client):
    assert writer.delete(LIVE).status_code == 403
    assert client.get(LIVE).status_code == 200
    assert TokenClient(vetter()).delete(LIVE).status_code == 204
    assert client.get(LIVE).status_code == 404
    assert not DocumentPage.objects.filter(
        slug="threat-to-call-immigration", locale__language_code="en"
    ).exists()


def test_an_editor_deletes_a_draft(writer):
    writer.post(FOLDER, NEW)
    assert writer.delete(f"{FOLDER}/example-wage-claims").status_code == 204
    assert not DocumentPage.objects.filter(slug="example-wage-claims").exists()
    assert PageLogEntry.objects.filter(action="wagtail.delete").exists()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("partner", 403)])
def test_no_user_no_page_write(demo_pages, role, status):
    writer = client_for(role)
    count = Page.objects.count()
    assert writer.post(FOLDER, NEW).status_code == status
    assert writer.patch(LIVE, {"title": "Example"}).status_code == status
    assert writer.delete(LIVE).status_code == status
    assert Page.objects.count() == count
    assert Page.objects.get(
        slug="threat-to-call-immigration", locale__language_code="en"
    ).title != ("Example")


def test_rich_text_and_blocks_are_cleaned_and_bad_blocks_are_400(writer):
    body = [
        {"type": "heading", "value": "Example heading"},
        {
            "type": "paragraph",
            "value": '<p onclick="x()">Bring <b>pay stubs</b>.</p><script>1</script>',
        },
        {"type": "callout", "value": {"title": "Note", "text": "<p>Hi<img src=x></p>"}},
    ]
    response = writer.post(FOLDER, {**NEW, "body": body})
    assert response.status_code == 201, response.json()
    page = DocumentPage.objects.get(slug="example-wage-claims").get_latest_revision_as_object()
    stored = str(page.body.raw_data)
    assert "<b>pay stubs</b>" in stored and "Example heading" in stored
    assert "script" not in stored and "onclick" not in stored and "<img" not in stored
    folder = {
        "@type": "FolderPage",
        "title": "X",
        "slug": "x",
        "intro": {
            "data": "<p>a<script>b</script></p>",
            "content-type": "text/html",
            "encoding": "utf-8",
        },
    }
    intro = writer.post(FOLDER, folder)
    assert intro.status_code == 201, intro.json()
    assert "script" not in Page.objects.get(slug="x").specific.get_latest_revision_as_object().intro
    bad = [{"type": "callout", "value": "not an object"}]
    assert writer.post(FOLDER, {**NEW, "slug": "bad", "body": bad}).status_code == 400
    unknown = writer.post(FOLDER, {**NEW, "slug": "bad", "body": [{"type": "video", "value": 1}]})
    assert unknown.status_code == 400
    assert not Page.objects.filter(slug="bad").exists()
