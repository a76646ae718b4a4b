"""Real-browser tests: Debian's chromium driven by Playwright, against Django's live server.

They need the `chromium` binary (apt-get install chromium; .ci/run installs it). Without it they
are skipped, unless AMPARO_REQUIRE_BROWSER=1 (as .ci/run sets), where a missing browser fails.
"""

import os
import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file, not in shared memory: the live server's threads
    (and the CSV import's worker thread) then wait for each other's writes as they do in a real
    deployment, where the shared in-memory database fails at once with "table is locked"."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        path = tmp_path_factory.mktemp("database") / "browser-tests.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("AMPARO_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is not installed, and AMPARO_REQUIRE_BROWSER=1 needs it.")
        pytest.skip("chromium is not installed (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are
    # synchronous and safe here (Django's guard is for async views). Only while it runs: the
    # variable must not reach other tests (check --deploy refuses it).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    """A fresh context (no cookies, no storage) per test; every request it makes is recorded
    in ``page.requested``."""
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    page.set_default_timeout(15_000)
    yield page
    context.close()


class HostSite:
    """A partner's site on a port of its own: serves one page, given as HTML."""

    def __init__(self, directory):
        self.directory = directory
        handler = partial(QuietHandler, directory=str(directory))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, name: str, html: str) -> str:
        (self.directory / name).write_text(html)
        return f"{self.origin}/{name}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def host_site(tmp_path):
    site = HostSite(tmp_path)
    yield site
    site.close()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical accessibility violations on the page (shadow roots
    included)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes)"
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
