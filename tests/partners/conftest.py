"""Partner keys for the tests: ``make_key`` creates a row and returns it with its full key."""

import pytest

from partners.models import PartnerKey
from tests import caches as test_caches
from tests.api.test_directory import public
from tests.factories import ConsulateFactory


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttles count in the default cache; every test starts with none used."""
    test_caches.clear("default")
    yield
    test_caches.clear("default")


@pytest.fixture
def make_key(db):
    def make(name="Example key", tier=PartnerKey.Tier.PUBLIC, origins=(), rate="", active=True):
        row = PartnerKey(
            name=name,
            organization_name="Example Partner Org",
            tier=tier,
            allowed_origins="\n".join(origins),
            rate_limit=rate,
            active=active,
        )
        key = row.new_key()
        row.full_clean()
        row.save()
        return row, key

    return make


@pytest.fixture
def consulate(db):
    return public(
        ConsulateFactory,
        name="Example Consulate of Mexico in Newark",
        slug="mexico-newark",
        liaison_name="Example Liaison Officer",
        liaison_email="liaison@example.org",
        liaison_phone="+19735550142",
    )
