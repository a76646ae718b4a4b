"""The API's URLs. Order matters: named services (@search, @vocabularies...) and the directory
come before the catch-all traversal of the CMS page tree."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.errors import read_only
from api.hsds import urls as hsds_urls
from api.views import (
    directory,
    export,
    list_writes,
    listing_services,
    listing_writes,
    lists,
    login,
    page_services,
    page_writes,
    pages,
    suggestions,
    types,
    vocabularies,
)

app_name = "api"

urlpatterns = [
    path("", include(vocabularies.urlpatterns)),
    path("", include(types.urlpatterns)),
    path("", include(directory.urlpatterns)),
    path("", include(listing_writes.urlpatterns)),
    path("", include(listing_services.urlpatterns)),
    path("", include(export.urlpatterns)),
    path("", include(suggestions.urlpatterns)),
    path("", include(login.urlpatterns)),
    path("hsds/", include(hsds_urls)),
    path("", include(lists.urlpatterns)),
    path("", include(list_writes.urlpatterns)),
    path("@openapi", read_only(SpectacularAPIView.as_view()), name="openapi"),
    path(
        "docs/",
        # The split view serves its start-up script as a file: no inline script (CSP).
        read_only(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:openapi", template_name="api/swagger_ui.html"
            )
        ),
        name="docs",
    ),
    # A page's @workflow, @history and @lock, then the page itself (GET and the writes), before
    # the page traversal's catch-all.
    path("", include(page_services.urlpatterns)),
    path("", include(page_writes.urlpatterns)),
    path("", include(pages.urlpatterns)),
]
