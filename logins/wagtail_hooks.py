"""Settings > Login lockouts, for superusers."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from logins import urls


@hooks.register("register_admin_urls")
def register_logins_urls():
    return [path("login-lockouts/", include(urls, namespace="logins"))]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return SuperuserMenuItem(
        _("Login lockouts"), reverse("logins:lockouts"), icon_name="lock", order=900
    )
