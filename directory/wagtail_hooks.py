"""Registers the directory's admin: snippet viewsets, the re-verification report, the dashboard."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from directory.admin_views import PermittedMenuItem
from directory.reports import DirectoryStatusPanel, DueForReviewView, can_edit_listings
from directory.suggestions_admin import (
    OpenSuggestionsDashboardPanel,
    can_view_suggestions,
    suggestion_viewset,
)
from directory.translations_admin import submit_translation
from directory.translations_sync import urls as translations_sync_urls
from directory.viewsets import DirectoryViewSetGroup, TaxonomyViewSetGroup

register_snippet(DirectoryViewSetGroup)
register_snippet(TaxonomyViewSetGroup)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/due-for-review/",
            DueForReviewView.as_view(),
            name="directory_due_for_review",
        ),
        path(
            "reports/due-for-review/results/",
            DueForReviewView.as_view(results_only=True),
            name="directory_due_for_review_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return PermittedMenuItem(
        _("Due for re-verification"),
        reverse("directory_due_for_review"),
        can_edit_listings,
        name="due-for-review",
        icon_name="date",
        order=100,
    )


@hooks.register("construct_homepage_panels")
def add_directory_panel(request, panels):
    if can_edit_listings(request.user):
        panels.append(DirectoryStatusPanel())


@hooks.register("register_directory_menu_item")
def register_export_menu_item():
    # The API's export: an editor's admin session gets every listing with vetting columns.
    return PermittedMenuItem(
        _("Export listings (CSV)"),
        reverse("api:export") + "?format=csv",
        can_edit_listings,
        name="export-listings",
        icon_name="download",
        order=910,
    )


# Suggestions from the public (directory/suggestions_admin.py): the queue under Directory, and
# the open ones on the dashboard.
@hooks.register("register_admin_viewset")
def register_suggestions_viewset():
    return suggestion_viewset


@hooks.register("register_directory_menu_item")
def register_suggestions_menu_item():
    return PermittedMenuItem(
        _("Suggestions"),
        reverse("directory_suggestions:index") + "?status=new",
        can_view_suggestions,
        name="suggestions",
        icon_name="help",
        order=800,
    )


@hooks.register("construct_homepage_panels")
def add_suggestions_panel(request, panels):
    if can_view_suggestions(request.user):
        panels.append(OpenSuggestionsDashboardPanel())


# Before wagtail-localize's own hook, which answers every request to a translation's edit page.
hooks.register("before_edit_snippet", submit_translation, order=-10)

# Before wagtail-localize's URLs: its update-translations path answered by a view that offers
# *Publish immediately* only to those who may publish (directory/translations_sync.py).
hooks.register("register_admin_urls", translations_sync_urls, order=-10)
