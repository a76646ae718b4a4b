"""A single row that changes whenever anything public may have changed, read without writing.

HTTP caching (ETags, and the rendered answers kept under them) keys on ``PublicVersion.current()``.
Saving or deleting a listing, term or page, or a vetter's stamp on a listing, bumps the row
(signals.py). A listing also leaves the public directory silently, by time, when its review falls
due; that moment is part of the token too, so the token names one public state: what was written
(``counter`` and ``stamp``), the next moment a public listing falls due (``boundary``) and the
review intervals that decide it. This module reads the listings; they know nothing of it.

The read path never writes (a read-only replica, a server in recovery or a role granted only
SELECT must serve every GET). The row *records* the next due moment (``next_expiry``, valid for
the intervals in ``expiry_basis``); it is recorded by the write side, after the commit of any
bump (``refresh``), and by ``manage.py refresh_public_version`` from cron. When the record is
missing (a bump not yet refreshed) or has passed (a listing fell due and nobody refreshed), a
reader computes the boundary itself from the listings, a pure read, so the token moves on at the
due moment even if no process ever writes. Once recorded, the same boundary keeps the same token,
so refreshing never throws away kept answers.
"""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models import F, Min
from django.utils import timezone

from directory.models.listing import Listing

logger = logging.getLogger(__name__)


def new_stamp() -> str:
    return secrets.token_hex(8)


def intervals_basis() -> str:
    """The review intervals in force: a changed setting changes what is public with no write."""
    days = settings.AMPARO_REVIEW_INTERVAL_DAYS
    return ",".join(f"{kind}={days[kind]}" for kind in sorted(days))


@dataclass(frozen=True)
class Version:
    """What a reader learns from ``PublicVersion.current()``; never saved."""

    counter: int
    stamp: str
    # When the next public listing falls due (None: none is public, nothing expires by time).
    next_expiry: datetime | None
    basis: str
    # Changes with the terms (their titles in any language), not with every listing: what the
    # term titles kept per process are checked against (api/serializers.py ``Titles``).
    terms: str = "none"

    @property
    def token(self) -> str:
        boundary = "-" if self.next_expiry is None else str(int(self.next_expiry.timestamp() * 1e6))
        return f"{self.counter}.{self.stamp}.{boundary}.{self.basis}"


class PublicVersion(models.Model):
    counter = models.PositiveBigIntegerField(default=0)
    # Random on every change, so a token is never reused: not after a rolled-back transaction,
    # nor when a restored or different database starts counting again.
    stamp = models.CharField(max_length=16, default=new_stamp)
    # The recorded next due moment (None with a basis: nothing public to expire) ...
    next_expiry = models.DateTimeField(null=True, blank=True)
    # ... computed under these review intervals; empty: not recorded since the last bump.
    expiry_basis = models.CharField(max_length=200, blank=True, default="")
    # Random on every bump that may have changed a term (``bump(terms=True)``, the default):
    # a listing's publish leaves the term titles, and the ones kept per process, as they were.
    terms_stamp = models.CharField(max_length=16, default=new_stamp)

    class Meta:
        verbose_name = "public version"

    def __str__(self) -> str:
        return f"{self.counter}.{self.stamp}"

    @classmethod
    def bump(cls, terms: bool = True) -> None:
        """Something public may have changed (called inside the writer's transaction): a new
        token now, and the next due moment recorded once the change is committed. ``terms``:
        a term's title may have changed too; only a writer that knows it changed none (a
        listing, a page, a list) says False, so a bulk write that sends no signals stays safe."""
        changed = {"terms_stamp": new_stamp()} if terms else {}
        updated = cls.objects.filter(pk=1).update(
            counter=F("counter") + 1,
            stamp=new_stamp(),
            next_expiry=None,
            expiry_basis="",
            **changed,
        )
        if not updated:
            cls.objects.get_or_create(pk=1)
        # After the commit, so the listings are read as committed; robust: a failure to record
        # only leaves readers computing the boundary themselves until the next refresh.
        transaction.on_commit(cls.refresh_if_unrecorded, robust=True)

    @classmethod
    def current(cls, now: datetime | None = None) -> Version:
        """The public version for a reader: one indexed read, plus one aggregate while the next
        due moment is not recorded. Never writes."""
        now = now or timezone.now()
        basis = intervals_basis()
        row = cls._read()
        if row is None:  # never bumped: an empty or freshly restored database
            return Version(0, "none", next_due(now), basis)
        counter, stamp, next_expiry, expiry_basis, terms_stamp = row
        recorded = expiry_basis == basis and (next_expiry is None or next_expiry > now)
        boundary = next_expiry if recorded else next_due(now)
        return Version(counter, stamp, boundary, basis, terms_stamp)

    @classmethod
    def _read(cls) -> tuple | None:
        """The row's values, by one constant statement on the reading database: every anonymous
        GET reads it, a 304 nothing else, and building it through the ORM took about 0.2 ms, a
        third of a 304's Python (bench/RESULTS.md: the 304 went from 62% of the floor to 107%
        with it and the other changes of that afternoon)."""
        connection = connections[router.db_for_read(cls)]
        with connection.cursor() as cursor:
            cursor.execute(_READ_SQL.format(table=connection.ops.quote_name(cls._meta.db_table)))
            row = cursor.fetchone()
        if row is None:
            return None
        next_expiry = cls._meta.get_field("next_expiry")
        converters = connection.ops.get_db_converters(next_expiry.get_col(cls._meta.db_table))
        value = row[2]
        for converter in converters:
            value = converter(value, next_expiry, connection)
        return (row[0], row[1], value, row[3], row[4])

    @classmethod
    def refresh(cls, now: datetime | None = None) -> "PublicVersion | None":
        """Record the next due moment (the write side: after a bump's commit, and from cron).
        Conditional on the counter it read: if a bump lands meanwhile, nothing is recorded and
        that bump's own refresh records it. Returns the row as it stands, None if there is none.
        Idempotent, and the token a reader sees is the same before and after."""
        now = now or timezone.now()
        basis = intervals_basis()
        row = cls.objects.filter(pk=1).first()
        if row is None:
            return None
        boundary = next_due(now)
        if row.expiry_basis == basis and row.next_expiry == boundary:
            return row
        if cls.objects.filter(pk=1, counter=row.counter, stamp=row.stamp).update(
            next_expiry=boundary, expiry_basis=basis
        ):
            row.next_expiry, row.expiry_basis = boundary, basis
        return row

    @classmethod
    def refresh_if_unrecorded(cls) -> None:
        # Every bump of a transaction registers this; the first one records, the others read.
        row = cls.objects.filter(pk=1).only("expiry_basis").first()
        if row is not None and not row.expiry_basis:
            cls.refresh()


_READ_SQL = (
    "SELECT counter, stamp, next_expiry, expiry_basis, terms_stamp FROM {table} WHERE id = 1"
)


def next_due(now: datetime) -> datetime | None:
    """When the first listing that is public at ``now`` falls due: until then, and with no
    write, the public directory stays exactly as it is (a pure read)."""
    return Listing.objects.public(now).aggregate(due=Min("public_until"))["due"]
