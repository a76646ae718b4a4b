"""Content-Security-Policy in real Chromium: the public pages, the staff page, the embed page,
the API docs and the Wagtail admin's listing editor work under their policy, and the browser
reports no violation (no inline script or style was refused)."""

import pytest

from tests.browser.test_embed import listings  # noqa: F401 (the same public listings)
from tests.factories import AttorneyFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Installed before any page script: every violation the document (or a shadow root in it)
# reports is kept, whether or not it reaches the console.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with ``page.csp_errors()``: violations and CSP console errors so far."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    page.add_init_script(LISTEN)

    def errors() -> list[str]:
        seen = []
        for frame in page.frames:
            seen += frame.evaluate("window.__cspViolations || []")
        return seen + console

    page.csp_errors = errors
    return page


def test_public_pages_work_without_violations(
    watched,
    live_server,
    demo_pages,
    listings,  # noqa: F811
):
    from playwright.sync_api import expect

    page = watched
    response = page.goto(f"{live_server.url}/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    expect(page.locator("h1")).to_be_visible()
    assert page.csp_errors() == []

    page.goto(f"{live_server.url}/staff/referrals/")
    page.get_by_label("Words").fill("clinic")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("checkbox", name="Example Newark Defense Clinic")).to_be_visible()
    assert page.csp_errors() == []

    page.goto(f"{live_server.url}/embed/?kind=attorneys")
    # The widget draws in a shadow root and styles it with a constructed stylesheet.
    expect(page.get_by_role("button", name="Example Newark Defense Clinic")).to_be_visible()
    accent = page.locator(".amparo-embed").evaluate(
        "host => getComputedStyle(host.shadowRoot.querySelector('section')).fontFamily"
    )
    assert "system-ui" in accent
    assert page.csp_errors() == []

    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".opblock").first).to_be_visible()  # Swagger UI ran and read the schema
    assert page.csp_errors() == [], "\n".join(page.csp_errors())


def test_an_inline_script_is_refused_and_reported(watched, live_server):
    """The listener above sees a refused inline script: the test above can fail."""
    page = watched
    page.goto(f"{live_server.url}/staff/referrals/")
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.append(s); }"
    )
    assert page.evaluate("window.ran") is None
    assert any("script-src" in error for error in page.csp_errors())


def test_the_admin_listing_editor_works_without_violations(watched, live_server):
    from playwright.sync_api import expect

    page = watched
    UserFactory(username="admin", is_superuser=True)
    listing = AttorneyFactory(name="Example Admin Clinic", description="<p>Walk in.</p>")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_be_visible()
    page.goto(f"{live_server.url}/admin/snippets/directory/attorney/edit/{listing.pk}/")
    editor = page.locator(".Draftail-Editor").first
    expect(editor).to_be_visible()
    expect(editor).to_contain_text("Walk in.")
    assert page.csp_errors() == [], "\n".join(page.csp_errors())
    page.goto(f"{live_server.url}/admin/snippets/directory/attorney/")
    expect(page.get_by_role("link", name="Example Admin Clinic")).to_be_visible()
    # A revision's preview renders the listing under the public pages' strict policy.
    revision = listing.save_revision()
    page.goto(
        f"{live_server.url}/admin/snippets/directory/attorney/history/{listing.pk}"
        f"/revisions/{revision.pk}/view/"
    )
    expect(page.locator("h1")).to_have_text("Example Admin Clinic")
    assert page.csp_errors() == [], "\n".join(page.csp_errors())
