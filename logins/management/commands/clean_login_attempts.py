"""``manage.py clean_login_attempts``: delete failed logins whose lockout window has passed.
Axes also deletes them at every login, failed or not; this is for a daily cron, so addresses are
not kept over a quiet holiday either."""

from django.core.management.base import BaseCommand

from logins.attempts import clean_expired


class Command(BaseCommand):
    help = "Delete failed admin logins (user name, address) whose lockout window has passed."

    def handle(self, *args, **options) -> None:
        deleted = clean_expired()
        if options["verbosity"]:
            self.stdout.write(f"Deleted {deleted} expired failed logins.")
