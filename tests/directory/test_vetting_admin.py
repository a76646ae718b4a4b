"""Vetting through the admin, as editors and vetters use it."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState, WorkflowState

from directory.models import Attorney, Listing
from tests.directory.admin_forms import listing_form_data
from tests.factories import AttorneyFactory, publish

pytestmark = pytest.mark.django_db


def url(name, *args, model="attorney"):
    return reverse(f"wagtailsnippets_directory_{model}:{name}", args=args)


def submit_as_editor(client, kind="attorney", **fields):
    data = listing_form_data(kind, **fields)
    data["action-submit"] = "Submit to Vetting"
    response = client.post(url("add", model=kind), data)
    assert response.status_code == 302, response.context["form"].errors
    return apps.get_model("directory", kind).objects.get(name=data["name"])


def approve_in_edit_page(client, listing, kind="attorney", comment=None, **fields):
    """POST the edit form as the edit page does when a reviewer clicks Approve in its action
    menu (wagtailadmin/js/workflow-action.js): the form as it stands, plus the action's hidden
    inputs; Approve with comment adds the modal's data as JSON."""
    data = listing_form_data(kind, **fields)
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"
    if comment is not None:
        data["workflow-action-extra-data"] = json.dumps({"comment": comment})
    return client.post(url("edit", listing.pk, model=kind), data)


def test_editor_submission_is_not_public(editor_client):
    listing = submit_as_editor(editor_client)
    assert listing.live is False
    assert listing.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert listing.last_verified is None
    assert not Listing.objects.public().exists()
    # The ZIP filled the place in.
    assert (listing.city, listing.state, listing.county_id) == ("Newark", "NJ", "34013")
    assert listing.phones.get().number == "+19735550142"


def test_editor_cannot_publish(editor_client):
    data = listing_form_data()
    data["action-publish"] = "Publish"
    editor_client.post(url("add"), data)
    listing = Attorney.objects.get()
    assert listing.live is False
    assert not Listing.objects.public().exists()


def test_vetter_approval_publishes_and_stamps(client, editor, vetter):
    client.force_login(editor)
    listing = submit_as_editor(client)
    task_state = listing.current_workflow_state.current_task_state

    client.force_login(vetter)
    before = timezone.now().replace(microsecond=0)  # stamps are whole seconds
    response = client.post(
        url("workflow_action", listing.pk, "approve", task_state.pk), {"comment": "Called them."}
    )
    assert response.status_code == 302
    assert response.url == url("edit", listing.pk)

    listing.refresh_from_db()
    assert listing.live is True
    assert listing.verified_by == vetter
    assert listing.last_verified >= before
    assert listing.next_review_due.date() == (listing.last_verified + timedelta(days=180)).date()
    assert list(Listing.objects.public()) == [listing]


@pytest.mark.parametrize("kind", ["attorney", "consulate", "workercenter", "fundingsource"])
def test_vetter_approval_in_the_edit_page_publishes_and_stamps(client, editor, vetter, kind):
    # WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT: the edit page saves the vetter's form as a
    # new revision before approving; the approval must count for it (directory/workflow.py).
    client.force_login(editor)
    listing = submit_as_editor(client, kind)
    client.force_login(vetter)
    mail.outbox.clear()
    before = timezone.now().replace(microsecond=0)
    response = approve_in_edit_page(client, listing, kind, summary="Checked by phone.")
    assert response.status_code == 302
    assert response.url == url("list", model=kind)

    listing.refresh_from_db()
    assert listing.live and not listing.has_unpublished_changes
    assert listing.summary == "Checked by phone."  # the vetter's own edit went live
    assert listing.verified_by == vetter and listing.last_verified >= before
    assert list(Listing.objects.public()) == [listing]
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_APPROVED
    approved = state.current_task_state
    assert (approved.status, approved.finished_by) == (TaskState.STATUS_APPROVED, vetter)
    assert approved.revision == listing.live_revision
    # Not sent back to the vetters as newly submitted.
    assert not TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS).exists()
    assert not [m for m in mail.outbox if vetter.email in m.to]


def test_vetter_approval_with_comment_in_the_edit_page(client, editor, vetter):
    client.force_login(editor)
    listing = submit_as_editor(client)
    client.force_login(vetter)
    response = approve_in_edit_page(client, listing, comment="Called them.")
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.live and listing.verified_by == vetter
    assert WorkflowState.objects.get().current_task_state.comment == "Called them."


