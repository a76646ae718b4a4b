"""A reviewer's Approve in the edit page's action menu, in real Chromium: a vetter approves a
listing in vetting, a moderator a CMS page in moderation. Both go live; the listing is stamped
verified by the vetter, by name. With WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT the edit page
saves a revision before it approves, which used to send the listing back into vetting."""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from directory.models import Attorney, Listing
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def approve_in_action_menu(page, label: str = "Approve") -> None:
    """Open the footer's action menu and click the workflow action; confirm its modal if it
    opens one (Approve with comment does)."""
    from playwright.sync_api import expect

    footer = page.locator("footer")
    footer.get_by_role("button", name="More actions").click()
    footer.get_by_role("button", name=label, exact=True).click()
    if label != "Approve":
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        dialog.get_by_label("Comment").fill("Called the office; all current.")
        dialog.get_by_role("button", name=re.compile("^Approve")).click()


def test_a_vetter_approves_a_listing_from_its_edit_page(page, live_server):
    from playwright.sync_api import expect

    editor = factories.editor(username="eddie")
    vetter = factories.vetter(username="vera", first_name="Vera", last_name="Example")
    listing = factories.AttorneyFactory(name="Example Approval Clinic")
    listing.save_revision(user=editor)
    listing.get_workflow().start(listing, editor)
    before = timezone.now().replace(microsecond=0)

    sign_in(page, live_server, "vera")
    page.goto(f"{live_server.url}/admin/snippets/directory/attorney/edit/{listing.pk}/")
    approve_in_action_menu(page)
    expect(page.locator(".messages")).to_contain_text("Example Approval Clinic")
    assert page.url == f"{live_server.url}/admin/snippets/directory/attorney/"

    listing = Attorney.objects.get(pk=listing.pk)
    assert listing.live and not listing.has_unpublished_changes
    assert listing.verified_by == vetter
    assert listing.last_verified >= before
    assert listing.current_workflow_state is None
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_APPROVED
    assert list(Listing.objects.public()) == [listing]

    # The public API serves it, verified; the vetter's session (the editor tier) sees by whom.
    public = page.context.request.get(
        f"{live_server.url}/api/directory/attorneys/{listing.slug}",
        headers={"Accept": "application/json", "Cookie": ""},
    )
    assert public.status == 200
    assert public.json()["vetting"]["status"] == "verified"
    # The stamp's day in the site's time zone, as the pages print it.
    stamped = timezone.localdate(listing.last_verified).isoformat()
    assert public.json()["vetting"]["last_verified"] == stamped
    assert "verified_by" not in public.json()["vetting"]
    editor_view = page.request.get(
        f"{live_server.url}/api/directory/attorneys/{listing.slug}",
        headers={"Accept": "application/json"},
    )
    assert editor_view.json()["vetting"]["verified_by"] == "Vera Example"

    # The edit page's Vetting tab names the vetter too.
    page.goto(f"{live_server.url}/admin/snippets/directory/attorney/edit/{listing.pk}/")
    page.get_by_role("tab", name="Vetting").click()
    expect(page.get_by_role("textbox", name="Verified by")).to_have_text("Vera Example")


def test_a_moderator_edits_and_approves_a_cms_page_with_comment(page, live_server):
    from playwright.sync_api import expect

    from cms.models import DocumentPage

    editor = factories.editor(username="eddie")
    moderator = factories.UserFactory(username="mona")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    home = Page.objects.get(depth=2)  # Wagtail's welcome page, under the root
    document = home.add_child(
        instance=DocumentPage(title="Example know-your-rights guide", live=False)
    )
    document.save_revision(user=editor)
    document.get_workflow().start(document, editor)

    sign_in(page, live_server, "mona")
    page.goto(f"{live_server.url}/admin/pages/{document.pk}/edit/")
    # The moderator corrects the summary as they review: their approval covers their own edit.
    page.get_by_role("textbox", name="Summary").fill("What to do if ICE comes to work.")
    approve_in_action_menu(page, "Approve with comment")
    expect(page.locator(".messages")).to_contain_text("Example know-your-rights guide")

    document = DocumentPage.objects.get(pk=document.pk)
    assert document.live and not document.has_unpublished_changes
    assert document.summary == "What to do if ICE comes to work."
    state = WorkflowState.objects.get()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.current_task_state.comment == "Called the office; all current."
