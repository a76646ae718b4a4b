"""Rich text that enters from outside is cleaned here, once, to what its field's editor allows.

The admin's editor (Draftail) can only produce the tags of a field's ``features``; a CSV file, an
HSDS package, a backup or a future write API can send anything, and the description is served as
HTML (the API's ``text.data``, the admin's preview). So every importer, and the field itself
(``CleanRichTextField``: in ``full_clean``, when a revision is loaded and in every insert or
update), passes rich text through ``clean_rich_text``: nh3 (the Rust sanitizer ammonia) with an
allow-list built from the features. Why nh3 and not a round trip through Wagtail's own
converter (docs/architecture.md, *Rich text from outside*): the converter keeps the text of a
``<script>`` or ``<style>`` as visible words, gives every paragraph a new random block key (so an
unchanged import would look changed) and queries the database for every page link.
"""

from functools import cache

import nh3
from django.core.exceptions import ImproperlyConfigured
from wagtail.fields import RichTextField

# Wagtail's rich-text features -> the tags its editor writes for each, and their attributes.
# (The tags are those of each feature's "contentstate" converter rule, which the editor reads;
# tests/directory/test_rich_text_cleaning.py compares this table with Wagtail's registry.)
BLOCK_KEY = "data-block-key"  # Wagtail 6+ keeps each block's editor key on the element
FEATURE_TAGS: dict[str, dict[str, set[str]]] = {
    "bold": {"b": set(), "strong": set()},
    "italic": {"i": set(), "em": set()},
    **{f"h{n}": {f"h{n}": {BLOCK_KEY}} for n in range(1, 7)},
    "ol": {"ol": set(), "li": {BLOCK_KEY}},
    "ul": {"ul": set(), "li": {BLOCK_KEY}},
    "blockquote": {"blockquote": {BLOCK_KEY}},
    "hr": {"hr": set()},
    "superscript": {"sup": set()},
    "subscript": {"sub": set()},
    "strikethrough": {"s": set()},
    "code": {"code": set()},
    # An external link (href) or a page link (linktype="page" and the page's id), as stored.
    "link": {"a": {"href", "linktype", "id"}},
}
# Every field has paragraphs and line breaks, whatever its features.
ALWAYS = {"p": {BLOCK_KEY}, "br": set()}
# Default features of a RichTextField without its own list (Wagtail's default set, minus the
# image, embed and document link, which this project does not use).
DEFAULT_FEATURES = ("h2", "h3", "h4", "bold", "italic", "ol", "ul", "hr", "link")
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Dropped with their content: their text is code, not words.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "svg",
    "math",
}


def _attribute(tag: str, name: str, value: str) -> str | None:
    # A page link's id is a number; any other id could clobber a script's globals.
    if name == "id":
        return value if value.isdigit() else None
    if name == "linktype":
        return value if value == "page" else None
    return value


@cache
def _cleaner(features: tuple[str, ...]) -> nh3.Cleaner:
    allowed = {tag: set(attributes) for tag, attributes in ALWAYS.items()}
    for feature in features:
        if feature not in FEATURE_TAGS:
            raise ImproperlyConfigured(
                f"Rich-text feature {feature!r} has no cleaning rule in directory/cleaning.py."
            )
        for tag, attributes in FEATURE_TAGS[feature].items():
            allowed.setdefault(tag, set()).update(attributes)
    return nh3.Cleaner(
        tags=set(allowed),
        attributes=allowed,
        attribute_filter=_attribute,
        clean_content_tags=DROPPED_WITH_CONTENT - set(allowed),
        url_schemes=URL_SCHEMES,
        link_rel=None,  # stored as the editor stores it; no rel added to the database
        strip_comments=True,
    )


def clean_rich_text(value: str | None, features: list[str] | tuple[str, ...] | None) -> str:
    """``value`` with only the tags, attributes and link schemes that ``features`` allow.

    Text stays text (``&lt;script&gt;`` remains escaped). Cleaning what the editor wrote changes
    nothing, and cleaning twice is cleaning once.
    """
    if not value:
        return ""
    cleaned = _cleaner(tuple(features or DEFAULT_FEATURES)).clean(str(value))
    # html5ever writes <br>; Wagtail's editor stores <br/>: keep one spelling. (In nh3's output
    # "<br>" can only be the tag: a "<" in text comes out as "&lt;".)
    return cleaned.replace("<br>", "<br/>")


class CleanRichTextField(RichTextField):
    """A RichTextField whose value is always cleaned to its features, whatever wrote it:
    ``full_clean`` and ``Field.clean`` (the importers), loading a revision
    (``from_serializable_data``), every save or bulk insert (``pre_save``) and a queryset's
    ``update()`` (TextField's ``get_prep_value`` calls ``to_python``). So does a lookup's
    value: ``description__contains="a & b"`` looks for the stored form, ``a &amp; b``."""

    def to_python(self, value):
        return clean_rich_text(super().to_python(value), self.features)

    def pre_save(self, model_instance, add: bool):
        value = clean_rich_text(getattr(model_instance, self.attname), self.features)
        setattr(model_instance, self.attname, value)
        return value
