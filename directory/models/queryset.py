"""Which listings are public, as a query: the one definition every public output goes through.

A listing is public while it is live, vetted, not inactive, and verified within its kind's
re-verification interval. That is decided on the row: ``public_until`` (``public_until_of``, or
``public_until_expression`` in SQL) is when it stops being public, NULL when it is not public at
all, so ``public_q`` is ``public_until > now`` (an indexed range; expiry by time needs no write).
The column is kept on every write: ``Listing.save`` and this queryset's ``update``,
``bulk_create`` and ``bulk_update`` compute it whenever one of ``PUBLIC_SOURCE_FIELDS`` is
written; ``manage.py refresh_public_version`` recomputes it for changed review intervals. The
managers give each kind's proxy its own rows. The Listing model (models/listing.py) uses them;
nothing here imports it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, DateTimeField, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone

from directory.choices import Kind, Status
from directory.models.search import ListingSearchMixin


def review_interval(kind: str) -> timedelta:
    return timedelta(days=settings.AMPARO_REVIEW_INTERVAL_DAYS[kind])


# What public_until is computed from: writing any of them writes it too.
PUBLIC_SOURCE_FIELDS = frozenset({"kind", "live", "status", "last_verified"})


def public_until_of(listing) -> datetime | None:
    """When this listing stops being public, from its own (unsaved) values; None: not public."""
    if not listing.live or listing.status == Status.INACTIVE or listing.last_verified is None:
        return None
    return listing.last_verified + review_interval(listing.kind)


def review_due_expression() -> Case:
    """When a row's review falls due (``last_verified`` plus its kind's interval), in SQL."""
    return Case(
        *(
            When(
                kind=kind,
                then=ExpressionWrapper(
                    F("last_verified") + Value(review_interval(kind)), output_field=DateTimeField()
                ),
            )
            for kind in Kind.values
        ),
        output_field=DateTimeField(),
    )


def public_until_expression() -> Case:
    """``public_until_of`` in SQL, over a row's stored values."""
    eligible = Q(live=True, last_verified__isnull=False) & ~Q(status=Status.INACTIVE)
    return Case(
        When(eligible, then=review_due_expression()),
        default=Value(None),
        output_field=DateTimeField(),
    )


def public_q(now=None) -> Q:
    """The one definition of public, as a condition on the row: live, vetted, not inactive, and
    verified within its kind's re-verification interval, as ``public_until`` records it."""
    return Q(public_until__gt=now or timezone.now())


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class ListingQuerySet(ListingSearchMixin, models.QuerySet):
    # Writes that bypass Listing.save keep public_until too.
    def update(self, **kwargs) -> int:
        if PUBLIC_SOURCE_FIELDS.isdisjoint(kwargs) or "public_until" in kwargs:
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            self._write_public_until(pks)
        return count

    update.alters_data = True

    def _write_public_until(self, pks: list) -> int:
        written = 0
        for part in _chunks(pks):
            rows = models.QuerySet(self.model, using=self.db).filter(pk__in=part)
            written += rows.update(public_until=public_until_expression())
        return written

    def recompute_public_until(self) -> int:
        """Write public_until from the stored values where it differs (after the review
        intervals changed); how many rows changed. Reads first: nothing to do writes nothing."""
        due = public_until_expression()
        # ``public_until IS DISTINCT FROM due``, spelled out: Django has no such lookup, and a
        # negated equality (``~Q(public_until=F("due"))``) is not null-safe against an
        # expression: it would pick every row without public_until, and miss a row whose due
        # moment became NULL.
        stale = (
            Q(public_until__isnull=True, due__isnull=False)
            | Q(public_until__isnull=False, due__isnull=True)
            | Q(public_until__lt=F("due"))
            | Q(public_until__gt=F("due"))
        )
        pks = list(self.annotate(due=due).filter(stale).values_list("pk", flat=True))
        return self._write_public_until(pks)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.public_until = public_until_of(obj)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if PUBLIC_SOURCE_FIELDS.isdisjoint(fields):
            return super().bulk_update(objs, fields, *args, **kwargs)
        objs = list(objs)
        for obj in objs:
            obj.public_until = public_until_of(obj)
        return super().bulk_update(objs, [*fields, "public_until"], *args, **kwargs)

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
        return self.annotate(review_due=review_due_expression())

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
