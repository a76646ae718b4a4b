"""CMS pages as the API shows them (plone.restapi's content GET, @breadcrumbs, @navigation and
@translations), kept apart from the views as plone.restapi keeps its serializers.

A request sees one page tree: live pages outside view restrictions and unpublished sections, in
its language where a live translation exists and otherwise in the site's default language. The
tree reads the page rows it needs in a fixed number of queries, whatever the number of pages shown.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language
from wagtail.blocks import Block, ListBlock, RichTextBlock, StreamBlock, StreamValue, StructBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet
from wagtail.rich_text import expand_db_html, get_text_for_indexing

from api.batching import BATCHING_SCHEMA, batch_envelope
from api.serializers import rich_text
from directory.language_names import language_name

COMPONENTS = ("breadcrumbs", "navigation", "translations")
# A link or source that is a path on this host: "/..." but not "//host/...".
ABSOLUTE = re.compile(r'(\s(?:href|src)=")/(?!/)')
ROW_FIELDS = ("id", "translation_key", "path", "locale_id")


@dataclass
class Entry:
    """One page of a list in every language version the tree may show: ``shown`` is the version in
    the request's language if there is one, else the default language's."""

    shown: Any
    versions: list


def public_pages() -> PageQuerySet:
    """Live pages outside view restrictions, and outside unpublished sections: a live page below
    an unpublished one is not public either. Reads the restrictions and the unpublished sections
    once (two queries); the queryset it answers then costs nothing more to filter."""
    pages = Page.objects.live().public()
    unpublished = Page.objects.filter(live=False, numchild__gt=0).values_list("path", flat=True)
    if unpublished:
        pages = pages.exclude(reduce(or_, [Q(path__startswith=path) for path in unpublished]))
    return pages


def home_pages(request, live: PageQuerySet) -> list[Page]:
    """The published home page of the request's site in each language."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is served at this address.")
    return list(
        live.filter(
            translation_key__in=Page.objects.filter(pk=site.root_page_id).values("translation_key")
        ).select_related("locale")
    )


