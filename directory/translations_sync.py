"""wagtail-localize's *Sync translated listings* (its update-translations view) with vetting.

Syncing copies a source's changed strings into its translations' sources; the translations
themselves are left as they are, to be translated and submitted to Vetting
(directory/translations.py). But the view's *Publish immediately* checkbox also writes every
translation and publishes it at once, in whatever words it has (the source's where a string is
not translated yet), checking only the ``submit_translation`` permission that every editor holds:
a way past Vetting. Here the same view is served (ahead of wagtail-localize's, on its URL) with
that option only for a user who may publish every translation it would publish; for anyone else
the field is gone from the form and a POST that asks for it is refused (403).

The translation editor's own *Publish* already checks the publish permission (wagtail-localize's
``edit_translation``), and *Translate* makes drafts (``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE
= False``); tests/directory/test_translation_publish.py holds all three to it.
"""

from functools import cached_property

from django import forms
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.urls import path
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import TranslationSource
from wagtail_localize.views.update_translations import UpdateTranslationsView

PUBLISH_FIELD = "publish_translations"


def can_publish(user, instance) -> bool:
    """Whether ``user`` may publish ``instance`` (a page, or a snippet with drafts) themself."""
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    if isinstance(instance, DraftStateMixin):
        return user.is_superuser or user.has_perm(get_permission_name("publish", type(instance)))
    return True  # a snippet without drafts is live whenever it is saved


def can_publish_translations(user, source: TranslationSource) -> bool:
    """Whether ``user`` may publish each enabled translation of ``source`` (and its source's
    kind, for a translation not made yet)."""
    targets = [source.get_source_instance()]
    for translation in source.translations.filter(enabled=True).select_related("target_locale"):
        try:
            targets.append(translation.get_target_instance())
        except ObjectDoesNotExist:
            continue
    return all(can_publish(user, target) for target in targets)


class VettedUpdateTranslationsView(UpdateTranslationsView):
    """wagtail-localize's update-translations view; *Publish immediately* only for publishers."""

    @cached_property
    def may_publish(self) -> bool:
        return can_publish_translations(self.request.user, self.object)

    def get_form(self):
        form = super().get_form()
        if not self.may_publish:
            # Disabled: its value is always the initial False, whatever is posted; hidden: the
            # template draws only visible fields as checkboxes.
            form.fields[PUBLISH_FIELD].disabled = True
            form.fields[PUBLISH_FIELD].widget = forms.HiddenInput()
        return form

    def post(self, request, **kwargs):
        if request.POST.get(PUBLISH_FIELD) and not self.may_publish:
            raise PermissionDenied
        return super().post(request, **kwargs)


def urls() -> list:
    """The view on wagtail-localize's own path; registered before its hook, so it answers."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            VettedUpdateTranslationsView.as_view(),
            name="amparo_update_translations",
        )
    ]
