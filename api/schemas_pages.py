"""What the CMS pages' answers look like (api/serializers_pages.py), for the OpenAPI schema."""

from api.batching import BATCHING_SCHEMA

_LINK = {"type": "string", "format": "uri"}
_TEXT = {"type": "string"}
_LANGUAGE = {"type": "string", "example": "en", "description": "The language served."}
_SUMMARY = {
    "type": "object",
    "required": ["@id", "@type", "title", "description", "review_state", "language"],
    "properties": {
        "@id": _LINK,
        "@type": {"type": "string", "example": "DocumentPage"},
        "title": _TEXT,
        "description": _TEXT,
        "review_state": {"type": "string", "enum": ["published"]},
        "language": _LANGUAGE,
    },
}
_ITEMS = {
    "items": {"type": "array", "items": _SUMMARY},
    "items_total": {"type": "integer", "minimum": 0},
    "batching": BATCHING_SCHEMA,
}
BREADCRUMBS_SCHEMA = {
    "type": "object",
    "required": ["@id", "items", "root"],
    "properties": {
        "@id": _LINK,
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["@id", "title"],
                "properties": {"@id": _LINK, "title": _TEXT},
            },
        },
        "root": _LINK,
    },
}
_NAVIGATION_NODE = {
    "type": "object",
    "required": ["@id", "title", "description", "review_state"],
    "properties": {"@id": _LINK, "title": _TEXT, "description": _TEXT, "review_state": _TEXT},
}
NAVIGATION_SCHEMA = {
    "type": "object",
    "required": ["@id", "items"],
    "properties": {
        "@id": _LINK,
        "items": {
            "type": "array",
            "items": {
                **_NAVIGATION_NODE,
                "properties": {
                    **_NAVIGATION_NODE["properties"],
                    "items": {"type": "array", "items": _NAVIGATION_NODE},
                },
            },
        },
    },
}
TRANSLATIONS_SCHEMA = {
    "type": "object",
    "required": ["@id", "items"],
    "properties": {
        "@id": _LINK,
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["@id", "language"],
                "properties": {"@id": _LINK, "language": _TEXT},
            },
        },
    },
}
_ONLY_LINK = {
    "type": "object",
    "required": ["@id"],
    "properties": {"@id": _LINK},
    "additionalProperties": False,
}
_COMPONENTS = {
    "type": "object",
    "description": "A link to each service, or its answer when named in expand.",
    "properties": {
        "breadcrumbs": {"oneOf": [_ONLY_LINK, BREADCRUMBS_SCHEMA]},
        "navigation": {"oneOf": [_ONLY_LINK, NAVIGATION_SCHEMA]},
        "translations": {"oneOf": [_ONLY_LINK, TRANSLATIONS_SCHEMA]},
    },
}
_RICH_TEXT = {
    "type": "object",
    "properties": {
        "data": _TEXT,
        "content-type": {"type": "string", "enum": ["text/html"]},
        "encoding": {"type": "string", "enum": ["utf-8"]},
    },
}
CONTENT_SCHEMA = {
    "type": "object",
    "required": [
        *_SUMMARY["required"],
        "UID",
        "id",
        "created",
        "modified",
        "is_folderish",
        "parent",
        "@components",
    ],
    "description": "Besides these, the page type's own fields: `intro` (rich text), `summary` "
    "(text), `body` (a list of blocks `{id, type, value}`, rich text inside as `intro`).",
    "properties": {
        **_SUMMARY["properties"],
        "UID": {"type": "string", "description": "The same for every translation of the page."},
        "id": {"type": "string", "description": "The page's slug."},
        "created": {"type": "string", "format": "date-time"},
        "modified": {"type": "string", "format": "date-time"},
        "is_folderish": {"type": "boolean"},
        "parent": _SUMMARY,
        "intro": _RICH_TEXT,
        "summary": _TEXT,
        "body": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "type", "value"],
                "properties": {"id": _TEXT, "type": _TEXT, "value": {}},
            },
        },
        **_ITEMS,
        "@components": _COMPONENTS,
    },
}
SITE_SCHEMA = {
    "type": "object",
    "required": [
        *_SUMMARY["required"],
        "default_language",
        "available_languages",
        "items",
        "items_total",
        "@components",
    ],
    "properties": {
        **_SUMMARY["properties"],
        "@type": {"type": "string", "enum": ["Site"]},
        "default_language": _TEXT,
        "available_languages": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"token": _TEXT, "title": _TEXT},
            },
        },
        **_ITEMS,
        "@components": {
            **_COMPONENTS,
            "properties": {
                **_COMPONENTS["properties"],
                "search": _ONLY_LINK,
                "directory": _ONLY_LINK,
            },
        },
    },
}
