"""How the writers' services (``@workflow``, ``@history``, ``@lock``: api/views/services.py) look
in the OpenAPI schema and the docs page, for listings and for pages alike: ``schemas`` makes one
set per object type, with its path parameters, its transitions and its revision's shape."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema

from api.views.write_schemas import AUTH_ERRORS, BAD_BODY, BEARER, error

VERSION_PARAMETER = OpenApiParameter(
    "version", int, OpenApiParameter.PATH, description="The revision's number (@history)."
)
TRANSITION = {
    "type": "object",
    "properties": {
        "action": {"type": "string"},
        "actor": {"type": "string", "nullable": True},
        "comment": {"type": "string"},
        "review_state": {"type": "string", "nullable": True},
        "time": {"type": "string", "format": "date-time"},
        "title": {"type": "string"},
    },
}
WORKFLOW = {
    "type": "object",
    "properties": {
        "@id": {"type": "string", "format": "uri"},
        "state": {
            "type": "string",
            "enum": ["published", "pending", "private", "unverified", "expired", "inactive"],
        },
        "history": {"type": "array", "items": TRANSITION},
        "transitions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "@id": {"type": "string", "format": "uri"},
                    "title": {"type": "string"},
                },
            },
        },
    },
}
HISTORY_ENTRY = {
    "type": "object",
    "properties": {
        **TRANSITION["properties"],
        "@id": {"type": "string", "format": "uri"},
        "type": {"type": "string", "enum": ["versioning", "workflow"]},
        "version": {"type": "integer"},
    },
}
LOCK = {
    "type": "object",
    "properties": {
        "locked": {"type": "boolean"},
        "creator": {"type": "string", "nullable": True},
        "time": {"type": "string", "nullable": True, "format": "date-time"},
        "stealable": {"type": "boolean"},
        "message": {"type": "string", "nullable": True},
    },
}
LOCKING = {
    "get": ("lock_state", "Whether the {noun} is locked, by whom, since when."),
    "post": ("lock", "Lock the {noun}: others' writes are 409 until it is unlocked."),
    "delete": ("unlock", "Unlock: your lock, or anyone's with the unlock permission (vetters)."),
}


def schemas(noun: str, parameters: list, transitions: dict, revision, comment: str) -> dict:
    """The services' schemas for one object type, by view and method: ``noun`` names it
    (``listing``, ``page``: the operation ids' prefix), ``transitions`` says what each of its
    transitions does, ``revision`` is a past revision's shape, ``comment`` an example of a
    request for changes."""
    errors = {**AUTH_ERRORS, 404: error(f"No such {noun}.")}
    transition = OpenApiParameter(
        "transition",
        str,
        OpenApiParameter.PATH,
        enum=list(transitions),
        description="The transition.",
    )
    moves = ", ".join(f"`{name}` ({what})" for name, what in transitions.items())
    return {
        "workflow": {
            "get": extend_schema(
                operation_id=f"{noun}_workflow",
                summary=f"A {noun}'s workflow state and transitions",
                description="Its review state, its workflow events, and the transitions this "
                "user may take now (each an `@id` to POST to). " + BEARER,
                parameters=parameters,
                responses={200: WORKFLOW, **errors},
            )
        },
        "transition": {
            "post": extend_schema(
                operation_id=f"{noun}_transition",
                summary="Take a workflow transition",
                description=f"{moves}. Only a transition @workflow offers this user now is "
                "accepted (else 403). " + BEARER,
                parameters=[*parameters, transition],
                request={
                    "application/json": {
                        "type": "object",
                        "properties": {"comment": {"type": "string"}},
                    }
                },
                responses={200: TRANSITION, 400: BAD_BODY, **errors},
                examples=[
                    OpenApiExample(
                        "Request changes",
                        value={"comment": comment},
                        request_only=True,
                    )
                ],
            )
        },
        "history": {
            "get": extend_schema(
                operation_id=f"{noun}_history",
                summary=f"A {noun}'s history",
                description="Revisions, edits and workflow events, newest first; a revision "
                "links to its content (`@history/<version>`). " + BEARER,
                parameters=parameters,
                responses={200: {"type": "array", "items": HISTORY_ENTRY}, **errors},
            )
        },
        "revision": {
            "get": extend_schema(
                operation_id=f"{noun}_revision",
                summary=f"One past revision of a {noun}",
                description=f"The {noun} as that revision had it. " + BEARER,
                parameters=[*parameters, VERSION_PARAMETER],
                responses={200: revision, **errors},
            )
        },
        "lock": {
            method: extend_schema(
                operation_id=f"{noun}_{name}",
                summary=summary.format(noun=noun),
                description="Wagtail's lock, as the admin's lock button sets it. " + BEARER,
                parameters=parameters,
                request=None,
                responses={200: LOCK, 409: error("Locked by someone else."), **errors},
            )
            for method, (name, summary) in LOCKING.items()
        },
    }
