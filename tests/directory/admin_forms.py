"""POST data for the listing edit forms, as the admin's browser sends it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from directory.models import Country


def listing_form_data(kind: str = "attorney", phones=None, **fields) -> dict:
    data = {
        "name": "Example Newark Worker Defense Clinic",
        "slug": "",
        "organization_name": "",
        "summary": "Free immigration help for workers.",
        "alert": "",
        "status": "active",
        "description": rich_text("<p>We help workers.</p>"),
        "street_address": "1 Example Street",
        "city": "",
        "state": "",
        "postal_code": "07102",
        "service_area": "local",
        "service_counties": "",
        "email": "info@example.org",
        "website": "https://example.org/",
        "hours": "Mon-Fri 9-5",
        "fee_model": "free",
        "fees": "",
        "eligibility": "",
        "how_to_get_help": "Call us.",
        "verification_method": "phone",
        "vetting_notes": "",
        "phones": inline_formset(
            [
                {"number": number, "extension": "", "type": "main", "hours": ""}
                for number in (phones if phones is not None else ["(973) 555-0142"])
            ]
        ),
    }
    if kind == "attorney":
        data.update(
            provider_type="nonprofit",
            consultation_fee="Free",
            detention_facilities="",
            accepting_clients="on",
            bar_admissions=inline_formset([]),
        )
    elif kind == "consulate":
        country = Country.objects.canonical().get(token="MX")
        data.update(country=str(country.pk), post_type="consulate-general", appointment_url="",
                    liaison_name="", liaison_email="", liaison_phone="")  # fmt: skip
    elif kind == "workercenter":
        data.update(center_type="worker-center")
    elif kind == "fundingsource":
        data.update(fund_status="open", fund_status_as_of="", open_to_individuals="on",
                    case_stage="", typical_amount="")  # fmt: skip
    data.update(fields)
    return nested_form_data({key: value for key, value in data.items() if value is not None})
