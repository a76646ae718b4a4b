"""Kept counts (api/caching.py, ListingSearch.tally): a public search's total and facet counts
are counted once per public version and shared, so the next batch of the same search, another
sort of it, or its facets asked again cost no count query; a publish or a listing falling due
moves them at once; an editor's counts are never kept nor served from what the public sees."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import Language
from tests import caches as test_caches
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, WorkerCenterFactory

pytestmark = pytest.mark.django_db
SEARCH = "/api/@search?SearchableText=clinic&languages=spa&facets=topics&facets=state&b_size=2"


@pytest.fixture(autouse=True)
def kept(settings):
    settings.AMPARO_API_CACHE_ENTRIES = 2000  # off elsewhere in the suite (tests/conftest.py)
    test_caches.clear("default")
    yield
    test_caches.clear("default")


@pytest.fixture
def clinics(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return [
            public(AttorneyFactory, name=f"Example Kept Clinic {n}", slug=f"kept-{n}")
            for n in range(3)
        ]


def counting(queries) -> list[str]:
    """The listings' count queries (pages are counted apart, when a search includes them)."""
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH matching")]


def kept_keys() -> list[str]:
    return [key for key in test_caches.keys("default") if "counts:" in key]


def test_the_next_batch_costs_no_count_query(client, clinics):
    client.get("/api/@search?SearchableText=other")  # what a process reads once (locales)
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(SEARCH).json()
    # Another batch and another sort of the same search: other URLs, so not the kept answer.
    with CaptureQueriesContext(connection) as next_queries:
        second = client.get(SEARCH + "&b_start=2&sort_on=title").json()
    assert len(counting(first_queries)) == 1
    assert counting(next_queries) == []
    # The next batch: the public version and its next due moment, the page's ids and its rows,
    # its phones and its terms' ids (the language's token is checked against the titles); the
    # first read its ids in the query that counted (one pass for a search with facets) and
    # loaded the titles (kept by the process since).
    assert len(first_queries.captured_queries) == 8
    assert len(next_queries.captured_queries) == 5
    assert first["items_total"] == second["items_total"] == 3
    assert second["facets"] == first["facets"]
    assert first["facets"]["topics"] == [
        {"token": "removal-defense", "title": "Removal (deportation) defense", "count": 3}
    ]
    assert [item["title"] for item in second["items"]] == ["Example Kept Clinic 2"]


def test_facets_asked_again_cost_no_count_query(client, clinics):
    client.get("/api/@search?SearchableText=clinic")
    with CaptureQueriesContext(connection) as queries:
        with_facet = client.get("/api/@search?SearchableText=clinic&facets=topics").json()
    assert len(counting(queries)) == 1  # the facet was not counted yet
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/@search?SearchableText=clinic&facets=topics&b_size=1").json()
    assert counting(queries) == []
    assert again["facets"] == with_facet["facets"]
    assert again["items_total"] == with_facet["items_total"] == 3


def test_a_publish_changes_the_counts(client, clinics, vetter, django_capture_on_commit_callbacks):
    assert client.get(SEARCH).json()["items_total"] == 3
    with django_capture_on_commit_callbacks(execute=True):
        public(AttorneyFactory, name="Example Fourth Clinic", slug="fourth")
    assert client.get(SEARCH + "&b_start=2").json()["items_total"] == 4
    clinics[0].name = "Example Renamed Office"
    clinics[0].save_revision(user=vetter).publish(user=vetter)
    after = client.get(SEARCH + "&b_start=1").json()
    assert after["items_total"] == 3
    assert after["facets"]["topics"][0]["count"] == 3


def test_falling_due_changes_the_counts(client, clinics, monkeypatch):
    assert client.get(SEARCH).json()["items_total"] == 3
    due = min(clinic.next_review_due for clinic in clinics)
    monkeypatch.setattr(timezone, "now", lambda: due + timedelta(seconds=1))
    after = client.get(SEARCH + "&b_start=2").json()
    assert after["items_total"] == 0
    assert after["facets"] == {"state": [], "topics": []}


