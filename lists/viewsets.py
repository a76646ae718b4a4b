"""The Wagtail admin for organizations and their trusted lists, under a "Trusted lists" menu.

- Organizations: Editors, Vetters and superusers manage them and their staff accounts.
- Lists: staff of an organization add, edit and publish its lists; every list of every
  organization is readable (inspect view) by whoever may view lists, but the edit, delete and
  publish views refuse (403) anyone who is not staff of the list's organization
  (permissions.py). A list's edit view warns its curators of entries withdrawn from the
  directory since its current edition.
- Editions: read only, no edit or delete view at all (they are history).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import DeleteView, EditView, IndexView, InspectView
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from directory.admin_views import InspectOnlyMixin
from directory.dates import site_day
from directory.models import Listing
from directory.models.taxonomy import default_language_code
from lists.models import Edition, Organization, TrustedList, public_originals, text_in
from lists.permissions import is_curator, trusted_list_policy


# Choosing a listing for an entry: public listings, in the default language (an entry names
# the listing in every language).
class ListingFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Search")}),
        required=False,
    )

    def filter(self, objects):
        text = self.cleaned_data.get("q")
        if text:
            self.is_searching, self.search_query = True, text
            objects = objects.filter(name__icontains=text)
        return objects


class PublicListingsMixin:
    filter_form_class = ListingFilterForm

    def get_object_list(self):
        return public_originals()

    @property
    def columns(self):
        return [
            self.title_column,
            Column("kind", label=_("Kind"), accessor="get_kind_display_name"),
            Column("city", label=_("City")),
        ]


class ListingChooseView(PublicListingsMixin, ChooseView):
    pass


class ListingChooseResultsView(PublicListingsMixin, ChooseResultsView):
    pass


class ListingChooserViewSet(ChooserViewSet):
    model = Listing
    icon = "list-ul"
    choose_one_text = _("Choose a listing")
    choose_another_text = _("Choose another listing")
    edit_item_text = _("Edit listing")
    choose_view_class = ListingChooseView
    choose_results_view_class = ListingChooseResultsView
    register_widget = False  # only the list entries use it


listing_chooser_viewset = ListingChooserViewSet("lists_listing_chooser")


# Organizations
class OrganizationDeleteView(DeleteView):
    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ProtectedError:
            messages.error(
                request,
                gettext(
                    "%(organization)s cannot be deleted: its lists have published editions, "
                    "which are kept for good."
                )
                % {"organization": self.object},
            )
            return redirect(reverse("lists_organizations:edit", args=[self.object.pk]))


class OrganizationViewSet(ModelViewSet):
    model = Organization
    icon = "group"
    menu_label = _("Organizations")
    url_prefix = "lists/organizations"
    url_namespace = "lists_organizations"
    delete_view_class = OrganizationDeleteView
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("staff", widget=forms.CheckboxSelectMultiple),
    ]
    list_display = [
        "name",
        Column("slug", label=_("Slug")),
        Column("get_kind_display", label=_("Kind")),
    ]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True


# Trusted lists
class TrustedListForm(WagtailAdminModelForm):
    """Staff can only put a list in an organization they belong to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get("organization")
        if field is not None and user is not None and not user.is_superuser:
            field.queryset = field.queryset.filter(staff=user)


class WithdrawnEntriesPanel(Panel):
    """On a list's edit view: the entries of its current edition whose listing has left the
    public directory since (they no longer show in the list's output)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "lists/withdrawn_entries_panel.html"

        @cached_property
        def edition(self):
            if self.instance is None or self.instance.pk is None:
                return None
            return self.instance.current_edition

        @cached_property
        def withdrawn(self):
            return self.instance.withdrawn_entries(self.edition) if self.edition else []

        def is_shown(self):
            return bool(self.withdrawn)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["edition"] = self.edition
            context["withdrawn"] = self.withdrawn
            return context


class OwnListMixin:
    """Edit, delete and publish views: only for curators of the list's organization."""

    action_needed = "change"

    def get_object(self, queryset=None):
        trusted_list = super().get_object(queryset)
        if not trusted_list_policy.user_has_permission_for_instance(
            self.request.user, self.action_needed, trusted_list
        ):
            raise PermissionDenied
        return trusted_list


class TrustedListIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("organization")
            .with_current_edition()
            .annotate(entry_count=Count("entries"))
        )

    def get_edit_url(self, instance):
        # Other organizations' lists open read-only (inspect) instead.
        if trusted_list_policy.user_has_permission_for_instance(
            self.request.user, "change", instance
        ):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        if trusted_list_policy.user_has_permission_for_instance(
            self.request.user, "delete", instance
        ):
            return super().get_delete_url(instance)
        return None


class TrustedListEditView(OwnListMixin, EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            HeaderButton(
                _("Editions"),
                url=reverse("lists_editions:index") + f"?trusted_list={self.object.pk}",
                icon_name="history",
            )
        )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can_publish = trusted_list_policy.user_has_permission_for_instance(
            self.request.user, "publish", self.object
        )
        context["publish_url"] = (
            reverse("lists_lists:publish", args=[self.object.pk]) if can_publish else None
        )
        return context


class TrustedListDeleteView(OwnListMixin, DeleteView):
    action_needed = "delete"


