"""The logins app: lockouts after repeated wrong passwords at the admin's login (django-axes),
their page, and the superusers' view of them. A separate app so the choice of library and its
privacy rules sit in one place, apart from the directory and the API."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoginsConfig(AppConfig):
    name = "logins"
    label = "logins"
    verbose_name = _("Logins")
