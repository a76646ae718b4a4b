"""The keys' admin: superusers create keys (shown once, only a hash stored), revoke them; the
Editors and Vetters groups cannot reach it."""

import re

import pytest
from django.urls import reverse

from lists.models import Organization
from partners.models import PartnerKey, hash_key
from tests.factories import UserFactory
from tests.partners.keys import PARTNER_ORIGIN, auth

pytestmark = pytest.mark.django_db
KEY_RE = re.compile(r"amp_[0-9a-f]{8}\.[A-Za-z0-9_-]+")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def form(**fields):
    data = {
        "name": "Example Newark embed",
        "organization": "",
        "organization_name": "Example Workers Alliance",
        "tier": "partner",
        "allowed_origins": f"{PARTNER_ORIGIN}/\nHTTP://LOCALHOST:8080\n\nhttps://a.example:443",
        "rate_limit": "120 / min",
        "active": "on",
    }
    data.update(fields)
    return data


def test_a_key_is_created_and_shown_once(admin_client, consulate):
    response = admin_client.post(reverse("partner_keys:add"), form(), follow=True)
    assert response.status_code == 200
    shown = KEY_RE.findall(response.content.decode())
    assert len(set(shown)) == 1
    key = shown[0]
    row = PartnerKey.objects.get()
    # Only a hash is stored; the values were normalised.
    assert row.hashed_key == hash_key(key)
    assert key not in str(PartnerKey.objects.values().get())
    assert row.allowed_origins.splitlines() == [
        PARTNER_ORIGIN,
        "http://localhost:8080",
        "https://a.example",
    ]
    assert row.rate_limit == "120/min" and row.tier == "partner" and row.active
    # Never again: not on the list, not on the edit page.
    assert key not in admin_client.get(reverse("partner_keys:index")).content.decode()
    edit = admin_client.get(reverse("partner_keys:edit", args=[row.pk]))
    assert edit.status_code == 200
    assert key not in edit.content.decode() and row.prefix in edit.content.decode()
    # And it works.
    listing = admin_client.get("/api/directory/consulates/mexico-newark", **auth(key))
    assert listing.json()["liaison"]["name"] == "Example Liaison Officer"


def test_a_new_key_is_only_in_the_answer_to_the_form(admin_client):
    """Shown once, on the page that answers the form: not in a message, which would carry it
    in the messages cookie (signed, not encrypted) or the session to the next page."""
    response = admin_client.post(reverse("partner_keys:add"), form())
    assert response.status_code == 200  # no redirect to a page that would need it carried
    body = response.content.decode()
    shown = KEY_RE.findall(body)
    assert len(shown) == 1  # exactly once in the page
    key = shown[0]
    assert PartnerKey.objects.get().hashed_key == hash_key(key)
    assert "no-store" in response["Cache-Control"]
    assert key not in response.cookies.output()
    assert not [h for h in response.headers if key in response.headers[h]]
    # Nothing stored for a later page: not the session, not the cookies the browser keeps.
    assert key not in str(dict(admin_client.session))
    assert not [c for c in admin_client.cookies.values() if key in c.value]
    # Reloading the form, the list or the key's page shows it nowhere again.
    for url in (
        reverse("partner_keys:add"),
        reverse("partner_keys:index"),
        reverse("partner_keys:edit", args=[PartnerKey.objects.get().pk]),
    ):
        again = admin_client.get(url)
        assert again.status_code == 200
        assert key not in again.content.decode() and not KEY_RE.search(again.content.decode())
        assert key not in again.cookies.output()


def test_a_key_is_revoked_in_the_admin(admin_client, client, make_key):
    row, key = make_key(tier=PartnerKey.Tier.PARTNER)
    response = admin_client.post(
        reverse("partner_keys:edit", args=[row.pk]), form(name=row.name, active=""), follow=True
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert not row.active and row.hashed_key == hash_key(key)  # editing keeps the key
    admin_client.logout()
    assert admin_client.get("/api/@health", **auth(key)).status_code == 401


@pytest.mark.parametrize(
    "origins",
    [
        "partner.example.org",
        "https://partner.example.org/embed",
        "*",
        "ftp://example.org",
        "https://user@example.org",
        "https://example.org:99999",
    ],
)
def test_bad_origins_are_refused(admin_client, origins):
    response = admin_client.post(reverse("partner_keys:add"), form(allowed_origins=origins))
    assert response.status_code == 200  # the form again, with the error
    assert "is not an origin" in response.content.decode()
    assert not PartnerKey.objects.exists()


@pytest.mark.parametrize("rate", ["fast", "120/week", "0", "-5/min"])
def test_bad_rates_are_refused(admin_client, rate):
    response = admin_client.post(reverse("partner_keys:add"), form(rate_limit=rate))
    assert response.status_code == 200
    assert not PartnerKey.objects.exists()


def test_editors_and_vetters_cannot_reach_the_keys(client, editor, vetter, make_key):
    row, _key = make_key()
    for user in (editor, vetter):
        client.force_login(user)
        for url in (
            reverse("partner_keys:index"),
            reverse("partner_keys:add"),
            reverse("partner_keys:edit", args=[row.pk]),
        ):
            response = client.get(url)
            assert response.status_code in (302, 403), (user, url)
            if response.status_code == 302:
                assert "/admin/" in response["Location"] and "partners" not in response["Location"]
        assert client.post(reverse("partner_keys:add"), form()).status_code in (302, 403)
        home = client.get("/admin/").content.decode()
        assert reverse("partner_keys:index") not in home
    assert PartnerKey.objects.count() == 1


def test_the_menu_shows_for_superusers(admin_client):
    home = admin_client.get("/admin/").content.decode()
    assert reverse("partner_keys:index") in home


def test_a_key_belongs_to_an_organization(admin_client):
    organization = Organization.objects.create(
        name="Example Workers United", slug="workers-united", kind="worker_center"
    )
    Organization.objects.create(name="Example Labor Agency", slug="labor-agency")
    add = admin_client.get(reverse("partner_keys:add")).content.decode()
    assert "Example Workers United" in add and "Example Labor Agency" in add  # the choices
    response = admin_client.post(
        reverse("partner_keys:add"),
        form(name="Workers United embed", organization=str(organization.pk), organization_name=""),
        follow=True,
    )
    assert response.status_code == 200
    row = PartnerKey.objects.get()
    assert row.organization == organization and row.holder == "Example Workers United"
    assert list(organization.partner_keys.all()) == [row]
    # The list shows the organization, and finds the key by its name.
    index = admin_client.get(reverse("partner_keys:index")).content.decode()
    assert "Example Workers United" in index
    found = admin_client.get(reverse("partner_keys:index"), {"q": "workers united"})
    assert "Workers United embed" in found.content.decode()
    edit = admin_client.get(reverse("partner_keys:edit", args=[row.pk])).content.decode()
    assert f'<option value="{organization.pk}" selected>' in edit
