"""The trusted lists' read API (docs/api.md, *Trusted lists*):

- ``GET /api/@lists``: the published lists, batched (``organization=`` narrows to one).
- ``GET /api/@lists/<org>/<list>``: the current edition, a Plone-style object whose batched
  ``items`` are the summaries of its listings that are public now, in the list's order, each with
  its ``note``; ``withdrawn_count`` says how many of the edition's listings are no longer public.
- ``GET /api/@lists/<org>/<list>/@editions``: every edition, newest first.
- ``GET /api/@lists/<org>/<list>/@editions/<n>``: one edition as published: all its entries,
  each the listing's public summary today, or its name then and ``"withdrawn": true``.

Always the public tier: a list is what an organization hands out, so an editor's session sees
what everyone sees (the editor tier's drafts never join a list).
"""

from django.http import Http404
from django.urls import path, reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from api.batching import batch_bounds, batched_body
from api.errors import BadRequest
from api.schema import BATCH_PARAMETERS, ERROR_RESPONSE, LANGUAGE_PARAMETER, NOT_FOUND_RESPONSE
from api.search import serializer_context
from api.serializers import (
    KIND_TYPES,
    Batch,
    ListingSummarySerializer,
    Term,
)
from api.views.base import BATCH_PARAMETER_NAMES, ApiView
from directory.models.taxonomy import default_language_code
from lists.models import Edition, EditionEntry, Organization, TrustedList, text_in


# What the answers look like, for the OpenAPI schema.
class OrganizationSummarySerializer(serializers.Serializer):
    vars()["@id"] = serializers.URLField(help_text="Its published lists.")
    vars()["@type"] = serializers.ChoiceField(choices=["Organization"])
    id = serializers.CharField(help_text="The organization's slug.")
    title = serializers.CharField()
    kind = Term()
    website = serializers.CharField(allow_blank=True)


class EditionSummarySerializer(serializers.Serializer):
    vars()["@id"] = serializers.URLField()
    vars()["@type"] = serializers.ChoiceField(choices=["Edition"])
    number = serializers.IntegerField(min_value=1)
    published = serializers.DateTimeField()


class TrustedListSummarySerializer(serializers.Serializer):
    vars()["@id"] = serializers.URLField()
    vars()["@type"] = serializers.ChoiceField(choices=["TrustedList"])
    id = serializers.CharField(help_text="The list's slug, unique within its organization.")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    language = serializers.CharField(help_text="The language of title and description.")
    organization = OrganizationSummarySerializer()
    edition = EditionSummarySerializer(help_text="The current edition.")


class TrustedListBatchSerializer(serializers.Serializer):
    vars()["@id"] = serializers.URLField()
    items = TrustedListSummarySerializer(many=True)
    items_total = serializers.IntegerField(min_value=0)
    batching = Batch(required=False)


class ListItemSerializer(ListingSummarySerializer):
    note = serializers.CharField(
        allow_blank=True, help_text="The curators' note, in the answer's language if written."
    )


class TrustedListSerializer(TrustedListSummarySerializer):
    """The current edition of a list, as a folder of listing summaries."""

    editions = serializers.URLField(help_text="Every edition of the list.")
    items = ListItemSerializer(many=True)
    items_total = serializers.IntegerField(min_value=0)
    withdrawn_count = serializers.IntegerField(
        min_value=0, help_text="Listings of this edition no longer public, left out of items."
    )
    batching = Batch(required=False)


class EditionItemSerializer(serializers.Serializer):
    """An entry of an edition: the listing's public summary today (every summary field), or,
    when it is no longer public, only its name at the time and ``withdrawn``."""

    vars()["@id"] = serializers.URLField(required=False, help_text="Only while public.")
    vars()["@type"] = serializers.ChoiceField(choices=[name for name, _s in KIND_TYPES.values()])
    UID = serializers.CharField()
    title = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    withdrawn = serializers.BooleanField(help_text="No longer public: left out of the list now.")


class EditionSerializer(EditionSummarySerializer):
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    language = serializers.CharField()
    list = serializers.URLField(help_text="The list's current edition.")
    organization = OrganizationSummarySerializer()
    items = EditionItemSerializer(many=True)
    items_total = serializers.IntegerField(min_value=0)
    withdrawn_count = serializers.IntegerField(min_value=0)
    batching = Batch(required=False)


class EditionBatchSerializer(serializers.Serializer):
    vars()["@id"] = serializers.URLField()
    items = EditionSummarySerializer(many=True)
    items_total = serializers.IntegerField(min_value=0)
    batching = Batch(required=False)


