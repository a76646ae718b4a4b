"""The directory endpoints: /api/directory/..., @search, @consulates (API.md)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Page

from api.serializers import KIND_TYPES, ListingUrls, choice
from directory.choices import PhoneType, ServiceArea, Status
from directory.models import Country, Language, Listing, PublicVersion, State, Topic
from directory.places import miles_between, resolve
from tests.api.golden import assert_golden
from tests.factories import (
    AttorneyFactory,
    ConsulateFactory,
    FundingSourceFactory,
    WorkerCenterFactory,
)

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def public(factory, languages=("spa",), topics=("removal-defense",), **fields):
    listing = factory(live=True, last_verified=NOW - timedelta(days=3), **fields)
    listing.languages.set(Language.objects.canonical().filter(token__in=languages))
    listing.topics.set(Topic.objects.canonical().filter(token__in=topics))
    listing.save()  # parental many-to-many values are written on save
    return listing


@pytest.fixture
def directory():
    """Public listings in three places, plus hidden ones that must never show."""
    return {
        "newark": public(AttorneyFactory, name="Example Newark Defense Clinic", slug="newark"),
        "elizabeth": public(
            WorkerCenterFactory,
            name="Example Elizabeth Workers Center",
            city="Elizabeth",
            postal_code="07201",
            county_id="34039",
            latitude=40.6653,
            longitude=-74.1929,
            languages=("spa", "mam"),
            topics=("wage-theft", "retaliation"),
        ),
        "chicago": public(
            AttorneyFactory,
            name="Example Chicago Immigration Clinic",
            city="Chicago",
            state="IL",
            postal_code="60608",
            county_id="17031",
            latitude=41.85,
            longitude=-87.67,
            languages=("eng",),
        ),
        "national": public(
            FundingSourceFactory,
            name="Example National Bond Fund",
            city="Chicago",
            state="IL",
            postal_code="60608",
            county_id="17031",
            latitude=41.85,
            longitude=-87.67,
            service_area=ServiceArea.NATIONAL,
            topics=("bond",),
        ),
        "draft": AttorneyFactory(name="Example Draft Clinic"),
        "expired": AttorneyFactory(
            name="Example Expired Clinic", live=True, last_verified=NOW - timedelta(days=181)
        ),
        "inactive": public(AttorneyFactory, name="Example Closed Clinic", status=Status.INACTIVE),
    }


def titles(response):
    return [item["title"] for item in response.json()["items"]]


def test_search_text_state_and_language(client, directory):
    response = client.get("/api/@search", {"SearchableText": "clinic", "state": "NJ"})
    assert response.status_code == 200
    assert titles(response) == ["Example Newark Defense Clinic"]
    response = client.get("/api/@search", {"languages": "mam"})
    assert titles(response) == ["Example Elizabeth Workers Center"]
    response = client.get("/api/@search", {"languages": ["mam", "eng"]})  # repeated values: OR
    assert set(titles(response)) == {
        "Example Elizabeth Workers Center",
        "Example Chicago Immigration Clinic",
    }


def test_hidden_listings_never_show(client, directory):
    everything = client.get("/api/@search", {"b_size": 100, "facets": "portal_type"}).json()
    shown = {item["title"] for item in everything["items"]}
    assert shown == {
        "Example Newark Defense Clinic",
        "Example Elizabeth Workers Center",
        "Example Chicago Immigration Clinic",
        "Example National Bond Fund",
    }
    assert sum(term["count"] for term in everything["facets"]["portal_type"]) == 4
    for hidden in ("draft", "expired", "inactive"):
        listing = directory[hidden]
        assert client.get(f"/api/directory/attorneys/{listing.slug}").status_code == 404
        assert client.get("/api/@search", {"SearchableText": listing.name}).json()["items"] == []


def test_place_search_includes_what_serves_the_place_from_afar(client, directory):
    response = client.get("/api/@search", {"near": "07102", "radius": 10})
    items = response.json()["items"]
    assert [(i["title"], i["coverage"]) for i in items] == [
        ("Example Newark Defense Clinic", "local"),
        ("Example Elizabeth Workers Center", "local"),
        ("Example National Bond Fund", "national"),
    ]
    assert items[0]["distance"] == 0.0
    assert 4 < items[1]["distance"] < 6  # Newark to Elizabeth, about 5 miles
    assert items[2]["distance"] is None


def test_statewide_listing_serves_its_states(client, directory):
    statewide = public(
        AttorneyFactory, name="Example Statewide Hotline", city="Chicago", state="IL",
        postal_code="60608", county_id="17031", latitude=41.85, longitude=-87.67,
        service_area=ServiceArea.STATES,
    )  # fmt: skip
    statewide.service_states.set(State.objects.canonical().filter(token="NJ"))
    statewide.save()
    coverage = {
        i["title"]: i["coverage"] for i in client.get("/api/@search?state=NJ").json()["items"]
    }
    assert coverage["Example Statewide Hotline"] == "statewide"
    assert coverage["Example Newark Defense Clinic"] == "local"
    assert "Example Chicago Immigration Clinic" not in coverage


def test_facets_count_the_whole_result_not_the_page(client, directory):
    body = client.get("/api/@search", {"b_size": 1, "facets": ["languages", "state"]}).json()
    assert len(body["items"]) == 1
    assert body["items_total"] == 4
    languages = {term["token"]: term["count"] for term in body["facets"]["languages"]}
    assert languages == {"spa": 3, "mam": 1, "eng": 1}
    assert {t["token"]: t["count"] for t in body["facets"]["state"]} == {"NJ": 2, "IL": 2}
    assert body["facets"]["state"][0]["title"] in {"New Jersey", "Illinois"}


def test_batching_links_keep_the_other_parameters(client, directory):
    body = client.get(
        "/api/@search", {"b_size": 2, "portal_type": "Attorney", "sort_on": "title"}
    ).json()
    assert body["items_total"] == 2
    assert "batching" not in body
    body = client.get("/api/@search", {"b_size": 1, "sort_on": "title"}).json()
    assert body["batching"]["next"].endswith("?b_size=1&sort_on=title&b_start=1")
    assert "prev" not in body["batching"]
    last = client.get(body["batching"]["last"]).json()
    assert "next" not in last["batching"]
    assert last["items"][0]["title"] == "Example Newark Defense Clinic"


def test_listing_detail_is_full_and_in_the_request_language(client, directory, spanish):
    listing = directory["newark"]
    translation = listing.copy_for_translation(spanish)
    translation.name, translation.summary = "Clínica de Defensa de Ejemplo", "Ayuda gratuita."
    translation.save()
    english = client.get("/api/directory/attorneys/newark")
    assert english.json()["title"] == "Example Newark Defense Clinic"
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
    spanish_answer = client.get("/api/directory/attorneys/newark", HTTP_ACCEPT_LANGUAGE="es")
    body = spanish_answer.json()
    assert (body["title"], body["language"]) == ("Clínica de Defensa de Ejemplo", "es")
    assert body["state"] == {"token": "NJ", "title": "Nueva Jersey"}
    assert body["vetting"]["status"] == "verified"
    assert body["provider_type"]["token"] == "nonprofit"
    assert "vetting_notes" not in body and "liaison_phone" not in body
    # Without a Spanish translation the original is served, and says so.
    other = client.get("/api/directory/worker-centers/", {"language": "es"}).json()["items"][0]
    assert other["language"] == "en"


def test_listing_translations_service(client, directory, spanish):
    listing = directory["newark"]
    listing.copy_for_translation(spanish).save()
    body = client.get("/api/directory/attorneys/newark/@translations").json()
    assert body["items"] == [
        {"@id": "http://testserver/api/directory/attorneys/newark?language=es", "language": "es"}
    ]
    spanish_side = client.get("/api/directory/attorneys/newark/@translations?language=es").json()
    assert [item["language"] for item in spanish_side["items"]] == ["en"]
    assert client.get("/api/directory/attorneys/nobody/@translations").status_code == 404


def test_consulate_detail_hides_the_partner_only_liaison(client):
    consulate = public(
        ConsulateFactory, liaison_name="Example Liaison", liaison_phone="+12125550100"
    )
    body = client.get(f"/api/directory/consulates/{consulate.slug}").json()
    assert body["country"] == {"token": "MX", "title": "Mexico"}
    assert "Example Liaison" not in str(body)


def test_consulates_service_finds_the_consulate_whose_jurisdiction_covers_a_place(client):
    mexico = Country.objects.canonical().get(token="MX")
    new_york = public(ConsulateFactory, name="Example Consulate of Mexico in New York",
                      city="New York", state="NY", postal_code="10001", county_id="36061",
                      latitude=40.75, longitude=-73.99, country=mexico,
                      service_area=ServiceArea.STATES)  # fmt: skip
    new_york.service_states.set(State.objects.canonical().filter(token__in=["NY", "NJ"]))
    new_york.save()
    public(ConsulateFactory, name="Example Consulate of Mexico in Chicago", city="Chicago",
           state="IL", postal_code="60608", county_id="17031", latitude=41.85, longitude=-87.67,
           country=mexico, service_area=ServiceArea.STATES)  # fmt: skip
    body = client.get("/api/@consulates", {"country": "MX", "near": "07102"}).json()
    assert [(i["title"], i["coverage"]) for i in body["items"]] == [
        ("Example Consulate of Mexico in New York", "statewide")
    ]
    assert client.get("/api/@consulates", {"country": "GT", "near": "07102"}).json()["items"] == []


def test_consulates_come_nearest_first_with_longitude_scaled(client):
    """Two consulates serving New Jersey: one 1.0 degree of latitude north of Newark (69 miles),
    one 1.2 degrees of longitude east (63 miles: a degree of longitude is cos(40.7) = 0.76 of a
    degree of latitude there). Unscaled degrees would put the northern one first."""
    point = resolve("07102")
    mexico = Country.objects.canonical().get(token="MX")
    new_jersey = State.objects.canonical().filter(token="NJ")
    north = (point.latitude + 1.0, point.longitude)
    east = (point.latitude, point.longitude + 1.2)
    assert miles_between(point.latitude, point.longitude, *east) < miles_between(
        point.latitude, point.longitude, *north
    )
    # The farther one first in name and in insertion order, so neither can pass for distance.
    for name, (latitude, longitude) in [("Example A North", north), ("Example B East", east)]:
        consulate = public(ConsulateFactory, name=name, latitude=latitude, longitude=longitude,
                           country=mexico, service_area=ServiceArea.STATES)  # fmt: skip
        consulate.service_states.set(new_jersey)
        consulate.save()
    body = client.get("/api/@consulates", {"country": "MX", "near": "07102"}).json()
    assert [i["title"] for i in body["items"]] == ["Example B East", "Example A North"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/@search?bogus=1", "bogus"),
        ("/api/@search?b_size=1000", "b_size"),
        ("/api/@search?b_size=0", "b_size"),
        ("/api/@search?b_start=-1", "b_start"),
        ("/api/@search?b_start=x", "b_start"),
        ("/api/@search?b_start=%C2%B2", "b_start"),  # "²": a digit to str.isdigit()
        ("/api/@search?b_start=99999999999999999999999", "b_start"),
        ("/api/@search?language=xx", "language"),
        ("/api/@search?portal_type=Plumber", "portal_type"),
        ("/api/@search?state=ZZ", "state"),
        ("/api/@search?county=99999", "county"),
        ("/api/@search?near=00000", "near"),
        ("/api/@search?near=%D9%A1%D9%A2%D9%A3%D9%A4%D9%A5", "near"),  # "١٢٣٤٥": \d to re
        ("/api/@search?near=91,0", "near"),
        ("/api/@search?near=somewhere", "near"),
        ("/api/@search?near=07102&radius=501", "radius"),
        ("/api/@search?near=07102&radius=-5", "radius"),
        ("/api/@search?radius=5", "radius"),
        ("/api/@search?near=07102&state=NJ", "state"),
        ("/api/@search?languages=xyz", "languages"),
        ("/api/@search?topics=plumbing", "topics"),
        ("/api/@search?fee_model=cheap", "fee_model"),
        ("/api/@search?accepting_clients=maybe", "accepting_clients"),
        ("/api/@search?serves_detained=1", "serves_detained"),
        ("/api/@search?doj_recognized=yes", "doj_recognized"),
        ("/api/@search?country=XX", "country"),
        ("/api/@search?fund_type=lottery", "fund_type"),
        ("/api/@search?verified_since=yesterday", "verified_since"),
        ("/api/@search?modified_since=2026-13-45", "modified_since"),
        ("/api/@search?facets=colour", "facets"),
        ("/api/@search?sort_on=price", "sort_on"),
        ("/api/@search?sort_on=relevance", "sort_on"),
        ("/api/@search?sort_on=distance", "sort_on"),
        ("/api/@search?sort_order=sideways", "sort_order"),
        ("/api/@search?metadata_fields=secret", "metadata_fields"),
        ("/api/@search?SearchableText=" + "x" * 201, "SearchableText"),
        ("/api/@consulates?near=07102", "country"),
        ("/api/@consulates?country=MX", "near"),
        ("/api/@consulates?country=ZZ&near=07102", "country"),
        ("/api/@consulates?country=MX&near=nowhere", "near"),
        ("/api/directory/attorneys/?portal_type=Attorney", "portal_type"),
    ],
)
def test_bad_values_are_a_400_naming_the_parameter(client, url, field):
    before = Listing.objects.count()
    response = client.get(url)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["type"] == "BadRequest"
    assert body["message"]
    assert field in [error["field"] for error in body["errors"]]
    assert Listing.objects.count() == before


def test_unknown_kind_or_listing_is_a_404_in_the_error_shape(client, directory):
    for url in ("/api/directory/plumbers/", "/api/directory/attorneys/nobody"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["type"] == "NotFound"


def test_etag_revalidation_and_publishing_changes_it(client, directory, vetter):
    url = "/api/directory/attorneys/newark"
    first = client.get(url)
    assert first["Cache-Control"].startswith("public, max-age=")
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    listing = directory["newark"]
    listing.alert = "Not taking new cases this month."
    listing.save_revision(user=vetter).publish(user=vetter)
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["alert"] == "Not taking new cases this month."


def test_etag_changes_when_a_listing_falls_due(client, directory, monkeypatch):
    url = "/api/@search?state=NJ"
    first = client.get(url)
    due = directory["newark"].next_review_due
    monkeypatch.setattr(timezone, "now", lambda: due + timedelta(seconds=1))
    later = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert later.status_code == 200
    assert "Example Newark Defense Clinic" not in titles(later)


@pytest.mark.parametrize(
    "url",
    [
        "/api/@search?SearchableText=example&portal_type=Attorney",
        "/api/@search?near=07102&radius=500&portal_type=Attorney",
        "/api/@search?SearchableText=example&sort_on=title&portal_type=Attorney",
    ],
)
def test_the_total_is_the_same_however_the_page_counts_it(client, url):
    """Ranked, the page query counts the matches (COUNT(*) OVER ()); a batch past the end
    has no row to read it from and counts on its own; sorted by title, a count query."""
    for index in range(7):
        public(AttorneyFactory, name=f"Example Counted {index}", slug=f"counted-{index}")
    public(WorkerCenterFactory, name="Example Counted Center", slug="counted-center")
    for batch in ("&b_size=3", "&b_size=3&b_start=3", "&b_size=3&b_start=6", "&b_start=50"):
        body = client.get(url + batch).json()
        assert body["items_total"] == 7, batch
    assert len(client.get(url + "&b_size=3&b_start=6").json()["items"]) == 1
    assert client.get(url + "&b_start=50").json()["items"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/@search?SearchableText=example&portal_type=Attorney",
        "/api/@search?near=07102&radius=500&portal_type=Attorney",
        "/api/@search?SearchableText=example&sort_on=title&sort_order=descending",
    ],
)
def test_facets_leave_every_batch_as_it_is(client, url):
    """With facets, one query counts and reads the batch's ids (ListingSearch._count): each
    batch holds the same listings, in the same order and with the same coverage, as without."""
    for index in range(7):
        public(AttorneyFactory, name=f"Example Faceted {index % 3}", slug=f"faceted-{index}")
    public(WorkerCenterFactory, name="Example Faceted Center", slug="faceted-center")
    for batch in ("&b_size=3", "&b_size=3&b_start=3", "&b_size=3&b_start=6", "&b_start=50"):
        plain = client.get(url + batch).json()
        faceted = client.get(url + batch + "&facets=portal_type&facets=languages").json()
        assert faceted["items"] == plain["items"], batch
        assert faceted["items_total"] == plain["items_total"], batch
        kinds = {term["token"]: term["count"] for term in faceted["facets"]["portal_type"]}
        assert sum(kinds.values()) == plain["items_total"], batch


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # A page is two queries: its ids, sorted on narrow rows, then its rows
        # (ListingSearch.page).
        ("/api/@search?b_size={n}", 12),
        ("/api/@search?language=es&b_size={n}", 12),  # the translation rule: no query more
        # Ranked (by relevance or distance), the ids query counts the matches too: no count
        # query (ListingSearch.counted_page).
        # The language's token is checked, and named by id, from the process's titles.
        ("/api/@search?SearchableText=example&state=NJ&languages=spa&b_size={n}", 6),
        # With facets, the query that counts reads the page's ids too (one pass).
        ("/api/@search?SearchableText=example&facets=languages&facets=topics&b_size={n}", 11),
        ("/api/@search?near=07102&radius=500&b_size={n}", 6),
        ("/api/@search?SearchableText=example+07102&facets=topics&b_size={n}", 6),  # a ZIP
        ("/api/directory/attorneys/?b_size={n}&fullobjects=1", 9),
    ],
)
def test_query_count_does_not_grow_with_the_page(client, url, queries):
    kinds = [AttorneyFactory] if "attorneys" in url else [AttorneyFactory, WorkerCenterFactory]
    for index in range(25):
        public(kinds[index % len(kinds)], name=f"Example Listing {index}", languages=("spa", "eng"))
    client.get(url.format(n=1))  # warm per-process caches (geography)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url.format(n=1)).json()["items"]) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url.format(n=25)).json()["items"]) == 25
    assert len(many.captured_queries) == len(one.captured_queries)
    assert len(one.captured_queries) == queries


def test_listing_urls_are_the_listing_routes(rf):
    request = rf.get("/api/@search")
    urls = ListingUrls(request)
    for factory in (AttorneyFactory, ConsulateFactory, WorkerCenterFactory, FundingSourceFactory):
        for slug in ("example-one", "example_2"):
            listing = factory.build(slug=slug)
            segment = KIND_TYPES[listing.kind][1]
            route = reverse("api:listing", kwargs={"kind": segment, "slug": slug})
            assert urls(listing) == request.build_absolute_uri(route)


def test_kept_choice_titles_follow_the_language():
    for language, title in (("en", "Main line"), ("es", "Línea principal"), ("en", "Main line")):
        with translation.override(language):
            assert choice(PhoneType, "main") == {"token": "main", "title": title}


def test_golden_search_and_listing(client, directory):
    assert_golden(
        "search-near-newark", client.get("/api/@search?near=07102&radius=10&facets=topics")
    )
    assert_golden("listing-attorney", client.get("/api/directory/attorneys/newark"))
    assert_golden("error-bad-radius", client.get("/api/@search?near=07102&radius=900"))


def test_search_finds_pages_after_listings(client, directory, demo_pages):
    body = client.get("/api/@search", {"SearchableText": "raid"}).json()
    assert [(i["@type"], i["title"]) for i in body["items"]] == [
        ("DocumentPage", "After a raid at your workplace")
    ]
    raid = Page.objects.get(slug="after-a-raid", locale__language_code="en")
    assert body["items"][0]["UID"] == raid.translation_key.hex
    spanish = client.get("/api/@search", {"portal_type": "DocumentPage", "language": "es"}).json()
    assert spanish["items_total"] == 3
    assert {i["language"] for i in spanish["items"]} == {"es"}
    # A page's UID is the same in every language, as a listing's is.
    assert raid.translation_key.hex in {i["UID"] for i in spanish["items"]}
    assert_golden("search-pages", client.get("/api/@search?SearchableText=raid"))
    both = client.get("/api/@search", {"b_size": 2, "b_start": 3, "sort_on": "title"}).json()
    assert both["items_total"] == 4 + 6  # four public listings, then six pages
    assert [i["@type"] for i in both["items"]] == ["Attorney", "DocumentPage"]


def test_listing_only_filters_leave_pages_out(client, directory, demo_pages):
    for query in ({"state": "NJ"}, {"languages": "spa"}, {"portal_type": "Attorney"}):
        body = client.get("/api/@search", query).json()
        assert all(
            i["@type"] not in ("HomePage", "FolderPage", "DocumentPage") for i in body["items"]
        )


def test_metadata_fields_add_chosen_full_fields_to_summaries(client, directory):
    body = client.get(
        "/api/@search", {"portal_type": "Attorney", "metadata_fields": ["provider_type", "vetting"]}
    ).json()
    item = body["items"][0]
    assert item["provider_type"] == {"token": "nonprofit", "title": "Nonprofit legal services"}
    assert item["vetting"]["status"] == "verified"
    assert "address" not in item and "text" not in item  # only what was asked for
    plain = client.get("/api/@search", {"portal_type": "Attorney"}).json()["items"][0]
    assert "provider_type" not in plain


@pytest.mark.parametrize(
    "url",
    [
        "/api/@lists?organization=%00%C3%98",
        "/api/@search?SearchableText=a%00b",
        "/api/directory/attorneys/?state=N%00J",
        "/api/hsds/services?search=%00",
    ],
)
def test_a_nul_character_is_a_400_not_a_database_error(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.json()["message"]


def test_term_titles_are_shared_until_a_term_changes(client, directory):
    """Anonymous reads share term titles per process while the public version stands: a
    second answer reads no term table, and a renamed term shows in the next answer."""
    url = "/api/directory/attorneys/newark?language=es"
    topic = Topic.objects.get(token="removal-defense", locale__language_code="es")
    first = client.get(url).json()
    assert first["topics"] == [{"token": "removal-defense", "title": topic.title}]
    with CaptureQueriesContext(connection) as again:  # another URL: not a kept answer
        same = client.get("/api/directory/attorneys/newark", HTTP_ACCEPT_LANGUAGE="es")
        assert same.json() == first
    sql = [q["sql"] for q in again.captured_queries]
    assert any("directory_phone" in q for q in sql)  # the listing was read ...
    assert not any('"directory_topic"."token" AS "token"' in q for q in sql)  # ... not titles
    topic.title = "Defensa contra la deportación (nuevo)"
    topic.save()
    renamed = client.get(url).json()["topics"]
    assert renamed == [
        {"token": "removal-defense", "title": "Defensa contra la deportación (nuevo)"}
    ]
    english = client.get("/api/directory/attorneys/newark").json()["topics"]
    assert english[0]["title"] != renamed[0]["title"]


def test_term_titles_outlive_a_listing_publish(client, directory):
    """A listing's publish moves the public version (a new answer) but not the terms stamp: the
    next answer reads the listing anew and the term titles from what the process kept."""
    url = "/api/directory/attorneys/newark?language=es"
    first = client.get(url)
    listing = directory["newark"]  # no Spanish translation: the answer shows the original
    listing.summary = "Resumen nuevo de ejemplo"
    listing.save()  # a listing's save: bumps the public version, not the terms
    with CaptureQueriesContext(connection) as again:
        second = client.get(url)
    assert second["ETag"] != first["ETag"]
    assert second.json()["description"] == "Resumen nuevo de ejemplo"
    assert second.json()["topics"] == first.json()["topics"]
    sql = [q["sql"] for q in again.captured_queries]
    assert not any('"directory_topic"."token" AS "token"' in q for q in sql)


def test_only_a_bump_that_may_touch_terms_moves_the_terms_stamp(db):
    PublicVersion.bump()
    before = PublicVersion.current()
    PublicVersion.bump(terms=False)  # a listing, a page, a list
    listing_bump = PublicVersion.current()
    assert listing_bump.counter == before.counter + 1 and listing_bump.stamp != before.stamp
    assert listing_bump.terms == before.terms
    PublicVersion.bump()  # the default: a term, a locale, a bulk write
    assert PublicVersion.current().terms != before.terms
    topic = Topic.objects.create(token="example-topic", title="Example topic")
    assert PublicVersion.current().terms != listing_bump.terms
    moved = PublicVersion.current().terms
    topic.title = "Example topic, renamed"
    topic.save()
    assert PublicVersion.current().terms != moved


def test_a_listing_gone_between_the_ids_and_the_rows_is_left_out(client, monkeypatch):
    """A page reads its ids, then its rows (ListingSearch.page): a listing unpublished or deleted
    in between is left out of the batch, never shown and never a 500."""
    from api.search import ListingSearch

    shown = public(AttorneyFactory, name="Example Still Public", slug="still-public")
    draft = AttorneyFactory(name="Example Gone Draft", slug="gone-draft", live=False)
    read = ListingSearch._batch_ids

    def with_the_gone(self, start, size, counted):
        batch = read(self, start, size, counted)
        return [(draft.pk, None, 3), (10**9, None, 3), *batch]  # unpublished, then deleted

    monkeypatch.setattr(ListingSearch, "_batch_ids", with_the_gone)
    for url in ("/api/@search?SearchableText=example", "/api/@search?near=07102&radius=500"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert titles(response) == [shown.name], url
