"""The editors' queue of suggestions in the admin: who sees it, accepting into a draft (never
published), dismissing, and the open count on the listing's edit page and the dashboard."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.users.models import UserProfile

from directory.models import Listing, Suggestion
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, UserFactory, publish

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"directory_suggestions:{name}", args=args)


def edit_url(listing):
    return reverse("wagtailsnippets_directory_attorney:edit", args=[listing.pk])


@pytest.fixture
def listing(vetter):
    listing = public(AttorneyFactory, name="Example Newark Defense Clinic", slug="newark")
    listing.vetting_notes = "Called in March."
    return publish(listing, vetter)  # a live revision, as through the admin


@pytest.fixture
def suggestion(listing):
    return Suggestion.objects.create(
        listing=listing,
        message="The clinic moved to 12 Market St.",
        contact="maria@example.org",
    )


@pytest.fixture
def plain_client(client):
    """Logged in to the admin, without the directory's permissions."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return client


def api_listing(client):
    response = client.get("/api/directory/attorneys/newark")
    assert response.status_code == 200
    return response.json()


def test_queue_lists_suggestions_for_editors_and_vetters(client, editor, vetter, suggestion):
    older = Suggestion.objects.create(listing=suggestion.listing, message="Older note.")
    Suggestion.objects.filter(pk=older.pk).update(
        created_at=suggestion.created_at.replace(year=2020)
    )
    for user in (editor, vetter):
        client.force_login(user)
        html = client.get(url("index")).content.decode()
        assert "The clinic moved to 12 Market St." in html
        assert "Example Newark Defense Clinic" in html
        assert html.index("The clinic moved") < html.index("Older note.")  # newest first
        assert url("inspect", suggestion.pk) in html
    # Filtered by status.
    suggestion.dismiss(editor)
    html = client.get(url("index"), {"status": "new"}).content.decode()
    assert "Older note." in html and "The clinic moved" not in html
    # The Directory menu links to the queue.
    assert url("index") in client.get(reverse("wagtailadmin_home")).content.decode()


def test_queue_is_closed_to_users_without_the_permissions(plain_client, suggestion):
    for response in (
        plain_client.get(url("index")),
        plain_client.get(url("inspect", suggestion.pk)),
        plain_client.post(url("accept", suggestion.pk)),
        plain_client.post(url("dismiss", suggestion.pk)),
    ):
        assert response.status_code in (302, 403)
        assert b"12 Market St." not in response.content
    suggestion.refresh_from_db()
    assert suggestion.is_open
    assert suggestion.contact == "maria@example.org"
    home = plain_client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("index") not in home and "Suggestions from the public" not in home


