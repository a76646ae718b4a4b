"""Golden responses, as plone.restapi keeps them: real API answers stored as JSON under
tests/api/golden/, compared in the tests and shown in docs/api.md, so the docs cannot drift.

Volatile values (dates, times, UUIDs, database ids in URLs) are replaced by placeholders before
comparing. Regenerate after an intended change with ``UPDATE_GOLDEN=1 make test``.
"""

import json
import os
import re
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
PATTERNS = [
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"), "<datetime>"),
    (re.compile(r"\b\d{4}-\d\d-\d\d\b"), "<date>"),
    (re.compile(r"\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b"), "<uid>"),
]


def normalize(value):
    if isinstance(value, dict):
        return {key: normalize(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalize(item) for item in value]
    if isinstance(value, str):
        for pattern, placeholder in PATTERNS:
            value = pattern.sub(placeholder, value)
    return value


def assert_golden(name: str, response) -> None:
    """Compare a response (status, selected headers, JSON body) with tests/api/golden/NAME.json."""
    actual = normalize(
        {
            "request": response.request["PATH_INFO"]
            + (
                "?" + response.request["QUERY_STRING"]
                if response.request.get("QUERY_STRING")
                else ""
            ),
            "status": response.status_code,
            "content-type": response.get("Content-Type"),
            "content-language": response.get("Content-Language"),
            "body": response.json() if response.content else None,
        }
    )
    path = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    assert path.exists(), f"No golden response {path}: create it with UPDATE_GOLDEN=1"
    expected = json.loads(path.read_text())
    assert actual == expected, f"{name}: the response differs from {path} (UPDATE_GOLDEN=1)"