ORGANIZATION_PARAMETER = OpenApiParameter(
    "org", str, OpenApiParameter.PATH, description="The organization's slug."
)
LIST_PARAMETER = OpenApiParameter(
    "slug", str, OpenApiParameter.PATH, description="The list's slug within its organization."
)
NUMBER_PARAMETER = OpenApiParameter(
    "number",
    {"type": "integer", "minimum": 1},
    OpenApiParameter.PATH,
    description="The edition's number, from 1.",
)


# Building the answers
def _url(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(f"api:{name}", args=args))


def organization_summary(request, organization: Organization) -> dict:
    return {
        "@id": _url(request, "lists") + f"?organization={organization.slug}",
        "@type": "Organization",
        "id": organization.slug,
        "title": organization.name,
        "kind": {"token": organization.kind, "title": str(organization.get_kind_display())},
        "website": organization.website,
    }


def edition_summary(request, trusted_list: TrustedList, number: int, published) -> dict:
    org = trusted_list.organization.slug
    return {
        "@id": _url(request, "list_edition", org, trusted_list.slug, number),
        "@type": "Edition",
        "number": number,
        "published": published.isoformat(),
    }


def texts(edition: Edition, language: str) -> dict:
    """Title and description as published, in ``language`` where the curators wrote it."""
    shown = language if edition.title.get(language) else default_language_code()
    return {
        "title": text_in(edition.title, language),
        "description": text_in(edition.description, shown),
        "language": shown,
    }


def list_summary(request, trusted_list: TrustedList, edition: Edition, language: str) -> dict:
    org = trusted_list.organization
    return {
        "@id": _url(request, "list", org.slug, trusted_list.slug),
        "@type": "TrustedList",
        "id": trusted_list.slug,
        **texts(edition, language),
        "organization": organization_summary(request, org),
        "edition": edition_summary(request, trusted_list, edition.number, edition.published_at),
    }


class ListsView(ApiView):
    """``GET /api/@lists``: the published lists of every organization, or of one."""

    parameters = frozenset({"organization"}) | BATCH_PARAMETER_NAMES

    @extend_schema(
        operation_id="lists",
        summary="Organizations' trusted lists",
        description="Lists with at least one published edition, by organization, then slug.",
        parameters=[
            OpenApiParameter(
                "organization", str, description="An organization's slug: only its lists."
            ),
            *BATCH_PARAMETERS,
            LANGUAGE_PARAMETER,
        ],
        responses={200: TrustedListBatchSerializer, 400: ERROR_RESPONSE},
    )
    def get(self, request):
        lists = (
            TrustedList.objects.with_current_edition()
            .filter(current_edition_id__isnull=False)
            .select_related("organization")
            .order_by("organization__name", "organization__slug", "slug", "pk")
        )
        slug = request.query_params.get("organization")
        if slug is not None:
            if not Organization.objects.filter(slug=slug).exists():
                raise BadRequest.for_field(
                    "organization", f"There is no organization {slug[:80]!r}."
                )
            lists = lists.filter(organization__slug=slug)
        start, size = batch_bounds(request)
        page = list(lists[start : start + size])
        editions = Edition.objects.in_bulk([row.current_edition_id for row in page])
        items = [
            list_summary(request, row, editions[row.current_edition_id], self.language)
            for row in page
        ]
        return Response(batched_body(request, items, lists.count(), start, size))


class ListViewMixin:
    def trusted_list(self, org: str, slug: str) -> TrustedList:
        trusted_list = TrustedList.objects.by_path(org, slug)
        if trusted_list is None or trusted_list.current_edition_id is None:
            raise Http404(f"No published list is found at {org}/{slug}.")
        return trusted_list

    def context(self) -> dict:
        return serializer_context(self.request, self.language, version=self.public_version)


class TrustedListView(ListViewMixin, ApiView):
    """``GET /api/@lists/<org>/<list>``: the current edition's listings that are public now."""

    parameters = BATCH_PARAMETER_NAMES

    @extend_schema(
        operation_id="list",
        summary="A trusted list (its current edition)",
        description="The current edition's listings that are public now, in the list's order, "
        "with the curators' notes. A listing that has left the public directory is left out "
        "and counted in withdrawn_count; its edition still shows it (@editions/<n>).",
        parameters=[ORGANIZATION_PARAMETER, LIST_PARAMETER, *BATCH_PARAMETERS, LANGUAGE_PARAMETER],
        responses={200: TrustedListSerializer, 400: ERROR_RESPONSE, 404: NOT_FOUND_RESPONSE},
    )
    def get(self, request, org: str, slug: str):
        trusted_list = self.trusted_list(org, slug)
        start, size = batch_bounds(request)
        edition = Edition.objects.get(pk=trusted_list.current_edition_id)
        listings = edition.public_listings(self.language)
        counts = edition.entry_counts(self.language)
        rows = list(listings.for_summary()[start : start + size])
        notes = dict(
            EditionEntry.objects.filter(
                edition=edition, translation_key__in=[row.translation_key for row in rows]
            ).values_list("translation_key", "note")
        )
        context = self.context()
        items = [
            {
                **ListingSummarySerializer(row, context=context).data,
                "note": text_in(notes.get(row.translation_key), self.language),
            }
            for row in rows
        ]
        body = list_summary(request, trusted_list, edition, self.language)
        body["editions"] = _url(request, "list_editions", org, slug)
        body.update(batched_body(request, items, counts["public"], start, size))
        body["@id"] = request.build_absolute_uri()
        body["withdrawn_count"] = counts["entries"] - counts["public"]
        return Response(body)


