"""Pieces the admin's viewsets share."""

from collections.abc import Callable

from django.urls import path
from wagtail.admin.menu import MenuItem


class InspectOnlyMixin:
    """A Wagtail ModelViewSet whose rows are only listed and inspected: no add, edit, copy,
    delete, history or usage view (e.g. suggestions, which come from the API, and editions,
    which never change). ``extra_urlpatterns`` adds a viewset's own actions."""

    copy_view_enabled = False
    inspect_view_enabled = True

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            copy_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def extra_urlpatterns(self) -> list:
        return []

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            *self.extra_urlpatterns(),
        ]


class PermittedMenuItem(MenuItem):
    """A menu item shown only to the users ``is_permitted(user)`` accepts."""

    def __init__(self, label, url: str, is_permitted: Callable, **kwargs):
        super().__init__(label, url, **kwargs)
        self.is_permitted = is_permitted

    def is_shown(self, request):
        return self.is_permitted(request.user)
