"""A reviewer's approval covers the revision they wrote themselves.

``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` (settings.py) makes Wagtail count an approval
only for the revision the task was started on: content saved while the listing (or page) waits
in vetting must be approved again. That is the point of it, for what others save meanwhile (an
import, an applied suggestion). But the edit page's Approve first saves the reviewer's own form
as a new revision and only then approves: the approval counted for the older revision, Wagtail
restarted the task on the new one, and the listing went back into vetting, unpublished,
unstamped, and the vetters were emailed about it again. A vetter who saved a draft and then
approved from the dashboard met the same.

So when a task state is approved and the newest revision was written by the approver, the
approval is recorded for that revision: the workflow then finishes, Wagtail publishes the newest
revision as the approver, and ``Listing.publish`` stamps the vetting, as for any approval. A
newest revision by anyone else still needs approving. This applies to every workflow (the
directory's Vetting and the CMS pages' moderation) and every way of approving (edit page,
dashboard), because it sits on the task state Wagtail saves when it approves.
"""

from django.conf import settings
from django.db.models.signals import pre_save
from wagtail.models import TaskState


def approval_covers_own_revision(sender, instance=None, raw: bool = False, **kwargs) -> None:
    if raw or not isinstance(instance, TaskState) or instance._state.adding:
        return
    if not getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False):
        return  # Wagtail publishes the newest revision on approval anyway
    if instance.status != TaskState.STATUS_APPROVED or instance.finished_by_id is None:
        return
    # Only the approval itself (TaskState.approve), not a later save of an approved state.
    if not TaskState.objects.filter(pk=instance.pk, status=TaskState.STATUS_IN_PROGRESS).exists():
        return
    latest = instance.workflow_state.content_object.get_latest_revision()
    if latest is None or latest.pk == instance.revision_id:
        return
    if latest.user_id == instance.finished_by_id:
        instance.revision = latest


def connect() -> None:
    # TaskState may be subclassed by a task type (sender is then the subclass): no sender filter.
    pre_save.connect(approval_covers_own_revision, dispatch_uid="approval-covers-own-revision")
