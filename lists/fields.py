"""Texts curators write in every content language (a list's title, an entry's note), kept as one
JSON object ``{"en": "...", "es": "..."}`` and edited as one input per language."""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from directory.models.taxonomy import default_language_code


def content_languages() -> list[tuple[str, str]]:
    return list(settings.WAGTAIL_CONTENT_LANGUAGES)


class TranslatedTextWidget(forms.MultiWidget):
    """One input (or text area) per content language, labelled with the language's name."""

    template_name = "lists/widgets/translated_text.html"

    def __init__(self, attrs=None, rows: int | None = None):
        widgets = {}
        for code, name in content_languages():
            sub_attrs = {"lang": code, "title": name}
            widgets[code] = (
                forms.Textarea(attrs={**sub_attrs, "rows": rows})
                if rows
                else forms.TextInput(attrs=sub_attrs)
            )
        super().__init__(widgets, attrs)

    def decompress(self, value):
        value = value if isinstance(value, dict) else {}
        return [value.get(code, "") for code, _name in content_languages()]

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        codes = [code for code, _name in content_languages()]
        return {
            code: text.strip()
            for code, text in zip(codes, values, strict=True)
            if text and text.strip()
        }

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}_{code}" not in data for code, _name in content_languages())


class TranslatedTextFormField(forms.Field):
    """A dict of language code -> text; ``required`` means required in the default language."""

    def __init__(self, *, max_length: int | None = None, rows: int | None = None, **kwargs):
        self.max_length = max_length
        kwargs.setdefault("widget", TranslatedTextWidget(rows=rows))
        super().__init__(**kwargs)

    def to_python(self, value) -> dict:
        if isinstance(value, str):
            try:
                value = json.loads(value or "{}")
            except ValueError as error:
                raise ValidationError(_("Enter a text per language.")) from error
        if not isinstance(value, dict):
            return {}
        return {str(k): str(v).strip() for k, v in value.items() if str(v).strip()}

    def validate(self, value: dict) -> None:
        if self.required and not value.get(default_language_code()):
            raise ValidationError(self.error_messages["required"], code="required")
        if self.max_length:
            too_long = [code for code, text in value.items() if len(text) > self.max_length]
            if too_long:
                raise ValidationError(
                    _("At most %(n)s characters in each language.") % {"n": self.max_length}
                )

    def has_changed(self, initial, data) -> bool:
        return self.to_python(initial or {}) != self.to_python(data or {})


class TranslatedTextField(models.JSONField):
    """A model field holding ``{"en": "...", "es": "..."}``; blank means no text at all."""

    def __init__(self, *args, max_length: int | None = None, rows: int | None = None, **kwargs):
        self.text_max_length, self.rows = max_length, rows
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.text_max_length:
            kwargs["max_length"] = self.text_max_length
        if self.rows:
            kwargs["rows"] = self.rows
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return TranslatedTextFormField(
            required=not self.blank,
            label=kwargs.get("label", capfirst(self.verbose_name)),
            help_text=kwargs.get("help_text", self.help_text),
            max_length=self.text_max_length,
            rows=self.rows,
        )
