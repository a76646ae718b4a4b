"""The term filters (languages, topics, fund_type): EXISTS on the link table by term id, with a
(term, listing) index on each link table (migration 0017). Repeated values are OR, different
filters AND, a listing is never repeated, and the tokens are checked and named by id from the
term titles the answer reads anyway (no query of their own)."""

import pytest
from django.db import connection
from wagtail.models import Locale

from directory.models import FundType, Language, Listing
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, FundingSourceFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


@pytest.fixture
def listings():
    public(AttorneyFactory, name="Example Spanish", slug="es", languages=("spa",))
    public(AttorneyFactory, name="Example Both", slug="both", languages=("spa", "mam"),
           topics=("wage-theft", "removal-defense"))  # fmt: skip
    public(AttorneyFactory, name="Example Mam", slug="mam", languages=("mam",),
           topics=("wage-theft",))  # fmt: skip
    fund = public(FundingSourceFactory, name="Example Bond Fund", slug="fund")
    fund.fund_types.set(FundType.objects.canonical().filter(token="bond"))
    fund.save()
    hidden = AttorneyFactory(name="Example Hidden Mam", slug="hidden")  # never verified
    hidden.languages.set(Language.objects.canonical().filter(token="mam"))
    hidden.save()


def test_repeated_values_are_or_and_never_repeat_a_listing(client, listings):
    url = "/api/@search?portal_type=Attorney&languages=spa&languages=mam"
    assert titles(client.get(url)) == ["Example Both", "Example Mam", "Example Spanish"]
    assert client.get(url).json()["items_total"] == 3


def test_different_filters_are_and(client, listings):
    url = "/api/@search?languages=mam&topics=wage-theft&topics=bond"
    assert titles(client.get(url)) == ["Example Both", "Example Mam"]
    assert titles(client.get("/api/@search?languages=spa&topics=wage-theft")) == ["Example Both"]


def test_fund_type(client, listings):
    assert titles(client.get("/api/@search?fund_type=bond")) == ["Example Bond Fund"]
    assert titles(client.get("/api/@search?fund_type=legal-fees")) == []


def test_term_filters_run_no_query_of_their_own(client, listings, django_assert_num_queries):
    client.get("/api/@search?languages=spa")  # what a process reads once (locales, titles)
    url = "/api/@search?portal_type=Attorney&b_size=1&languages=spa&languages=mam&topics=wage-theft"
    # the public version and its next due moment, the count, the page's ids and its rows, its
    # phones and its terms' ids (one query over the link tables); the tokens are checked, and
    # named by id, from the process's titles, kept from the first answer
    with django_assert_num_queries(7):
        assert client.get(url).json()["items_total"] == 2


def test_a_term_added_later_filters_at_once(client, listings):
    assert client.get("/api/@search?languages=spa").status_code == 200  # titles kept
    assert client.get("/api/@search?languages=zzz").status_code == 400
    new = Language.objects.create(token="zzz", title="Example", locale=Locale.get_default())
    listing = Listing.objects.get(slug="mam")
    listing.languages.add(new)
    listing.save()
    assert titles(client.get("/api/@search?languages=zzz")) == ["Example Mam"]


def test_each_link_table_has_a_term_listing_index():
    for name, column in (("languages", "language_id"), ("topics", "topic_id"),
                         ("fund_types", "fundtype_id")):  # fmt: skip
        table = Listing._meta.get_field(name).remote_field.through._meta.db_table
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, table)
        indexed = [c["columns"] for c in constraints.values() if c["index"]]
        assert [column, "listing_id"] in indexed, table
