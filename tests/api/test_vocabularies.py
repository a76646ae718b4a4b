"""@vocabularies: the controlled lists, titled in the reader's language, filtered and batched."""

import pytest
from django.urls import include, path
from drf_spectacular.generators import SchemaGenerator
from wagtail.models import Locale

from api.views import types, vocabularies
from directory.choices import FeeModel
from directory.models import Country, County, Language, Topic
from tests.api.golden import assert_golden

pytestmark = pytest.mark.django_db

NAMES = [
    "kinds",
    "languages",
    "topics",
    "states",
    "counties",
    "countries",
    "fee_models",
    "fund_types",
    "industries",
]


def openapi_paths() -> dict:
    """The OpenAPI paths of @vocabularies and @types, as /api/@openapi describes them."""
    urls = [path("api/", include((vocabularies.urlpatterns + types.urlpatterns, "api")))]
    return SchemaGenerator(patterns=urls).get_schema(public=True)["paths"]


def tokens(response) -> list[str]:
    return [term["token"] for term in response.json()["items"]]


def test_vocabularies_are_listed_with_links_and_titles(client):
    response = client.get("/api/@vocabularies")
    assert response.status_code == 200
    assert [item["token"] for item in response.json()] == NAMES
    assert response.json()[2] == {
        "@id": "http://testserver/api/@vocabularies/topics",
        "title": "Topics",
        "token": "topics",
    }
    assert_golden("vocabularies-index", response)


def test_vocabulary_titles_come_in_spanish(client):
    titles = {
        item["token"]: item["title"] for item in client.get("/api/@vocabularies?language=es").json()
    }
    assert titles["topics"] == "Temas"
    assert titles["counties"] == "Condados"


@pytest.mark.parametrize("name", NAMES)
def test_every_vocabulary_answers_unique_tokens_with_titles(client, name):
    response = client.get(f"/api/@vocabularies/{name}?b_size=100")
    assert response.status_code == 200
    body = response.json()
    assert body["items_total"] > 0
    assert all(term["token"] and term["title"] for term in body["items"])
    assert len(set(tokens(response))) == len(body["items"])


def test_topics_in_spanish(client):
    response = client.get("/api/@vocabularies/topics?language=es")
    assert response["Content-Language"] == "es"
    assert response.json()["items"][0] == {
        "token": "removal-defense",
        "title": "Defensa contra deportación",
        "group": "practice-area",
    }
    assert_golden("vocabularies-topics-es", response)


