"""A CMS page's @workflow, @history and @lock: the workflow the admin uses for pages (Wagtail's
Moderators approval, which Vetters join), Wagtail's page permissions (editors draft and submit;
vetters also approve, reject, unpublish, lock and unlock: Wagtail gives editors no page lock; a
page is never "verified"), the same
answers as a listing's, and nothing changed reaching the public page API before approval."""

from functools import partial

import pytest
from wagtail.models import Page, PageLogEntry, WorkflowState

from cms.models import DocumentPage
from tests.api.writing.helpers import (
    STATES,
    TokenClient,
    everywhere_in,
    service_actions,
    statuses,
)
from tests.api.writing.test_pages import FOLDER, NEW
from tests.api.writing.test_permissions import client_for
from tests.api.writing.test_workflow import transitions
from tests.factories import UserFactory, editor, vetter

pytestmark = pytest.mark.django_db
URL = f"{FOLDER}/matrix"
DRAFT = f"{FOLDER}/{NEW['slug']}"
ACTIONS = {
    "workflow": ("get", f"{URL}/@workflow", None),
    "patch": ("patch", URL, {"summary": "Changed by the matrix."}),
    **service_actions(URL),
}
everywhere = partial(everywhere_in, ACTIONS)


MATRIX = {
    "anonymous": everywhere(401),
    "partner": everywhere(403),  # a key is no user: read-only
    "curator": everywhere(403),  # an organization's staff hold no page permission
    "editor": {
        "draft": {"workflow": 200, "patch": 204, "submit": 200, "approve": 403, "reject": 403,
                  "verify": 403, "unpublish": 403, "lock": 403, "history": 200},
        "pending": {"workflow": 200, "patch": 409, "submit": 403, "approve": 403, "reject": 403,
                    "verify": 403, "unpublish": 403, "lock": 403, "history": 200},
        "published": {"workflow": 200, "patch": 204, "submit": 403, "approve": 403, "reject": 403,
                      "verify": 403, "unpublish": 403, "lock": 403, "history": 200},
    },
    "vetter": {
        "draft": {"workflow": 200, "patch": 204, "submit": 200, "approve": 403, "reject": 403,
                  "verify": 403, "unpublish": 403, "lock": 200, "history": 200},
        "pending": {"workflow": 200, "patch": 204, "submit": 403, "approve": 200, "reject": 200,
                    "verify": 403, "unpublish": 403, "lock": 200, "history": 200},
        "published": {"workflow": 200, "patch": 204, "submit": 403, "approve": 403, "reject": 403,
                      "verify": 403, "unpublish": 200, "lock": 200, "history": 200},
    },
}  # fmt: skip
PUBLISHERS = {"vetter"}


def folder() -> Page:
    return Page.objects.get(slug="know-your-rights", locale__language_code="en")


def make_state(state: str, author) -> DocumentPage:
    page = folder().add_child(
        instance=DocumentPage(title="Example matrix guide", slug="matrix", live=False)
    )
    revision = page.save_revision(user=author)
    if state == "published":
        revision.publish(user=vetter())
    elif state == "pending":
        page.get_workflow().start(page, author)
    return page


def public_view(client) -> tuple:
    """What the public sees of the pages: the page and its folder's items."""
    page = client.get(URL)
    items = [item["title"] for item in client.get(FOLDER).json()["items"]]
    return page.status_code, page.content, items


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("state", STATES)
def test_page_permission_matrix(demo_pages, role, state, client):
    make_state(state, UserFactory(username="author", group="Editors"))
    public = None if role in PUBLISHERS else partial(public_view, client)
    assert statuses(client_for(role), ACTIONS, public) == MATRIX[role][state]


@pytest.fixture
def writer(demo_pages):
    return TokenClient(editor(username="maria"))


@pytest.fixture
def checker(demo_pages):
    return TokenClient(vetter(username="vera"))


def test_a_draft_page_submitted_and_approved_by_a_vetter_is_public(writer, checker, client):
    assert writer.post(FOLDER, NEW).status_code == 201
    assert transitions(writer, DRAFT) == ["submit"]
    submitted = writer.post(f"{DRAFT}/@workflow/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json() | {"time": None} == {
        "action": "submit",
        "actor": "maria",
        "comment": "",
        "review_state": "pending",
        "time": None,
        "title": submitted.json()["title"],
    }
    assert transitions(writer, DRAFT) == []
    assert transitions(checker, DRAFT) == ["approve", "reject"]
    assert client.get(DRAFT).status_code == 404
    approved = checker.post(f"{DRAFT}/@workflow/approve", {"comment": "Read it through."})
    assert approved.status_code == 200, approved.content
    assert approved.json()["review_state"] == "published"
    assert approved.json()["actor"] == "vera"
    page = DocumentPage.objects.get(slug=NEW["slug"])
    assert page.live and not page.has_unpublished_changes
    assert WorkflowState.objects.get(base_content_type__model="page").status == "approved"
    assert client.get(DRAFT).json()["title"] == NEW["title"]
    state = writer.get(f"{DRAFT}/@workflow").json()
    assert state["@id"].endswith(f"{DRAFT}/@workflow") and state["state"] == "published"
    assert [e["action"] for e in state["history"]][:3] == ["publish", "approve", "submit"]
    assert state["history"][1]["comment"] == "Read it through."
    assert transitions(checker, DRAFT) == ["unpublish"]  # never "verify": no vetting stamp


