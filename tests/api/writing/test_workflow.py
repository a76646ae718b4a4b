"""@workflow, @history and @lock: an editor's draft goes through the Vetting workflow as in the
admin (only the transitions the user may take now are offered and accepted), a vetter's
approval publishes and stamps it, and a lock held by someone else makes a write 409."""

import pytest

from directory.models import Attorney
from tests.api.test_directory import public
from tests.api.writing.helpers import TokenClient
from tests.api.writing.test_listings import FOLDER, NEW
from tests.factories import AttorneyFactory, editor, vetter

pytestmark = pytest.mark.django_db
URL = f"{FOLDER}example-immigrant-defense-clinic"


def transitions(client: TokenClient, url: str = URL) -> list[str]:
    response = client.get(f"{url}/@workflow")
    assert response.status_code == 200, response.content
    return [t["@id"].rsplit("/", 1)[1] for t in response.json()["transitions"]]


def test_draft_submitted_approved_by_a_vetter_is_public_and_stamped(client):
    writer, checker = TokenClient(editor()), TokenClient(vetter(username="vera"))
    assert writer.post(FOLDER, NEW).status_code == 201
    assert transitions(writer) == ["submit"]
    assert writer.post(f"{URL}/@workflow/approve").status_code == 403  # not offered
    submitted = writer.post(f"{URL}/@workflow/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["review_state"] == "pending"
    # An editor cannot approve; a vetter can.
    assert transitions(writer) == []
    assert writer.post(f"{URL}/@workflow/approve").status_code == 403
    assert transitions(checker) == ["approve", "reject"]
    assert client.get(URL).status_code == 404  # still not public
    approved = checker.post(f"{URL}/@workflow/approve", {"comment": "Called them."})
    assert approved.status_code == 200, approved.content
    assert approved.json()["review_state"] == "published"
    listing = Attorney.objects.get(slug="example-immigrant-defense-clinic")
    assert listing.live and listing.last_verified and listing.verified_by.username == "vera"
    # Public now, and its workflow history tells the story.
    assert client.get(URL).status_code == 200
    actions = [e["action"] for e in writer.get(f"{URL}/@workflow").json()["history"]]
    assert actions[:3] == ["publish", "approve", "submit"]
    assert transitions(checker) == ["verify", "unpublish"]


def test_reject_needs_a_comment_and_sends_it_back(client):
    writer, checker = TokenClient(editor()), TokenClient(vetter())
    writer.post(FOLDER, NEW)
    writer.post(f"{URL}/@workflow/submit")
    refused = checker.post(f"{URL}/@workflow/reject", {})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "comment"
    rejected = checker.post(f"{URL}/@workflow/reject", {"comment": "Wrong phone."})
    assert rejected.status_code == 200 and rejected.json()["comment"] == "Wrong phone."
    assert transitions(writer) == ["submit"]  # resubmit after changes
    assert client.get(URL).status_code == 404


def test_verify_restamps_and_unpublish_removes_from_public(client):
    public(AttorneyFactory, slug="published")
    url = f"{FOLDER}published"
    checker = TokenClient(vetter(username="vera"))
    assert TokenClient(editor()).post(f"{url}/@workflow/verify").status_code == 403
    verified = checker.post(f"{url}/@workflow/verify")
    assert verified.status_code == 200, verified.content
    assert Attorney.objects.get(slug="published").verified_by.username == "vera"
    assert checker.post(f"{url}/@workflow/unpublish").status_code == 200
    assert client.get(url).status_code == 404
    assert checker.post(f"{url}/@workflow/bogus").status_code == 404


def test_history_lists_revisions_newest_first_and_shows_one(client):
    writer = TokenClient(editor())
    writer.post(FOLDER, NEW)
    writer.patch(URL, {"hours": "Mon 9-5"})
    history = writer.get(f"{URL}/@history").json()
    assert [item["action"] for item in history][:2] == ["wagtail.edit", "wagtail.create"]
    first = writer.get(history[1]["@id"])
    assert first.status_code == 200 and first.json()["hours"] == ""
    assert writer.get(history[0]["@id"]).json()["hours"] == "Mon 9-5"
    assert client.get(f"{URL}/@history").status_code == 401
    assert writer.get(f"{URL}/@history/999999").status_code == 404


def test_a_lock_held_by_someone_else_makes_writes_409():
    writer, other, checker = TokenClient(editor()), TokenClient(editor()), TokenClient(vetter())
    writer.post(FOLDER, NEW)
    locked = writer.post(f"{URL}/@lock")
    assert locked.status_code == 200, locked.content
    assert locked.json()["locked"] is True
    conflict = other.patch(URL, {"hours": "x"})
    assert conflict.status_code == 409 and conflict.json()["type"] == "Conflict"
    assert other.post(f"{URL}/@lock").status_code == 409
    assert other.delete(f"{URL}/@lock").status_code == 403  # not theirs, no unlock permission
    assert writer.patch(URL, {"hours": "ok"}).status_code == 204  # the holder writes
    assert checker.delete(f"{URL}/@lock").json()["locked"] is False  # a vetter may unlock
    assert other.patch(URL, {"hours": "now"}).status_code == 204
