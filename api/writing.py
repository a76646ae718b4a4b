"""What every write of the API shares: the body as a JSON object, validation by the very schema
``@types/<type>`` publishes, and the admin's own form for the rest.

One source of truth: ``@types`` reads a type's schema off its admin panels, and a write fills
the form those same panels build (``get_form_class``), the one the admin's edit page validates
and saves with. So a field is writable through the API exactly when the schema shows it (the
private fields the schema leaves out keep their values), the schema's types, enums and required
fields are checked first (jsonschema, draft 2020-12), and then the form checks what a schema
cannot say (a known vocabulary token, ``Listing.clean()``: ZIP to city, state, county and point,
phone numbers to E.164, the service area's rule; rich text cleaned by its field,
directory/cleaning.py). Field errors name the field as ``@types`` does (``phones[0].number``).
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db import models
from django.utils.html import strip_tags
from jsonschema import Draft202012Validator
from rest_framework import exceptions, status

from api.errors import BadRequest
from api.form_input import api_widget
from directory.models.search import locale_ids
from directory.models.taxonomy import default_language_code
from directory.widgets import CountyCodesWidget

ALIASES = {"title": "name"}  # plone.restapi's name for a listing's name


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "This object has changed since that ETag: read it again, then retry."


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT


def json_object(request, aliases: dict = ALIASES) -> dict:
    data = request.data
    if not isinstance(data, dict):
        raise BadRequest.for_field("body", "The body must be a JSON object of fields.")
    return {aliases.get(name, name): value for name, value in data.items()}


def check_type(body: dict, type_name: str) -> None:
    """``@type``, when given, must be the folder's type."""
    given = body.pop("@type", type_name)
    if given != type_name:
        raise BadRequest.for_field("@type", f"This folder holds {type_name}, not {given!r}.")


def validate(schema: dict, body: dict, partial: bool) -> None:
    """The body against the published schema: unknown or read-only fields, types, enums,
    lengths and (unless ``partial``, a PATCH) the required fields."""
    properties = schema["properties"]
    unknown = sorted(set(body) - set(properties))
    read_only = sorted(name for name in body if properties.get(name, {}).get("readOnly"))
    errors = [{"field": name[:100], "message": "Unknown field."} for name in unknown[:5]]
    errors += [{"field": name, "message": "This field is read-only."} for name in read_only]
    checked = {**schema, "required": [] if partial else schema["required"]}
    for error in Draft202012Validator(checked).iter_errors(body):
        path = error.absolute_path
        if path and path[0] in unknown:
            continue
        errors.append({"field": field_name(path) or required_name(error), "message": error.message})
    if errors:
        raise BadRequest(" ".join(f"{e['field']}: {e['message']}" for e in errors[:10]), errors)


def field_name(path: Iterable) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def required_name(error) -> str:
    if error.validator == "required":
        return str(error.message).split("'")[1]
    return "body"


# The admin's form, filled from JSON


def form_data(form: forms.BaseForm, body: dict) -> dict:
    """The form's data: the instance's current values (what a PATCH leaves alone, the private
    fields), then the body's values in the form's terms."""
    data = {}
    for name, field in form.fields.items():
        value = body[name] if name in body else current(form, name, field)
        data[name] = widget_value(field, value, from_body=name in body)
    for name, formset in getattr(form, "formsets", {}).items():
        data |= formset_data(formset, body.get(name))
    return data


def current(form: forms.BaseForm, name: str, field: forms.Field) -> Any:
    value = form.get_initial_for_field(field, name)
    if isinstance(field, forms.ModelMultipleChoiceField):
        return [getattr(item, "pk", item) for item in value or ()]
    return value


def widget_value(field: forms.Field, value: Any, from_body: bool) -> Any:
    if isinstance(value, dict) and "data" in value:
        value = value["data"]  # rich text as plone.restapi sends it
    if isinstance(field, forms.ModelMultipleChoiceField):
        value = terms(field, value) if from_body else value
        if isinstance(field.widget, CountyCodesWidget):
            return " ".join(str(code) for code in value)
    elif isinstance(field, forms.ModelChoiceField) and from_body and value:
        value = terms(field, [value])[0]
    return "" if value is None else value


