"""``/directory/``: the public directory search, for workers and the people who help them.

One GET form, rendered on the server, so it works without JavaScript and with a strict
Content-Security-Policy. It searches with the directory's own queryset methods
(``for_language``, ``matching_text``, ``in_state``, ``near``: all built on ``public()``), given
plain values read from the form; a ZIP code or "City, ST" typed among the words is searched as
the place (``near``). Nothing about the search is stored.

It lives in ``sheets/`` beside the staff page, not in ``directory/`` or ``cms/``: it prints each
listing with the sheets' ``entry()`` and the API's ``Titles`` (vocabulary titles in the
reader's language), which those lower layers may not import (``lint-imports``)."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View

from api.language import available_languages
from api.serializers import Titles
from api.term_ids import summary_rows
from directory import geography
from directory.choices import Kind
from directory.models import Language, Listing, PublicVersion, State, Topic
from directory.places import PlaceError, resolve, split_place
from sheets.sheet import entry
from sheets.views import other_languages

PAGE_SIZE = 20
MAX_TEXT = 200
MAX_PAGE = 1000
DEFAULT_RADIUS = 25
MAX_RADIUS = 500
WORD_RE = re.compile(r"\w+")
NAMES = frozenset({"q", "state", "near", "radius", "kind", "languages", "topics", "page"})


@dataclass
class Query:
    """The form's values, checked; ``errors`` holds a translated sentence per bad value."""

    text: str = ""
    state: str = ""
    near: str = ""
    radius: float | None = None
    kinds: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    page: int = 1
    errors: list[str] = field(default_factory=list)

    @property
    def words(self) -> str:
        """The words only, as the API takes them: quotes, operators and punctuation would be
        query syntax to the search backend."""
        return " ".join(WORD_RE.findall(self.text))

    @property
    def searched(self) -> bool:
        return bool(
            self.words or self.state or self.near or self.kinds or self.languages or self.topics
        )


def first(params: QueryDict, name: str) -> str:
    return (params.get(name) or "").strip()


def read_query(params: QueryDict) -> Query:
    """The form's values from the query string, each checked against what the directory
    knows (a bad one is named in the page, never a 500)."""
    query = Query(
        text=" ".join(first(params, "q").split()),
        state=first(params, "state").upper(),
        near=first(params, "near"),
    )
    if len(query.text) > MAX_TEXT:
        query.errors.append(
            _("Search words are limited to %(count)d characters.") % {"count": MAX_TEXT}
        )
        query.text = query.text[:MAX_TEXT]
    if query.state and query.state not in geography.states_by_code():
        query.errors.append(_("Choose a state from the list."))
        query.state = ""
    radius = first(params, "radius")
    if radius:
        try:
            query.radius = float(radius)
        except ValueError:
            query.radius = None
        if query.radius is None or not (1 <= query.radius <= MAX_RADIUS):  # also NaN
            query.errors.append(
                _("The distance must be a number of miles from 1 to %(most)d.")
                % {"most": MAX_RADIUS}
            )
            query.radius = None
    kinds = [value for value in params.getlist("kind") if value]
    query.kinds = [value for value in kinds if value in Kind.values]
    if len(query.kinds) < len(kinds):
        query.errors.append(_("Choose kinds of help from the list."))
    for name, model in (("languages", Language), ("topics", Topic)):
        given = [value for value in params.getlist(name) if value]
        known = set(
            model.objects.canonical().filter(token__in=given).values_list("token", flat=True)
        ) if given else set()  # fmt: skip
        setattr(query, name, [value for value in given if value in known])
        if len(known) < len(set(given)):
            query.errors.append(
                _("Choose languages from the list.")
                if name == "languages"
                else _("Choose topics from the list.")
            )
    page = first(params, "page") or "1"
    if page.isdigit() and 1 <= int(page) <= MAX_PAGE:
        query.page = int(page)
    else:
        query.errors.append(_("That page of results does not exist."))
    return query


