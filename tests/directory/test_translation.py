"""Spanish translations with wagtail-localize, through its admin views: text is translated,
contact data and the vetting stamp follow the source on every sync."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail_localize.models import StringSegment, Translation

from directory.models import Attorney, Language, Listing, Phone
from tests.factories import AttorneyFactory, publish

pytestmark = pytest.mark.django_db


def test_spanish_translation_is_created_translated_and_synced(
    editor_client, vetter, spanish, django_capture_on_commit_callbacks
):
    source = AttorneyFactory(name="Example Clinic", summary="Free help for workers.")
    source.languages.set(Language.objects.canonical().filter(token__in=["spa", "mam"]))
    source.save()
    publish(source, vetter)

    # An editor submits it for translation into Spanish.
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse(
                "wagtail_localize:submit_snippet_translation",
                args=["directory", "attorney", source.pk],
            ),
            {"locales": [spanish.pk]},
        )
    assert response.status_code == 302
    spanish_copy = Attorney.objects.get(locale=spanish, translation_key=source.translation_key)
    assert [p.number for p in spanish_copy.phones.all()] == ["+19735550100"]
    assert set(spanish_copy.languages.values_list("token", flat=True)) == {"spa", "mam"}
    assert spanish_copy.last_verified == source.last_verified

    # A translator translates the summary in the translation editor.
    translation = Translation.objects.get(source__object_id=source.translation_key)
    segment = StringSegment.objects.get(source=translation.source, string__data=source.summary)
    response = editor_client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        urlencode({"value": "Ayuda gratuita para trabajadores."}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 201  # a new string translation

    # The source's phone changes and a vetter publishes it, then syncs the translation and
    # publishes it at once (an editor may not: tests/directory/test_translation_publish.py).
    source.phones.all().delete()
    Phone.objects.create(listing=source, number="+19735550199", type="hotline")
    publish(source, vetter)
    vetter_client = editor_client
    vetter_client.force_login(vetter)
    with django_capture_on_commit_callbacks(execute=True):
        response = vetter_client.post(
            reverse("wagtail_localize:update_translations", args=[translation.source.pk]),
            {"publish_translations": "on"},
        )
    assert response.status_code == 302

    spanish_copy = Attorney.objects.get(pk=spanish_copy.pk)
    assert spanish_copy.summary == "Ayuda gratuita para trabajadores."
    assert spanish_copy.name == "Example Clinic"  # untranslated text falls back to the source
    assert [(p.number, p.type) for p in spanish_copy.phones.all()] == [("+19735550199", "hotline")]
    assert spanish_copy.live
    assert spanish_copy.last_verified == Attorney.objects.get(pk=source.pk).last_verified
    assert set(Listing.objects.public()) == {source, spanish_copy}


def test_reverifying_the_source_reverifies_its_translations(vetter, spanish):
    source = publish(AttorneyFactory(), vetter)
    copy = source.copy_for_translation(spanish)
    copy.save()
    publish(source, vetter)
    copy.refresh_from_db()
    assert copy.last_verified == Attorney.objects.get(pk=source.pk).last_verified
    assert copy.verified_by == vetter
