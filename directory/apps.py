"""The directory app: listings, taxonomies, vetting."""

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _set_up_after_migrate(sender, verbosity=1, **kwargs) -> None:
    # Runs once per migrate, after the last app's post_migrate; Django's and Wagtail's permission
    # handlers are called explicitly first because the proxies' permissions must exist.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from django.contrib.auth.management import create_permissions
    from wagtail.snippets.models import create_extra_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    create_extra_permissions(apps.get_app_config("wagtailsnippets"))

    from directory import setup

    setup.run(verbosity=verbosity, log=print)


class DirectoryConfig(AppConfig):
    name = "directory"
    label = "directory"
    verbose_name = _("Directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_set_up_after_migrate, dispatch_uid="directory-setup")
        from directory import signals, workflow

        signals.connect()
        workflow.connect()
