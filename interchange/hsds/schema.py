"""Validation against the official HSDS 3.0 JSON schemas (Open Referral's files, kept unchanged
in reference/hsds-3.0; the ``HSDS_SCHEMA_DIR`` environment variable overrides the place).

Shared by the HSDS import (interchange/hsds/importer.py), which checks every service it reads from
JSON, and the tests of the HSDS read API (tests/api/hsds/hsds_schema.py).

The files carry no ``$schema``; HSDS's OpenAPI declares JSON Schema 2020-12, so that is the
dialect. ``$ref``s between files ("phone.json") resolve through a referencing Registry. Formats
are checked, date-time and uri included (jsonschema checks those only with optional packages).
"""

import json
import os
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE = "https://hsds.invalid/schema/"


class SchemasMissing(Exception):
    """The official schema files are not where they should be."""


def schema_dir() -> Path:
    default = Path(settings.BASE_DIR) / "reference" / "hsds-3.0" / "schema"
    return Path(os.environ.get("HSDS_SCHEMA_DIR", default))


def _date_time(value) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return not isinstance(value, str)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return parsed.tzinfo is not None


def _uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlparse(value)
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("mailto", "urn")))


FORMATS = FormatChecker()
FORMATS.checks("date-time")(_date_time)
FORMATS.checks("uri")(_uri)
for _name, _check in Draft202012Validator.FORMAT_CHECKER.checkers.items():
    if _name not in ("date-time", "uri"):
        FORMATS.checkers[_name] = _check


@cache
def registry() -> Registry:
    folder = schema_dir()
    if not (folder / "service.json").exists():
        raise SchemasMissing(
            f"The official HSDS 3.0 schemas are not at {folder} (set HSDS_SCHEMA_DIR)."
        )
    resources = []
    for path in [*folder.glob("*.json"), *folder.glob("compiled/*.json")]:
        contents = json.loads(path.read_text())
        uri = BASE + str(path.relative_to(folder))
        resources.append((uri, Resource.from_contents(contents, DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for schema/NAME (e.g. "service.json", "compiled/service_list.json")."""
    return Draft202012Validator({"$ref": BASE + name}, registry=registry(), format_checker=FORMATS)


def json_path(parts) -> str:
    """A JSON path as HSDS readers write it: ``phones[0].number``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def schema_errors(name: str, instance) -> list[tuple[str, str]]:
    """(JSON path, message) for every way ``instance`` breaks schema/NAME, in document order."""
    found = sorted(
        validator(name).iter_errors(instance), key=lambda error: list(map(str, error.path))
    )
    return [(json_path(error.absolute_path), error.message) for error in found]