def test_editor_counts_are_neither_kept_nor_shared(client, clinics, editor):
    draft = AttorneyFactory(name="Example Draft Clinic")  # not public: an editor sees it
    draft.languages.set(Language.objects.canonical().filter(token="spa"))
    draft.save()
    client.force_login(editor)
    assert client.get(SEARCH).json()["items_total"] == 4
    assert kept_keys() == []  # the editor's counts were not kept
    client.logout()
    assert client.get(SEARCH).json()["items_total"] == 3  # counted for the public
    assert len(kept_keys()) == 1
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        as_editor = client.get(SEARCH + "&b_start=2").json()
    assert as_editor["items_total"] == 4  # counted again, not the public's kept counts
    assert len(counting(queries)) == 1


def test_counts_are_not_kept_when_keeping_is_off(client, clinics, settings):
    settings.AMPARO_API_CACHE_ENTRIES = 0
    client.get(SEARCH)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SEARCH + "&b_start=2").json()["items_total"] == 3
    assert len(counting(queries)) == 1
    assert kept_keys() == []


def test_counts_kept_in_the_database_cache_are_shared(client, clinics, settings):
    # A deployment without Redis keeps them in the database cache, which every process reads.
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "test_kept_counts",
        },
    }
    call_command("createcachetable", "test_kept_counts", verbosity=0)
    assert client.get(SEARCH).json()["items_total"] == 3
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SEARCH + "&b_start=2").json()["items_total"] == 3
    assert counting(queries) == []
    assert any("test_kept_counts" in q["sql"] for q in queries.captured_queries)


def test_a_kind_folder_and_a_language_count_apart(client, clinics, spanish):
    public(WorkerCenterFactory, name="Example Workers Clinic", slug="center")
    query = "?SearchableText=clinic&languages=spa&facets=topics"
    assert client.get("/api/@search" + query).json()["items_total"] == 4
    assert client.get("/api/directory/attorneys/" + query).json()["items_total"] == 3
    assert client.get("/api/directory/worker-centers/" + query).json()["items_total"] == 1
    assert client.get("/api/@search" + query + "&portal_type=Attorney").json()["items_total"] == 3
    # Spanish readers see the Spanish translation where there is one: another match.
    translated = clinics[0].copy_for_translation(spanish)
    translated.name = "Example Clínica Traducida"
    translated.save()
    assert client.get("/api/@search" + query + "&language=es").json()["items_total"] == 4
    assert (
        client.get("/api/@search?SearchableText=traducida&language=es").json()["items_total"] == 1
    )
    assert client.get("/api/@search?SearchableText=traducida").json()["items_total"] == 0


@pytest.mark.parametrize("place", ["state=NJ", "county=34013", "near=07102"])
def test_a_place_search_by_title_counts_in_its_batchs_query(client, clinics, place):
    """A place's candidates are a union of ids: the batch's query sorts every match anyway, so
    it counts them too (``COUNT(*) OVER ()``), in one pass instead of two."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/api/@search?{place}&sort_on=title&b_size=2").json()
    assert counting(queries) == []
    assert [q for q in queries.captured_queries if "COUNT(*) OVER ()" in q["sql"]]
    assert body["items_total"] == 3
    assert [item["title"] for item in body["items"]] == [
        "Example Kept Clinic 0",
        "Example Kept Clinic 1",
    ]
    test_caches.clear("default")  # not the kept count: past the last match, counted apart
    past = client.get(f"/api/@search?{place}&sort_on=title&b_start=5").json()
    assert (past["items_total"], past["items"]) == (3, [])


def test_a_browse_by_title_counts_apart_from_its_batch(client, clinics):
    """Without a place, a batch by title may stop early in the title's index: a count of its
    own is cheaper than counting every match in the batch's query."""
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/@search?languages=spa&sort_on=title&b_size=2").json()
    assert len(counting(queries)) == 1
    assert not [q for q in queries.captured_queries if "COUNT(*) OVER ()" in q["sql"]]
    assert body["items_total"] == 3
