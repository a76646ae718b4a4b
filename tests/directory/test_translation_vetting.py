"""Translating a listing is a path through vetting (directory/translations.py), through the real
admin views: Translate makes a draft; the translator fills in strings and submits it to
Vetting from the translation editor; vetters see it on their dashboard and approve it from its
edit page; then it is public in that language. The listing admin shows each language's state."""

import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail_localize.models import StringSegment, Translation

from directory.models import Attorney, Listing
from directory.translations import states_by_language
from directory.translations_admin import SUBMIT
from tests.factories import AttorneyFactory, publish

pytestmark = pytest.mark.django_db
SUMMARY_EN = "Free help for workers."
SUMMARY_ES = "Ayuda gratuita para trabajadores."
INDEX = "/admin/snippets/directory/attorney/"


def edit_url(listing: Listing) -> str:
    return f"/admin/snippets/directory/attorney/edit/{listing.pk}/"


def states(listing: Listing) -> dict[str, str]:
    return {state.code: str(state.state) for state in states_by_language([listing])[listing.pk]}


@pytest.fixture
def source(vetter):
    return publish(AttorneyFactory(name="Example Vetting Clinic", summary=SUMMARY_EN), vetter)


def translate(client, source, locale, capture) -> Attorney:
    """The editor's *Translate* (wagtail-localize's view)."""
    with capture(execute=True):
        response = client.post(
            reverse(
                "wagtail_localize:submit_snippet_translation",
                args=["directory", "attorney", source.pk],
            ),
            {"locales": [locale.pk]},
        )
    assert response.status_code == 302
    return Attorney.objects.get(locale=locale, translation_key=source.translation_key)


def translate_summary(client, source, text: str) -> None:
    """What the translation editor does when a translator types a string."""
    translation = Translation.objects.get(source__object_id=source.translation_key)
    segment = StringSegment.objects.get(source=translation.source, string__data=SUMMARY_EN)
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": text}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)


def approve_url(page: str) -> str:
    """The Approve form's action on the translation editor's vetting bar."""
    return re.search(
        r'<form method="post" action="([^"]*/workflow/action/\d+/approve/\d+/)"', page
    )[1]


def test_translate_edit_submit_approve_then_public_in_that_language(
    client, editor, vetter, source, spanish, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    copy = translate(client, source, spanish, django_capture_on_commit_callbacks)
    # A draft, not a copy of the source's live status: nothing public in Spanish yet.
    assert not copy.live
    assert set(Listing.objects.public()) == {source}
    assert states(source)["es"] == "draft"

    # The translation editor offers to submit it (the only other action used to be "Stop").
    page = client.get(edit_url(copy)).content.decode()
    assert "Submit to Vetting" in page and "State: draft." in page
    translate_summary(client, source, SUMMARY_ES)
    response = client.post(edit_url(copy), {SUBMIT: "1"}, follow=True)
    assert "was submitted to Vetting" in response.content.decode()
    copy = Attorney.objects.get(pk=copy.pk)
    assert copy.workflow_in_progress and not copy.live
    assert copy.get_latest_revision_as_object().summary == SUMMARY_ES
    assert states(source)["es"] == "in vetting"
    index = client.get(INDEX).content.decode()
    assert "in vetting" in index and "Languages" in index

    # Submitting again while it waits changes nothing.
    response = client.post(edit_url(copy), {SUBMIT: "1"}, follow=True)
    assert "is already in vetting" in response.content.decode()
    assert WorkflowState.objects.filter(object_id=str(copy.pk)).count() == 1

    # The vetter sees it waiting on the dashboard, labelled with its language.
    client.force_login(vetter)
    dashboard = client.get("/admin/").content.decode()
    assert edit_url(copy) in dashboard and "Spanish" in dashboard

    # ... and approves it from its edit page (the translation editor).
    page = client.get(edit_url(copy)).content.decode()
    assert "State: in vetting." in page and "Submit to Vetting" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve_url(page), {"comment": ""})
    assert response.status_code == 302

    copy = Attorney.objects.get(pk=copy.pk)
    assert copy.live and copy.summary == SUMMARY_ES and not copy.workflow_in_progress
    # The text is vetted; the listing's stamp stays its source's.
    source_now = Attorney.objects.get(pk=source.pk)
    assert (copy.last_verified, copy.verified_by) == (source.last_verified, source.verified_by)
    assert source_now.last_verified == source.last_verified
    assert set(Listing.objects.public()) == {source, copy}
    assert states(source)["es"] == "published"

    client.logout()
    answer = client.get(f"/api/directory/attorneys/{source.slug}?language=es").json()
    assert answer["description"] == SUMMARY_ES and answer["language"] == "es"
    assert client.get(f"/api/directory/attorneys/{source.slug}").json()["description"] == SUMMARY_EN


