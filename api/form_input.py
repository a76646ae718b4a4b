"""Form widgets that read the API's JSON instead of the admin editor's own formats: rich text as
cleaned HTML (directory/cleaning.py, to the field's features) and a StreamField as its JSON
blocks (``[{"type", "value"}]``, as ``@types`` describes it), rich text inside the blocks cleaned
the same way. ``writing.bound_form`` swaps them into the admin's form, which then validates and
saves as the admin does."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail import blocks

from directory.cleaning import clean_rich_text


class CleanHTMLWidget(forms.Textarea):
    def __init__(self, features):
        super().__init__()
        self.features = features

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return clean_rich_text(value, self.features) if isinstance(value, str) else value


class StreamJSONWidget(forms.Widget):
    """A StreamField's value from a list of ``{"type", "value"}`` blocks: a malformed block is a
    field error, never a crash."""

    def __init__(self, block: blocks.StreamBlock):
        super().__init__()
        self.block = block

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, blocks.StreamValue):
            return value
        try:
            return self.block.to_python(cleaned(self.block, value or []))
        except (TypeError, ValueError, AttributeError, KeyError) as error:
            raise ValidationError(_("These blocks are not valid: %s") % error) from error


def cleaned(block: blocks.Block, raw: Any) -> Any:
    """``raw`` (a block's JSON value) with every rich text in it cleaned to its features;
    ValueError (or KeyError, TypeError) where its shape is not the block's."""
    if isinstance(block, blocks.RichTextBlock):
        return clean_rich_text(raw, block.features) if isinstance(raw, str) else raw
    if isinstance(block, blocks.StreamBlock):
        return [
            {**item, "value": cleaned(block.child_blocks[item["type"]], item.get("value"))}
            for item in raw
        ]
    if isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            raise ValueError(_("%(block)s takes an object.") % {"block": block.name})
        return {
            name: cleaned(block.child_blocks[name], value) if name in block.child_blocks else value
            for name, value in raw.items()
        }
    return raw


def api_widget(field: forms.Field) -> forms.Widget | None:
    """The widget that reads this field from JSON, if its admin widget is an editor's."""
    widget = field.widget
    if type(widget).__name__.endswith("RichTextArea"):
        return CleanHTMLWidget(getattr(widget, "features", None))
    if isinstance(getattr(field, "block", None), blocks.StreamBlock):
        return StreamJSONWidget(field.block)
    return None