class TrustedListInspectView(InspectView):
    """Any list, read only: its organization, title, description, draft entries and editions."""

    def get_object(self, queryset=None):
        return get_object_or_404(TrustedList.objects.select_related("organization"), pk=self.pk)

    def get_fields(self):
        return ["organization", "slug", "title", "description", "entries", "editions"]

    def get_title_display_value(self):
        return _texts(self.object.title)

    def get_description_display_value(self):
        return _texts(self.object.description)

    def get_entries_display_value(self):
        entries = self.object.entries.select_related("listing")
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} <small>{}</small></li>",
                ((entry.listing.name, _note_line(entry.note)) for entry in entries),
            ),
        )

    def get_editions_display_value(self):
        editions = self.object.editions.with_entry_count().order_by("-number")
        if not editions:
            return gettext("Not published yet.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a></li>',
                (
                    (
                        reverse("lists_editions:inspect", args=[e.pk]),
                        ngettext(
                            "Edition %(number)s, %(date)s, %(count)s entry",
                            "Edition %(number)s, %(date)s, %(count)s entries",
                            e.entry_count,
                        )
                        % {
                            "number": e.number,
                            "date": site_day(e.published_at),
                            "count": e.entry_count,
                        },
                    )
                    for e in editions
                ),
            ),
        )

    def get_edit_url(self):
        if is_curator(
            self.request.user, self.object
        ) and self.permission_policy.user_has_permission(self.request.user, "change"):
            return super().get_edit_url()
        return None

    def get_delete_url(self):
        if trusted_list_policy.user_has_permission_for_instance(
            self.request.user, "delete", self.object
        ):
            return super().get_delete_url()
        return None


def _texts(texts: dict) -> str:
    return format_html_join(" / ", '<span lang="{}">{}</span>', sorted((texts or {}).items()))


def _note_line(note: dict) -> str:
    return text_in(note, default_language_code())


class PublishView(View):
    """POST: publish the list's entries as its next edition (curators with the publish
    permission only)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        trusted_list = get_object_or_404(TrustedList.objects.select_related("organization"), pk=pk)
        if not trusted_list_policy.user_has_permission_for_instance(
            request.user, "publish", trusted_list
        ):
            raise PermissionDenied
        edition = trusted_list.publish(request.user)
        skipped = trusted_list.entries.count() - edition.entries.count()
        message = gettext("Edition %(number)s of “%(list)s” published.") % {
            "number": edition.number,
            "list": trusted_list,
        }
        if skipped:
            message += " " + ngettext(
                "%(count)s entry was left out: its listing is not public.",
                "%(count)s entries were left out: their listings are not public.",
                skipped,
            ) % {"count": skipped}
        messages.success(request, message)
        return redirect(reverse("lists_lists:edit", args=[trusted_list.pk]))


class TrustedListViewSet(ModelViewSet):
    model = TrustedList
    icon = "list-ol"
    menu_label = _("Lists")
    url_prefix = "lists/lists"
    url_namespace = "lists_lists"
    index_view_class = TrustedListIndexView
    edit_view_class = TrustedListEditView
    delete_view_class = TrustedListDeleteView
    inspect_view_class = TrustedListInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_template_name = "lists/trusted_list_edit.html"
    list_display = [
        "__str__",
        Column("organization", label=_("Organization")),
        Column("entry_count", label=_("Entries")),
        Column("current_edition_number", label=_("Current edition")),
    ]
    list_filter = ["organization"]
    search_fields = ["slug", "organization__name"]
    search_backend_name = None

    edit_handler = ObjectList(
        [
            WithdrawnEntriesPanel(),
            FieldPanel("organization"),
            FieldPanel("slug"),
            FieldPanel("title"),
            FieldPanel("description"),
            InlinePanel(
                "entries",
                heading=_("Entries"),
                label=_("Entry"),
                panels=[
                    FieldPanel("listing", widget=listing_chooser_viewset.widget_class),
                    FieldPanel("note"),
                ],
            ),
        ],
        base_form_class=TrustedListForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/publish/", PublishView.as_view(), name="publish"),
        ]


# Editions: read only
class EditionIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("trusted_list__organization")
        return queryset.with_entry_count()


class EditionInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            Edition.objects.select_related("trusted_list__organization"), pk=self.pk
        )

    def get_fields(self):
        return ["trusted_list", "number", "published_at", "published_by", "entries"]

    def get_entries_display_value(self):
        withdrawn_pks = set(self.object.withdrawn_entries().values_list("pk", flat=True))
        withdrawn = gettext("withdrawn from the directory")
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} <small>{}</small> <strong>{}</strong></li>",
                (
                    (
                        entry.name,
                        _note_line(entry.note),
                        withdrawn if entry.pk in withdrawn_pks else "",
                    )
                    for entry in self.object.entries.all()
                ),
            ),
        )


class EditionViewSet(InspectOnlyMixin, ModelViewSet):
    """Published editions: a list and a page each. No add, edit, copy or delete view."""

    model = Edition
    icon = "history"
    menu_label = _("Editions")
    url_prefix = "lists/editions"
    url_namespace = "lists_editions"
    index_view_class = EditionIndexView
    inspect_view_class = EditionInspectView
    list_display = [
        "__str__",
        Column("trusted_list", label=_("List")),
        Column("number", label=_("Number")),
        DateColumn("published_at", label=_("Published")),
        Column("published_by", label=_("Published by")),
        Column("entry_count", label=_("Entries")),
    ]
    list_filter = ["trusted_list"]
    add_to_reference_index = False


class ListsViewSetGroup(ViewSetGroup):
    menu_label = _("Trusted lists")
    menu_icon = "list-ol"
    menu_order = 170
    items = (TrustedListViewSet, EditionViewSet, OrganizationViewSet)
