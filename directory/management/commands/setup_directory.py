"""manage.py setup_directory: the idempotent set-up that also runs after every migrate."""

from django.core.management.base import BaseCommand

from directory import setup


class Command(BaseCommand):
    help = "Create missing locales, taxonomy terms, the Editors/Vetters groups and the workflow."

    def handle(self, *args, verbosity: int = 1, **options):
        setup.run(verbosity=verbosity, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Directory set up."))
