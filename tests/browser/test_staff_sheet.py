"""The staff page in real Chromium: search, tick listings, choose the worker's language, open the
HTML sheet and download the PDF; axe-core finds no serious violation on the page or the sheet."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.browser.conftest import serious_violations
from tests.browser.test_embed import listings  # noqa: F401 (the same public listings)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_staff_page_builds_a_sheet_and_downloads_the_pdf(
    page,
    live_server,
    listings,  # noqa: F811
):
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 375, "height": 800})  # a phone
    page.goto(f"{live_server.url}/staff/referrals/")
    assert serious_violations(page) == []
    page.get_by_label("Words").fill("clinic")
    page.get_by_role("button", name="Search", exact=True).click()
    newark = page.get_by_role("checkbox", name="Example Newark Defense Clinic")
    elizabeth = page.get_by_role("checkbox", name="Example Elizabeth Mam Clinic")
    newark.check()
    elizabeth.check()
    page.get_by_label("The worker's language").select_option("es")
    page.get_by_label("Your agency's name (printed on the sheet, optional)").fill(
        "Example State Labor Agency"
    )
    assert serious_violations(page) == []

    # The HTML sheet, in Spanish.
    page.get_by_role("button", name="Sheet to print (HTML)").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("body")).to_contain_text("Clínica de Defensa de Ejemplo en Newark")
    expect(page.locator("body")).to_contain_text("Example Elizabeth Mam Clinic")
    expect(page.locator("body")).to_contain_text("Example State Labor Agency")
    assert serious_violations(page) == []

    # The PDF, downloaded from the staff page.
    page.go_back()
    page.get_by_label("The worker's language").select_option("es")
    with page.expect_response(lambda r: "format=pdf" in r.url and r.status == 200) as answer:
        page.get_by_role("button", name="Sheet as PDF").click()
    response = answer.value
    assert response.headers["content-type"] == "application/pdf"
    # Chromium shows the PDF in its viewer; fetch the same URL as a download would.
    download = page.request.get(response.url)
    assert download.headers["content-type"] == "application/pdf"
    reader = PdfReader(BytesIO(download.body()))
    assert len(reader.pages) == 1
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Clínica de Defensa de Ejemplo en Newark" in text
    assert "Example Elizabeth Mam Clinic" in text
    assert "Teléfono" in text
    assert page.context.cookies() == []
    # Nothing from elsewhere on the network (Chromium's own PDF viewer is chrome-extension:).
    elsewhere = [
        url
        for url in page.requested
        if url.startswith(("http:", "https:")) and not url.startswith(live_server.url)
    ]
    assert elsewhere == []
