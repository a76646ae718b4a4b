"""A CMS page in moderation (Wagtail's Moderators approval workflow) approved from its edit page:
it goes live, with the moderator's own corrections. WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT
made the edit page's Approve send a corrected page back into moderation instead."""

import json

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import DocumentPage
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    user = factories.UserFactory(username="mona")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def guide(editor) -> DocumentPage:
    """A guide an editor wrote and submitted to moderation."""
    home = Page.objects.get(depth=2)
    guide = home.add_child(instance=DocumentPage(title="Example rights guide", live=False))
    guide.save_revision(user=editor)
    guide.get_workflow().start(guide, editor)
    return guide


def page_form_data(guide: DocumentPage, **fields) -> dict:
    data = {
        "title": guide.title,
        "slug": guide.slug,
        "summary": guide.summary,
        "body": streamfield([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.mark.parametrize("comment", [None, "Read it through."])
def test_moderator_corrects_and_approves_in_the_edit_page(client, guide, moderator, comment):
    client.force_login(moderator)
    # As wagtailadmin/js/workflow-action.js posts it: the form, plus the action's inputs.
    data = page_form_data(guide, summary="What to do if ICE comes to work.")
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    if comment is not None:
        data["workflow-action-extra-data"] = json.dumps({"comment": comment})
    response = client.post(reverse("wagtailadmin_pages:edit", args=[guide.pk]), data)
    assert response.status_code == 302

    guide.refresh_from_db()
    assert guide.live and not guide.has_unpublished_changes
    assert guide.summary == "What to do if ICE comes to work."
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.current_task_state.finished_by == moderator
    assert state.current_task_state.comment == (comment or "")
    assert not TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).exists()
