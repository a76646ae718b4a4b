"""Settings > Login lockouts, for superusers."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from directory.admin_views import PermittedMenuItem
from logins import urls


@hooks.register("register_admin_urls")
def register_logins_urls():
    return [path("login-lockouts/", include(urls, namespace="logins"))]


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return PermittedMenuItem(
        _("Login lockouts"),
        reverse("logins:lockouts"),
        lambda user: user.is_superuser,
        icon_name="lock",
        order=900,
    )
