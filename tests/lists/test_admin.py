"""The lists' admin, through its HTTP views: who may curate, publish and see what."""

import pytest
from django.urls import reverse

from lists.models import Edition, TrustedList
from tests.lists.conftest import withdraw

pytestmark = pytest.mark.django_db


def edit_url(trusted_list):
    return reverse("lists_lists:edit", args=[trusted_list.pk])


def refused(response) -> bool:
    """The admin's answer to a forbidden action: 403, or a redirect to the dashboard (where
    Wagtail shows "Sorry, you do not have permission")."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def form_data(trusted_list, title_en="Retaliation referrals", **extra):
    """The edit form as the browser posts it, keeping the list's entries."""
    entries = list(trusted_list.entries.all())
    data = {
        "organization": trusted_list.organization_id,
        "slug": trusted_list.slug,
        "title_en": title_en,
        "title_es": "",
        "description_en": "",
        "description_es": "",
        "entries-TOTAL_FORMS": len(entries),
        "entries-INITIAL_FORMS": len(entries),
        "entries-MIN_NUM_FORMS": 0,
        "entries-MAX_NUM_FORMS": 1000,
    }
    for index, entry in enumerate(entries):
        data |= {
            f"entries-{index}-id": entry.pk,
            f"entries-{index}-listing": entry.listing_id,
            f"entries-{index}-note_en": entry.note.get("en", ""),
            f"entries-{index}-note_es": entry.note.get("es", ""),
            f"entries-{index}-ORDER": index + 1,
            f"entries-{index}-DELETE": "",
        }
    return data | extra


def test_staff_curate_their_own_organizations_list(client, orgs):
    client.force_login(orgs["a_staff"])
    a_list = orgs["a_list"]
    assert client.get(edit_url(a_list)).status_code == 200
    response = client.post(edit_url(a_list), form_data(a_list, "Retaliation, Essex"))
    assert response.status_code == 302
    a_list.refresh_from_db()
    assert a_list.title == {"en": "Retaliation, Essex"}
    assert a_list.entries.count() == 2


def test_staff_cannot_change_another_organizations_list_but_can_read_it(client, orgs):
    client.force_login(orgs["a_staff"])
    b_list = orgs["b_list"]
    assert refused(client.get(edit_url(b_list)))
    assert refused(client.post(edit_url(b_list), form_data(b_list, "Taken over")))
    b_list.refresh_from_db()
    assert b_list.title["en"] == "List bond"
    assert refused(client.post(reverse("lists_lists:publish", args=[b_list.pk])))
    assert b_list.editions.count() == 1
    assert refused(client.post(reverse("lists_lists:delete", args=[b_list.pk])))
    inspect = client.get(reverse("lists_lists:inspect", args=[b_list.pk]))
    assert inspect.status_code == 200
    assert "Example Bond Attorney" in inspect.content.decode()
    index = client.get(reverse("lists_lists:index")).content.decode()
    assert edit_url(orgs["a_list"]) in index
    assert edit_url(b_list) not in index
    assert reverse("lists_lists:inspect", args=[b_list.pk]) in index


def test_staff_cannot_move_a_list_to_another_organization(client, orgs):
    client.force_login(orgs["a_staff"])
    a_list = orgs["a_list"]
    response = client.post(edit_url(a_list), form_data(a_list, organization=orgs["b"].pk))
    assert response.status_code == 200  # the form again, with an error
    a_list.refresh_from_db()
    assert a_list.organization == orgs["a"]


def test_staff_add_lists_only_to_their_organizations(client, orgs):
    client.force_login(orgs["a_staff"])
    data = {
        "slug": "new",
        "title_en": "New list",
        "entries-TOTAL_FORMS": 0,
        "entries-INITIAL_FORMS": 0,
        "entries-MIN_NUM_FORMS": 0,
        "entries-MAX_NUM_FORMS": 1000,
    }
    add = reverse("lists_lists:add")
    assert client.post(add, data | {"organization": orgs["b"].pk}).status_code == 200
    assert not TrustedList.objects.filter(slug="new").exists()
    assert client.post(add, data | {"organization": orgs["a"].pk}).status_code == 302
    assert TrustedList.objects.get(slug="new").organization == orgs["a"]


def test_staff_cannot_edit_or_vet_listings(client, orgs, listings):
    client.force_login(orgs["a_staff"])
    listing = listings[0]
    assert refused(client.get(f"/admin/snippets/directory/attorney/edit/{listing.pk}/"))
    assert not orgs["a_staff"].has_perm("directory.change_attorney")
    assert not orgs["a_staff"].has_perm("directory.publish_attorney")
    assert refused(client.get(reverse("lists_organizations:add")))


def test_staff_publish_an_edition_from_the_admin(client, orgs):
    client.force_login(orgs["a_staff"])
    a_list = orgs["a_list"]
    response = client.post(reverse("lists_lists:publish", args=[a_list.pk]), follow=True)
    assert response.status_code == 200
    assert "Edition 2" in response.content.decode()
    edition = a_list.editions.get(number=2)
    assert edition.published_by == "ana"
    assert edition.entries.count() == 2


def test_curators_see_withdrawn_entries_on_the_lists_edit_view(client, orgs, listings):
    withdraw(listings[0])
    client.force_login(orgs["a_staff"])
    html = client.get(edit_url(orgs["a_list"])).content.decode()
    assert 'data-withdrawn-entries="1"' in html
    assert "Example Essex Defense Clinic" in html


def test_editors_see_which_organizations_list_a_listing(client, orgs, listings, editor):
    client.force_login(editor)
    response = client.get(f"/admin/snippets/directory/attorney/edit/{listings[0].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-listed-by="1"' in html
    assert "Example Workers United" in html
    assert "Retaliation referrals, Essex County" in html
    not_listed = client.get(f"/admin/snippets/directory/attorney/edit/{listings[2].pk}/")
    assert "Example Labor Agency" in not_listed.content.decode()


def test_editors_manage_organizations(client, orgs, editor):
    client.force_login(editor)
    response = client.post(
        reverse("lists_organizations:add"),
        {"name": "Example Legal Aid Network", "slug": "legal-aid", "kind": "legal_aid"},
    )
    assert response.status_code == 302
    # An organization whose lists have editions is kept, with a message.
    delete = client.post(reverse("lists_organizations:delete", args=[orgs["a"].pk]), follow=True)
    assert "cannot be deleted" in delete.content.decode()


def test_admin_offers_no_edit_or_delete_for_editions(client, orgs, editor):
    client.force_login(editor)
    edition = Edition.objects.first()
    inspect = client.get(reverse("lists_editions:inspect", args=[edition.pk]))
    assert inspect.status_code == 200
    assert client.get(reverse("lists_editions:index")).status_code == 200
    for path in (
        f"/admin/lists/editions/edit/{edition.pk}/",
        f"/admin/lists/editions/delete/{edition.pk}/",
    ):
        assert client.get(path).status_code == 404
