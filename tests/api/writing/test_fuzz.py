"""schemathesis fuzzes every write endpoint of the OpenAPI schema with a vetter's login token
(every permission a write may need): whatever it sends, no answer is a 5xx, every answer is one
the schema declares, in the shape it declares. The listings' writes and services, the lists',
and the CMS pages' (the demo's pages: the schema's example path is one of them)."""

import os

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from amparo.wsgi import application
from lists import setup as lists_setup
from lists.models import Organization
from logins import tokens
from tests.api.test_directory import public
from tests.factories import AttorneyFactory, vetter
from tests.lists.conftest import make_list

WRITES = r"^/api/(@login|@login-renew|@logout|directory/.*|@lists/.*|\{path\}(/@.*)?)$"

pytestmark = pytest.mark.serial  # `make test` runs it in one process, after the rest


@pytest.fixture
def token(demo_pages):
    user = vetter(username="fuzzer")
    listing = public(AttorneyFactory, name="Example Fuzzed Clinic", slug="attorneys")
    org = Organization.objects.create(name="Example Org", slug="org", kind="agency")
    user.groups.add(Group.objects.get(name=lists_setup.STAFF))  # a curator of the org too
    org.staff.add(user)
    make_list(org, "list", [listing])
    return tokens.issue(user).token


@pytest.fixture
def write_schema(token):
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/@openapi?format=json", application)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("write_schema").include(
    method=["POST", "PATCH", "DELETE"], path_regex=WRITES
)


@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", 20)),
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_writes_never_fail_with_a_token(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[
            checks.not_a_server_error,
            checks.response_schema_conformance,
            checks.status_code_conformance,
            checks.content_type_conformance,
        ],
    )
