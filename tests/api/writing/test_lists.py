"""Trusted-list curation through the API: a curator of the organization replaces the draft
entries and issues an edition; nobody else can; the public sees the draft only once issued."""

import pytest

from tests.api.writing.helpers import TokenClient
from tests.factories import editor

pytestmark = pytest.mark.django_db
LIST = "/api/@lists/workers-united/retaliation"


def test_a_curator_reorders_entries_and_issues_an_edition(client, orgs, listings):
    clinic, _center, bond = listings
    curator = TokenClient(orgs["a_staff"])
    body = {
        "entries": [
            {"uid": bond.translation_key.hex, "note": "Bond hearings."},
            {"uid": clinic.translation_key.hex, "note": {"en": "Tuesdays", "es": "Martes"}},
        ]
    }
    changed = curator.patch(LIST, body)
    assert changed.status_code == 200, changed.content
    assert [e["uid"] for e in changed.json()["entries"]] == [
        bond.translation_key.hex,
        clinic.translation_key.hex,
    ]
    # Nothing public changes before an edition is issued.
    titles = [item["title"] for item in client.get(LIST).json()["items"]]
    assert titles == ["Example Newark Workers Center", "Example Essex Defense Clinic"]
    issued = curator.post(f"{LIST}/@editions")
    assert issued.status_code == 201 and issued.json()["number"] == 2
    assert issued["Location"] == issued.json()["@id"]
    shown = client.get(LIST).json()["items"]
    assert [(i["title"], i["note"]) for i in shown] == [
        ("Example Bond Attorney", "Bond hearings."),
        ("Example Essex Defense Clinic", "Tuesdays"),
    ]


def test_only_curators_of_the_organization_may(client, orgs, listings):
    body = {"entries": [{"uid": listings[0].translation_key.hex}]}
    assert TokenClient(orgs["b_staff"]).patch(LIST, body).status_code == 403
    assert TokenClient(orgs["b_staff"]).post(f"{LIST}/@editions").status_code == 403
    assert TokenClient(editor()).post(LIST, body).status_code == 403
    assert client.post(LIST, body, content_type="application/json").status_code == 401


def test_bad_entries_are_400_and_change_nothing(orgs, listings):
    curator = TokenClient(orgs["a_staff"])
    uid = listings[0].translation_key.hex
    for body, field in [
        ({"entries": [{"uid": "nope"}]}, "entries[0].uid"),
        ({"entries": [{"uid": "0" * 32}]}, "entries[0].uid"),
        ({"entries": [{"uid": uid}, {"uid": uid}]}, "entries[1].uid"),
        ({"entries": [{"uid": uid, "note": "x" * 501}]}, "entries[0].note"),
        ({"entries": [{"uid": uid, "note": {"xx": "y"}}]}, "entries[0].note"),
        ({"entries": "all"}, "entries"),
    ]:
        response = curator.patch(LIST, body)
        assert response.status_code == 400, (body, response.content)
        assert field in [e["field"] for e in response.json()["errors"]]
    assert orgs["a_list"].entries.count() == 2
