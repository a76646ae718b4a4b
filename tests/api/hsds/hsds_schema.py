"""Validation against the official HSDS 3.0 JSON schemas, for the tests: the registry and
validators are shared with the HSDS import (interchange/hsds/schema.py); this adds the page
envelope and assertions. The repository ships the schemas, so their absence fails the tests
rather than skipping them (``HSDS_SCHEMA_DIR`` points elsewhere).
"""

import json
from functools import cache

import pytest
from jsonschema import Draft202012Validator

from interchange.hsds import schema as hsds_schema
from interchange.hsds.schema import BASE, FORMATS, schema_dir  # noqa: F401 (re-exported)


def registry():
    try:
        return hsds_schema.registry()
    except hsds_schema.SchemasMissing as error:
        pytest.fail(str(error))


def validator(name: str) -> Draft202012Validator:
    """A validator for schema/NAME (e.g. "service.json", "compiled/service_list.json")."""
    registry()
    return hsds_schema.validator(name)


@cache
def page_validator() -> Draft202012Validator:
    openapi = json.loads((schema_dir() / "openapi.json").read_text())
    page = openapi["components"]["schemas"]["Page"]
    schema = {
        **page,
        "required": [*page["properties"], "contents"],
        "properties": {**page["properties"], "contents": {"type": "array"}},
        "additionalProperties": False,
    }
    return Draft202012Validator(schema, format_checker=FORMATS)


def errors(name: str, instance) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator(name).iter_errors(instance)
    ]


def assert_valid(name: str, instance) -> None:
    found = errors(name, instance)
    assert not found, f"not valid against HSDS {name}: {found[:5]} in {instance.get('id')}"


def assert_page(body) -> None:
    found = [error.message for error in page_validator().iter_errors(body)]
    assert not found, found
