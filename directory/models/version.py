"""A single row that changes whenever anything public may have changed.

HTTP caching (ETags) keys on it. Saving or deleting a listing, term or page bumps it (signals.py);
and because a listing also leaves the public directory silently when its review falls due, the
row remembers the next moment that happens and moves on by itself once it has passed. One indexed
read per request, shared by every server process through the database.
"""

import secrets
from datetime import timedelta

from django.db import models
from django.db.models import F, Min
from django.utils import timezone

IDLE_RECHECK = timedelta(hours=1)  # when nothing public is due to expire


def new_stamp() -> str:
    return secrets.token_hex(8)


class PublicVersion(models.Model):
    counter = models.PositiveBigIntegerField(default=0)
    # Random on every change, so a token is never reused: not after a rolled-back transaction,
    # nor when a restored or different database starts counting again.
    stamp = models.CharField(max_length=16, default=new_stamp)
    next_expiry = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "public version"

    def __str__(self) -> str:
        return self.token

    @property
    def token(self) -> str:
        return f"{self.counter}.{self.stamp}"

    @classmethod
    def bump(cls) -> None:
        updated = cls.objects.filter(pk=1).update(
            counter=F("counter") + 1, stamp=new_stamp(), next_expiry=None
        )
        if not updated:
            cls.objects.get_or_create(pk=1)

    @classmethod
    def current(cls, now=None) -> "PublicVersion":
        now = now or timezone.now()
        version = cls.objects.filter(pk=1).first()
        if version is None:
            version, _created = cls.objects.get_or_create(pk=1)
        if version.next_expiry is None or version.next_expiry <= now:
            version.counter += 1
            version.stamp = new_stamp()
            version.next_expiry = _next_expiry(now)
            cls.objects.filter(pk=1).update(
                counter=F("counter") + 1, stamp=version.stamp, next_expiry=version.next_expiry
            )
        return version


def _next_expiry(now):
    from directory.models.listing import Listing

    due = Listing.objects.public(now).with_review_due().aggregate(Min("review_due"))
    return due["review_due__min"] or now + IDLE_RECHECK
