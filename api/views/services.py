"""The writers' services of a listing or a CMS page, one implementation for both: ``@workflow``
(its review state, its workflow events and the transitions this user may take now;
``POST .../@workflow/<transition>`` takes one), ``@history`` (revisions, edits and workflow
events, newest first; ``@history/<n>``: revision n as it was) and ``@lock`` (Wagtail's lock).

A subject class (api/views/listing_services.py, api/views/page_services.py) says how the URL
finds the object (its row in the default language, as the writes edit it; 403 without Wagtail's
permission on it), its review state, its URL and how a past revision looks; ``routes`` makes each
view for it, with its OpenAPI schema. The moves themselves are api/workflow.py's. Only for users
(a partner key or no credentials: 403/401); nothing here is cached."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_view
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api import workflow
from api.errors import BadRequest
from api.views.base import ApiView
from api.views.listing_writes import Writable
from api.writing import Conflict


class Service(ApiView):
    parser_classes = Writable.parser_classes
    permission_classes = [IsAuthenticated]  # reads too: only for writers
    cacheable = False
    label = ""  # "listing", "page": URL names and operation ids

    def subject(self, **where):
        """The object the URL names, live or not: 404 if none, 403 without the permission."""
        raise NotImplementedError

    def url(self, service: str, **where) -> str:
        raise NotImplementedError

    def state(self, obj) -> str:
        raise NotImplementedError

    def shown(self, obj, revision) -> dict:
        """The object as ``revision`` had it."""
        raise NotImplementedError


def actor(entry) -> str | None:
    return entry.user.get_username() if entry.user_id else None


def event(entry, state: str | None = None) -> dict:
    return {
        "action": workflow.EVENTS.get(entry.action, entry.action),
        "actor": actor(entry),
        "comment": entry.comment,
        "review_state": state,
        "time": entry.timestamp.isoformat(),
        "title": str(entry.message),
    }


class WorkflowView(Service):
    def get(self, request, **where) -> Response:
        obj = self.subject(**where)
        url = self.url("workflow", **where)
        history = [event(e) for e in workflow.events(obj) if e.action in workflow.EVENTS]
        transitions = [
            {"@id": f"{url}/{name}", "title": str(workflow.TITLES[name])}
            for name in workflow.available(obj, request.user)
        ]
        return Response(
            {"@id": url, "state": self.state(obj), "history": history, "transitions": transitions}
        )


class TransitionView(Service):
    def post(self, request, transition: str, **where) -> Response:
        obj = self.subject(**where)
        if transition not in workflow.TITLES:
            raise Http404(_("There is no transition %r.") % transition)
        if transition not in workflow.available(obj, request.user):
            raise exceptions.PermissionDenied(_("You may not %s this now.") % transition)
        comment = request.data.get("comment", "") if isinstance(request.data, dict) else None
        if not isinstance(comment, str):
            raise BadRequest.for_field("comment", _('The body must be {"comment": "..."} or {}.'))
        workflow.take(obj, request.user, transition, comment.strip())
        obj = self.subject(**where)
        entry = workflow.events(obj)[0]
        return Response({**event(entry, self.state(obj)), "action": transition, "comment": comment})


class HistoryView(Service):
    def get(self, request, **where) -> Response:
        obj = self.subject(**where)
        url = self.url("history", **where)
        items = []
        for entry in workflow.events(obj):
            item = {**event(entry), "type": "versioning" if entry.revision_id else "workflow"}
            if entry.revision_id:
                item |= {"@id": f"{url}/{entry.revision_id}", "version": entry.revision_id}
            items.append(item)
        return Response(items)


class RevisionView(Service):
    def get(self, request, version: int, **where) -> Response:
        obj = self.subject(**where)
        revision = obj.revisions.filter(pk=version).first()
        if revision is None:
            raise Http404(_("There is no revision %d of this.") % version)
        body = self.shown(obj, revision)
        return Response({**body, "version": revision.pk, "created": revision.created_at})


class LockView(Service):
    def answer(self, obj) -> Response:
        lock = obj.get_lock()
        return Response(
            {
                "locked": bool(obj.locked),
                "creator": obj.locked_by.get_username() if obj.locked_by_id else None,
                "time": obj.locked_at.isoformat() if obj.locked_at else None,
                "stealable": bool(obj.locked) and workflow.can(self.request.user, "unlock", obj),
                "message": None if lock is None else str(lock.get_message(self.request.user)),
            }
        )

    def get(self, request, **where) -> Response:
        return self.answer(self.subject(**where))

    def post(self, request, **where) -> Response:
        obj = self.subject(**where)
        if obj.locked and obj.locked_by_id != request.user.pk:
            raise Conflict(_("Locked by %s.") % obj.locked_by.get_username())
        if not workflow.can(request.user, "lock", obj):
            raise exceptions.PermissionDenied(_("You may not lock this."))
        workflow.lock(obj, request.user)
        return self.answer(obj)

    def delete(self, request, **where) -> Response:
        obj = self.subject(**where)
        own = obj.locked_by_id == request.user.pk
        if obj.locked and not own and not workflow.can(request.user, "unlock", obj):
            raise exceptions.PermissionDenied(_("Only its owner or a vetter may unlock this."))
        workflow.unlock(obj, request.user)
        return self.answer(obj)


VIEWS = {
    "workflow": ("@workflow", WorkflowView),
    "transition": ("@workflow/<str:transition>", TransitionView),
    "history": ("@history", HistoryView),
    "revision": ("@history/<int:version>", RevisionView),
    "lock": ("@lock", LockView),
}


def routes(base: str, subject: type[Service], schemas: dict) -> list:
    """The services' URLs below ``base`` (which ends in "/"), each view made for ``subject``
    and described by its entry of ``schemas`` (api/views/service_schemas.py)."""
    patterns = []
    for name, (tail, view) in VIEWS.items():
        made = type(subject.__name__ + view.__name__, (subject, view), {"__doc__": view.__doc__})
        made.__module__ = subject.__module__
        extend_schema_view(**schemas[name])(made)
        patterns.append(path(base + tail, made.as_view(), name=f"{subject.label}-{name}"))
    return patterns
