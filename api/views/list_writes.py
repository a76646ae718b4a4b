"""Trusted-list curation for writers: ``POST``/``PATCH /api/@lists/<org>/<list>``
``{"entries": [{"uid", "note"?}]}`` replaces the list's draft entries in order, and ``POST
.../@editions`` issues the next dated edition of the entries whose listing is public now
(``TrustedList.publish``, as the admin's Publish button). Only curators of the list's
organization may (lists/permissions.py); the public sees nothing of a draft until an edition
is issued."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response

from api.errors import BadRequest
from api.views.listing_writes import Writable
from api.views.lists import (
    LIST_PARAMETER,
    ORGANIZATION_PARAMETER,
    EditionsView,
    TrustedListView,
    _url,
    edition_summary,
)
from api.views.write_schemas import AUTH_ERRORS, BAD_BODY, BEARER, error
from lists import curation
from lists.models import TrustedList
from lists.permissions import trusted_list_policy


def curated(request, org: str, slug: str, action: str) -> TrustedList:
    trusted_list = TrustedList.objects.filter(organization__slug=org, slug=slug).first()
    if trusted_list is None:
        raise Http404(f"No list is found at {org}/{slug}.")
    if not trusted_list_policy.user_has_permission_for_instance(request.user, action, trusted_list):
        raise exceptions.PermissionDenied("Only curators of this list's organization may.")
    return trusted_list


def draft(request, trusted_list: TrustedList) -> dict:
    entries = trusted_list.entries.order_by("sort_order", "pk")
    return {
        "@id": _url(request, "list", trusted_list.organization.slug, trusted_list.slug),
        "entries": [{"uid": e.translation_key.hex, "note": e.note} for e in entries],
    }


ENTRIES = {
    "type": "object",
    "required": ["entries"],
    "properties": {
        "entries": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["uid"],
                "properties": {
                    "uid": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                    "note": {"oneOf": [{"type": "string"}, {"type": "object"}]},
                },
            },
        }
    },
}
entries_schema = extend_schema(
    summary="Replace a list's draft entries",
    description="The entries of the list's next edition, in order; each a public listing's UID "
    "and an optional note (a text in the request's language, or texts by language). Curators "
    "of the list's organization only. " + BEARER,
    parameters=[ORGANIZATION_PARAMETER, LIST_PARAMETER],
    request={"application/json": ENTRIES},
    responses={200: ENTRIES, 400: BAD_BODY, **AUTH_ERRORS, 404: error("No such list.")},
    examples=[
        OpenApiExample(
            "Two entries",
            value={
                "entries": [
                    {"uid": "0f6c1a9e2b7d4c3e8a5b6c7d8e9f0a1b", "note": "Ask for Ana."},
                    {"uid": "1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d"},
                ]
            },
            request_only=True,
        )
    ],
)


class TrustedListWriteView(Writable, TrustedListView):
    @extend_schema(operation_id="list_entries_post")
    @entries_schema
    def post(self, request, org: str, slug: str) -> Response:
        trusted_list = curated(request, org, slug, "change")
        body = request.data
        if not isinstance(body, dict) or not isinstance(body.get("entries"), list):
            raise BadRequest.for_field("entries", 'Send {"entries": [{"uid", "note"?}, ...]}.')
        if set(body) - {"entries"}:
            raise BadRequest.for_field("body", "The body has only entries.")
        try:
            curation.replace_entries(trusted_list, body["entries"], self.language, request.user)
        except ValidationError as error:
            raise BadRequest.for_fields(error.message_dict) from error
        return Response(draft(request, trusted_list))

    @extend_schema(operation_id="list_entries_patch")
    @entries_schema
    def patch(self, request, org: str, slug: str) -> Response:
        return self.post(request, org, slug)


class EditionsWriteView(Writable, EditionsView):
    @extend_schema(
        operation_id="list_edition_create",
        summary="Issue a list's next edition",
        description="Freezes the draft entries whose listing is public now into the next dated "
        "edition, which the list then shows. Curators of the list's organization holding the "
        "publish permission only. " + BEARER,
        parameters=[ORGANIZATION_PARAMETER, LIST_PARAMETER],
        request=None,
        responses={201: dict, **AUTH_ERRORS, 404: error("No such list.")},
    )
    def post(self, request, org: str, slug: str) -> Response:
        trusted_list = curated(request, org, slug, "publish")
        edition = trusted_list.publish(request.user)
        body = edition_summary(request, trusted_list, edition.number, edition.published_at)
        return Response(body, status=201, headers={"Location": body["@id"]})


urlpatterns = [
    path("@lists/<slug:org>/<slug:slug>", TrustedListWriteView.as_view(), name="list"),
    path(
        "@lists/<slug:org>/<slug:slug>/@editions",
        EditionsWriteView.as_view(),
        name="list_editions",
    ),
]
