"""The interchange app: everything that moves data in or out of the directory (CSV import and
export, the Open Referral HSDS import, backups, bulk writes, the admin's import jobs). It holds
no models of its own: the import job's model stays in directory with its migrations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    name = "interchange"
    label = "interchange"
    verbose_name = _("Import and export")
