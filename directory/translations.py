"""Translating a listing is a path through vetting, not a dead end.

wagtail-localize's *Translate* makes a synced translation (a draft: settings turn off copying
the source's live status), and its editor lets a translator fill in the strings; only a
publisher could then put them live. Here an editor submits the translation to the Vetting
workflow like any listing: the translated strings become a new draft revision of the
translated row, and a vetter approves it (edit page or dashboard), which publishes it.

Why a savepoint: wagtail-localize writes a draft by saving the translated row itself (and
marks it not live). For a translation that is already public that would take its published
text off the site, or show unvetted text, until approval. So the draft is made as
wagtail-localize makes it, its content kept, everything rolled back, and the content saved as
a revision only: the row keeps serving the vetted text.

A translation's approval vets its text; the listing's vetting stamp (last verified, by whom)
stays its source's, synchronised (``Listing.publish``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision, WorkflowState
from wagtail_localize.models import Translation

from directory.models import Listing
from directory.models.search import locale_ids

NOT_TRANSLATED = _("not translated")
DRAFT = _("draft")
IN_VETTING = _("in vetting")
CHANGES_REQUESTED = _("changes requested")
PUBLISHED = _("published")
PUBLISHED_WITH_DRAFT = _("published, changes in draft")


def synced_translation(listing: Listing) -> Translation | None:
    """The enabled wagtail-localize translation whose target is ``listing``, if any."""
    return (
        Translation.objects.filter(
            source__object_id=listing.translation_key,
            target_locale_id=listing.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )


def save_draft(translation: Translation, user) -> Revision:
    """The translator's strings as a new draft revision of the translated listing, leaving the
    row (a published translation's text) as it is."""
    with transaction.atomic():
        before = transaction.savepoint()
        translation.save_target(user=user, publish=False)
        target = translation.get_target_instance()
        content = target.get_latest_revision().content
        transaction.savepoint_rollback(before)
    target = translation.get_target_instance()  # as it was
    return target.with_content_json(content).save_revision(user=user, log_action=True)


def submit(translation: Translation, user) -> Listing:
    """Save the translation's draft and send it to Vetting: a new workflow, or the one a vetter
    sent back with changes requested. Returns the translated listing."""
    with transaction.atomic():
        save_draft(translation, user)
        target = translation.get_target_instance()
        state = target.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        else:
            target.get_workflow().start(target, user)
    return target


@dataclass(frozen=True)
class LanguageState:
    code: str
    label: str
    state: str


def _state(row: dict | None, in_vetting: dict[int, str]) -> str:
    if row is None:
        return NOT_TRANSLATED
    status = in_vetting.get(row["pk"])
    if status == WorkflowState.STATUS_IN_PROGRESS:
        return IN_VETTING
    if status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED
    if not row["live"]:
        return DRAFT
    return PUBLISHED_WITH_DRAFT if row["has_unpublished_changes"] else PUBLISHED


def states_by_language(listings) -> dict[int, list[LanguageState]]:
    """For each listing (by pk), its state in every other content language, in two queries
    whatever the number of listings."""
    listings = list(listings)
    keys = {listing.translation_key for listing in listings}
    rows = list(
        Listing.objects.filter(translation_key__in=keys).values(
            "pk", "translation_key", "locale__language_code", "live", "has_unpublished_changes"
        )
    )
    workflows = dict(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Listing),
            object_id__in=[str(row["pk"]) for row in rows],
            status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES],
        ).values_list("object_id", "status")
    )
    in_vetting = {int(pk): status for pk, status in workflows.items()}
    found = {(row["translation_key"], row["locale__language_code"]): row for row in rows}
    languages = settings.WAGTAIL_CONTENT_LANGUAGES
    codes = {pk: code for code, pk in locale_ids(*dict(languages)).items()}
    return {
        listing.pk: [
            LanguageState(
                code, label, _state(found.get((listing.translation_key, code)), in_vetting)
            )
            for code, label in languages
            if code != codes.get(listing.locale_id)
        ]
        for listing in listings
    }
