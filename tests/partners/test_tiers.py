"""Keys and tiers through the HTTP layer (API.md, *Visibility tiers*): a partner key sees
partner-only fields, a public key and anonymous clients do not; an unknown, malformed or revoked
key is a 401 in the error shape; keyed answers are never shared-cacheable."""

import pytest
from django.utils import timezone

from partners.models import PartnerKey, hash_key
from tests.partners.keys import assert_error, auth

pytestmark = pytest.mark.django_db
URL = "/api/directory/consulates/mexico-newark"
LIAISON = {
    "name": "Example Liaison Officer",
    "email": "liaison@example.org",
    "phone": "+19735550142",
}


def test_partner_key_sees_the_liaison(client, consulate, make_key):
    row, key = make_key(tier=PartnerKey.Tier.PARTNER)
    response = client.get(URL, **auth(key))
    assert response.status_code == 200
    assert response.json()["liaison"] == LIAISON
    # Private: never stored by a shared cache, never answered from the kept public answers.
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response
    assert "Authorization" in response["Vary"]
    row.refresh_from_db()
    assert row.last_used == timezone.localdate()


def test_partner_key_sees_the_liaison_in_full_search_results(client, consulate, make_key):
    _row, key = make_key(tier=PartnerKey.Tier.PARTNER)
    items = client.get("/api/@search", {"fullobjects": "1"}, **auth(key)).json()["items"]
    assert [item["liaison"] for item in items] == [LIAISON]


def test_public_key_and_anonymous_do_not_see_the_liaison(client, consulate, make_key):
    _row, key = make_key(tier=PartnerKey.Tier.PUBLIC)
    anonymous = client.get(URL)
    assert anonymous.status_code == 200 and "liaison" not in anonymous.json()
    assert "ETag" in anonymous
    keyed = client.get(URL, **auth(key))
    assert keyed.status_code == 200 and "liaison" not in keyed.json()
    assert keyed["Cache-Control"] == "no-store" and "ETag" not in keyed
    # The anonymous answer, now kept under its ETag, is not what a partner gets.
    _row, partner = make_key(name="Partner", tier=PartnerKey.Tier.PARTNER)
    assert client.get(URL, **auth(partner)).json()["liaison"] == LIAISON
    assert "liaison" not in client.get(URL).json()


def test_partner_fields_only_for_consulates(client, make_key):
    from tests.api.test_directory import public
    from tests.factories import AttorneyFactory

    public(AttorneyFactory, name="Example Clinic", slug="clinic")
    _row, key = make_key(tier=PartnerKey.Tier.PARTNER)
    body = client.get("/api/directory/attorneys/clinic", **auth(key)).json()
    assert body["liaison"] is None


def test_editor_tier_sees_the_liaison_too(editor_client, consulate):
    assert editor_client.get(URL).json()["liaison"] == LIAISON


def test_unknown_key_is_401(client, consulate, make_key):
    _row, key = make_key(tier=PartnerKey.Tier.PARTNER)
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    for value in (forged, "amp_00000000.not-a-real-key-at-all-000", "nonsense"):
        response = client.get(URL, **auth(value))
        body = assert_error(response, 401, "Unauthorized")
        assert body["message"] == "This API key is unknown or has been revoked."
        assert response["WWW-Authenticate"].startswith("Api-Key")
        assert response["Cache-Control"] == "no-store"
        assert "liaison" not in response.content.decode()


def test_empty_key_is_401(client, consulate):
    body = assert_error(client.get(URL, HTTP_AUTHORIZATION="Api-Key "), 401, "Unauthorized")
    assert "names no key" in body["message"]


def test_revoked_key_is_401(client, consulate, make_key):
    row, key = make_key(tier=PartnerKey.Tier.PARTNER)
    assert client.get(URL, **auth(key)).status_code == 200
    row.active = False
    row.save()
    assert_error(client.get(URL, **auth(key)), 401, "Unauthorized")
    assert_error(client.get("/api/@search", **auth(key)), 401, "Unauthorized")


def test_other_authorization_schemes_are_the_public_tier(client, consulate):
    # (Bearer is the write API's login token: an invalid one is a 401, tests/api/writing/.)
    response = client.get(URL, HTTP_AUTHORIZATION="Digest something")
    assert response.status_code == 200 and "liaison" not in response.json()
    assert response["Cache-Control"] == "no-store"  # not shared: it carried credentials


def test_the_scheme_is_case_insensitive(client, consulate, make_key):
    _row, key = make_key(tier=PartnerKey.Tier.PARTNER)
    response = client.get(URL, HTTP_AUTHORIZATION=f"api-key {key}")
    assert response.json()["liaison"] == LIAISON


def test_only_a_hash_is_stored(make_key):
    row, key = make_key()
    assert key.startswith(f"amp_{row.prefix}.")
    assert row.hashed_key == hash_key(key) and key not in row.hashed_key
    stored = PartnerKey.objects.values().get(pk=row.pk)
    assert not [value for value in stored.values() if isinstance(value, str) and key in value]
    assert PartnerKey.objects.for_key(key) == row


def test_a_key_beside_an_admin_session_is_the_partner_tier_not_the_editor_tier(
    editor_client, consulate, make_key
):
    from tests.factories import ConsulateFactory

    ConsulateFactory(name="Example Draft Consulate", slug="draft")
    _row, key = make_key(tier=PartnerKey.Tier.PARTNER)
    titles = [i["title"] for i in editor_client.get("/api/@search", **auth(key)).json()["items"]]
    assert titles == ["Example Consulate of Mexico in Newark"]
    assert editor_client.get("/api/directory/consulates/draft", **auth(key)).status_code == 404
    body = editor_client.get(URL, **auth(key)).json()
    assert body["liaison"] == LIAISON and "notes" not in body["vetting"]
