"""The admin's CSV import in real Chromium: an editor uploads a long file, watches the progress
page move (its script asks the job's status) and lands on the report; the import ran in a
thread of the server, as it does by default. Then a job left for a worker: its page waits, then
reloads into the report once the worker has run it. axe checks both pages."""

import re

import pytest

from directory.models import ImportJob, Listing
from tests import factories
from tests.browser.conftest import serious_violations
from tests.interchange.test_import_jobs import rows

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROWS = 1500


def upload_as_editor(page, live_server, path):
    from playwright.sync_api import expect

    factories.editor(username="eddie")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("eddie")
    page.get_by_label("Password").fill("pw-for-tests-1")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/admin/directory/import-listings/")
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Check and import").click()
    expect(page).to_have_url(re.compile(r"/admin/directory/import-listings/[0-9a-f-]{36}/$"))


def test_an_editor_watches_a_long_import_progress(page, live_server, settings, tmp_path):
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect

    settings.AMPARO_IMPORT_RUNNER = "thread"
    path = tmp_path / "clinics.csv"
    path.write_bytes(rows(ROWS))
    upload_as_editor(page, live_server, path)
    job_page = page.url
    # While it runs, the script moves the bar and says which phase it is in.
    bar = page.locator("progress#import-progress")
    expect(bar).to_be_visible()
    summaries = set()
    for _ in range(600):  # until the report replaces the progress (at most a minute)
        try:  # without waiting: the page may reload into the report at any moment
            if not bar.count():
                break
            summaries.update(page.locator("[data-import-summary]").all_inner_texts())
        except PlaywrightError:  # read while the page was reloading
            pass
        page.wait_for_timeout(100)
    assert any(text.startswith(("Checking rows:", "Importing:")) for text in summaries), summaries
    assert page.url == job_page  # reloaded in place, with the report

    expect(page.locator("#import-result")).to_contain_text(
        f"Checked {ROWS} rows: {ROWS} valid, 0 with problems."
    )
    expect(page.locator("#import-result")).to_contain_text(f"Imported {ROWS} listings as drafts")
    expect(page.get_by_role("link", name="Example Clinic 0", exact=True)).to_be_visible()
    assert serious_violations(page) == []
    assert ImportJob.objects.get().written == ROWS
    assert Listing.objects.filter(live=False).count() == ROWS
    others = [url for url in page.requested if not url.startswith((live_server.url, "data:"))]
    assert others == []

    # With a worker (the "command" runner) a job waits until one runs it: its page waits with
    # it, passes axe, then reloads itself into the report. (One test: each browser test pays
    # for a flush and a reload of the database.)
    settings.AMPARO_IMPORT_RUNNER = "command"
    path = tmp_path / "three.csv"
    path.write_bytes(rows(3, postal_code="07103"))  # not the same listings again
    page.goto(f"{live_server.url}/admin/directory/import-listings/")
    page.get_by_label("CSV file").set_input_files(str(path))
    page.get_by_role("button", name="Check and import").click()
    expect(page).to_have_url(re.compile(r"/admin/directory/import-listings/[0-9a-f-]{36}/$"))
    expect(page.locator("[data-import-summary]")).to_have_text("Waiting to start…")
    expect(page.locator("progress#import-progress")).to_have_attribute("value", "0")
    assert serious_violations(page) == []

    from interchange import import_jobs

    assert import_jobs.run().status == "done"  # what manage.py run_import_jobs does
    expect(page.locator("#import-result")).to_contain_text("Imported 3 listings as drafts")
    expect(page.locator("progress")).to_have_count(0)
    # The upload page lists both imports.
    page.goto(f"{live_server.url}/admin/directory/import-listings/")
    expect(page.get_by_role("link", name="three.csv")).to_be_visible()
    expect(page.get_by_role("link", name="clinics.csv")).to_be_visible()
