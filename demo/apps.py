"""The demo: fictional listings and pages, and ``manage.py load_demo`` that loads them.

An app of its own, above the directory and the pages it fills, so neither of them knows the demo:
nothing imports ``demo`` but its own command (and tests).
"""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"
    label = "demo"
    verbose_name = "Demo"
