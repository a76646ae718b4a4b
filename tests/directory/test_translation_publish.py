"""No way past Vetting through wagtail-localize (directory/translations_sync.py): an editor (no
publish permission) cannot make a translated listing live from *Sync translated listings*
(its *Publish immediately*) nor from the translation editor's *Publish*; a vetter can. Through
the real admin views, as an editor and as a vetter."""

import json
import re
from html import unescape

import pytest
from django.urls import resolve, reverse
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from cms.models import DocumentPage
from directory.models import Attorney, Listing
from directory.translations_sync import VettedUpdateTranslationsView
from tests.directory.test_translation_vetting import (
    SUMMARY_EN,
    SUMMARY_ES,
    edit_url,
    translate,
    translate_summary,
)
from tests.factories import AttorneyFactory, publish

pytestmark = pytest.mark.django_db
CHECKBOX = re.compile(r'<input type="checkbox" name="publish_translations"')
PROPS = re.compile(r'data-props="([^"]*)"')


def can_publish_in_editor(html: str) -> bool:
    """The translation editor's (React) props: whether it draws its *Publish* button."""
    return json.loads(unescape(PROPS.search(html)[1]))["perms"]["canPublish"]


@pytest.fixture
def copy(client, editor, vetter, spanish, django_capture_on_commit_callbacks):
    """A published listing and its Spanish translation, a draft with its summary translated."""
    source = publish(AttorneyFactory(name="Example Sync Clinic", summary=SUMMARY_EN), vetter)
    client.force_login(editor)
    draft = translate(client, source, spanish, django_capture_on_commit_callbacks)
    translate_summary(client, source, SUMMARY_ES)
    client.logout()
    return draft


def refused_by_wagtail(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def sync_url(instance) -> str:
    source = TranslationSource.objects.get(object_id=instance.translation_key)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def source_of(copy: Attorney) -> Attorney:
    return Attorney.objects.get(translation_key=copy.translation_key, locale__language_code="en")


def live(copy: Attorney) -> bool:
    return Attorney.objects.get(pk=copy.pk).live


def test_the_sync_path_is_answered_by_the_vetted_view(copy):
    url = sync_url(copy)
    assert url.startswith("/admin/localize/update/")
    assert resolve(url).func.view_class is VettedUpdateTranslationsView


def test_an_editor_syncs_without_the_publish_option_and_cannot_post_it(
    client, editor, copy, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    page = client.get(sync_url(copy))
    assert page.status_code == 200
    html = page.content.decode()
    assert not CHECKBOX.search(html) and "Publish immediately" not in html

    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(sync_url(copy), {"publish_translations": "on"})
    assert refused_by_wagtail(refused)
    assert not live(copy)

    # Syncing itself still works, and leaves the translation a draft.
    with django_capture_on_commit_callbacks(execute=True):
        synced = client.post(sync_url(copy), {})
    assert synced.status_code == 302 and not refused_by_wagtail(synced)
    assert not live(copy)
    assert set(Listing.objects.public()) == {source_of(copy)}


def test_a_vetter_may_publish_from_the_sync_view(
    client, vetter, copy, django_capture_on_commit_callbacks
):
    client.force_login(vetter)
    assert CHECKBOX.search(client.get(sync_url(copy)).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sync_url(copy), {"publish_translations": "on"})
    assert response.status_code == 302 and not refused_by_wagtail(response)
    assert live(copy)
    assert set(Listing.objects.public()) == {source_of(copy), Attorney.objects.get(pk=copy.pk)}


def test_the_translation_editors_publish_is_the_vetters_only(
    client, editor, vetter, copy, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    assert can_publish_in_editor(client.get(edit_url(copy)).content.decode()) is False
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(edit_url(copy), {"action": "publish"})
    assert refused_by_wagtail(refused)
    assert not live(copy)

    client.force_login(vetter)
    assert can_publish_in_editor(client.get(edit_url(copy)).content.decode()) is True
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(copy), {"action": "publish"})
    assert response.status_code == 302
    copy = Attorney.objects.get(pk=copy.pk)
    assert copy.live and copy.summary == SUMMARY_ES


def test_page_translations_too_are_published_only_by_publishers(
    client, editor, vetter, demo_pages, django_capture_on_commit_callbacks
):
    english = DocumentPage.objects.filter(locale=Locale.get_default()).first()
    spanish = english.get_translation(Locale.objects.get(language_code="es"))
    before = spanish.live_revision_id
    client.force_login(editor)
    assert not CHECKBOX.search(client.get(sync_url(english)).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(sync_url(english), {"publish_translations": "on"})
    assert refused_by_wagtail(refused)
    assert DocumentPage.objects.get(pk=spanish.pk).live_revision_id == before

    client.force_login(vetter)
    assert CHECKBOX.search(client.get(sync_url(english)).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sync_url(english), {"publish_translations": "on"})
    assert response.status_code == 302 and not refused_by_wagtail(response)
    assert DocumentPage.objects.get(pk=spanish.pk).live_revision_id != before