def terms(field: forms.ModelChoiceField, tokens: list) -> list:
    """Vocabulary tokens as the form's choices (their primary keys); an unknown token is passed
    on as it is, so the form names it as an invalid choice."""
    model = field.queryset.model
    if not any(f.name == "token" for f in model._meta.fields):
        return list(tokens)
    found = dict(field.queryset.filter(token__in=tokens).values_list("token", "pk"))
    return [found.get(token, f"unknown:{token}") for token in tokens]


def formset_data(formset, rows: list | None) -> dict:
    """An inline panel's formset: the current children unchanged, or (when the body names the
    relation) the current children deleted and the body's rows added, in order."""
    prefix = formset.prefix
    existing = list(formset.get_queryset())
    data = {}
    for index, child in enumerate(existing):
        data[f"{prefix}-{index}-id"] = child.pk
        data[f"{prefix}-{index}-ORDER"] = index
        form = formset.forms[index]
        for name, field in form.fields.items():
            if name not in ("id", "ORDER", "DELETE"):
                data[f"{prefix}-{index}-{name}"] = widget_value(
                    field, form.get_initial_for_field(field, name), from_body=False
                )
        if rows is not None:
            data[f"{prefix}-{index}-DELETE"] = "on"
    for offset, row in enumerate(rows or ()):
        index = len(existing) + offset
        data[f"{prefix}-{index}-ORDER"] = index
        for name, field in formset.empty_form.fields.items():
            if name in row:
                data[f"{prefix}-{index}-{name}"] = widget_value(field, row[name], from_body=True)
    total = len(existing) + len(rows or ())
    return data | {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": len(existing)}


def bound_form(form_class, instance: models.Model, user, body: dict, **extra) -> forms.BaseForm:
    """The admin's form for ``instance`` bound to the body (on top of the current values), its
    rich-text and StreamField editors swapped for widgets that read JSON (api/form_input.py):
    the API sends HTML and blocks, not the editors' own formats, and they are cleaned.
    ``extra``: the form's own arguments (a page's parent)."""
    blank = form_class(instance=instance, for_user=user, **extra)
    form = form_class(form_data(blank, body), instance=instance, for_user=user, **extra)
    for field in form.fields.values():
        field.widget = api_widget(field) or field.widget
    return form


def form_errors(form: forms.BaseForm) -> BadRequest:
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        errors.setdefault("body" if name == "__all__" else name, []).extend(messages)
    for relation, formset in getattr(form, "formsets", {}).items():
        for index, child_errors in enumerate(formset.errors):
            for name, messages in child_errors.items():
                errors.setdefault(f"{relation}[{index}].{name}", []).extend(messages)
        if formset.non_form_errors():
            errors.setdefault(relation, []).extend(formset.non_form_errors())
    return BadRequest.for_fields(errors)


# Optimistic locking


def source_row(listing):
    """The listing's row in the default language, which writes edit (``listing`` if it is)."""
    code = default_language_code()
    default = locale_ids(code).get(code)
    if listing.locale_id == default:
        return listing
    rows = type(listing).objects.filter(translation_key=listing.translation_key)
    return rows.filter(locale_id=default).first() or listing


def revision_etag(instance) -> str:
    return f'"rev-{instance.pk}-{instance.latest_revision_id or 0}"'


def check_if_match(request, instance) -> None:
    wanted = request.headers.get("If-Match")
    if wanted is None:
        return
    tags = {tag.strip() for tag in wanted.split(",")}
    if "*" not in tags and revision_etag(instance) not in tags:
        raise PreconditionFailed()


def check_lock(instance, user) -> None:
    """Wagtail's lock: held by someone else (or a locked workflow task), a write is a 409."""
    lock = instance.get_lock()
    if lock is not None and lock.for_user(user):
        raise Conflict(strip_tags(str(lock.get_message(user))))