class EditionsView(ListViewMixin, ApiView):
    """``GET /api/@lists/<org>/<list>/@editions``: every edition of a list, newest first."""

    parameters = BATCH_PARAMETER_NAMES

    @extend_schema(
        operation_id="list_editions",
        summary="A trusted list's editions",
        parameters=[ORGANIZATION_PARAMETER, LIST_PARAMETER, *BATCH_PARAMETERS, LANGUAGE_PARAMETER],
        responses={200: EditionBatchSerializer, 400: ERROR_RESPONSE, 404: NOT_FOUND_RESPONSE},
    )
    def get(self, request, org: str, slug: str):
        trusted_list = self.trusted_list(org, slug)
        start, size = batch_bounds(request)
        editions = trusted_list.editions.order_by("-number")
        page = editions.values_list("number", "published_at")[start : start + size]
        items = [
            edition_summary(request, trusted_list, number, published) for number, published in page
        ]
        return Response(batched_body(request, items, editions.count(), start, size))


class EditionView(ListViewMixin, ApiView):
    """``GET /api/@lists/<org>/<list>/@editions/<n>``: one edition, every entry as published;
    those no longer public marked ``withdrawn`` (name only, no contact data)."""

    parameters = BATCH_PARAMETER_NAMES

    @extend_schema(
        operation_id="list_edition",
        summary="One edition of a trusted list",
        description="Every entry of the edition, in its order. A listing still public is its "
        "summary today; one that is not is its name at the time, with withdrawn: true.",
        parameters=[
            ORGANIZATION_PARAMETER,
            LIST_PARAMETER,
            NUMBER_PARAMETER,
            *BATCH_PARAMETERS,
            LANGUAGE_PARAMETER,
        ],
        responses={200: EditionSerializer, 400: ERROR_RESPONSE, 404: NOT_FOUND_RESPONSE},
    )
    def get(self, request, org: str, slug: str, number: int):
        trusted_list = self.trusted_list(org, slug)
        # The column's range (a bigger number would overflow the database driver).
        edition = trusted_list.editions.filter(number=number).first() if number < 2**31 else None
        if edition is None:
            raise Http404(f"{org}/{slug} has no edition {number}.")
        start, size = batch_bounds(request)
        entries = edition.entries.order_by("position")
        items = self.entry_items(edition, list(entries[start : start + size]))
        body = {
            **edition_summary(request, trusted_list, edition.number, edition.published_at),
            **texts(edition, self.language),
            "list": _url(request, "list", org, slug),
            "organization": organization_summary(request, trusted_list.organization),
        }
        body.update(batched_body(request, items, entries.count(), start, size))
        body["withdrawn_count"] = edition.withdrawn_count()
        return Response(body)

    def entry_items(self, edition: Edition, page: list[EditionEntry]) -> list[dict]:
        """Each entry: its listing's public summary today with its note, or, for a listing no
        longer public, its name as published, marked withdrawn."""
        listings = {
            row.translation_key: row
            for row in edition.public_listings(self.language)
            .filter(translation_key__in=[entry.translation_key for entry in page])
            .for_summary()
        }
        context = self.context()
        items = []
        for entry in page:
            note = text_in(entry.note, self.language)
            listing = listings.get(entry.translation_key)
            if listing is None:
                items.append(
                    {
                        "@type": KIND_TYPES[entry.kind][0],
                        "UID": entry.translation_key.hex,
                        "title": entry.name,
                        "note": note,
                        "withdrawn": True,
                    }
                )
            else:
                summary = ListingSummarySerializer(listing, context=context).data
                items.append({**summary, "note": note, "withdrawn": False})
        return items


urlpatterns = [
    path("@lists", ListsView.as_view(), name="lists"),
    # The list and its editions: api/views/list_writes.py (the same views, writable).
    path(
        "@lists/<slug:org>/<slug:slug>/@editions/<int:number>",
        EditionView.as_view(),
        name="list_edition",
    ),
]
