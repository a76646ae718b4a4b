"""plone.restapi batching: ``b_start`` (0-based) and ``b_size`` (default 25, at most 100).

A list answers ``{"@id", "items", "items_total"}`` and, when there is more than one batch, a
``batching`` object with ``first``, ``last``, ``next`` and ``prev`` links that keep every other
query parameter.
"""

from urllib.parse import urlencode

from rest_framework.pagination import BasePagination

from api.errors import BadRequest

DEFAULT_SIZE, MAX_SIZE = 25, 100


MAX_NUMBER = 999_999_999


def _non_negative_int(request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses. A bound keeps
    # SQL's OFFSET within its 64-bit range.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise BadRequest.for_field(name, f"{name} must be a whole number from 0 to {MAX_NUMBER:,}.")
    return int(raw)


def batch_bounds(request) -> tuple[int, int]:
    start = _non_negative_int(request, "b_start", 0)
    size = _non_negative_int(request, "b_size", DEFAULT_SIZE)
    if not 1 <= size <= MAX_SIZE:
        raise BadRequest.for_field("b_size", f"b_size must be between 1 and {MAX_SIZE}.")
    return start, size


def batch_url(request, start: int) -> str:
    params = [(k, v) for k, v in request.query_params.lists() if k != "b_start" for v in v]
    if start:
        params.append(("b_start", str(start)))
    query = urlencode(params)
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


def batching_links(request, start: int, size: int, total: int) -> dict | None:
    if total <= size:
        return None
    last = ((total - 1) // size) * size
    links = {
        "@id": request.build_absolute_uri(),
        "first": batch_url(request, 0),
        "last": batch_url(request, last),
    }
    if start + size < total:
        links["next"] = batch_url(request, start + size)
    if start > 0:
        links["prev"] = batch_url(request, max(start - size, 0))
    return links


def batch_envelope(request, items: list, total: int, start: int, size: int) -> dict:
    """A batch's ``items``, ``items_total`` and, when there is more than one batch, its
    ``batching`` links: what every batched answer holds (a folderish page's children too)."""
    body = {"items": items, "items_total": total}
    links = batching_links(request, start, size, total)
    if links:
        body["batching"] = links
    return body


def batched_body(request, items: list, total: int, start: int, size: int) -> dict:
    """A list's whole answer: its ``@id`` and its batch (``batch_envelope``)."""
    return {
        "@id": request.build_absolute_uri(),
        **batch_envelope(request, items, total, start, size),
    }


_LINK = {"type": "string", "format": "uri"}
# The schema of a batch's ``batching`` links (the listings' serializers say it with ``Batch``).
BATCHING_SCHEMA = {
    "type": "object",
    "required": ["@id", "first", "last"],
    "properties": {name: _LINK for name in ("@id", "first", "last", "next", "prev")},
}


class Batching(BasePagination):
    """What the schema says of every batched list (its parameters and envelope). The views
    batch with ``batch_bounds`` and ``batched_body`` themselves: no view is a DRF generic
    view, so a paginator's own slicing and response would be a second way that nothing
    calls."""

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["@id", "items", "items_total"],
            "properties": {
                "@id": _LINK,
                "items": schema,
                "items_total": {"type": "integer", "minimum": 0},
                "batching": BATCHING_SCHEMA,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "b_start",
                "in": "query",
                "required": False,
                "description": "Index of the first item of the batch (0-based).",
                "schema": {"type": "integer", "minimum": 0, "default": 0},
            },
            {
                "name": "b_size",
                "in": "query",
                "required": False,
                "description": f"Items per batch, at most {MAX_SIZE}.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_SIZE,
                           "default": DEFAULT_SIZE},
            },
        ]  # fmt: skip
