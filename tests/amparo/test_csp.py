"""Content-Security-Policy on every page (amparo/csp.py, settings.CONTENT_SECURITY_POLICY): no
inline script anywhere outside the Wagtail admin, whose own looser policy is limited to it.
tests/browser/test_csp.py loads the pages in Chromium and sees no violation."""

import pytest

from tests.factories import AttorneyFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/staff/referrals/",
    "/embed/",
    "/embed/?kind=attorneys&language=es",
    "/embed.js",
    "/api/docs/",
    "/api/docs/?script",
    "/api/@search",
    "/api/@openapi",
    "/api/hsds/services",
    "/no-such-page/",
]


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']} has no Content-Security-Policy"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict(response) -> None:
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_a_policy_without_inline_script(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404), url
    assert_strict(response)


def test_the_cms_pages_have_the_policy(client, demo_pages):
    for url in ("/", "/es/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_sheets_and_listings_have_the_policy(client, vetter):
    from tests.factories import publish

    listing = publish(AttorneyFactory(name="Example Policy Clinic"), vetter)
    for url, params in [
        ("/api/@referral-sheet", {"uids": listing.translation_key.hex, "format": "html"}),
        (f"/api/directory/attorneys/{listing.slug}", {}),
    ]:
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert_strict(response)


def test_the_api_docs_start_up_script_is_a_file(client):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page and "<style>" not in page
    assert '<script src="/api/docs/?script="' in page
    script = client.get("/api/docs/?script")
    assert script.status_code == 200
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_only_the_admin_allows_inline_script(client, editor):
    client.force_login(editor)
    admin = policy(client.get("/admin/"))
    assert admin["script-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["style-src"] == ["'self'", "'unsafe-inline'"]
    assert admin["object-src"] == ["'none'"] and admin["form-action"] == ["'self'"]
    # An address that merely starts like the admin's is not the admin.
    assert policy(client.get("/administration/"))["script-src"] == ["'self'"]


def test_a_preview_keeps_the_strict_policy(client, editor):
    """A preview shows stored content as the public would see it, inside the admin."""
    listing = AttorneyFactory(name="Example Preview Clinic", description="<p>Walk in.</p>")
    revision = listing.save_revision(user=editor)
    client.force_login(editor)
    url = f"/admin/snippets/directory/attorney/history/{listing.pk}/revisions/{revision.pk}/view/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Walk in." in response.content.decode()
    assert_strict(response)
