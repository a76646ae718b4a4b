"""manage.py load_demo: fill an empty database with the fictional demo directory and pages."""

from django.core.management.base import BaseCommand

from demo.loader import DEMO_PASSWORD, DEMO_USERS, DemoLoader


class Command(BaseCommand):
    help = "Load the fictional demo directory (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help="Also create the demo accounts admin, editor and vetter (password printed).",
        )

    def handle(self, *args, with_users: bool = False, verbosity: int = 1, **options):
        log = self.stdout.write if verbosity else (lambda message: None)
        log("Loading demo data...")
        created = DemoLoader(log=log).run(with_users=with_users)
        log(self.style.SUCCESS(f"Demo data loaded: {created} new listings."))
        if with_users:
            log(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
            for name, group in DEMO_USERS:
                log(f"  {name:8} {group or 'superuser'}")
