"""Registers the lists' admin: the "Trusted lists" menu, the listing chooser of list entries,
and, on a listing's edit page, which organizations list it."""

from django.db.models import Q
from django.template.loader import render_to_string
from wagtail import hooks

from directory.notices import HOOK
from lists.models import EditionEntry, ListEntry, TrustedList
from lists.viewsets import ListsViewSetGroup, listing_chooser_viewset


@hooks.register("register_admin_viewset")
def register_lists_viewsets():
    return ListsViewSetGroup()


@hooks.register("register_admin_viewset")
def register_listing_chooser():
    return listing_chooser_viewset


def lists_including(listing) -> list[dict]:
    """The lists that include ``listing`` (any language's row) in their current edition or
    their draft entries, with the organization, in one query."""
    key = listing.translation_key
    in_edition = EditionEntry.objects.filter(translation_key=key).values("edition_id")
    in_draft = ListEntry.objects.filter(translation_key=key).values("trusted_list_id")
    found = (
        TrustedList.objects.with_current_edition()
        .filter(Q(current_edition_id__in=in_edition) | Q(pk__in=in_draft))
        .select_related("organization")
        .annotate(in_draft=Q(pk__in=in_draft), in_edition=Q(current_edition_id__in=in_edition))
        .order_by("organization__name", "slug", "pk")
    )
    return [
        {
            "organization": trusted_list.organization,
            "list": trusted_list,
            "edition": trusted_list.current_edition_number if trusted_list.in_edition else None,
            "in_draft": trusted_list.in_draft,
        }
        for trusted_list in found
    ]


@hooks.register(HOOK)
def listed_by_notice(request, listing) -> str:
    rows = lists_including(listing)
    if not rows:
        return ""
    return render_to_string("lists/listed_by_notice.html", {"rows": rows}, request=request)
