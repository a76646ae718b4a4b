"""A listing's services for writers: ``@workflow`` (its state, history and the transitions this
user may take now; ``POST .../@workflow/<transition>``), ``@history`` (revisions and workflow
events, newest first; ``@history/<n>``: revision n as it was) and ``@lock`` (Wagtail's lock).
They act on the listing's source-language row, like the writes (api/views/listing_writes.py),
and are for users with the directory's permissions only; nothing here is cached."""

from django.http import Http404
from django.urls import path
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api import tiers, workflow
from api.errors import BadRequest
from api.search import serializer_context
from api.serializers import ListingSerializer, review_state
from api.views.base import ApiView
from api.views.listing_writes import ListingWriteView, Writable
from api.views.write_schemas import (
    history_schema,
    lock_schema,
    revision_schema,
    transition_schema,
    workflow_schema,
)
from api.writing import Conflict

BASE = "directory/<str:kind>/<slug:slug>/"


class ListingService(ApiView):
    parser_classes = Writable.parser_classes
    permission_classes = [IsAuthenticated]  # reads too: only for writers
    cacheable = False

    def listing(self, kind: str, slug: str):
        listing, _type_name = ListingWriteView.source(self, kind, slug)
        if listing.kind not in self.unpublished_kinds:
            raise exceptions.PermissionDenied("You may not edit the directory.")
        listing.open_workflows = workflow.in_progress(listing)
        return listing

    def url(self, kind: str, slug: str, service: str) -> str:
        return self.request.build_absolute_uri(f"/api/directory/{kind}/{slug}/@{service}")


def actor(entry) -> str | None:
    return entry.user.get_username() if entry.user_id else None


def event(entry, listing=None) -> dict:
    return {
        "action": workflow.EVENTS.get(entry.action, entry.action),
        "actor": actor(entry),
        "comment": entry.comment,
        "review_state": review_state(listing) if listing is not None else None,
        "time": entry.timestamp.isoformat(),
        "title": str(entry.message),
    }


class WorkflowView(ListingService):
    @workflow_schema
    def get(self, request, kind: str, slug: str) -> Response:
        listing = self.listing(kind, slug)
        url = self.url(kind, slug, "workflow")
        history = [event(e) for e in workflow.events(listing) if e.action in workflow.EVENTS]
        transitions = [
            {"@id": f"{url}/{name}", "title": str(workflow.TITLES[name])}
            for name in workflow.available(listing, request.user)
        ]
        state = review_state(listing)
        return Response(
            {"@id": url, "state": state, "history": history, "transitions": transitions}
        )


class TransitionView(ListingService):
    @transition_schema
    def post(self, request, kind: str, slug: str, transition: str) -> Response:
        listing = self.listing(kind, slug)
        if transition not in workflow.TITLES:
            raise Http404(f"There is no transition {transition!r}.")
        if transition not in workflow.available(listing, request.user):
            raise exceptions.PermissionDenied(f"You may not {transition} this listing now.")
        comment = request.data.get("comment", "") if isinstance(request.data, dict) else None
        if not isinstance(comment, str):
            raise BadRequest.for_field("comment", 'The body must be {"comment": "..."} or {}.')
        workflow.take(listing, request.user, transition, comment.strip())
        listing = self.listing(kind, slug)
        entry = workflow.events(listing)[0]
        return Response({**event(entry, listing), "action": transition, "comment": comment})


class HistoryView(ListingService):
    @history_schema
    def get(self, request, kind: str, slug: str) -> Response:
        listing = self.listing(kind, slug)
        url = self.url(kind, slug, "history")
        items = []
        for entry in workflow.events(listing):
            item = {**event(entry), "type": "versioning" if entry.revision_id else "workflow"}
            if entry.revision_id:
                item |= {"@id": f"{url}/{entry.revision_id}", "version": entry.revision_id}
            items.append(item)
        return Response(items)


class RevisionView(ListingService):
    @revision_schema
    def get(self, request, kind: str, slug: str, version: int) -> Response:
        listing = self.listing(kind, slug)
        revision = listing.revisions.filter(pk=version).first()
        if revision is None:
            raise Http404(f"This listing has no revision {version}.")
        shown = tiers.draft_of(listing, revision.content)
        context = serializer_context(request, self.language, True)
        body = ListingSerializer(shown, context=context).data
        return Response({**body, "version": revision.pk, "created": revision.created_at})


class LockView(ListingService):
    def state(self, listing) -> Response:
        lock = listing.get_lock()
        return Response(
            {
                "locked": bool(listing.locked),
                "creator": listing.locked_by.get_username() if listing.locked_by_id else None,
                "time": listing.locked_at.isoformat() if listing.locked_at else None,
                "stealable": bool(listing.locked)
                and workflow.can(self.request.user, "unlock", listing),
                "message": None if lock is None else str(lock.get_message(self.request.user)),
            }
        )

    @lock_schema("Whether the listing is locked, by whom, since when.")
    def get(self, request, kind: str, slug: str) -> Response:
        return self.state(self.listing(kind, slug))

    @lock_schema("Lock the listing: others' writes are 409 until it is unlocked.")
    def post(self, request, kind: str, slug: str) -> Response:
        listing = self.listing(kind, slug)
        if listing.locked and listing.locked_by_id != request.user.pk:
            raise Conflict(f"Locked by {listing.locked_by.get_username()}.")
        if not workflow.can(request.user, "lock", listing):
            raise exceptions.PermissionDenied("You may not lock this listing.")
        workflow.lock(listing, request.user)
        return self.state(listing)

    @lock_schema("Unlock: your own lock, or anyone's with the unlock permission (vetters).")
    def delete(self, request, kind: str, slug: str) -> Response:
        listing = self.listing(kind, slug)
        own = listing.locked_by_id == request.user.pk
        if listing.locked and not own and not workflow.can(request.user, "unlock", listing):
            raise exceptions.PermissionDenied("Only its owner or a vetter may unlock this.")
        workflow.unlock(listing, request.user)
        return self.state(listing)


urlpatterns = [
    path(f"{BASE}@workflow", WorkflowView.as_view(), name="listing-workflow"),
    path(f"{BASE}@workflow/<str:transition>", TransitionView.as_view(), name="listing-transition"),
    path(f"{BASE}@history", HistoryView.as_view(), name="listing-history"),
    path(f"{BASE}@history/<int:version>", RevisionView.as_view(), name="listing-revision"),
    path(f"{BASE}@lock", LockView.as_view(), name="listing-lock"),
]
