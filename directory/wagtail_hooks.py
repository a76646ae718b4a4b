"""Registers the directory's admin: snippet viewsets, the re-verification report, the dashboard."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from directory.reports import DirectoryStatusPanel, DueForReviewView, can_edit_listings
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


class DueForReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return can_edit_listings(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return DueForReviewMenuItem(
        _("Due for re-verification"),
        reverse("directory_due_for_review"),
        name="due-for-review",
        icon_name="date",
        order=100,
    )


@hooks.register("construct_homepage_panels")
def add_directory_panel(request, panels):
    if can_edit_listings(request.user):
        panels.append(DirectoryStatusPanel())