def test_accept_language_gives_spanish_titles(client):
    response = client.get("/api/@vocabularies/fee_models", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert response["Content-Language"] == "es"
    assert response.json()["items"][0] == {"token": "free", "title": "Gratuito"}


def test_language_parameter_wins_over_accept_language(client):
    response = client.get("/api/@vocabularies/fee_models?language=en", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Content-Language"] == "en"
    assert response.json()["items"][0]["title"] == "Free"


def test_kind_tokens_are_the_api_types(client):
    response = client.get("/api/@vocabularies/kinds?language=es")
    assert response.json()["items"] == [
        {"token": "Attorney", "title": "Abogado o proveedor de servicios legales"},
        {"token": "Consulate", "title": "Consulado"},
        {"token": "WorkerCenter", "title": "Centro de trabajadores"},
        {"token": "FundingSource", "title": "Fuente de financiamiento"},
    ]


def test_fee_models_are_the_fee_model_choices(client):
    assert tokens(client.get("/api/@vocabularies/fee_models")) == FeeModel.values


def test_only_default_locale_rows_are_terms(client):
    canonical = Language.objects.canonical().count()
    assert Language.objects.count() > canonical  # Spanish rows exist, but are not terms
    for language in ("en", "es"):
        response = client.get(f"/api/@vocabularies/languages?b_size=100&language={language}")
        assert response.json()["items_total"] == canonical


def test_untranslated_term_falls_back_to_the_default_title(client):
    Topic.objects.create(token="zz-new", title="A new topic", locale=Locale.get_default())
    response = client.get("/api/@vocabularies/topics?token=zz-new&language=es")
    assert response.json()["items"] == [
        {"token": "zz-new", "title": "A new topic", "group": "practice-area"}
    ]


def test_terms_follow_sort_order_then_title(client):
    default = Locale.get_default()
    Topic.objects.create(token="zz-b", title="Bravo", sort_order=99, locale=default)
    Topic.objects.create(token="zz-a", title="alpha", sort_order=99, locale=default)
    Topic.objects.create(token="zz-first", title="Zulu", sort_order=0, locale=default)
    order = tokens(client.get("/api/@vocabularies/topics"))
    assert order[-2:] == ["zz-a", "zz-b"]
    assert order.index("zz-first") < order.index("detained")


def test_counties_are_batched(client):
    response = client.get("/api/@vocabularies/counties")
    body = response.json()
    assert body["items_total"] == County.objects.count() == 3235
    assert len(body["items"]) == 25
    assert body["items"][0] == {"token": "01001", "title": "Autauga County", "state": "AL"}
    assert body["batching"]["next"] == "http://testserver/api/@vocabularies/counties?b_start=25"
    assert "prev" not in body["batching"]
    last = client.get("/api/@vocabularies/counties?b_start=3225&b_size=100").json()
    assert len(last["items"]) == 10
    assert "next" not in last["batching"]
    assert last["batching"]["prev"].endswith("b_size=100&b_start=3125")


def test_counties_by_state_keep_fips_order_and_the_filter_in_links(client):
    response = client.get("/api/@vocabularies/counties?state=NJ&b_size=5")
    body = response.json()
    assert body["items_total"] == 21
    assert {term["state"] for term in body["items"]} == {"NJ"}
    assert tokens(response) == ["34001", "34003", "34005", "34007", "34009"]
    assert body["batching"]["next"].endswith("?state=NJ&b_size=5&b_start=5")
    assert_golden("vocabularies-counties-nj", response)


def test_counties_of_several_states(client):
    body = client.get("/api/@vocabularies/counties?state=NJ&state=DE").json()
    assert body["items_total"] == 21 + 3


def test_title_filters_case_insensitively(client):
    response = client.get("/api/@vocabularies/topics?title=VISA")
    assert tokens(response) == ["u-visa", "t-visa"]


def test_title_filters_in_the_request_language_ignoring_accents(client):
    assert tokens(client.get("/api/@vocabularies/topics?title=fianza&language=es")) == ["bond"]
    response = client.get("/api/@vocabularies/countries?title=mexico&language=es")
    assert response.json()["items"] == [{"token": "MX", "title": "México"}]


def test_title_filter_counts_only_what_matches(client):
    body = client.get("/api/@vocabularies/counties?title=essex").json()
    assert body["items_total"] == len(body["items"]) > 1
    assert all("Essex" in term["title"] for term in body["items"])
    assert "batching" not in body


def test_token_filter_is_repeatable(client):
    response = client.get("/api/@vocabularies/countries?token=MX&token=GT&token=nope")
    assert sorted(tokens(response)) == ["GT", "MX"]
    assert Country.objects.canonical().filter(token__in=["MX", "GT"]).count() == 2


def test_topics_by_group(client):
    response = client.get("/api/@vocabularies/topics?group=service")
    assert (
        response.json()["items_total"] == Topic.objects.canonical().filter(group="service").count()
    )
    assert {term["group"] for term in response.json()["items"]} == {"service"}


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/@vocabularies/nope", "vocabulary"),
        ("/api/@vocabularies/topics?sort_on=title", "sort_on"),
        ("/api/@vocabularies/languages?group=service", "group"),  # topics only
        ("/api/@vocabularies/topics?state=NJ", "state"),  # counties only
        ("/api/@vocabularies?b_size=5", "b_size"),  # the index is not batched
        ("/api/@vocabularies/counties?b_size=1000", "b_size"),
        ("/api/@vocabularies/counties?b_size=0", "b_size"),
        ("/api/@vocabularies/counties?b_start=-1", "b_start"),
        ("/api/@vocabularies/counties?b_start=x", "b_start"),
        ("/api/@vocabularies/topics?language=xx", "language"),
        ("/api/@vocabularies?language=xx", "language"),
        ("/api/@vocabularies/counties?state=ZZ", "state"),
        ("/api/@vocabularies/counties?state=NJ&state=nj", "state"),
        ("/api/@vocabularies/topics?group=services", "group"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, url, field):
    response = client.get(url)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "BadRequest"
    assert field in body["message"]
    assert [error["field"] for error in body["errors"]] == [field]


def test_unknown_vocabulary_lists_the_known_ones(client):
    message = client.get("/api/@vocabularies/practice_areas").json()["message"]
    assert "practice_areas" in message
    assert all(name in message for name in NAMES)


# The public version (for the ETag), then one query for counties, two for a term table (titles
# in the language, canonical rows), none for a list in code.
@pytest.mark.parametrize(
    ("name", "queries"), [("kinds", 1), ("topics", 3), ("counties", 2), ("countries", 3)]
)
@pytest.mark.parametrize("size", [1, 25])
def test_queries_do_not_grow_with_the_batch(client, django_assert_num_queries, name, queries, size):
    client.get("/api/@vocabularies")  # the public version's first computation is not counted
    with django_assert_num_queries(queries):
        response = client.get(f"/api/@vocabularies/{name}?b_size={size}&language=es")
    assert len(response.json()["items"]) == min(size, response.json()["items_total"])


def test_answers_are_cached_by_etag(client):
    first = client.get("/api/@vocabularies/topics")
    assert first["Cache-Control"].startswith("public")
    again = client.get("/api/@vocabularies/topics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    Topic.objects.create(token="zz-new", title="A new topic", locale=Locale.get_default())
    changed = client.get("/api/@vocabularies/topics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200


def test_the_openapi_schema_describes_the_parameters():
    operation = openapi_paths()["/api/@vocabularies/{name}"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {
        "name",
        "title",
        "token",
        "group",
        "state",
        "b_start",
        "b_size",
        "language",
    }
    assert all(parameter.get("description") for parameter in parameters.values())
    assert parameters["b_size"]["schema"]["maximum"] == 100
    # 401 (an unknown or revoked API key) and 429 (over the rate limit): tests/partners; 414 (a
    # URL over the limit, amparo/middleware.py): tests/api/test_bad_input.py.
    assert set(operation["responses"]) == {"200", "400", "401", "414", "429"}
