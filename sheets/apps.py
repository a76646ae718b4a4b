"""The referral sheets app: the one-page sheet agency staff hand a worker, its API endpoint, its
short link and the staff page that builds it (docs/architecture.md, *Referral sheets*)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    name = "sheets"
    label = "sheets"
    verbose_name = _("Referral sheets")
