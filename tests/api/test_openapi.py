"""The OpenAPI schema: valid, pinned, every parameter described, and the API honours it
(schemathesis: generated requests never get a 5xx, answers conform to the schema)."""

import json
import os
import re
from pathlib import Path

import pytest
import schemathesis
import schemathesis.checks as checks
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings

from amparo.wsgi import application
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, ConsulateFactory, WorkerCenterFactory

SNAPSHOT = Path(__file__).parent / "golden" / "openapi.json"


@pytest.fixture
def openapi(client, db):
    response = client.get("/api/@openapi", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_is_valid_openapi(openapi):
    validate_schema(openapi)
    assert openapi["info"]["title"] == "Amparo API"
    assert not [path for path in openapi["paths"] if not path.startswith("/api/")]


def test_schema_is_pinned(openapi):
    """A change to the contract shows up as a diff of this snapshot (UPDATE_GOLDEN=1)."""
    if os.environ.get("UPDATE_GOLDEN"):
        SNAPSHOT.write_text(json.dumps(openapi, indent=1, sort_keys=True) + "\n")
    assert SNAPSHOT.exists(), "No OpenAPI snapshot: create it with UPDATE_GOLDEN=1"
    assert openapi == json.loads(SNAPSHOT.read_text())


def test_every_parameter_is_described(openapi):
    undescribed = [
        (path, parameter["name"])
        for path, operations in openapi["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == []


def test_docs_page_uses_no_third_party_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and not [url for url in assets if re.match(r"^(https?:)?//", url)]


@pytest.fixture
def api_schema(db):
    for index, factory in enumerate([AttorneyFactory, ConsulateFactory, WorkerCenterFactory]):
        public(factory, name=f"Example Listing {index}", slug=f"example-{index}")
    # Called directly, the WSGI app would close the database connection after each request (and
    # with it the test's transaction, on PostgreSQL); Django's test client prevents that the
    # same way.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/@openapi?format=json", application)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", 20)),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_honours_its_schema(case):
    # Not "positive data acceptance": rules across parameters (sort_on=distance needs near) cannot
    # be written in OpenAPI, and refusing them with a 400 is the contract.
    case.call_and_validate(
        checks=[
            checks.not_a_server_error,
            checks.response_schema_conformance,
            checks.status_code_conformance,
            checks.content_type_conformance,
        ]
    )
