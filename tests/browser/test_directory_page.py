"""The public directory search in real Chromium with JavaScript turned off: from the home page,
follow the directory link, search by words and ZIP code, read the results, in English and
Spanish; axe-core (run in a second, scripted context on the same pages) finds no serious or
critical violation on the home page, the search page or its results."""

import pytest

from tests.browser.conftest import serious_violations
from tests.browser.test_embed import listings  # noqa: F401 (the same public listings)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LANGUAGES = {
    "en": {
        "home": "/",
        "link": "Find help in the directory",
        "words": "Words",
        "zip": "ZIP code",
        "search": "Search",
        "text": "clinic",
        "found": "2 listings found",
        "count": 2,
        "clinic": "Example Newark Defense Clinic",
    },
    "es": {
        "home": "/es/",
        "link": "Buscar ayuda en el directorio",
        "words": "Palabras",
        "zip": "Código postal",
        "search": "Buscar",
        "text": "",  # ZIP code only: the Spanish names hold no common word
        "found": "3 fichas encontradas",
        "count": 3,
        "clinic": "Clínica de Defensa de Ejemplo en Newark",
    },
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_search_the_directory_without_javascript(
    browser,
    page,
    live_server,
    demo_pages,
    listings,  # noqa: F811
    language,
):
    from playwright.sync_api import expect

    words = LANGUAGES[language]
    context = browser.new_context(locale="en-US", java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.set_default_timeout(15_000)
        plain.set_viewport_size({"width": 375, "height": 800})  # a phone
        plain.goto(f"{live_server.url}{words['home']}")
        expect(plain.locator("html")).to_have_attribute("lang", language)
        plain.get_by_role("link", name=words["link"]).click()
        expect(plain).to_have_url(f"{live_server.url}{words['home']}directory/")
        expect(plain.get_by_role("heading", level=1)).to_have_text(words["link"])
        plain.get_by_label(words["words"], exact=True).fill(words["text"])
        plain.get_by_label(words["zip"], exact=True).fill("07102")
        plain.get_by_role("button", name=words["search"], exact=True).click()
        expect(plain.get_by_role("heading", level=2)).to_have_text(words["found"])
        results = plain.locator("ol.results > li")
        expect(results).to_have_count(words["count"])
        expect(plain.get_by_role("heading", level=3, name=words["clinic"])).to_be_visible()
        expect(
            plain.get_by_role("heading", level=3, name="Example Elizabeth Mam Clinic")
        ).to_be_visible()
        expect(plain.locator('a[href^="tel:+1"]').first).to_be_visible()
        expect(plain.locator("body")).not_to_contain_text("Example Draft Clinic")
        expect(plain.get_by_role("heading", level=3, name="Example Workers Center")).to_have_count(
            words["count"] - 2
        )
        searched = plain.url
        assert f"q={words['text']}&" in searched and "near=07102" in searched
        assert context.cookies() == []
    finally:
        context.close()

    # axe-core is a script; it runs in the ordinary context, on the very same pages.
    for url in (words["home"], f"{words['home']}directory/", searched):
        page.goto(url if url.startswith("http") else f"{live_server.url}{url}")
        assert serious_violations(page) == [], url
    elsewhere = [
        url
        for url in page.requested
        if url.startswith(("http:", "https:")) and not url.startswith(live_server.url)
    ]
    assert elsewhere == []