def test_a_published_translation_stays_public_while_its_changes_are_vetted(
    client, editor, vetter, source, spanish, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    copy = translate(client, source, spanish, django_capture_on_commit_callbacks)
    translate_summary(client, source, SUMMARY_ES)
    client.post(edit_url(copy), {SUBMIT: "1"})
    copy = Attorney.objects.get(pk=copy.pk)
    copy.current_workflow_state.current_task_state.approve(user=vetter)
    assert Attorney.objects.get(pk=copy.pk).summary == SUMMARY_ES

    translate_summary(client, source, "Ayuda gratis para trabajadores.")
    client.post(edit_url(copy), {SUBMIT: "1"})
    copy = Attorney.objects.get(pk=copy.pk)
    # Still live with its vetted text; the change waits for a vetter.
    assert copy.live and copy.summary == SUMMARY_ES and copy.workflow_in_progress
    assert copy in Listing.objects.public()
    assert copy.get_latest_revision_as_object().summary == "Ayuda gratis para trabajadores."
    assert states(source)["es"] == "in vetting"


def test_changes_requested_then_resubmitted(
    client, editor, vetter, source, spanish, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    copy = translate(client, source, spanish, django_capture_on_commit_callbacks)
    client.post(edit_url(copy), {SUBMIT: "1"})
    copy = Attorney.objects.get(pk=copy.pk)
    copy.current_workflow_state.current_task_state.reject(user=vetter, comment="Translate it.")
    assert states(source)["es"] == "changes requested"
    page = client.get(edit_url(copy)).content.decode()
    assert "State: changes requested." in page and "Submit to Vetting" in page

    translate_summary(client, source, SUMMARY_ES)
    client.post(edit_url(copy), {SUBMIT: "1"})
    copy = Attorney.objects.get(pk=copy.pk)
    assert copy.workflow_in_progress
    assert WorkflowState.objects.filter(object_id=str(copy.pk)).count() == 1  # resumed
    assert copy.current_workflow_state.current_task_state.revision.as_object().summary == (
        SUMMARY_ES
    )


def test_an_editor_cannot_approve_and_a_source_has_no_vetting_bar(
    client, editor, source, spanish, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    copy = translate(client, source, spanish, django_capture_on_commit_callbacks)
    client.post(edit_url(copy), {SUBMIT: "1"})
    page = client.get(edit_url(copy)).content.decode()
    assert "/workflow/action/" not in page
    assert "Vetting of this translation" not in client.get(edit_url(source)).content.decode()


def test_states_of_a_page_of_listings_cost_the_same_queries(
    vetter, spanish, django_assert_num_queries
):
    listings = [publish(AttorneyFactory(), vetter) for _ in range(5)]
    states_by_language(listings[:1])  # the locale ids are cached per process
    with django_assert_num_queries(2):
        one = states_by_language(listings[:1])
    with django_assert_num_queries(2):
        five = states_by_language(listings)
    # One state for each language but the source's, none translated yet.
    others = len(settings.WAGTAIL_CONTENT_LANGUAGES) - 1
    assert [str(state.state) for state in one[listings[0].pk]] == ["not translated"] * others
    assert len(five) == 5
