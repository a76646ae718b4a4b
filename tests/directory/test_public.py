"""The one definition of "public": live, vetted, not inactive, re-verified in time."""

from datetime import timedelta
from itertools import product

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from directory.choices import Status
from directory.models import Attorney, Consulate, FundingSource, Listing, WorkerCenter
from tests.factories import KIND_FACTORIES, AttorneyFactory, ConsulateFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LIVE = [True, False]
VETTED = ["fresh", "expired", "never"]
STATUS = [Status.ACTIVE, Status.TEMPORARILY_CLOSED, Status.INACTIVE]


@pytest.mark.parametrize(
    ("factory", "live", "vetted", "status"), list(product(KIND_FACTORIES, LIVE, VETTED, STATUS))
)
def test_public_matrix(factory, live, vetted, status):
    interval = {"fresh": 10, "expired": 400, "never": None}[vetted]
    listing = factory(
        live=live,
        status=status,
        last_verified=None if interval is None else NOW - timedelta(days=interval),
    )
    expected = live and vetted == "fresh" and status != Status.INACTIVE
    assert (listing in Listing.objects.public(NOW)) is expected
    assert listing.is_public is expected


@pytest.mark.parametrize(("factory", "days"), [(AttorneyFactory, 180), (ConsulateFactory, 60)])
def test_listing_leaves_public_exactly_when_its_kind_interval_runs_out(factory, days):
    verified = NOW - timedelta(days=days)
    listing = factory(live=True, last_verified=verified)
    assert listing.next_review_due == verified + timedelta(days=days)
    assert listing in Listing.objects.public(NOW - timedelta(seconds=1))
    assert listing not in Listing.objects.public(NOW)


@override_settings(
    AMPARO_REVIEW_INTERVAL_DAYS={
        "attorney": 30,
        "consulate": 60,
        "worker-center": 180,
        "funding-source": 60,
    }
)
def test_review_interval_is_a_setting():
    listing = AttorneyFactory(live=True, last_verified=NOW - timedelta(days=45))
    assert listing not in Listing.objects.public(NOW)


def test_expired_listing_shows_on_the_due_report_queryset():
    overdue = AttorneyFactory(live=True, last_verified=NOW - timedelta(days=200))
    soon = AttorneyFactory(live=True, last_verified=NOW - timedelta(days=175))
    fine = AttorneyFactory(live=True, last_verified=NOW - timedelta(days=10))
    due = list(Listing.objects.due_for_review(within_days=14, now=NOW))
    assert due == [overdue, soon]
    assert fine not in due


def test_rows_load_as_their_kind_from_the_shared_table():
    for factory in KIND_FACTORIES:
        factory()
    kinds = {type(listing) for listing in Listing.objects.all()}
    assert kinds == {Attorney, Consulate, WorkerCenter, FundingSource}
    assert Attorney.objects.count() == 1
    assert all(type(c) is Consulate for c in Consulate.objects.all())


def test_mixed_listings_load_in_constant_queries(django_assert_num_queries):
    def load():
        return [
            (listing.name, [p.number for p in listing.phones.all()], list(listing.languages.all()))
            for listing in Listing.objects.prefetch_related("phones", "languages")
        ]

    for factory in KIND_FACTORIES:
        factory()
    with django_assert_num_queries(3):
        assert len(load()) == 4
    for index in range(21):
        KIND_FACTORIES[index % 4]()
    with django_assert_num_queries(3):
        assert len(load()) == 25
