"""Vetting through the admin, as editors and vetters use it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from directory.models import Attorney, Listing
from tests.directory.admin_forms import listing_form_data
from tests.factories import AttorneyFactory, publish

pytestmark = pytest.mark.django_db


def url(name, *args, model="attorney"):
    return reverse(f"wagtailsnippets_directory_{model}:{name}", args=args)


def submit_as_editor(client, **fields):
    data = listing_form_data(**fields)
    data["action-submit"] = "Submit to Vetting"
    response = client.post(url("add"), data)
    assert response.status_code == 302, response.context["form"].errors
    return Attorney.objects.get(name=data["name"])


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


def test_dashboard_counts_listings_by_kind_and_state(editor_client, vetter):
    publish(AttorneyFactory(), vetter)
    AttorneyFactory()  # a draft
    response = editor_client.get(reverse("wagtailadmin_home"))
    panel = response.content.decode().split('id="directory-status-heading"')[1]
    row = panel.split("</tr>")[1]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    # public, in vetting, drafts, overdue, total
    assert cells == ["1", "0", "1", "0", "2"]