def test_detail_shows_listing_message_contact_and_actions(editor_client, suggestion, listing):
    response = editor_client.get(url("inspect", suggestion.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{edit_url(listing)}"' in html
    assert "The clinic moved to 12 Market St." in html
    assert "maria@example.org" in html
    assert url("accept", suggestion.pk) in html and url("dismiss", suggestion.pk) in html
    # There is no add, edit or delete for suggestions.
    assert url("index") + "new/" not in html


def test_accept_makes_a_draft_and_publishes_nothing(editor_client, editor, suggestion, listing):
    before = api_listing(editor_client.__class__())
    live_revision = listing.live_revision_id
    response = editor_client.post(url("accept", suggestion.pk))
    assert response.status_code == 302
    assert response.url == edit_url(listing)

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.closed_by == editor and suggestion.closed_at is not None
    assert suggestion.contact == ""  # erased on closing
    assert suggestion.message == "The clinic moved to 12 Market St."

    listing = Listing.objects.get(pk=listing.pk)
    assert listing.live and listing.has_unpublished_changes
    assert listing.live_revision_id == live_revision
    assert listing.vetting_notes == "Called in March."  # the live row is untouched
    draft = listing.latest_revision.as_object()
    assert draft.vetting_notes.startswith("Called in March.\n\nSuggestion received ")
    assert "accepted by eddie:\nThe clinic moved to 12 Market St." in draft.vetting_notes
    assert "maria@example.org" not in draft.vetting_notes
    assert listing.latest_revision.user == editor
    # Still public, with the same content as before.
    assert Listing.objects.public().filter(pk=listing.pk).exists()
    assert api_listing(editor_client.__class__()) == before


def test_accept_keeps_an_editors_unpublished_draft(editor_client, editor, suggestion, listing):
    draft = listing.get_latest_revision_as_object()
    draft.name = "Example Newark Defense Clinic (renamed draft)"
    draft.save_revision(user=editor)
    before = api_listing(editor_client.__class__())
    editor_client.post(url("accept", suggestion.pk))
    latest = Listing.objects.get(pk=listing.pk).latest_revision.as_object()
    assert latest.name == "Example Newark Defense Clinic (renamed draft)"
    assert "12 Market St." in latest.vetting_notes
    after = api_listing(editor_client.__class__())
    assert after == before and after["title"] == "Example Newark Defense Clinic"


def test_dismiss_closes_without_a_draft(editor_client, editor, suggestion, listing):
    revisions = listing.revisions.count()
    response = editor_client.post(url("dismiss", suggestion.pk))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DISMISSED
    assert suggestion.closed_by == editor and suggestion.closed_at is not None
    assert suggestion.contact == ""
    assert listing.revisions.count() == revisions
    assert not Listing.objects.get(pk=listing.pk).has_unpublished_changes
    # Closed: no actions any more, and a second action changes nothing.
    html = editor_client.get(url("inspect", suggestion.pk)).content.decode()
    assert url("accept", suggestion.pk) not in html
    assert "maria@example.org" not in html
    editor_client.post(url("accept", suggestion.pk))
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.DISMISSED
    assert listing.revisions.count() == revisions


def test_actions_need_post(editor_client, suggestion):
    assert editor_client.get(url("accept", suggestion.pk)).status_code == 405
    assert editor_client.get(url("dismiss", suggestion.pk)).status_code == 405
    suggestion.refresh_from_db()
    assert suggestion.is_open


def test_a_listing_locked_by_someone_else_is_not_touched(editor_client, vetter, suggestion):
    listing = suggestion.listing
    Listing.objects.filter(pk=listing.pk).update(locked=True, locked_by=vetter)
    response = editor_client.post(url("accept", suggestion.pk))
    assert response.status_code == 302 and response.url == url("inspect", suggestion.pk)
    suggestion.refresh_from_db()
    assert suggestion.is_open and suggestion.contact == "maria@example.org"
    assert not Listing.objects.get(pk=listing.pk).has_unpublished_changes


def test_edit_page_shows_the_open_count(editor_client, editor, suggestion, listing):
    Suggestion.objects.create(listing=listing, message="Also the phone changed.")
    html = editor_client.get(edit_url(listing)).content.decode()
    assert 'data-open-suggestions="2"' in html
    assert "There are 2 open suggestions from the public about this listing." in html
    assert f"{url('index')}?status=new&amp;listing={listing.translation_key.hex}" in html

    suggestion.dismiss(editor)
    html = editor_client.get(edit_url(listing)).content.decode()
    assert "There is 1 open suggestion from the public about this listing." in html

    Suggestion.objects.open().get().dismiss(editor)
    html = editor_client.get(edit_url(listing)).content.decode()
    assert "data-open-suggestions" not in html


def test_queue_link_from_the_edit_page_filters_by_listing(editor_client, suggestion, listing):
    other = public(AttorneyFactory, name="Example Other Clinic")
    Suggestion.objects.create(listing=other, message="Other listing's note.")
    html = editor_client.get(
        url("index"), {"status": "new", "listing": listing.translation_key.hex}
    ).content.decode()
    assert "The clinic moved to 12 Market St." in html
    assert "Other listing&#x27;s note." not in html and "Other listing's note." not in html
    assert editor_client.get(url("index"), {"listing": "not-a-uuid"}).status_code == 200


def test_dashboard_shows_listings_with_open_suggestions(editor_client, suggestion, listing):
    Suggestion.objects.create(listing=listing, message="Also the phone changed.")
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Suggestions from the public" in html
    start = html.index("Suggestions from the public")
    panel = html[start : start + 2000]
    assert "Example Newark Defense Clinic" in panel
    assert "<td>2</td>" in panel
    assert "2 open suggestions in all" in panel


def test_spanish_admin(editor_client, editor, suggestion, listing):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "es"
    profile.save()
    html = editor_client.get(edit_url(listing)).content.decode()
    assert "Hay 1 sugerencia abierta del público sobre esta ficha." in html
    html = editor_client.get(url("inspect", suggestion.pk)).content.decode()
    assert "Aceptar en un borrador" in html and "Descartar" in html