def search(query: Query, language: str) -> QuerySet:
    """The public listings matching the query in ``language``: best match first for words,
    nearest first for a place, else by name. Raises ``PlaceError`` for an unknown place."""
    listings = Listing.objects.for_language(language)
    text, place = split_place(query.text)
    if place and not (query.near or query.state):
        query.text, query.near = text, place
    if query.words:
        listings = listings.matching_text(query.words)
    if query.kinds:
        listings = listings.filter(kind__in=query.kinds)
    if query.languages:
        listings = listings.related_to("languages", query.languages)
    if query.topics:
        listings = listings.related_to("topics", query.topics)
    if query.state:
        listings = listings.in_state(query.state)
    if query.near:
        listings = listings.near(resolve(query.near), query.radius or DEFAULT_RADIUS)
        if not query.words:
            listings = listings.order_by(F("distance_sq").asc(nulls_last=True), "name", "pk")
    elif not query.words:
        listings = listings.order_by("name", "pk")
    return listings


class DirectoryView(View):
    """The search form and one page of results. Bad values are named in an alert above the
    form (status 400); the rest of the search still runs."""

    template_name = "sheets/directory.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        language = translation.get_language()
        if language not in available_languages():
            language = available_languages()[0]
        params = request.GET
        query = read_query(params)
        # Under the public version (one small read), the term titles are the process's, shared
        # with the API's anonymous reads, instead of one query per vocabulary.
        titles = Titles(language, PublicVersion.current())
        results, total = self.results(query, language, titles) if query.searched else ([], 0)
        pages = -(-total // PAGE_SIZE)
        context = {
            "query": query,
            "errors": query.errors,
            "unknown": sorted(set(params) - NAMES),
            "results": results,
            "total": total,
            "first_shown": (query.page - 1) * PAGE_SIZE + 1 if results else 0,
            "last_shown": (query.page - 1) * PAGE_SIZE + len(results),
            "previous_url": self.page_url(params, query.page - 1) if query.page > 1 else "",
            "next_url": self.page_url(params, query.page + 1) if query.page < pages else "",
            "choices": self.choices(titles, query),
            "radius": params.get("radius", ""),
            "other_languages": other_languages(request, language),
        }
        status = 400 if query.errors else 200
        return render(request, self.template_name, context, status=status)

    @staticmethod
    def results(query, language: str, titles: Titles) -> tuple[list, int]:
        """One page of the search's entries and the total; a problem goes to ``query.errors``."""
        try:
            listings = search(query, language)
            total = listings.count()
            start = (query.page - 1) * PAGE_SIZE
            rows = summary_rows(listings[start : start + PAGE_SIZE])
            results = [entry(row, titles, language) for row in rows]
        except PlaceError:
            query.errors.append(
                _("%(place)s is not a US ZIP code we know. Enter five digits, like 07102.")
                % {"place": query.near[:20]}
            )
            return [], 0
        if total and not results:
            query.errors.append(_("That page of results does not exist."))
        return results, total

    @staticmethod
    def page_url(params: QueryDict, page: int) -> str:
        kept = [(name, value) for name, value in params.lists() if name != "page"]
        pairs = [(name, value) for name, values in kept for value in values]
        return "?" + urlencode([*pairs, ("page", page)])

    @staticmethod
    def choices(titles: Titles, query: Query) -> dict:
        def options(pairs, chosen) -> list[tuple[str, str, bool]]:
            return [(token, title, token in chosen) for token, title in pairs]

        def vocabulary(model) -> list[tuple[str, str]]:
            tokens = model.objects.canonical().values_list("token", flat=True)
            found = [(token, titles.term_by_token(model, token)["title"]) for token in tokens]
            return sorted(found, key=lambda pair: pair[1].casefold())

        states = [
            (state.code, titles.term_by_token(State, state.code)["title"])
            for state in geography.states()
        ]
        return {
            "kind": options([(value, str(label)) for value, label in Kind.choices], query.kinds),
            "state": options(sorted(states, key=lambda pair: pair[1]), {query.state}),
            "languages": options(vocabulary(Language), query.languages),
            "topics": options(vocabulary(Topic), query.topics),
        }
