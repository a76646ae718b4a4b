"""``/api/hsds/...``, included by api/urls.py under the ``api`` namespace."""

from django.urls import path

from api.hsds import views

urlpatterns = [
    path("", views.RootView.as_view(), name="hsds"),
    path("services", views.ServicesView.as_view(), name="hsds_services"),
    path("services/<str:id>", views.ServiceView.as_view(), name="hsds_service"),
    path("organizations", views.OrganizationsView.as_view(), name="hsds_organizations"),
    path("organizations/<str:id>", views.OrganizationView.as_view(), name="hsds_organization"),
    path(
        "service_at_locations",
        views.ServiceAtLocationsView.as_view(),
        name="hsds_service_at_locations",
    ),
    path(
        "service_at_locations/<str:id>",
        views.ServiceAtLocationView.as_view(),
        name="hsds_service_at_location",
    ),
    path("taxonomies", views.TaxonomiesView.as_view(), name="hsds_taxonomies"),
    path("taxonomies/<str:id>", views.TaxonomyView.as_view(), name="hsds_taxonomy"),
    path("taxonomy_terms", views.TaxonomyTermsView.as_view(), name="hsds_taxonomy_terms"),
    path("taxonomy_terms/<str:id>", views.TaxonomyTermView.as_view(), name="hsds_taxonomy_term"),
]
