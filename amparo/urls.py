"""URL wiring: the API, the Wagtail admin, documents, referral sheets, the embed, and the CMS page
tree (per language). The apps are mounted side by side here, so ``api/`` imports neither
``sheets`` nor ``embed``."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api import urls as api_urls
from sheets import urls as sheets_urls

# A database that is down answers 503 even when other middleware meets it (amparo/faults.py); any
# other unexpected error is a JSON 500 under /api/.
handler500 = "amparo.faults.server_error"

urlpatterns = [
    # The sheets' JSON door sits among the API's, in its namespace (``api:referral-sheet``,
    # /api/@referral-sheet), ahead of the API's catch-all traversal of the page tree.
    path(
        "api/",
        include(([*sheets_urls.api_urlpatterns, *api_urls.urlpatterns], api_urls.app_name)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include(sheets_urls.urlpatterns)),
    path("", include("embed.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include(sheets_urls.staff_urlpatterns)),
    path("", include(sheets_urls.directory_urlpatterns)),  # before Wagtail's catch-all
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
