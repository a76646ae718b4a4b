"""The staff referral page and the public directory page in Spanish and Arabic, in real
Chromium: Arabic runs right to left (dir="rtl", so the page's layout mirrors: headings start at
the right edge), Spanish left to right; each offers every other worker language by its own name;
axe-core finds no serious or critical violation. On a phone, with results and the worker's
consulate, the staff page fits the screen (the languages' row wraps: it ran 110 pixels past a
375-pixel screen in every language) and makes the HTML sheet in Spanish, Arabic and Haitian
Creole, named in that language."""

import pytest
from django.utils.text import capfirst
from django.utils.translation import get_language_info

from directory.language_names import country_name
from directory.models import Language
from tests.api.test_consulates import consulate
from tests.browser.conftest import serious_violations
from tests.browser.test_embed import listings  # noqa: F401 (the same public listings)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = ("/{code}/staff/referrals/?near=07102", "/{code}/directory/?near=07102")
TEXT_BOX = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const box = range.getBoundingClientRect();
  return {x: box.x, width: box.width};
}"""


@pytest.mark.parametrize("code, direction", [("es", "ltr"), ("ar", "rtl")])
@pytest.mark.parametrize("path", PAGES)
def test_the_staff_and_directory_pages_in_spanish_and_arabic(
    page,
    live_server,
    listings,  # noqa: F811
    code,
    direction,
    path,
):
    from playwright.sync_api import expect

    width = 1000
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(live_server.url + path.format(code=code))
    assert response.status == 200
    html = page.locator("html")
    expect(html).to_have_attribute("lang", code)
    assert html.evaluate("element => getComputedStyle(element).direction") == direction
    if direction == "rtl":
        expect(html).to_have_attribute("dir", "rtl")
    # The layout follows: the heading starts at the right edge of the column in Arabic.
    heading = page.get_by_role("heading", level=1).evaluate(TEXT_BOX)
    body = page.locator("body").bounding_box()
    gap_right = body["x"] + body["width"] - (heading["x"] + heading["width"])
    if direction == "rtl":
        assert gap_right < heading["x"] - body["x"]
    else:
        assert heading["x"] - body["x"] < gap_right
    # Nothing spills past the page's sides (the hidden skip link included).
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # A listing is found; its phone reads left to right in either language.
    phone = page.locator('[dir="ltr"]', has_text="555-01").first
    expect(phone).to_be_visible()
    assert phone.evaluate("element => getComputedStyle(element).direction") == "ltr"
    # Every other language, named in its own language.
    languages = page.locator("nav.staff-languages")
    for other in ("en", "es", "ht", "pt", "zh-hans", "vi", "tl", "ar"):
        if other != code:
            name = capfirst(get_language_info(other)["name_local"])
            expect(languages.locator(f'a[hreflang="{other}"]')).to_have_text(name)
    assert serious_violations(page) == []


@pytest.mark.parametrize("code, direction", [("es", "ltr"), ("ar", "rtl"), ("ht", "ltr")])
def test_the_staff_page_with_a_consulate_makes_the_sheet_in_the_workers_language(
    page,
    live_server,
    listings,  # noqa: F811
    code,
    direction,
):
    """The staff page in the language, with results and the worker's consulate, then the HTML
    sheet in the same language: its direction, and no serious violation on either."""
    from playwright.sync_api import expect

    consulate("Example Consulate of Guatemala in New York", "New York", "NY", 40.75, -73.99,
              serves=["NY"])  # fmt: skip
    page.set_viewport_size({"width": 375, "height": 800})  # a phone
    page.goto(f"{live_server.url}/{code}/staff/referrals/?near=07102&origin=GT")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", code)
    assert html.evaluate("element => getComputedStyle(element).direction") == direction
    expect(page.locator("fieldset.consulates")).to_contain_text(
        "Example Consulate of Guatemala in New York"
    )
    # The country and the languages are named in the page's language (Kreyòl included).
    origin = page.locator("#f-origin option:checked")
    expect(origin).to_have_text(country_name("GT", code))
    picker = page.locator('label[data-filter-item="spa"]')
    expect(picker).to_have_text(Language.objects.titles_in(code)["spa"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(page) == []

    page.locator("li.result", has_text="Example Elizabeth Mam Clinic").locator(
        'input[name="uids"]'
    ).check()
    page.locator("#f-language").select_option(code)
    page.locator('button[name="format"][value="html"]').click()
    expect(html).to_have_attribute("lang", code)
    expect(html).to_have_attribute("dir", direction)
    expect(page.locator("body")).to_contain_text("Example Elizabeth Mam Clinic")
    expect(page.locator("body")).to_contain_text("Example Consulate of Guatemala in New York")
    assert serious_violations(page) == []
