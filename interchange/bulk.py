"""Writing many listings at once, for the CSV import (interchange/csv/) and the backup import
(interchange/backup/).

Creating a listing through Wagtail (``CreateAction``, then ``Workflow.start``) costs about 55 ms
and a dozen queries: the row, each relation, a revision, a log entry, the reference index, the
search index, a workflow state, a task state, another log entry, and two notification emails
to every vetter. A 10,000-row CSV took 9 minutes and sent 20,000 emails to each vetter. Here the
same rows are written with a fixed number of bulk queries per chunk, and whoever calls
:func:`submit_drafts` sends one summary (:func:`notify_vetters`) when everything is written.

Bulk inserts send no signals and skip ``Listing.save``, so this does what they would have done:
the search documents (``directory.documents.refresh``, in :func:`insert_listings`), Wagtail's
search index (:func:`index`) and the reference index. Nothing here is public (drafts), so
``PublicVersion`` stays as it is; the backup import, which writes live rows, bumps it itself.
tests/directory/test_bulk_import.py checks that a listing written here is one Wagtail's own
admin can vet and publish.
"""

import logging
import smtplib
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import OperationalError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.mail import send_mail
from wagtail.models import (
    ModelLogEntry,
    ReferenceIndex,
    Revision,
    TaskState,
    Workflow,
    WorkflowState,
)
from wagtail.search.backends import get_search_backend
from wagtail.users.models import UserProfile

from directory import documents
from directory.models import Listing

INDEX_CHUNK = 500
logger = logging.getLogger(__name__)


def insert_listings(items: Sequence[tuple[Listing, dict[str, list]]]) -> None:
    """Insert new listing rows and their relations. ``related`` maps a relation's name to its
    objects: terms for a many-to-many relation (languages, service_counties...), unsaved
    children for a child relation (phones, bar_admissions), numbered in their given order."""
    listings = [listing for listing, _related in items]
    for listing in listings:
        if listing.listing_kind:  # what Listing.save does for a kind's proxy
            listing.kind = listing.listing_kind
    Listing.objects.bulk_create(listings)
    children: dict[type, list] = {}
    throughs: dict[type, list] = {}
    for listing, related in items:
        for name, objects in related.items():
            model_field = Listing._meta.get_field(name)
            if isinstance(model_field, ParentalManyToManyField):
                through = model_field.remote_field.through
                target = _through_target(through)
                throughs.setdefault(through, []).extend(
                    through(listing_id=listing.pk, **{target: term.pk}) for term in objects
                )
            else:
                for number, child in enumerate(objects):
                    child.listing_id = listing.pk
                    if child.sort_order is None:
                        child.sort_order = number
                    children.setdefault(type(child), []).append(child)
    for model, rows in (*children.items(), *throughs.items()):
        model.objects.bulk_create(rows)
    documents.refresh(listing.pk for listing in listings)  # what Listing.save would have done


def forget_inserts(items: Sequence[tuple[Listing, dict[str, list]]]) -> None:
    """After a rolled-back :func:`insert_listings`: the objects are new again, to be retried."""
    for listing, related in items:
        listing.pk = None
        for name, objects in related.items():
            if not isinstance(Listing._meta.get_field(name), ParentalManyToManyField):
                for child in objects:
                    child.pk = None


def is_transient(error: Exception) -> bool:
    """A database error worth trying again: SQLite's "database is locked" (another connection
    was writing for longer than the busy timeout) or "database table is locked", PostgreSQL's
    deadlock or serialization failure."""
    if not isinstance(error, OperationalError):
        return False
    text = str(error).lower()
    return "locked" in text or "deadlock" in text or "could not serialize" in text


def _through_target(through) -> str:
    return next(
        f.attname for f in through._meta.fields if f.is_relation and f.related_model is not Listing
    )


def revision(listing: Listing, user, when: datetime) -> Revision:
    """An unsaved revision holding the listing's content as it is in memory."""
    return Revision(
        content_type=listing.get_content_type(),
        base_content_type=listing.get_base_content_type(),
        object_id=str(listing.pk),
        user=user,
        content=listing.serializable_data(),
        object_str=str(listing),
        created_at=when,
    )


def vetting_workflow() -> tuple[Workflow, object] | None:
    """The active workflow listings are submitted to, and its first task (``None`` when the
    listings have no active workflow)."""
    workflow = Listing().get_workflow()
    if workflow is None or not workflow.active:
        return None
    task = workflow.tasks.filter(active=True).order_by("workflow_tasks__sort_order").first()
    return (workflow, task.specific) if task else None


def submit_drafts(listings: Sequence[Listing], user) -> int:
    """What the admin's "Submit to Vetting" does for each new (inserted, not live) listing,
    with a fixed number of queries: a revision, a ``wagtail.create`` log entry, then
    :func:`start_vetting`, and the reference index. Sends no notification (see
    :func:`notify_vetters`). Returns how many were submitted."""
    if not listings:
        return 0
    now = timezone.now()
    revisions = [revision(listing, user, now) for listing in listings]
    Revision.objects.bulk_create(revisions)
    for listing, made in zip(listings, revisions, strict=True):
        listing.latest_revision = made
    Listing.objects.bulk_update(listings, ["latest_revision"])
    ModelLogEntry.objects.bulk_create(
        _log_entry(listing, "wagtail.create", user, now, made, content_changed=True)
        for listing, made in zip(listings, revisions, strict=True)
    )
    start_vetting(listings, user, now)
    index_references(listings)
    return len(listings)


