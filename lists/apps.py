"""The lists app: organizations, their trusted lists and the lists' editions."""

from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _set_up_after_migrate(sender, **kwargs) -> None:
    # Once per migrate, after the directory's set-up (connected earlier, it also makes sure
    # every permission exists).
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from lists import setup

    setup.run()


def _bump(sender, **kwargs) -> None:
    # Organizations, lists and editions are in public answers (@lists, @search?list=).
    from directory.models import PublicVersion

    PublicVersion.bump(terms=False)


class ListsConfig(AppConfig):
    name = "lists"
    label = "lists"
    verbose_name = _("Trusted lists")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_set_up_after_migrate, dispatch_uid="lists-setup")
        for model_name in ("Organization", "TrustedList", "Edition"):
            model = self.get_model(model_name)
            for signal in (post_save, post_delete):
                signal.connect(
                    _bump, sender=model, dispatch_uid=f"lists-bump-{model_name}-{signal}"
                )
