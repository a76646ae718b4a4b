"""The CMS page tree as one API request sees it: which pages are public, where a path leads,
in which language, and the API URLs that name them.

A request sees one page tree: live pages outside view restrictions and unpublished sections, in
its language where a live translation exists and otherwise in the site's default language. The
tree reads the page rows it needs in a fixed number of queries, whatever the number of pages shown.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet

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
