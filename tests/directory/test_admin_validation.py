"""Bad input in the listing forms: a field error a person can act on, and nothing saved."""

import pytest
from django.urls import reverse
from wagtail.models import Revision

from directory.models import Listing
from tests.directory.admin_forms import listing_form_data

pytestmark = pytest.mark.django_db


def post_new(client, kind="attorney", **fields):
    data = listing_form_data(kind=kind, **fields)
    data["action-submit"] = "Submit to Vetting"
    return client.post(reverse(f"wagtailsnippets_directory_{kind}:add"), data)


def assert_nothing_saved():
    assert Listing.objects.count() == 0
    assert Revision.objects.count() == 0


def field_errors(response, field):
    return [str(error) for error in response.context["form"].errors.get(field, [])]


def test_invalid_phone_is_a_field_error(editor_client):
    response = post_new(editor_client, phones=["555-1234"])
    assert response.status_code == 200
    phone_form = response.context["form"].formsets["phones"].forms[0]
    assert "555-1234 is not a valid phone number" in str(phone_form.errors["number"])
    assert_nothing_saved()


def test_unknown_zip_is_a_field_error(editor_client):
    response = post_new(editor_client, postal_code="00000")
    assert field_errors(response, "postal_code") == ["00000 is not a known US ZIP code."]
    assert_nothing_saved()


def test_zip_in_another_state_is_a_field_error(editor_client):
    response = post_new(editor_client, postal_code="07102", state="NY")
    assert field_errors(response, "state") == ["ZIP code 07102 is in NJ."]
    assert_nothing_saved()


def test_consulate_needs_a_country(editor_client):
    response = post_new(editor_client, kind="consulate", country="")
    assert field_errors(response, "country") == ["Required for consulates."]
    assert_nothing_saved()


def test_attorney_needs_a_provider_type(editor_client):
    response = post_new(editor_client, provider_type="")
    assert field_errors(response, "provider_type") == [
        "Required for attorneys and legal service providers."
    ]
    assert_nothing_saved()


def test_statewide_area_needs_states(editor_client):
    response = post_new(editor_client, service_area="states")
    assert field_errors(response, "service_states") == [
        "Pick the states served, or change the area."
    ]
    assert_nothing_saved()


def test_counties_are_typed_as_fips_codes(editor_client):
    response = post_new(editor_client, service_area="counties", service_counties="34013, 99999")
    assert "99999" in field_errors(response, "service_counties")[0]
    assert_nothing_saved()
    response = post_new(editor_client, service_area="counties", service_counties="34013 34017")
    assert response.status_code == 302
    listing = Listing.objects.get()
    assert set(listing.service_counties.values_list("fips", flat=True)) == {"34013", "34017"}
