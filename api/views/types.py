"""The @types service (plone.restapi's): a JSON Schema of each listing kind and page type, so a
client can build a form or check data without reading our models.

A schema is read off the model's fields and its admin panels, the one place that says which
fields a type has and how editors see them grouped: each tab is a fieldset, each field panel a
property, each inline panel an array of objects. What the public must never see (vetting notes,
partner-only liaison contacts, internal state) is left out. A schema only changes with the code,
so it is built once per type, language and site address.
"""

from collections.abc import Collection
from functools import lru_cache
from urllib.parse import urljoin

from django.db import models
from django.urls import path, reverse
from django.utils import translation
from django.utils.text import capfirst, slugify
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from wagtail.admin.panels import FieldPanel, InlinePanel, Panel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from api.errors import BadRequest
from api.schema import ERROR_RESPONSE, LANGUAGE_PARAMETER
from api.serializers import KIND_TYPES
from api.views.base import ApiView
from api.views.vocabularies import VOCABULARIES
from cms.models import DocumentPage, FolderPage, HomePage
from directory.models import KIND_MODELS
from directory.viewsets import DirectoryViewSetGroup

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
MEDIA_TYPE = "application/json+schema"

LISTING_TYPES = {type_name: KIND_MODELS[kind] for kind, (type_name, _seg) in KIND_TYPES.items()}
PAGE_TYPES = {model.__name__: model for model in (HomePage, FolderPage, DocumentPage)}
TYPES: dict[str, type[models.Model]] = {**LISTING_TYPES, **PAGE_TYPES}
LISTING_PANELS = {viewset.model: viewset.edit_handler for viewset in DirectoryViewSetGroup.items}

# Never public, even where a panel shows them: editor-only (vetting, scheduling), partner-only
# (a consulate's liaison) and internal fields.
PRIVATE_FIELDS = frozenset(
    {
        "vetting_notes",
        "verified_by",
        "hsds_id",  # the key of an HSDS import's source, for the importer only
        "liaison_name",
        "liaison_email",
        "liaison_phone",
        "kind",
        "locale",
        "translation_key",
        "latest_revision",
        "live_revision",
        "live",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
        "go_live_at",
        "expire_at",
        "comments",
    }
)

# Choice fields whose values are also a vocabulary's tokens.
CHOICE_VOCABULARIES = {"state": "states", "fee_model": "fee_models"}
MODEL_VOCABULARIES = {vocab.model: name for name, vocab in VOCABULARIES.items() if vocab.model}
FORMATS = [  # the first that matches: DateTimeField is a DateField
    (models.EmailField, "email"),
    (models.URLField, "uri"),
    (models.DateTimeField, "date-time"),
    (models.DateField, "date"),
]
TYPE_NAMES = [
    (models.BooleanField, "boolean"),
    (models.IntegerField, "integer"),
    (models.FloatField, "number"),
    (models.DecimalField, "number"),
]
RICH_TEXT = {
    "type": "object",
    "required": ["data", "content-type", "encoding"],
    "properties": {
        "data": {"type": "string"},
        "content-type": {"type": "string", "const": "text/html"},
        "encoding": {"type": "string", "const": "utf-8"},
    },
}


def edit_handler(model: type[models.Model]) -> Panel:
    if issubclass(model, Page):
        return model.get_edit_handler()
    return LISTING_PANELS[model].bind_to_model(model)


def public_panels(panel: Panel) -> list[FieldPanel | InlinePanel]:
    """The field and inline panels inside ``panel``, in order, less the private fields."""
    if isinstance(panel, InlinePanel):
        return [] if panel.relation_name in PRIVATE_FIELDS else [panel]
    if isinstance(panel, FieldPanel):
        return [] if panel.field_name in PRIVATE_FIELDS else [panel]
    return [found for child in getattr(panel, "children", ()) for found in public_panels(child)]


def required_by_kind(model: type[models.Model]) -> set[str]:
    """The fields a listing kind requires (``required_fields``, which its ``clean()`` enforces)."""
    return set(getattr(model, "required_fields", ()))


def is_required(model: type[models.Model], name: str) -> bool:
    field = model._meta.get_field(name)
    return isinstance(field, models.Field) and not field.blank and not field.has_default()


