"""Which listings are public, as a query: the one definition every public output goes through.

``public_q`` and ``ListingQuerySet.public`` say what public means (live, vetted, not inactive,
verified within its kind's re-verification interval); the managers give each kind's proxy its
own rows. The Listing model (models/listing.py) uses them; nothing here imports it.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, DateTimeField, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone

from directory.choices import Kind, Status
from directory.models.search import ListingSearchMixin


def review_interval(kind: str) -> timedelta:
    return timedelta(days=settings.AMPARO_REVIEW_INTERVAL_DAYS[kind])


def public_q(now=None) -> Q:
    """The one definition of public, as a condition: live, vetted, not inactive, and verified
    within its kind's re-verification interval."""
    now = now or timezone.now()
    fresh = Q()
    for kind in Kind.values:
        fresh |= Q(kind=kind, last_verified__gt=now - review_interval(kind))
    return fresh & Q(live=True) & ~Q(status=Status.INACTIVE)


class ListingQuerySet(ListingSearchMixin, models.QuerySet):
    def public(self, now=None) -> "ListingQuerySet":
        """Live, vetted, not inactive, and verified within its kind's re-verification interval."""
        return self.filter(public_q(now))

    def visible(self, unpublished_kinds=()) -> "ListingQuerySet":
        """What a reader may see: the public listings, plus every row (drafts, listings in
        vetting, overdue or inactive ones) of ``unpublished_kinds``, the kinds an editor may
        view. The public tier passes none."""
        if not unpublished_kinds:
            return self.public()
        return self.filter(public_q() | Q(kind__in=list(unpublished_kinds)))

    def with_review_due(self) -> "ListingQuerySet":
        """Annotate ``review_due``: when the listing stops being public unless re-verified."""
        return self.annotate(
            review_due=Case(
                *(
                    When(
                        kind=kind,
                        then=ExpressionWrapper(
                            F("last_verified") + Value(review_interval(kind)),
                            output_field=DateTimeField(),
                        ),
                    )
                    for kind in Kind.values
                ),
                output_field=DateTimeField(),
            )
        )

    def due_for_review(self, within_days: int | None = None, now=None) -> "ListingQuerySet":
        """Live listings whose review is overdue or falls due within ``within_days``."""
        now = now or timezone.now()
        days = settings.AMPARO_REVIEW_WARNING_DAYS if within_days is None else within_days
        return (
            self.filter(live=True)
            .exclude(status=Status.INACTIVE)
            .with_review_due()
            .filter(Q(review_due__lte=now + timedelta(days=days)) | Q(last_verified__isnull=True))
            .order_by(F("review_due").asc(nulls_first=True), "name", "pk")
        )


class ListingManager(models.Manager.from_queryset(ListingQuerySet)):
    pass


class KindManager(ListingManager):
    """A proxy's default manager: only its own kind's rows."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def deconstruct(self):
        return False, "directory.models.queryset.ListingManager", None, [], {}

    def get_queryset(self) -> ListingQuerySet:
        return super().get_queryset().filter(kind=self.kind)
