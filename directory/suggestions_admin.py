"""The editors' queue of suggestions (corrections sent through ``POST /api/@suggestions``).

Editors and Vetters (view/change permission on suggestions, see setup.ensure_roles) see the
queue under the Directory menu, newest first, filterable by status. A suggestion's page shows the
listing (linked to its edit view), the message and the optional contact, with two actions: accept
it into a draft of the listing (a new revision with the message noted in the vetting notes, to be
edited and submitted through Vetting; nothing is published) or dismiss it. Both close it and erase
the contact. The open count shows on the listing's edit page and on the dashboard.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale
from wagtail.permissions import policy_registry

from directory.admin_views import InspectOnlyMixin
from directory.models import Listing, Suggestion

VIEWSET_NAME = "directory_suggestions"


def url(name: str, *args) -> str:
    return reverse(f"{VIEWSET_NAME}:{name}", args=args)


def queue_url(listing: Listing | None = None, status: str | None = Suggestion.Status.NEW) -> str:
    query = []
    if status:
        query.append(f"status={status}")
    if listing is not None:
        query.append(f"listing={listing.translation_key.hex}")
    return url("index") + ("?" + "&".join(query) if query else "")


def can_view_suggestions(user) -> bool:
    return policy_registry.get_by_type(Suggestion).user_has_any_permission(user, ["view", "change"])


def listing_edit_url(listing: Listing) -> str:
    return reverse(type(listing).snippet_viewset.get_url_name("edit"), args=[listing.pk])


class SuggestionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Suggestion.Status.choices, empty_label=_("Any")
    )
    # Set by the link on a listing's edit page; a select of every listing would be unusable.
    listing = django_filters.UUIDFilter(
        field_name="listing__translation_key", widget=forms.HiddenInput
    )

    class Meta:
        model = Suggestion
        fields = ["status", "listing"]


class SuggestionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("listing")


class SuggestionInspectView(InspectView):
    def get_page_title(self):
        return gettext("Suggestion")

    def get_listing_display_value(self):
        listing = self.object.listing
        return format_html(
            '<a href="{}">{}</a> ({})',
            listing_edit_url(listing),
            listing.name,
            listing.get_kind_display_name(),
        )

    def get_contact_display_value(self):
        if self.object.contact:
            return self.object.contact
        if self.object.is_open:
            return gettext("Not given")
        return gettext("Erased when the suggestion was closed")

    def get_closed_at_display_value(self):
        return self.object.closed_at or "\u2014"

    def get_closed_by_display_value(self):
        return self.object.closed_by or "\u2014"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_act = self.object.is_open and self.user_has_permission("change")
        context["accept_url"] = url("accept", self.object.pk) if can_act else None
        context["dismiss_url"] = url("dismiss", self.object.pk) if can_act else None
        context["open_elsewhere"] = (
            Suggestion.objects.open()
            .for_listing(self.object.listing)
            .exclude(pk=self.object.pk)
            .count()
        )
        context["listing_queue_url"] = queue_url(self.object.listing)
        return context


class SuggestionActionView(PermissionCheckedMixin, View):
    """POST only: close a suggestion as accepted (into a draft) or dismissed."""

    model = Suggestion
    permission_required = "change"
    http_method_names = ["post"]
    action = None  # "accept" or "dismiss"

    def post(self, request, pk):
        suggestion = get_object_or_404(Suggestion.objects.select_related("listing"), pk=pk)
        if not suggestion.is_open:
            messages.warning(request, gettext("This suggestion was already closed."))
            return redirect(url("inspect", suggestion.pk))
        if self.action == "dismiss":
            suggestion.dismiss(request.user)
            messages.success(request, gettext("Suggestion dismissed."))
            return redirect(url("index"))
        listing = suggestion.listing
        if not request.user.has_perm(f"directory.change_{type(listing)._meta.model_name}"):
            raise PermissionDenied
        lock = listing.get_lock()
        if lock is not None and lock.for_user(request.user):
            messages.error(
                request,
                gettext("%(listing)s is locked; the suggestion was left open.")
                % {"listing": listing.name},
            )
            return redirect(url("inspect", suggestion.pk))
        suggestion.accept(request.user)
        messages.success(
            request,
            gettext(
                "The suggestion is noted in the vetting notes of a new draft of %(listing)s. "
                "Edit the draft and submit it for vetting; nothing was published."
            )
            % {"listing": listing.name},
        )
        return redirect(listing_edit_url(listing))


class SuggestionViewSet(InspectOnlyMixin, ModelViewSet):
    """The queue: a list and a page per suggestion. Suggestions come only from the API, so there
    is no add, edit or delete view; closing is done by the two actions."""

    model = Suggestion
    icon = "help"
    menu_label = _("Suggestions")
    add_to_admin_menu = False  # under Directory (wagtail_hooks.py)
    add_to_reference_index = False
    index_view_class = SuggestionIndexView
    inspect_view_class = SuggestionInspectView
    inspect_template_name = "directory/suggestion_inspect.html"
    filterset_class = SuggestionFilterSet
    ordering = ["-created_at", "-pk"]
    list_display = [
        "__str__",
        Column("listing", label=_("Listing")),
        Column("get_status_display", label=_("Status")),
        DateColumn("created_at", label=_("Received")),
    ]
    inspect_view_fields = [
        "listing",
        "message",
        "contact",
        "status",
        "created_at",
        "closed_at",
        "closed_by",
    ]

    def extra_urlpatterns(self) -> list:
        return [
            path(
                "<int:pk>/accept/",
                SuggestionActionView.as_view(action="accept"),
                name="accept",
            ),
            path(
                "<int:pk>/dismiss/",
                SuggestionActionView.as_view(action="dismiss"),
                name="dismiss",
            ),
        ]


suggestion_viewset = SuggestionViewSet(VIEWSET_NAME, url_prefix="directory/suggestions")


class OpenSuggestionsPanel(Panel):
    """On a listing's edit page (every language's): how many suggestions about it are open,
    linked to them in the queue. Not shown when there are none, nor to users who cannot see the
    queue."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "directory/open_suggestions_panel.html"

        @cached_property
        def open_count(self) -> int:
            if self.instance is None or self.instance.pk is None:
                return 0
            return Suggestion.objects.open().for_listing(self.instance).count()

        def is_shown(self):
            return bool(self.open_count) and can_view_suggestions(self.request.user)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["open_count"] = self.open_count
            context["queue_url"] = queue_url(self.instance)
            return context


class OpenSuggestionsDashboardPanel(Component):
    """On the dashboard: the listings with open suggestions, most first, linked to the queue."""

    name = "open_suggestions"
    order = 60
    template_name = "directory/suggestions_dashboard_panel.html"
    shown = 10

    def get_context_data(self, parent_context):
        open_suggestions = Suggestion.objects.open()
        rows = list(
            open_suggestions.values("listing__translation_key")
            .annotate(n=Count("pk"), first=Min("created_at"))
            .order_by("-n", "first")[: self.shown]
        )
        keys = [row["listing__translation_key"] for row in rows]
        default = Locale.get_default()
        listings = {}
        for listing in Listing.objects.filter(translation_key__in=keys).order_by("pk"):
            known = listings.get(listing.translation_key)
            if known is None or (listing.locale_id == default.pk != known.locale_id):
                listings[listing.translation_key] = listing
        return {
            "total": open_suggestions.count(),
            "rows": [
                {
                    "listing": listings[row["listing__translation_key"]],
                    "count": row["n"],
                    "url": queue_url(listings[row["listing__translation_key"]]),
                }
                for row in rows
                if row["listing__translation_key"] in listings
            ],
            "queue_url": queue_url(),
        }