class PageTree:
    """The site's pages as one request sees them, and the API URLs that name them.

    Links keep ``?language=`` when the request gave it, so a client that chose a language by
    parameter stays in it while it follows ``@id``s; a link to a translation always names its
    language.
    """

    def __init__(self, request, language: str):
        self.request = request
        self.default_language = settings.LANGUAGE_CODE
        self.pinned = request.query_params.get("language")
        self.base = request.build_absolute_uri(reverse("api:site"))
        live = public_pages()
        homes = home_pages(request, live)
        self.homes = {home.locale_id: home for home in homes}
        self.codes = {home.locale_id: home.locale.language_code for home in homes}
        by_code = {home.locale.language_code: home for home in homes}
        self.home = by_code.get(language) or by_code.get(self.default_language)
        if self.home is None:
            raise Http404("The site has no published home page.")
        # Where a path is looked for: the request's language first, then the default one.
        self.search_homes = [
            by_code[code]
            for code in dict.fromkeys((language, self.default_language))
            if code in by_code
        ]
        self.wanted = {home.locale_id for home in self.search_homes}
        self.preferred = by_code[language].locale_id if language in by_code else None
        self.default_locale = (
            by_code[self.default_language].locale_id if self.default_language in by_code else None
        )
        # Below a home page and in its language: those are the pages that have an API path.
        self.visible = live.filter(
            reduce(or_, [Q(path__startswith=h.path, locale_id=h.locale_id) for h in homes])
        )

    # URLs

    def url(self, page: Page | None = None, service: str = "", language: str | None = None) -> str:
        """The API URL of ``page`` (the site root if None or a home page), or of one of its
        ``@services``."""
        relative = "" if page is None or self.is_home(page) else self.relative_path(page)
        tail = "/".join(part for part in (relative, service and f"@{service}") if part)
        language = language or self.pinned
        query = f"?{urlencode({'language': language})}" if language else ""
        return self.base + tail + query

    def relative_path(self, page: Page) -> str:
        return page.url_path[len(self.homes[page.locale_id].url_path) :].strip("/")

    def is_home(self, page: Page) -> bool:
        home = self.homes.get(page.locale_id)
        return home is not None and home.pk == page.pk

    def language_of(self, page: Page) -> str:
        return self.codes[page.locale_id]

    # Finding pages

    def resolve(self, path: str) -> Page:
        """The page at ``path`` below the home page, in the request's language if it has a live
        translation, else in the default language; Http404 if there is none to show."""
        path = path.strip("/")
        if not path:
            return self.home.specific
        for home in self.search_homes:
            page = self.visible.filter(url_path=f"{home.url_path}{path}/").first()
            if page is not None:
                break
        else:
            raise Http404(f"No published page is found at {path}.")
        if self.preferred is not None and page.locale_id != self.preferred:
            page = self.localize([page])[0]
        return page.specific

    def localize(self, pages: list[Page]) -> list[Page]:
        """Each page in the request's language where it has a live translation (one query)."""
        if self.preferred is None:
            return pages
        keys = {page.translation_key for page in pages if page.locale_id != self.preferred}
        translated = {
            page.translation_key: page
            for page in self.visible.filter(locale_id=self.preferred, translation_key__in=keys)
        }
        return [translated.get(page.translation_key, page) for page in pages]

    def ancestors(self, page: Page) -> list[Page]:
        """The pages from below the home page down to ``page`` included, localized."""
        step = Page.steplen
        paths = [page.path[: step * depth] for depth in range(self.home.depth + 1, page.depth)]
        found = {ancestor.path: ancestor for ancestor in self.visible.filter(path__in=paths)}
        return self.localize([found[path] for path in paths if path in found]) + (
            [] if self.is_home(page) else [page]
        )

    def parent(self, page: Page) -> Page:
        if page.depth - 1 <= self.home.depth:
            return self.home.specific
        step = Page.steplen
        parent = self.visible.filter(path=page.path[: step * (page.depth - 1)]).first()
        return self.localize([parent])[0].specific if parent else self.home.specific

    def rows(self, queryset) -> list:
        return list(queryset.values_list(*ROW_FIELDS, named=True))

    def entries(self, rows: list) -> list[Entry]:
        """One entry per translation set among ``rows``: in the default language's order, then
        the pages that exist only in the request's language."""
        sets: dict = {}
        for row in rows:
            sets.setdefault(row.translation_key, []).append(row)
        return sorted(
            (
                Entry(
                    shown=next((r for r in versions if r.locale_id == self.preferred), versions[0]),
                    versions=versions,
                )
                for versions in sets.values()
            ),
            key=self._order,
        )

    def _order(self, entry: Entry) -> tuple:
        default = next((r for r in entry.versions if r.locale_id == self.default_locale), None)
        return (0, default.path) if default else (1, entry.shown.path)

    def children(self, page: Page) -> list[Entry]:
        """The live children of ``page`` and of its other language version, merged."""
        parents = self.rows(
            self.visible.filter(translation_key=page.translation_key, locale_id__in=self.wanted)
        )
        if not parents:
            return []
        return self.entries(
            self.rows(
                self.visible.filter(
                    reduce(or_, [Q(path__startswith=parent.path) for parent in parents]),
                    depth=page.depth + 1,
                    locale_id__in=self.wanted,
                )
            )
        )

    def specific(self, entries: list[Entry]) -> list[Page]:
        """The shown page of each entry, specific and without StreamField bodies, in order."""
        ids = [entry.shown.id for entry in entries]
        by_id = {p.pk: p for p in Page.objects.filter(pk__in=ids).specific().defer_streamfields()}
        return [by_id[pk] for pk in ids if pk in by_id]

    def translations(self, page: Page) -> list[Page]:
        """The page's other live translations, in the languages the site serves, in order."""
        served = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
        pages = self.visible.filter(translation_key=page.translation_key).exclude(
            locale_id=page.locale_id
        )
        return sorted(
            (p for p in pages if self.codes.get(p.locale_id) in served),
            key=lambda p: served.index(self.codes[p.locale_id]),
        )


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


# What the answers look like, for the OpenAPI schema.

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