def test_a_change_to_a_published_page_stays_private_until_approved(writer, checker, client):
    live = f"{FOLDER}/threat-to-call-immigration"
    before = client.get(live).json()
    assert writer.patch(live, {"title": "Example changed title"}).status_code == 204
    assert writer.post(f"{live}/@workflow/submit").json()["review_state"] == "pending"
    assert client.get(live).json()["title"] == before["title"]
    refused = checker.post(f"{live}/@workflow/reject", {})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "comment"
    assert checker.post(f"{live}/@workflow/reject", {"comment": 5}).status_code == 400
    rejected = checker.post(f"{live}/@workflow/reject", {"comment": "Keep the old title."})
    assert rejected.status_code == 200 and rejected.json()["comment"] == "Keep the old title."
    assert client.get(live).json()["title"] == before["title"]
    assert transitions(writer, live) == ["submit"]  # back into moderation after changes
    assert writer.post(f"{live}/@workflow/submit").status_code == 200
    assert client.get(live).json()["title"] == before["title"]
    assert checker.post(f"{live}/@workflow/approve").status_code == 200
    assert client.get(live).json()["title"] == "Example changed title"


def test_a_vetter_unpublishes_a_page(writer, checker, client):
    live = f"{FOLDER}/threat-to-call-immigration"
    assert writer.post(f"{live}/@workflow/unpublish").status_code == 403
    assert checker.post(f"{live}/@workflow/verify").status_code == 403
    assert checker.post(f"{live}/@workflow/bogus").status_code == 404
    unpublished = checker.post(f"{live}/@workflow/unpublish")
    assert unpublished.status_code == 200, unpublished.content
    assert unpublished.json()["review_state"] == "private"
    assert client.get(live).status_code == 404
    assert PageLogEntry.objects.filter(action="wagtail.unpublish").exists()


def test_history_lists_revisions_newest_first_and_shows_one(writer, client):
    writer.post(FOLDER, NEW)
    writer.patch(DRAFT, {"summary": "Changed."})
    page = DocumentPage.objects.get(slug=NEW["slug"])
    history = writer.get(f"{DRAFT}/@history").json()
    # As in the admin: the page is created, then its first revision saved.
    actions = [item["action"] for item in history]
    assert actions == ["wagtail.edit", "wagtail.edit", "wagtail.create"]
    revisions = list(page.revisions.order_by("-pk").values_list("pk", flat=True))
    assert [item["version"] for item in history if item["type"] == "versioning"] == revisions
    assert history[0]["@id"].endswith(f"{DRAFT}/@history/{revisions[0]}")
    first = writer.get(history[1]["@id"])
    assert first.status_code == 200, first.content
    assert first.json()["summary"] == NEW["summary"] and first.json()["version"] == revisions[1]
    assert first.json()["@type"] == "DocumentPage" and first.json()["title"] == NEW["title"]
    assert writer.get(history[0]["@id"]).json()["summary"] == "Changed."
    assert writer.get(f"{DRAFT}/@history/999999").status_code == 404
    assert client.get(f"{DRAFT}/@history").status_code == 401
    assert writer.get(f"{FOLDER}/no-such-page/@history").status_code == 404


def test_a_page_locked_by_someone_else_makes_writes_409(writer, checker):
    writer.post(FOLDER, NEW)
    assert writer.post(f"{DRAFT}/@lock").status_code == 403  # Wagtail: editors do not lock pages
    locked = checker.post(f"{DRAFT}/@lock")
    assert locked.status_code == 200, locked.content
    assert locked.json()["locked"] is True and locked.json()["creator"] == "vera"
    assert writer.get(f"{DRAFT}/@lock").json()["locked"] is True
    conflict = writer.patch(DRAFT, {"summary": "Theirs."})
    assert conflict.status_code == 409 and conflict.json()["type"] == "Conflict"
    assert writer.post(f"{DRAFT}/@lock").status_code == 409
    assert writer.delete(f"{DRAFT}/@lock").status_code == 403  # not theirs, no unlock permission
    assert checker.patch(DRAFT, {"summary": "Mine."}).status_code == 204  # the holder writes
    page = DocumentPage.objects.get(slug=NEW["slug"])
    assert page.get_latest_revision_as_object().summary == "Mine."
    other_vetter = TokenClient(vetter())
    assert other_vetter.get(f"{DRAFT}/@lock").json()["stealable"] is True
    assert other_vetter.delete(f"{DRAFT}/@lock").json()["locked"] is False  # a vetter unlocks
    assert writer.patch(DRAFT, {"summary": "Now theirs."}).status_code == 204
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert {"wagtail.lock", "wagtail.unlock"} <= actions


def test_the_holder_unlocks_their_own_lock(checker):
    live = f"{FOLDER}/threat-to-call-immigration"
    assert checker.post(f"{live}/@lock").status_code == 200
    assert checker.post(f"{live}/@lock").json()["locked"] is True  # again: still theirs
    assert checker.delete(f"{live}/@lock").json() == {
        "locked": False,
        "creator": None,
        "time": None,
        "stealable": False,
        "message": None,
    }


def test_services_route_before_the_page_traversal(writer):
    """A page's @-services are not taken for a page path, nor for an unknown @service."""
    assert writer.get(f"{FOLDER}/@workflow").status_code == 200
    assert writer.get(f"{FOLDER}/@lock").status_code == 200
    assert writer.get(f"{FOLDER}/@nothing").status_code == 404
    assert writer.post(f"{FOLDER}/@history").status_code == 405
    assert writer.get("/api/directory/@workflow").status_code == 404
