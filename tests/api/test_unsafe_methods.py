"""Only JSON under /api/: a write method sent to a path that takes none answers the API's one
error shape with the real reason (404: nothing there, 405: not this method), never Django's HTML
CSRF page, for an anonymous client and for an admin session alike. Clients here enforce CSRF as
a browser's requests meet it (Django's test client skips the check by default)."""

import json
import re

import pytest
from django.middleware.csrf import _get_failure_view
from django.test import Client
from django.urls import URLPattern, URLResolver

from api import urls as api_urls
from sheets import urls as sheets_urls
from tests import factories

pytestmark = pytest.mark.django_db

# Sample values for the converters in the API's URL patterns.
SAMPLES = {
    "kind": "attorneys",
    "slug": "nobody",
    "org": "nobody",
    "number": "1",
    "version": "1",
    "id": "x",
}
UNSAFE = ("post", "put", "patch", "delete")
# Methods a path does take: not this test's subject (tests/api/test_suggestions.py and
# tests/api/writing/ have them).
LISTING = "/api/directory/attorneys/nobody"
TAKEN = {
    "/api/@suggestions": {"post"},
    "/api/@login": {"post"},
    "/api/@login-renew": {"post"},
    "/api/@logout": {"post"},
    "/api/directory/attorneys/": {"post"},
    LISTING: {"patch", "delete"},
    f"{LISTING}/@workflow/x": {"post"},
    f"{LISTING}/@lock": {"post", "delete"},
    "/api/@lists/nobody/nobody": {"post", "patch"},
    "/api/@lists/nobody/nobody/@editions": {"post"},
    "/api/know-your-rights": {"post", "patch", "delete"},  # a page: writing/test_pages.py
    "/api/know-your-rights/@workflow/x": {"post"},  # writing/test_page_services.py
    "/api/know-your-rights/@lock": {"post", "delete"},
}


def sample_paths(patterns, prefix: str = "/api/") -> list[str]:
    """One concrete path for every URL pattern of the API, nested includes too."""
    paths = []
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            paths += sample_paths(pattern.url_patterns, prefix + route)
            continue
        assert isinstance(pattern, URLPattern)
        if route == "^":  # the catch-all: an unknown service and an unknown directory URL
            paths += [prefix + "@nothing", prefix + "directory/attorneys/x/y/z"]
            continue
        route = re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: SAMPLES.get(m[2], "know-your-rights" if m[2] == "path" else "x"),
            route,
        )
        paths.append(prefix + route)
    return sorted(set(paths))


# Everything amparo/urls.py mounts under /api/: the API's own patterns and the sheets' door.
PATHS = sample_paths([*sheets_urls.api_urlpatterns, *api_urls.urlpatterns])


def test_every_family_is_sampled():
    for path in ("/api/", "/api/@search", "/api/@nothing", "/api/directory/attorneys/",
                 "/api/hsds/services", "/api/@lists", "/api/@openapi", "/api/docs/",
                 "/api/@referral-sheet", "/api/know-your-rights/@navigation"):  # fmt: skip
        assert path in PATHS


def check(client: Client, methods: tuple[str, ...] = UNSAFE) -> None:
    failures = []
    for path in PATHS:
        for method in methods:
            if method in TAKEN.get(path, ()):
                continue
            response = getattr(client, method)(path, data="{}", content_type="application/json")
            body = response.content.decode()
            if not response["Content-Type"].startswith("application/json"):
                failures.append(f"{method.upper()} {path}: {response.status_code} {body[:60]!r}")
                continue
            data = response.json()
            expected = 404 if path in ("/api/@nothing", "/api/directory/attorneys/x/y/z") else 405
            if response.status_code != expected or set(data) != {"type", "message", "errors"}:
                failures.append(f"{method.upper()} {path}: {response.status_code} {data}")
    assert not failures, "\n".join(failures)


def test_write_methods_answer_json_to_anyone():
    check(Client(enforce_csrf_checks=True))


def test_write_methods_answer_json_to_an_admin_session():
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.editor(username="writer"))
    check(client, ("post", "delete"))  # where a missing CSRF token used to answer first


def test_a_csrf_refusal_under_the_api_is_json_and_elsewhere_django_s_page(rf):
    failure = _get_failure_view()  # the CSRF_FAILURE_VIEW setting
    response = failure(rf.post("/api/@anything"), reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert json.loads(response.content) == {
        "type": "Forbidden",
        "message": "CSRF verification failed: CSRF cookie not set.",
        "errors": [],
    }
    response = failure(rf.post("/staff/referrals/"), reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
