"""Two organizations, each with staff and a published list of public listings."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from lists import setup as lists_setup
from lists.models import ListEntry, Organization, TrustedList
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, UserFactory, WorkerCenterFactory


def staff_of(organization: Organization, username: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=lists_setup.STAFF))
    organization.staff.add(user)
    return user


def make_list(organization, slug, listings, notes=None, title=None):
    trusted_list = TrustedList.objects.create(
        organization=organization,
        slug=slug,
        title=title or {"en": f"List {slug}", "es": f"Lista {slug}"},
    )
    for order, listing in enumerate(listings):
        ListEntry.objects.create(
            trusted_list=trusted_list,
            listing=listing,
            sort_order=order,
            note=(notes or {}).get(listing.pk, {}),
        )
    return trusted_list


@pytest.fixture
def listings(db):
    return [
        public(AttorneyFactory, name="Example Essex Defense Clinic", slug="essex-clinic"),
        public(WorkerCenterFactory, name="Example Newark Workers Center", slug="newark-center"),
        public(AttorneyFactory, name="Example Bond Attorney", slug="bond-attorney"),
    ]


@pytest.fixture
def orgs(db, listings):
    """Organization A (a worker center) with a published list; B (an agency) with its own."""
    a = Organization.objects.create(
        name="Example Workers United", slug="workers-united", kind="worker_center"
    )
    b = Organization.objects.create(name="Example Labor Agency", slug="labor-agency", kind="agency")
    clinic, center, bond = listings
    a_list = make_list(
        a,
        "retaliation",
        [center, clinic],
        notes={
            center.pk: {"en": "Ask for Rosa.", "es": "Pregunte por Rosa."},
            clinic.pk: {"en": "Walk-ins on Tuesdays."},
        },
        title={"en": "Retaliation referrals, Essex County", "es": "Represalias, condado de Essex"},
    )
    b_list = make_list(b, "bond", [bond])
    a_staff, b_staff = staff_of(a, "ana"), staff_of(b, "bruno")
    a_list.publish(a_staff)
    b_list.publish(b_staff)
    return {
        "a": a,
        "b": b,
        "a_list": a_list,
        "b_list": b_list,
        "a_staff": a_staff,
        "b_staff": b_staff,
    }


def withdraw(listing) -> None:
    """The listing's review ran out: it leaves the public directory by itself."""
    type(listing).objects.filter(translation_key=listing.translation_key).update(
        last_verified=timezone.now() - timedelta(days=400)
    )
