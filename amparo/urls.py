"""URL wiring: the API, the Wagtail admin, documents, referral sheets, and the CMS page tree
(per language)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from sheets import urls as sheets_urls

# A database that is down answers 503 even when other middleware meets it (amparo/faults.py); any
# other unexpected error is a JSON 500 under /api/.
handler500 = "amparo.faults.server_error"

urlpatterns = [
    path("api/", include("api.urls")),
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
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
