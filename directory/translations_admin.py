"""The admin's side of translating a listing (directory/translations.py): the *Submit to
Vetting* action and the vetter's actions on wagtail-localize's translation editor, and the
listings' state in each language as a column of the listing admin.

The translation editor replaces a translated listing's edit page (wagtail-localize's
``before_edit_snippet`` hook); ``submit_translation`` runs before it and takes the one POST it
adds. The vetter's buttons post to Wagtail's own workflow action view, as the dashboard's do.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.admin_url_finder import quote
from wagtail.admin.ui.tables import Column
from wagtail.models import WorkflowState

from directory.models import Listing
from directory.translations import (
    CHANGES_REQUESTED,
    DRAFT,
    IN_VETTING,
    PUBLISHED,
    states_by_language,
    submit,
    synced_translation,
)

SUBMIT = "amparo-submit-translation"


def can_edit(user, listing: Listing) -> bool:
    return user.has_perm(f"directory.change_{type(listing)._meta.model_name}")


def submit_translation(request, instance):
    """``before_edit_snippet``: the translation editor's *Submit to Vetting*."""
    if request.method != "POST" or SUBMIT not in request.POST:
        return None
    translation = synced_translation(instance) if isinstance(instance, Listing) else None
    if translation is None:
        return None
    if not can_edit(request.user, instance):
        raise PermissionDenied
    names = {"name": instance, "language": translation.target_locale.get_display_name()}
    if instance.workflow_in_progress:
        messages.error(request, _("“%(name)s” in %(language)s is already in vetting.") % names)
    else:
        submit(translation, request.user)
        messages.success(request, _("“%(name)s” in %(language)s was submitted to Vetting.") % names)
    return redirect(request.get_full_path())


def vetting_context(request, instance) -> dict:
    """What the translation editor's vetting bar shows: the state, and the buttons this user
    may press (submit, or the current task's actions)."""
    if not isinstance(instance, Listing) or synced_translation(instance) is None:
        return {}
    workflow = instance.current_workflow_state
    in_progress = workflow is not None and workflow.status == WorkflowState.STATUS_IN_PROGRESS
    context = {
        "listing": instance,
        "submit_name": SUBMIT,
        "state": _own_state(instance, workflow),
        "can_submit": not in_progress and can_edit(request.user, instance),
        "actions": _task_actions(request.user, instance, workflow) if in_progress else [],
    }
    return context


def _own_state(instance: Listing, workflow) -> str:
    if workflow is not None and workflow.status == WorkflowState.STATUS_IN_PROGRESS:
        return IN_VETTING
    if workflow is not None and workflow.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED
    return PUBLISHED if instance.live else DRAFT


def _task_actions(user, instance: Listing, workflow) -> list[dict]:
    task_state = workflow.current_task_state
    url_name = instance.snippet_viewset.get_url_name("workflow_action")
    return [
        {
            "label": label,
            "comment": needs_comment,
            "url": reverse(url_name, args=(quote(instance.pk), name, task_state.pk)),
        }
        for name, label, needs_comment in task_state.task.specific.get_actions(instance, user)
    ]


class TranslationStatesColumn(Column):
    """A listing's state in each other content language, worked out once for the whole page
    of results (two queries), not row by row."""

    cell_template_name = "directory/translation_states_cell.html"

    def __init__(self):
        super().__init__("translation_states", label=gettext_lazy("Languages"))

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        table = parent_context["table"]
        if not hasattr(table, "translation_states"):
            table.translation_states = states_by_language(table.data)
        context["states"] = table.translation_states.get(instance.pk, [])
        return context

    def get_value(self, instance):
        return None
