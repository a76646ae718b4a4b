"""Registers the listing import in the admin: its pages (upload, a job's progress and report,
the template CSV) and its item in the Directory menu. URL names and paths are the ones the
import had when it lived in directory, so links and bookmarks keep working."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from directory.admin_views import PermittedMenuItem
from interchange.csv.views import (
    ImportJobView,
    ImportListingsView,
    can_add_listings,
    template_view,
)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path(
            "directory/import-listings/",
            ImportListingsView.as_view(),
            name="directory_import_listings",
        ),
        path(
            "directory/import-listings/<uuid:uuid>/",
            ImportJobView.as_view(),
            name="directory_import_job",
        ),
        path(
            "directory/import-listings/template.csv",
            template_view,
            name="directory_import_listings_template",
        ),
    ]


@hooks.register("register_directory_menu_item")
def register_import_menu_item():
    return PermittedMenuItem(
        _("Import listings (CSV)"),
        reverse("directory_import_listings"),
        can_add_listings,
        name="import-listings",
        icon_name="upload",
        order=900,
    )
