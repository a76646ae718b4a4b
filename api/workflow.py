"""The moves of a listing or a CMS page through its workflow, as the admin's buttons make them,
for ``@workflow``, ``@lock`` and ``@history``. Each transition is Wagtail's own call
(``Workflow.start``, ``WorkflowState.resume``, ``Task.on_action``, the model's registered
unpublish action, ``Revision.publish``), so a listing's approval publishes through
``Listing.publish`` and stamps the vetting exactly as in the admin, and a page's publishes
through Wagtail's page publishing (directory/workflow.py lets an approval cover the approver's
own revision); nothing is copied. The workflow is the one the admin uses: the Vetting workflow
for listings, the page tree's (Wagtail's Moderators approval, which Vetters join) for pages.
Only the transitions the user may take now are offered, and only those are accepted.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.actions.registry import action_registry
from wagtail.log_actions import log, registry
from wagtail.models import WorkflowState
from wagtail.permissions import policy_registry

from api.errors import BadRequest

TITLES = {
    "submit": _("Submit for vetting"),
    "approve": _("Approve and publish"),
    "reject": _("Request changes"),
    "verify": _("Re-verified, unchanged"),
    "unpublish": _("Unpublish"),
}
# Log entries that are workflow events (the rest of the history is revisions and edits).
EVENTS = {
    "wagtail.workflow.start": "submit",
    "wagtail.workflow.resume": "submit",
    "wagtail.workflow.approve": "approve",
    "wagtail.workflow.reject": "reject",
    "wagtail.workflow.cancel": "cancel",
    "wagtail.publish": "publish",
    "wagtail.unpublish": "unpublish",
}


def can(user, action: str, obj) -> bool:
    return policy_registry.get(obj).user_has_permission_for_instance(user, action, obj)


def in_progress(obj) -> bool:
    state = obj.current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


def task_actions(obj, user) -> set[str]:
    task = obj.current_workflow_task
    return {name for name, _title, _modal in task.get_actions(obj, user)} if task else set()


def verifiable(obj) -> bool:
    """Only what carries a vetting stamp (a listing) is re-verified; a page is not."""
    return hasattr(obj, "last_verified")


def available(obj, user) -> list[str]:
    """The transitions ``user`` may take on ``obj`` now, in a fixed order."""
    names = []
    changed = not obj.live or obj.has_unpublished_changes
    if in_progress(obj):
        names += [name for name in ("approve", "reject") if name in task_actions(obj, user)]
    elif can(user, "change", obj) and changed and obj.latest_revision_id and obj.get_workflow():
        names.append("submit")
    if can(user, "publish", obj) and obj.live:
        if verifiable(obj) and not obj.has_unpublished_changes and not in_progress(obj):
            names.append("verify")
        names.append("unpublish")
    return names


def take(obj, user, name: str, comment: str) -> None:
    """Take one transition, as the admin's button for it does."""
    if name == "reject" and not comment:
        raise BadRequest.for_field("comment", "Say what needs changing: a comment is required.")
    if name == "submit":
        state = obj.current_workflow_state
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        else:
            obj.get_workflow().start(obj, user)
    elif name in ("approve", "reject"):
        extra = {"comment": comment} if comment or name == "reject" else {}
        obj.current_workflow_task.on_action(obj.current_workflow_task_state, user, name, **extra)
    elif name == "verify":
        revision = obj.live_revision or obj.save_revision(user=user)
        revision.publish(user=user)  # Listing.publish stamps last_verified and verified_by
    elif name == "unpublish":
        unpublish = action_registry.get_action_class(type(obj), "unpublish")
        unpublish(obj, user=user).execute(skip_permission_checks=True)  # checked above


def events(obj) -> list:
    """The object's log entries (a page's are Wagtail's page log), newest first: revisions,
    edits, workflow events, locks."""
    entries = registry.get_logs_for_instance(obj)
    return list(entries.select_related("user").order_by("-timestamp", "-pk"))


# Wagtail's lock, as the admin's lock and unlock buttons set it.


def lock(obj, user) -> None:
    if not obj.locked:
        obj.locked, obj.locked_by, obj.locked_at = True, user, timezone.now()
        obj.save(update_fields=["locked", "locked_by", "locked_at"])
        log(instance=obj, action="wagtail.lock", user=user)


def unlock(obj, user) -> None:
    if obj.locked:
        obj.locked, obj.locked_by, obj.locked_at = False, None, None
        obj.save(update_fields=["locked", "locked_by", "locked_at"])
        log(instance=obj, action="wagtail.unlock", user=user)
