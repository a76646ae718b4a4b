"""The API's URLs. Order matters: named services (@search, @vocabularies...) and the directory
come before the catch-all traversal of the CMS page tree."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.views import directory, pages, types, vocabularies

app_name = "api"

urlpatterns = [
    path("", include(vocabularies.urlpatterns)),
    path("", include(types.urlpatterns)),
    path("", include(directory.urlpatterns)),
    path("@openapi", SpectacularAPIView.as_view(), name="openapi"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:openapi"), name="docs"),
    path("", include(pages.urlpatterns)),
]
