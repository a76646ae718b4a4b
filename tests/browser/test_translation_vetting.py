"""The editor's path through a translation, in real Chromium: Translate -> translate a string in
wagtail-localize's editor -> Submit to Vetting -> the vetter sees it on the dashboard and
approves it from its edit page -> the translation is public in the API in that language."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from demo.translation import translate
from directory.models import Attorney, Listing
from tests import factories
from tests.browser.test_vetting_approve import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SUMMARY_EN = "Free help for workers."
SUMMARY_ES = "Ayuda gratuita para trabajadores."


def test_translate_edit_submit_and_a_vetter_approves(browser, live_server):
    from playwright.sync_api import expect

    factories.editor(username="eddie")
    vetter = factories.vetter(username="vera")
    source = factories.publish(
        factories.AttorneyFactory(name="Example Translation Clinic", summary=SUMMARY_EN), vetter
    )

    # The editor translates the listing into Spanish.
    page = browser.new_context(locale="en-US").new_page()
    sign_in(page, live_server, "eddie")
    submit = reverse(
        "wagtail_localize:submit_snippet_translation", args=["directory", "attorney", source.pk]
    )
    page.goto(f"{live_server.url}{submit}")
    page.get_by_label("Spanish").check()
    page.get_by_role("button", name="Submit").click()
    copy = Attorney.objects.get(locale__language_code="es")
    page.wait_for_url(re.compile(rf"/edit/{copy.pk}/$"))
    bar = page.locator("section[aria-labelledby=translation-vetting-heading]")
    expect(bar).to_contain_text("State: draft.")

    # ... translates the summary in wagtail-localize's editor ...
    segment = page.locator("li").filter(has_text=SUMMARY_EN).last
    segment.get_by_role("button", name="Translate").click()
    segment.get_by_role("textbox").fill(SUMMARY_ES)
    segment.get_by_role("button", name="Save").click()
    expect(segment.get_by_role("button", name="Edit")).to_be_visible()

    # ... and submits it to Vetting: nothing is public in Spanish yet.
    bar.get_by_role("button", name="Submit to Vetting").click()
    expect(page.locator(".messages")).to_contain_text("was submitted to Vetting")
    expect(bar).to_contain_text("State: in vetting.")
    assert set(Listing.objects.public()) == {source}

    # The vetter finds it on the dashboard, labelled Spanish, and approves it from its page.
    page = browser.new_context(locale="en-US").new_page()
    sign_in(page, live_server, "vera")
    waiting = page.locator(f'a[href$="/edit/{copy.pk}/"]', has_text="Example Translation Clinic")
    expect(waiting.first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Spanish")
    waiting.first.click()
    page.wait_for_url(re.compile(rf"/edit/{copy.pk}/$"))
    bar = page.locator("section[aria-labelledby=translation-vetting-heading]")
    bar.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator("section[aria-labelledby=translation-vetting-heading]")).to_contain_text(
        "State: published."
    )

    answer = page.context.request.get(
        f"{live_server.url}/api/directory/attorneys/{source.slug}?language=es",
        headers={"Accept": "application/json", "Cookie": ""},
    )
    assert answer.status == 200
    assert answer.json()["language"] == "es"
    assert answer.json()["description"] == SUMMARY_ES


def test_only_a_vetter_is_offered_publish_in_the_translation_editor_and_the_sync(
    browser, live_server
):
    """wagtail-localize's editor draws *Publish in Spanish* (a React button) and its sync page
    *Publish immediately* for publishers only (directory/translations_sync.py)."""
    from playwright.sync_api import expect

    editor = factories.editor(username="eddie")
    vetter = factories.vetter(username="vera")
    source = factories.publish(
        factories.AttorneyFactory(name="Example Publish Clinic", summary=SUMMARY_EN), vetter
    )
    spanish = Locale.objects.get(language_code="es")
    translate(source, spanish, {SUMMARY_EN: SUMMARY_ES}, editor, publish=False)
    copy = Attorney.objects.get(locale=spanish, translation_key=source.translation_key)
    edit = f"{live_server.url}/admin/snippets/directory/attorney/edit/{copy.pk}/"
    sync = live_server.url + reverse(
        "wagtail_localize:update_translations",
        args=[TranslationSource.objects.get(object_id=source.translation_key).pk],
    )

    page = browser.new_context(locale="en-US").new_page()
    sign_in(page, live_server, "eddie")
    page.goto(edit)
    expect(page.get_by_role("button", name="Submit to Vetting")).to_be_visible()
    expect(page.get_by_text("Publish in Spanish")).to_have_count(0)
    page.goto(sync)
    expect(page.get_by_role("button", name="Submit")).to_be_visible()
    expect(page.get_by_label("Publish immediately")).to_have_count(0)

    page = browser.new_context(locale="en-US").new_page()
    sign_in(page, live_server, "vera")
    page.goto(sync)
    expect(page.get_by_label("Publish immediately")).to_be_visible()
    page.goto(edit)
    page.get_by_role("button", name="Publish in Spanish").click()
    expect(page.locator(".messages")).to_contain_text("Published")
    copy.refresh_from_db()
    assert copy.live and copy.summary == SUMMARY_ES