def test_vetter_who_saved_a_draft_then_approves_from_the_dashboard_publishes(
    client, editor, vetter
):
    client.force_login(editor)
    listing = submit_as_editor(client)
    task_state = listing.current_workflow_state.current_task_state
    client.force_login(vetter)
    data = listing_form_data(summary="Corrected by the vetter.")  # Save draft
    assert client.post(url("edit", listing.pk), data).status_code == 302
    response = client.post(url("workflow_action", listing.pk, "approve", task_state.pk))
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.live and listing.summary == "Corrected by the vetter."
    assert listing.verified_by == vetter


def test_what_someone_else_saved_during_vetting_still_needs_approving(client, editor, vetter):
    client.force_login(editor)
    listing = submit_as_editor(client)
    task_state = listing.current_workflow_state.current_task_state
    # e.g. an applied suggestion: saved as the editor, after the vetter opened the task
    listing.summary = "Changed while in vetting."
    listing.save_revision(user=editor)
    client.force_login(vetter)
    client.post(url("workflow_action", listing.pk, "approve", task_state.pk))
    listing.refresh_from_db()
    assert not listing.live and listing.last_verified is None
    state = listing.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision == listing.latest_revision
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS


@pytest.mark.parametrize(
    "first_name, last_name, shown", [("Vera", "Example", "Vera Example"), ("", "", "vera")]
)
def test_verified_by_is_shown_by_name(client, vetter, first_name, last_name, shown):
    """The admin's Vetting panel, the API's editor tier and the editors' CSV export: the
    vetter's full name, else their username."""
    vetter.first_name, vetter.last_name = first_name, last_name
    vetter.save()
    listing = publish(AttorneyFactory(name="Example Verified Clinic", slug="verified"), vetter)
    client.force_login(vetter)

    html = client.get(url("edit", listing.pk)).content.decode()
    panel = html.split('id="panel-child-vetting-child-panel-child-verified_by-label"')[1]
    output = panel.split('class="w-field__textoutput"')[1].split("</div>")[0]
    assert output.split(">", 1)[1].strip() == shown

    api = client.get("/api/directory/attorneys/verified").json()
    assert api["vetting"]["verified_by"] == shown

    response = client.get("/api/@export", {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["verified_by"] == shown


def test_publishing_an_older_draft_keeps_the_vetting_stamp(vetter):
    listing = AttorneyFactory()
    old_revision = listing.save_revision(user=vetter)
    publish(listing, vetter)
    stamped = listing.last_verified
    old_revision.publish(user=None)  # e.g. a revert, done by the system
    listing.refresh_from_db()
    assert listing.last_verified == stamped


def test_expired_listing_drops_out_until_reverified(vetter):
    listing = publish(AttorneyFactory(), vetter)
    listing.record_verification(vetter, timezone.now() - timedelta(days=181))
    assert not Listing.objects.public().exists()
    publish(listing, vetter)
    assert list(Listing.objects.public()) == [listing]


def test_due_report_lists_the_overdue_listing(editor_client, vetter):
    overdue = publish(AttorneyFactory(name="Example Overdue Clinic"), vetter)
    overdue.record_verification(vetter, timezone.now() - timedelta(days=200))
    publish(AttorneyFactory(name="Example Fresh Clinic"), vetter)
    response = editor_client.get(reverse("directory_due_for_review"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Example Overdue Clinic" in html
    assert "Example Fresh Clinic" not in html


def test_due_report_shows_a_live_listing_never_verified(editor_client, vetter):
    # A live row without a verification stamp (an older import) is due now; it has no due
    # date to format, and the report said so with a 500.
    never = publish(AttorneyFactory(name="Example Unstamped Clinic"), vetter)
    Listing.objects.filter(pk=never.pk).update(last_verified=None)
    response = editor_client.get(reverse("directory_due_for_review"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Example Unstamped Clinic" in html
    assert "Never verified" in html


def test_dashboard_counts_listings_by_kind_and_state(editor_client, vetter):
    publish(AttorneyFactory(), vetter)
    AttorneyFactory()  # a draft
    response = editor_client.get(reverse("wagtailadmin_home"))
    panel = response.content.decode().split('id="directory-status-heading"')[1]
    row = panel.split("</tr>")[1]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    # public, in vetting, drafts, overdue, total
    assert cells == ["1", "0", "1", "0", "2"]
