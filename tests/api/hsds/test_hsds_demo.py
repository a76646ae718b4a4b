"""Every object the HSDS view answers for the demo directory validates against the official
HSDS 3.0 schemas, in both languages; what is not public is never there."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from api.hsds import ids
from directory.models import Listing
from tests.api.hsds.hsds_schema import assert_page, assert_valid, errors

pytestmark = pytest.mark.django_db(transaction=False)
HSDS = "/api/hsds"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo directory, for this module only: loaded in a transaction rolled back at the
    end, so its listings and pages never reach other tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def every_page(client, path: str, **params) -> list[dict]:
    items, page = [], 1
    while True:
        response = client.get(f"{HSDS}/{path}", {**params, "page": page, "per_page": 100})
        assert response.status_code == 200, response.content
        body = response.json()
        assert_page(body)
        items += body["contents"]
        if body["last_page"]:
            assert len(items) == body["total_items"]
            return items
        page += 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_object_validates(client, demo, language):
    services = every_page(client, "services", language=language)
    assert len(services) == Listing.objects.for_language(language).count() >= 55
    structured = 0
    for item in services:
        assert_valid("compiled/service_list.json", item)
        full = client.get(f"{HSDS}/services/{item['id']}", {"language": language}).json()
        assert_valid("service.json", full)
        assert_valid("compiled/service_with_definitions.json", full)
        assert full["phones"] and full["languages"] and full["attributes"]
        structured += all("byday" in schedule for schedule in full["schedules"] or [{}])
    assert structured >= 45  # the demo's hours, English and Spanish, read as weekly schedules
    for organization in every_page(
        client, "organizations", full="true", full_service="true", language=language
    ):
        assert_valid("organization.json", organization)
        for service in organization["services"]:
            assert_valid("service.json", service)
        detail = client.get(f"{HSDS}/organizations/{organization['id']}").json()
        assert_valid("organization.json", detail)
    for sal in every_page(client, "service_at_locations", language=language):
        assert_valid("compiled/service_at_location_list.json", sal)
        assert_valid("service_at_location.json", sal)
        assert_valid("service.json", sal["service"])
    for sal in every_page(client, "service_at_locations", full="true", postcode="07102"):
        assert_valid("service_at_location.json", sal)
        assert_valid("service.json", sal["service"])
    for taxonomy in every_page(client, "taxonomies", language=language):
        assert_valid("taxonomy.json", taxonomy)
    terms = every_page(client, "taxonomy_terms", language=language)
    assert len({term["id"] for term in terms}) == len(terms)
    for term in terms:
        assert_valid("taxonomy_term.json", term)
    lines = b"".join(
        client.get(f"{HSDS}/services", {"format": "ndjson", "language": language}).streaming_content
    ).splitlines()
    assert len(lines) == len(services)
    for line in lines:
        assert_valid("service.json", json.loads(line))


def test_the_validator_refuses_what_is_not_hsds(client, demo):
    listing = Listing.objects.for_language("en").first()
    service = client.get(f"{HSDS}/services/{listing.translation_key}").json()
    broken = {**service, "status": "open", "phones": [{"id": "x"}]}
    found = errors("service.json", broken)
    assert any("status" in error for error in found)
    assert any(error.startswith("phones/0") for error in found)  # $ref into phone.json


def test_hidden_demo_listings_are_never_served(client, demo):
    english = Listing.objects.filter(locale__language_code="en")
    hidden = english.exclude(pk__in=Listing.objects.public())
    assert hidden.count() >= 4  # a draft, two in vetting, one overdue
    shown = {item["id"] for item in every_page(client, "services")}
    for listing in hidden:
        uid = listing.translation_key
        assert str(uid) not in shown
        assert client.get(f"{HSDS}/services/{uid}").status_code == 404
        organization = ids.masked_id("organization", uid)
        assert client.get(f"{HSDS}/organizations/{organization}").status_code == 404
