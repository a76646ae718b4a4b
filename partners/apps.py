"""The partners app: API keys, their authentication, throttles and CORS."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_tables(sender, using="default", **kwargs) -> None:
    """With a database cache (a deployment without REDIS_URL, or ``AMPARO_CACHE_URL=db://...``),
    its table is created after every migrate, so throttles work without a separate
    ``createcachetable`` step."""
    from django.conf import settings
    from django.core.management import call_command

    if any(cache["BACKEND"].endswith("DatabaseCache") for cache in settings.CACHES.values()):
        call_command("createcachetable", database=using, verbosity=0)


class PartnersConfig(AppConfig):
    name = "partners"
    label = "partners"
    verbose_name = _("Partners")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(
            _create_cache_tables, sender=self, dispatch_uid="partners-cache-tables"
        )
        # Imported to register: the CORS decision by the keys' origins, the OpenAPI scheme.
        from partners import cors, schema  # noqa: F401
