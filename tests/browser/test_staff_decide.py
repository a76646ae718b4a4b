"""The staff page in real Chromium (issue 16, items 2 and 3): pick the worker's country of origin,
a ZIP code and a language through the searchable picker, read the data each result shows to
decide, and print the sheet with the worker's consulate on it. axe-core finds no serious
violation on the page with its results."""

import pytest

from tests.api.test_consulates import consulate
from tests.browser.conftest import serious_violations
from tests.browser.test_embed import listings  # noqa: F401 (the same public listings)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_pick_country_zip_and_language_and_print_the_consulate(
    page,
    live_server,
    listings,  # noqa: F811
):
    from playwright.sync_api import expect

    consulate("Example Consulate of Guatemala in New York", "New York", "NY", 40.75, -73.99,
              serves=["NY"])  # fmt: skip
    page.set_viewport_size({"width": 375, "height": 800})  # a phone
    page.goto(f"{live_server.url}/staff/referrals/")
    page.get_by_label("ZIP code", exact=True).fill("07102")
    page.get_by_label("The worker's country of origin", exact=False).select_option("GT")

    # The language picker: the script shows its search box; typing narrows the checkboxes.
    finder = page.get_by_label("Find a language")
    expect(finder).to_be_visible()
    arabic = page.get_by_role("checkbox", name="Arabic", exact=True)
    expect(arabic).to_be_visible()
    finder.fill("mam")
    expect(arabic).to_be_hidden()
    mam = page.get_by_role("checkbox", name="Mam", exact=True)
    mam.check()
    finder.press("Enter")  # filters; does not submit the form
    expect(page).to_have_url(f"{live_server.url}/staff/referrals/")
    page.get_by_role("button", name="Search", exact=True).click()

    # The results, with what staff decide by.
    elizabeth = page.locator("li.result", has_text="Example Elizabeth Mam Clinic")
    for fact in ("Distance", "miles", "Serves", "Where it stands", "Helps with",
                 "Accepting new clients", "Serves detained people", "Last verified"):  # fmt: skip
        expect(elizabeth).to_contain_text(fact)
    expect(page.locator("li.result", has_text="Example Newark Defense Clinic")).to_have_count(0)
    expect(page.get_by_role("checkbox", name="Mam", exact=True)).to_be_checked()
    # The consulate: none covers New Jersey, so the nearest, with its distance and the note.
    consulates = page.locator("fieldset.consulates")
    expect(consulates).to_contain_text("The consulate of Guatemala")
    expect(consulates).to_contain_text("No consulate of Guatemala lists 07102")
    expect(consulates).to_contain_text("Example Consulate of Guatemala in New York")
    expect(consulates).to_contain_text("On the sheet")
    expect(consulates).to_contain_text("miles")
    assert serious_violations(page) == []

    page.get_by_role("checkbox", name="Example Elizabeth Mam Clinic").check()
    page.get_by_label("The worker's language").select_option("es")
    page.get_by_role("button", name="Sheet to print (HTML)").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("body")).to_contain_text("Example Elizabeth Mam Clinic")
    expect(page.locator("body")).to_contain_text("Example Consulate of Guatemala in New York")
    assert page.context.cookies() == []
    elsewhere = [
        url
        for url in page.requested
        if url.startswith(("http:", "https:")) and not url.startswith(live_server.url)
    ]
    assert elsewhere == []
