"""``manage.py refresh_public_version``: record when the next public listing falls due.

Run from cron every few minutes (``*/5 * * * *``) against the primary database. Readers never
write (directory/models/version.py): when no refresh has recorded the next due moment, or it has
passed, each API request computes it with one extra aggregate query; this command records it, so
readers are back to one indexed read. Correctness never depends on it running (the token moves on
at the due moment either way), only the cost of a request does. Idempotent: a second run writes
nothing, and a recorded moment keeps every ETag and kept answer as it was.

It also recomputes each listing's ``public_until`` where the review intervals
(``AMPARO_REVIEW_INTERVAL_DAYS``) changed since it was written, and then bumps the version:
run it once after changing them (cron does it within its period).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from directory.models import Listing, PublicVersion


class Command(BaseCommand):
    help = "Record when the next public listing falls due (run from cron every few minutes)."

    def handle(self, *args, **options) -> None:
        recomputed = Listing.objects.recompute_public_until()
        if recomputed:
            PublicVersion.bump()
            self.stdout.write(f"Public until recomputed for {recomputed} listing(s).")
        before = PublicVersion.objects.filter(pk=1).first()
        if before is None:
            # Nothing was ever published here: readers compute a version; one bump makes the row.
            PublicVersion.bump()
        row = PublicVersion.refresh()
        if row is None or not row.expiry_basis:
            # A publish landed meanwhile; its own refresh (after its commit) records it.
            self.stdout.write("Changed meanwhile: recorded by the change itself, nothing to do.")
            return
        changed = before is None or (before.next_expiry, before.expiry_basis) != (
            row.next_expiry,
            row.expiry_basis,
        )
        when = (
            timezone.localtime(row.next_expiry).isoformat(timespec="seconds")
            if row.next_expiry
            else "never (no public listing)"
        )
        state = "recorded" if changed else "unchanged"
        self.stdout.write(f"Next listing falls due: {when} ({state}).")
