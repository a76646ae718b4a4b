"""``shorten``: long free text on a sheet, cut at a word with an ellipsis (sheets.sheet)."""

from django import template

from sheets.sheet import shorten as shorten_text

register = template.Library()


@register.filter
def shorten(text, limit: int) -> str:
    return shorten_text(text, int(limit))
