"""@types: a JSON Schema of each listing kind and page type, read off the models and their admin
panels, with nothing private in it."""

import pytest
from jsonschema import Draft202012Validator

from api.views import types
from directory.choices import PostType
from tests.api.golden import assert_golden
from tests.api.test_vocabularies import openapi_paths

pytestmark = pytest.mark.django_db

LISTING_TYPES = ["Attorney", "Consulate", "WorkerCenter", "FundingSource"]
PAGE_TYPES = ["HomePage", "FolderPage", "DocumentPage"]
PRIVATE = [
    "vetting_notes",
    "verified_by",
    "liaison_name",
    "liaison_email",
    "liaison_phone",
    "kind",
    "locale",
    "translation_key",
    "latest_revision",
    "live",
    "go_live_at",
    "expire_at",
]


def schema(client, type_name: str, **params) -> dict:
    response = client.get(f"/api/@types/{type_name}", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json+schema"
    return response.json()


def test_types_are_listed_with_links_and_titles(client):
    response = client.get("/api/@types")
    assert response.status_code == 200
    assert [item["token"] for item in response.json()] == LISTING_TYPES + PAGE_TYPES
    assert response.json()[1] == {
        "@id": "http://testserver/api/@types/Consulate",
        "title": "Consulate",
        "token": "Consulate",
    }
    assert_golden("types-index", response)


def test_type_titles_come_in_spanish(client):
    response = client.get("/api/@types", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Content-Language"] == "es"
    titles = [item["title"] for item in response.json()]
    assert titles[:2] == ["Abogado o proveedor de servicios legales", "Consulado"]
    assert titles[-1] == "Documento"


def test_consulate_schema(client):
    response = client.get("/api/@types/Consulate")
    assert response["Content-Type"] == "application/json+schema"
    assert_golden("types-consulate", response)


@pytest.mark.parametrize("type_name", LISTING_TYPES + PAGE_TYPES)
def test_every_schema_is_valid_json_schema(client, type_name):
    body = schema(client, type_name)
    Draft202012Validator.check_schema(body)
    assert body["type"] == "object"
    assert body["title"]


@pytest.mark.parametrize("type_name", LISTING_TYPES + PAGE_TYPES)
def test_fieldsets_hold_every_property_once(client, type_name):
    body = schema(client, type_name)
    fields = [name for fieldset in body["fieldsets"] for name in fieldset["fields"]]
    assert sorted(fields) == sorted(body["properties"])
    assert set(body["required"]) <= set(body["properties"])


def test_fieldsets_are_the_admin_tabs(client):
    fieldsets = schema(client, "Attorney")["fieldsets"]
    assert [(f["id"], f["title"]) for f in fieldsets] == [
        ("about", "About"),
        ("legal_practice", "Legal practice"),
        ("help_offered", "Help offered"),
        ("contact", "Contact"),
        ("vetting", "Vetting"),
    ]
    assert fieldsets[3]["fields"][:3] == ["phones", "email", "website"]
    assert fieldsets[4]["fields"] == ["last_verified", "verification_method"]


@pytest.mark.parametrize("type_name", LISTING_TYPES + PAGE_TYPES)
def test_private_fields_are_not_in_the_public_schema(client, type_name):
    body = schema(client, type_name)
    assert not set(PRIVATE) & set(body["properties"])
    assert not set(PRIVATE) & {name for f in body["fieldsets"] for name in f["fields"]}


def test_the_consulate_liaison_is_left_out_of_its_fieldset(client):
    fieldsets = {f["id"]: f["fields"] for f in schema(client, "Consulate")["fieldsets"]}
    assert fieldsets["consular_post"] == [
        "country",
        "post_type",
        "appointment_url",
        "accepts_detainee_lists",
    ]


@pytest.mark.parametrize(
    ("type_name", "required"),
    [
        ("Attorney", ["name", "provider_type"]),
        ("Consulate", ["name", "country", "post_type"]),
        ("WorkerCenter", ["name", "center_type"]),
        ("FundingSource", ["name", "fund_status"]),
        ("DocumentPage", ["title", "slug"]),
    ],
)
def test_required_fields_are_what_each_kind_validates(client, type_name, required):
    assert schema(client, type_name)["required"] == required


def test_choices_come_as_enum_and_titled_pairs(client):
    post_type = schema(client, "Consulate")["properties"]["post_type"]
    assert post_type["type"] == "string"
    assert post_type["enum"] == PostType.values
    assert post_type["choices"][0] == ["embassy", "Embassy consular section"]


def test_taxonomy_relations_point_at_their_vocabulary(client):
    properties = schema(client, "Consulate")["properties"]
    countries = {"@id": "http://testserver/api/@vocabularies/countries"}
    assert properties["country"] | {"title": None} == {
        "title": None,
        "description": "",
        "type": "string",
        "vocabulary": countries,
    }
    assert properties["topics"]["type"] == "array"
    assert properties["topics"]["items"]["vocabulary"] == {
        "@id": "http://testserver/api/@vocabularies/topics"
    }
    assert properties["service_counties"]["items"]["vocabulary"]["@id"].endswith("/counties")
    assert properties["fee_model"]["vocabulary"]["@id"].endswith("/fee_models")
    assert client.get(properties["topics"]["items"]["vocabulary"]["@id"]).status_code == 200


def test_formats_defaults_and_read_only(client):
    properties = schema(client, "FundingSource")["properties"]
    assert properties["email"]["format"] == "email"
    assert properties["website"]["format"] == "uri"
    assert properties["fund_status_as_of"]["format"] == "date"
    assert properties["last_verified"] | {"title": None, "description": None} == {
        "title": None,
        "description": None,
        "type": "string",
        "format": "date-time",
        "readOnly": True,
    }
    assert properties["open_to_individuals"] | {"title": None} == {
        "title": None,
        "description": "",
        "type": "boolean",
        "default": False,
    }
    assert properties["latitude"]["type"] == "number"
    assert properties["description"]["type"] == "object"  # rich text: data, content-type, encoding


def test_inline_panels_are_arrays_of_objects(client):
    properties = schema(client, "Attorney")["properties"]
    phones = properties["phones"]
    assert phones["type"] == "array"
    assert phones["title"] == "Phones"
    assert list(phones["items"]["properties"]) == [
        "number",
        "extension",
        "type",
        "hours",
        "emergency",
    ]
    assert phones["items"]["required"] == ["number"]
    bar = properties["bar_admissions"]["items"]
    assert bar["required"] == ["state", "bar_number"]
    assert bar["properties"]["checked_on"]["format"] == "date"


def test_panel_headings_name_the_field(client):
    assert schema(client, "Attorney")["properties"]["topics"]["title"] == "Practice areas"
    assert schema(client, "WorkerCenter")["properties"]["topics"]["title"] == "Services"


def test_page_types_describe_their_content(client):
    body = schema(client, "DocumentPage")
    assert [f["id"] for f in body["fieldsets"]] == ["content", "promote"]
    assert body["fieldsets"][0]["fields"] == ["title", "summary", "body"]
    blocks = body["properties"]["body"]
    assert blocks["type"] == "array"
    assert blocks["items"]["properties"]["type"]["enum"] == [
        "heading",
        "paragraph",
        "callout",
        "document",
    ]


@pytest.mark.parametrize(
    ("query", "headers"), [("?language=es", {}), ("", {"HTTP_ACCEPT_LANGUAGE": "es"})]
)
def test_schema_in_spanish(client, query, headers):
    response = client.get(f"/api/@types/Consulate{query}", **headers)
    assert response["Content-Language"] == "es"
    body = response.json()
    assert body["title"] == "Consulado"
    assert body["properties"]["name"]["title"] == "Nombre"
    assert body["properties"]["post_type"]["choices"][1] == [
        "consulate-general",
        "Consulado general",
    ]
    assert body["properties"]["phones"]["items"]["title"] == "Teléfono"
    assert body["fieldsets"][0] == {
        "id": "about",  # ids do not change with the language
        "title": "Información general",
        "fields": [
            "name",
            "slug",
            "organization_name",
            "summary",
            "alert",
            "status",
            "description",
        ],
    }


def test_english_schema_after_a_spanish_one(client):
    assert schema(client, "Consulate", language="es")["title"] == "Consulado"
    assert schema(client, "Consulate")["title"] == "Consulate"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/@types/Lawyer", "type"),
        ("/api/@types/attorney", "type"),
        ("/api/@types/Consulate?fieldsets=about", "fieldsets"),
        ("/api/@types?b_size=5", "b_size"),
        ("/api/@types/Consulate?language=xx", "language"),
        ("/api/@types?language=xx", "language"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, url, field):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == "BadRequest"
    assert field in body["message"]
    assert [error["field"] for error in body["errors"]] == [field]


def test_unknown_type_lists_the_known_ones(client):
    message = client.get("/api/@types/Lawyer").json()["message"]
    assert all(name in message for name in LISTING_TYPES + PAGE_TYPES)


@pytest.mark.parametrize("type_name", ["Attorney", "DocumentPage"])
def test_a_schema_costs_no_query_per_field(client, django_assert_num_queries, type_name):
    client.get("/api/@types")  # the public version's first computation is not counted
    types.type_schema.cache_clear()  # built afresh, not from the cache
    with django_assert_num_queries(1):  # the public version, for the ETag
        client.get(f"/api/@types/{type_name}?language=es")


def test_the_openapi_schema_describes_the_json_schema_response():
    operation = openapi_paths()["/api/@types/{name}"]["get"]
    assert list(operation["responses"]["200"]["content"]) == ["application/json+schema"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"name", "language"}
