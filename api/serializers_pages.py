"""CMS pages as the API shows them (plone.restapi's content GET, @breadcrumbs, @navigation and
@translations), kept apart from the views as plone.restapi keeps its serializers. The tree they
read is api/page_tree.py; what the answers look like, for the OpenAPI schema, api/schemas_pages.py.
"""

import re
from typing import Any

from django.conf import settings
from django.utils.translation import get_language
from wagtail.blocks import Block, ListBlock, RichTextBlock, StreamBlock, StreamValue, StructBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.rich_text import expand_db_html, get_text_for_indexing

from api.batching import batch_envelope
from api.page_tree import Entry, PageTree
from api.serializers import rich_text
from directory.language_names import language_name

COMPONENTS = ("breadcrumbs", "navigation", "translations")
# A link or source that is a path on this host: "/..." but not "//host/...".
ABSOLUTE = re.compile(r'(\s(?:href|src)=")/(?!/)')


# Fields


def description(page: Page) -> str:
    """search_description, else the summary, else the introduction as plain text."""
    text = page.search_description or getattr(page, "summary", "") or getattr(page, "intro", "")
    return " ".join(get_text_for_indexing(text).split())


def html(tree: PageTree, source: str) -> dict:
    """Rich text with internal links expanded and made absolute, for use off the site."""
    root = tree.request.build_absolute_uri("/")
    expanded = ABSOLUTE.sub(lambda m: m.group(1) + root, expand_db_html(source or ""))
    return rich_text(expanded)


def block_value(tree: PageTree, block: Block, value: Any) -> Any:
    """A block's value as JSON: rich text as in plone.restapi, documents as links."""
    if value is None:
        return None
    if isinstance(block, RichTextBlock):
        return html(tree, value.source)
    if isinstance(block, StreamBlock):
        return stream(tree, value)
    if isinstance(block, StructBlock):
        return {
            name: block_value(tree, child, value.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, ListBlock):
        return [block_value(tree, block.child_block, item) for item in value]
    if isinstance(block, DocumentChooserBlock):
        return {
            "title": value.title,
            "url": tree.request.build_absolute_uri(value.url),
            "file_extension": value.file_extension,
        }
    return block.get_api_representation(value, context={"request": tree.request})


def stream(tree: PageTree, value: StreamValue) -> list[dict]:
    return [
        {
            "id": child.id,
            "type": child.block_type,
            "value": block_value(tree, child.block, child.value),
        }
        for child in value
    ]


def type_fields(tree: PageTree, page: Page) -> dict:
    """The page type's own fields: rich text as in plone.restapi, StreamFields as blocks."""
    data = {}
    for model_field in type(page)._meta.local_concrete_fields:
        if model_field.primary_key or model_field.is_relation:
            continue
        value = model_field.value_from_object(page)
        if isinstance(model_field, RichTextField):
            value = html(tree, value)
        elif isinstance(model_field, StreamField):
            value = stream(tree, value)
        data[model_field.name] = value
    return data


def is_folderish(page: Page) -> bool:
    return bool(type(page).allowed_subpage_models())


def _datetime(value) -> str | None:
    return value.isoformat() if value else None


# Answers


def summary(tree: PageTree, page: Page) -> dict:
    return {
        "@id": tree.url(page),
        "@type": "Site" if tree.is_home(page) else type(page).__name__,
        "title": page.title,
        "description": description(page),
        "review_state": "published",
        "language": tree.language_of(page),
    }


def search_item(tree: PageTree, page: Page) -> dict:
    """A page in @search's results: the summary with ``UID`` after ``@type``, as listings carry
    it there, so a client keys every result the same way."""
    item = summary(tree, page)
    head = {"@id": item.pop("@id"), "@type": item.pop("@type"), "UID": page.translation_key.hex}
    return {**head, **item}


def items(tree: PageTree, page: Page, start: int, size: int) -> dict:
    entries = tree.children(page)
    batch = [summary(tree, child) for child in tree.specific(entries[start : start + size])]
    return batch_envelope(tree.request, batch, len(entries), start, size)


def breadcrumbs(tree: PageTree, page: Page) -> dict:
    return {
        "@id": tree.url(page, "breadcrumbs"),
        "items": [{"@id": tree.url(p), "title": p.title} for p in tree.ancestors(page)],
        "root": tree.url(),
    }


def navigation(tree: PageTree, page: Page) -> dict:
    """The top-level pages, each with its children (plone.restapi's navigation, two levels)."""
    depth = tree.home.depth
    rows = tree.rows(
        tree.visible.filter(depth__in=(depth + 1, depth + 2), locale_id__in=tree.wanted)
    )
    by_parent: dict[str, list] = {}
    for row in rows:
        by_parent.setdefault(row.path[: -Page.steplen], []).append(row)
    homes = [h for h in tree.homes.values() if h.locale_id in tree.wanted]
    top = tree.entries([row for home in homes for row in by_parent.get(home.path, [])])
    below = {
        entry.shown.id: tree.entries(
            [row for version in entry.versions for row in by_parent.get(version.path, [])]
        )
        for entry in top
    }
    pages = {
        p.pk: p for p in tree.specific([*top, *(e for entries in below.values() for e in entries)])
    }

    def node(entry: Entry) -> dict:
        p = pages[entry.shown.id]
        return {
            "@id": tree.url(p),
            "title": p.title,
            "description": description(p),
            "review_state": "published",
        }

    return {
        "@id": tree.url(page, "navigation"),
        "items": [
            {**node(entry), "items": [node(child) for child in below[entry.shown.id]]}
            for entry in top
        ],
    }


def translations(tree: PageTree, page: Page) -> dict:
    return {
        "@id": tree.url(page, "translations"),
        "items": [
            {"@id": tree.url(p, language=tree.language_of(p)), "language": tree.language_of(p)}
            for p in tree.translations(page)
        ],
    }


SERVICES = {"breadcrumbs": breadcrumbs, "navigation": navigation, "translations": translations}


def components(tree: PageTree, page: Page, expand: list[str]) -> dict:
    """Links to the page's services, or their answers for those named in ``expand``."""
    return {
        name: SERVICES[name](tree, page) if name in expand else {"@id": tree.url(page, name)}
        for name in COMPONENTS
    }


def content(tree: PageTree, page: Page, expand: list[str], start: int, size: int) -> dict:
    """plone.restapi's content GET of one page."""
    parent = tree.parent(page)
    body = {
        **summary(tree, page),
        "UID": page.translation_key.hex,
        "id": page.slug,
        "created": _datetime(page.first_published_at),
        "modified": _datetime(page.last_published_at),
        "is_folderish": is_folderish(page),
        "parent": summary(tree, parent),
        **type_fields(tree, page),
        "@components": components(tree, page, expand),
    }
    if body["is_folderish"]:
        body.update(items(tree, page, start, size))
    return body


def site(tree: PageTree, expand: list[str], start: int, size: int) -> dict:
    """The site root: the home page in the request's language, as a Site."""
    home = tree.home.specific
    return {
        **summary(tree, home),
        "default_language": tree.default_language,
        "available_languages": [
            {"token": code, "title": language_name(code, get_language()) or str(name)}
            for code, name in settings.WAGTAIL_CONTENT_LANGUAGES
        ],
        **items(tree, home, start, size),
        "@components": {
            **components(tree, home, expand),
            "search": {"@id": f"{tree.base}@search"},
            "directory": {"@id": f"{tree.base}directory/"},
        },
    }
