"""A text search's term facets (languages, topics, fund_type) on PostgreSQL count the term id
arrays of its matches' search documents (documents.LINKED) instead of joining the link tables:
their counts stay the links' counts whatever way the links change, and nothing hidden counts."""

from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import FundType, Language, Listing, Topic
from directory.models.document import SearchDocument
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, FundingSourceFactory, WorkerCenterFactory

pytestmark = pytest.mark.django_db
FACETS = {"languages": "languages", "topics": "topics", "fund_type": "fund_types"}
SEARCH = "/api/@search?SearchableText=tallied&facets=languages&facets=topics&facets=fund_type"


def facet_counts(client) -> dict[str, dict[str, int]]:
    body = client.get(SEARCH).json()
    return {
        name: {term["token"]: term["count"] for term in body["facets"][name]} for name in FACETS
    }


def link_counts(listings) -> dict[str, dict[str, int]]:
    """What the link tables say, listing by listing."""
    counts = {name: Counter() for name in FACETS}
    for listing in listings:
        listing = Listing.objects.get(pk=listing.pk)
        for name, relation in FACETS.items():
            counts[name].update(getattr(listing, relation).values_list("token", flat=True))
    return {name: dict(counted) for name, counted in counts.items()}


@pytest.fixture
def tallied():
    funds = list(FundType.objects.canonical().order_by("token")[:2])
    fund = public(
        FundingSourceFactory,
        name="Example Tallied Bond Fund",
        languages=("spa", "eng"),
        topics=("detained",),
    )
    fund.fund_types.set(funds)
    fund.save()
    return [
        public(AttorneyFactory, name="Example Tallied Clinic", languages=("spa", "mam")),
        public(WorkerCenterFactory, name="Example Tallied Center", topics=("wage-theft",)),
        fund,
    ]


def test_term_facets_are_the_links_counts(client, tallied):
    assert facet_counts(client) == link_counts(tallied)
    assert facet_counts(client)["languages"] == {"spa": 3, "mam": 1, "eng": 1}


def test_term_facets_follow_every_change_of_links(client, tallied):
    clinic, center, fund = tallied
    clinic.languages.set(Language.objects.canonical().filter(token__in=["eng", "quc"]))
    clinic.topics.set(Topic.objects.canonical().filter(token__in=["u-visa", "wage-theft"]))
    clinic.save()
    center.languages.set([])
    center.save()
    fund.fund_types.set(FundType.objects.canonical().order_by("token")[:1])
    fund.save()
    counts = facet_counts(client)
    assert counts == link_counts(tallied)
    assert counts["languages"] == {"spa": 1, "eng": 2, "quc": 1}
    assert counts["topics"]["wage-theft"] == 2


def test_hidden_listings_count_in_no_facet(client, tallied):
    clinic = tallied[0]
    clinic.live = False
    clinic.save()
    assert facet_counts(client)["languages"] == {"spa": 2, "eng": 1}
    assert facet_counts(client) == link_counts(tallied[1:])


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the arrays are PostgreSQL's")
def test_a_text_search_counts_its_term_facets_from_the_arrays(client, tallied):
    with CaptureQueriesContext(connection) as queries:
        facet_counts(client)
    (counting,) = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH")]
    assert counting.count("unnest(") == 3
    for relation in FACETS.values():
        link_table = Listing._meta.get_field(relation).remote_field.through._meta.db_table
        assert link_table not in counting
    # The arrays are the documents' own, sorted as the link ids are.
    document = SearchDocument.objects.get(listing=tallied[2])
    assert document.language_ids == sorted(tallied[2].languages.values_list("pk", flat=True))
    assert document.fund_type_ids == sorted(tallied[2].fund_types.values_list("pk", flat=True))