class SchemaBuilder:
    """Builds one type's schema in the active language; ``root`` is the site's address, for the
    vocabularies' links."""

    def __init__(self, root: str):
        self.root = root

    def vocabulary(self, name: str) -> dict:
        return {"@id": urljoin(self.root, reverse("api:vocabulary", args=[name]))}

    def type_schema(self, model: type[models.Model]) -> dict:
        properties, fieldsets = {}, []
        for tab in edit_handler(model).children:
            panels = public_panels(tab)
            if not panels:
                continue
            properties |= self.properties(model, panels)
            with translation.override(None):  # ids from the untranslated heading
                fieldset_id = slugify(str(tab.heading)).replace("-", "_")
            fieldsets.append(
                {
                    "id": fieldset_id,
                    "title": str(tab.heading),
                    "fields": [self.name(panel) for panel in panels],
                }
            )
        return {
            "$schema": JSON_SCHEMA,
            "title": str(capfirst(model._meta.verbose_name)),
            "type": "object",
            "properties": properties,
            "required": self.required(model, properties, required_by_kind(model)),
            "fieldsets": fieldsets,
        }

    def object_schema(
        self, model: type[models.Model], panels: list[FieldPanel | InlinePanel]
    ) -> dict:
        properties = self.properties(model, panels)
        return {
            "type": "object",
            "title": str(capfirst(model._meta.verbose_name)),
            "properties": properties,
            "required": self.required(model, properties),
        }

    @staticmethod
    def name(panel: FieldPanel | InlinePanel) -> str:
        return panel.relation_name if isinstance(panel, InlinePanel) else panel.field_name

    @staticmethod
    def required(
        model: type[models.Model], properties: dict, extra: Collection[str] = ()
    ) -> list[str]:
        """Fields a form refuses empty and that have no default, and the ``extra`` ones."""
        return [name for name in properties if name in extra or is_required(model, name)]

    def properties(self, model: type[models.Model], panels: list[FieldPanel | InlinePanel]) -> dict:
        return {
            self.name(panel): self.inline(panel)
            if isinstance(panel, InlinePanel)
            else self.field(model, panel)
            for panel in panels
        }

    def inline(self, panel: InlinePanel) -> dict:
        items = self.object_schema(
            panel.db_field.related_model, public_panels(panel.child_edit_handler)
        )
        return {"type": "array", "title": str(panel.heading), "description": "", "items": items}

    def field(self, model: type[models.Model], panel: FieldPanel) -> dict:
        field = model._meta.get_field(panel.field_name)
        schema = {
            "title": str(capfirst(panel.heading or field.verbose_name)),
            "description": str(field.help_text),
        }
        if field.many_to_many:
            schema |= {"type": "array", "uniqueItems": True, "items": self.value(field)}
        else:
            schema |= self.value(field)
        if field.has_default() and not callable(field.default) and not field.is_relation:
            schema["default"] = field.default
        if panel.read_only:
            schema["readOnly"] = True
        return schema

    def value(self, field: models.Field) -> dict:
        """The schema of one value of ``field``."""
        if isinstance(field, RichTextField):
            return dict(RICH_TEXT)
        if isinstance(field, StreamField):
            return self.stream(field)
        if field.is_relation:
            vocabulary = MODEL_VOCABULARIES.get(field.related_model)
            return {"type": "string"} | (
                {"vocabulary": self.vocabulary(vocabulary)} if vocabulary else {}
            )
        schema = {"type": next((t for cls, t in TYPE_NAMES if isinstance(field, cls)), "string")}
        if schema["type"] == "string":
            fmt = next((fmt for cls, fmt in FORMATS if isinstance(field, cls)), None)
            if fmt:
                schema["format"] = fmt
            if field.max_length and not field.choices:
                schema["maxLength"] = field.max_length
        if field.choices:
            schema["enum"] = [token for token, _label in field.flatchoices]
            schema["choices"] = [[token, str(label)] for token, label in field.flatchoices]
        if field.name in CHOICE_VOCABULARIES:
            schema["vocabulary"] = self.vocabulary(CHOICE_VOCABULARIES[field.name])
        return schema

    @staticmethod
    def stream(field: StreamField) -> dict:
        """A StreamField as the API sends it: a list of ``{"type", "value", "id"}`` blocks."""
        blocks = field.stream_block.child_blocks
        return {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "value"],
                "properties": {
                    "type": {
                        "type": "string",
                        "enum": list(blocks),
                        "choices": [[name, str(block.label)] for name, block in blocks.items()],
                    },
                    "value": {},
                    "id": {"type": "string"},
                },
            },
        }


@lru_cache(maxsize=128)
def type_schema(type_name: str, language: str, root: str) -> dict:
    with translation.override(language):
        return SchemaBuilder(root).type_schema(TYPES[type_name])


SCHEMA_RESPONSE = {
    "type": "object",
    "description": "A JSON Schema (draft 2020-12) with plone.restapi's fieldsets.",
    "required": ["title", "type", "properties", "required", "fieldsets"],
    "properties": {
        "$schema": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "type": {"type": "string", "enum": ["object"]},
        "properties": {"type": "object", "additionalProperties": {"type": "object"}},
        "required": {"type": "array", "items": {"type": "string"}},
        "fieldsets": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "title": {"type": "string"},
                    "fields": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def type_url(request, name: str) -> str:
    return request.build_absolute_uri(reverse("api:type", args=[name]))


class TypesView(ApiView):
    """``GET /api/@types``: the listing kinds and page types, each with its schema's link."""

    @extend_schema(
        summary="The content types",
        operation_id="types",
        parameters=[LANGUAGE_PARAMETER],
        responses={
            200: inline_serializer(
                "ContentType",
                {
                    "@id": serializers.URLField(),
                    "title": serializers.CharField(help_text="In the request's language."),
                    "token": serializers.ChoiceField(choices=list(TYPES)),
                },
                many=True,
            ),
            400: ERROR_RESPONSE,
        },
    )
    def get(self, request) -> Response:
        return Response(
            [
                {
                    "@id": type_url(request, name),
                    "title": str(capfirst(model._meta.verbose_name)),
                    "token": name,
                }
                for name, model in TYPES.items()
            ]
        )


class TypeView(ApiView):
    """``GET /api/@types/<type>``: the JSON Schema of one type, titles in the request's
    language."""

    @extend_schema(
        summary="The JSON Schema of a content type",
        operation_id="type",
        parameters=[
            OpenApiParameter(
                "name", str, OpenApiParameter.PATH, enum=list(TYPES), description="Its token."
            ),
            LANGUAGE_PARAMETER,
        ],
        responses={(200, MEDIA_TYPE): SCHEMA_RESPONSE, 400: ERROR_RESPONSE},
    )
    def get(self, request, name: str) -> Response:
        if name not in TYPES:
            raise BadRequest.for_field(
                "type", f"There is no type {name!r}; the types are {', '.join(TYPES)}."
            )
        schema = type_schema(name, self.language, request.build_absolute_uri("/"))
        return Response(schema, content_type=MEDIA_TYPE)


urlpatterns = [
    path("@types", TypesView.as_view(), name="types"),
    path("@types/<str:name>", TypeView.as_view(), name="type"),
]