def start_vetting(listings: Sequence[Listing], user, when: datetime | None = None) -> int:
    """``Workflow.start`` for listings in no workflow, at their latest revision, in bulk: a
    workflow state, its first task's state, and a ``wagtail.workflow.start`` log entry each.
    Sends no notification. Returns how many were started (none without an active workflow)."""
    started = vetting_workflow()
    if started is None or not listings:
        return 0
    workflow, task = started
    when = when or timezone.now()
    states = [
        WorkflowState(
            content_type=listing.get_content_type(),
            base_content_type=listing.get_base_content_type(),
            object_id=str(listing.pk),
            workflow=workflow,
            status=WorkflowState.STATUS_IN_PROGRESS,
            requested_by=user,
            created_at=when,
        )
        for listing in listings
    ]
    WorkflowState.objects.bulk_create(states)
    task_states = [
        task.get_task_state_class()(
            workflow_state=state,
            revision_id=listing.latest_revision_id,
            task=task,
            status=TaskState.STATUS_IN_PROGRESS,
            started_at=when,
        )
        for state, listing in zip(states, listings, strict=True)
    ]
    TaskState.objects.bulk_create(task_states)
    for state, task_state in zip(states, task_states, strict=True):
        state.current_task_state = task_state
    WorkflowState.objects.bulk_update(states, ["current_task_state"])
    ModelLogEntry.objects.bulk_create(
        _log_entry(
            listing,
            "wagtail.workflow.start",
            user,
            when,
            listing.latest_revision,
            data={
                "workflow": {
                    "id": workflow.pk,
                    "title": workflow.name,
                    "status": WorkflowState.STATUS_IN_PROGRESS,
                    "next": {"id": task.pk, "title": task.name},
                    "task_state_id": task_state.pk,
                }
            },
        )
        for listing, task_state in zip(listings, task_states, strict=True)
    )
    return len(listings)


def related_in_memory(listing: Listing, names: Iterable[str]) -> dict[str, list]:
    """A new listing's relations as set on it in memory (modelcluster keeps them until a save),
    for :func:`insert_listings`. Each of ``names`` must have been set, if only to []."""
    return {name: list(getattr(listing, name).all()) for name in names}


def index_references(listings: Sequence[Listing]) -> None:
    """The reference index rows ``ReferenceIndex.create_or_update_for_object`` would write for
    each new listing (what it links to: terms, country, county...), in one insert instead of two
    queries a listing: a new row has no old references to compare with. It reads the references
    with Wagtail's own extractor; tests/interchange/test_import_jobs.py checks that Wagtail's
    method finds nothing to add afterwards."""
    rows = []
    for listing in listings:
        if not ReferenceIndex.is_indexed(type(listing)):  # the kinds are; the base model is not
            continue
        content_types = [  # as Wagtail's method: the object's type and its parents'
            ContentType.objects.get_for_model(model, for_concrete_model=False)
            for model in [listing, *listing._meta.get_parent_list()]
        ]
        content_type, base = content_types[0], content_types[-1]
        references = set(ReferenceIndex._extract_references_from_object(listing))
        rows += [
            ReferenceIndex(
                content_type=content_type,
                base_content_type=base,
                object_id=listing.pk,
                to_content_type_id=to_content_type_id,
                to_object_id=to_object_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_content_type_id, to_object_id, model_path, content_path in references
        ]
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=True)


def _log_entry(listing, action, user, when, made, data=None, content_changed=False):
    return ModelLogEntry(
        content_type=ContentType.objects.get_for_model(listing, for_concrete_model=False),
        object_id=str(listing.pk),
        label=str(listing),
        action=action,
        timestamp=when,
        user=user,
        revision=made,
        data=data or {},
        content_changed=content_changed,
    )


def index(pks: Iterable[int]) -> int:
    """Index these listings for search, as the save signal would have done for each."""
    pks, backend = list(pks), get_search_backend()
    for start in range(0, len(pks), INDEX_CHUNK):
        chunk = list(Listing.objects.filter(pk__in=pks[start : start + INDEX_CHUNK]).order_by("pk"))
        backend.add_bulk(Listing, chunk)
    return len(pks)


def vetters_to_notify(exclude=None) -> list:
    """Who Wagtail would email about a submission to the vetting task: the task's groups (and
    superusers, unless WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS is off), active, with an
    email address and "submitted" notifications on in their profile."""
    started = vetting_workflow()
    if started is None:
        return []
    users = get_user_model().objects.filter(groups__in=started[1].groups.all())
    if getattr(settings, "WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS", True):
        users = users | get_user_model().objects.filter(is_superuser=True)
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return [
        user
        for user in users.filter(is_active=True).exclude(email="").distinct().order_by("pk")
        if UserProfile.get_for_user(user).submitted_notifications
    ]


def notify_vetters(count: int, user, source: str) -> int:
    """One email per vetter saying ``count`` listings from ``source`` (a file name) wait for
    vetting, in the vetter's admin language, instead of one per listing. Returns how many were
    sent. A mail server that refuses is logged, not raised: the listings are written and wait
    in the vetting queue either way."""
    if not count:
        return 0
    # The dashboard's "Awaiting your review" lists them for each vetter.
    queue = f"{settings.WAGTAILADMIN_BASE_URL}{reverse('wagtailadmin_home')}"
    sent = 0
    for vetter in vetters_to_notify(exclude=user):
        context = {
            "count": count,
            "source": source,
            "requested_by": user,
            "queue_url": queue,
            "vetter": vetter,
        }
        with translation.override(UserProfile.get_for_user(vetter).get_preferred_language()):
            subject = render_to_string("directory/mail/import_submitted_subject.txt", context)
            body = render_to_string("directory/mail/import_submitted.txt", context)
        try:
            sent += send_mail(" ".join(subject.split()), body.strip(), [vetter.email])
        except (OSError, smtplib.SMTPException):
            logger.exception("Could not email %s about an import", vetter.email)
    return sent
