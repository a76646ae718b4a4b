"""The read API: HTTP only. Querysets and rules live in directory/ and cms/."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"
