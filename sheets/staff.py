"""``/staff/referrals/``: where agency staff find help for a worker and print the sheet.

One GET form, rendered on the server (a small same-origin script only filters the language
checkboxes): search the directory with the @search filters, tick listings, give the worker's
country of origin to put their consulate on the sheet, start from an organization's trusted
list (``?list=organization/list``), choose the worker's language and print. Each result shows
what staff decide by: distance, coverage, topics, fees, whether an attorney accepts new clients
or serves detained people, and when it was last verified.

Public, like the directory itself: it shows only public listings and asks nothing about the
worker that it keeps (the country only picks a consulate; nothing is stored).
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views import View

from api.errors import BadRequest
from api.language import available_languages
from api.search import ListingSearch
from api.serializers import TYPE_KINDS, Titles
from api.term_ids import summary_rows
from directory import geography
from directory.choices import FeeModel, Kind, ServiceArea
from directory.consulates import find_consulates, outside_note
from directory.models import Country, Language, Listing, PublicVersion, State, Topic
from directory.places import PlaceError, Point, miles_to, resolve, state_point
from lists.models import text_in
from sheets.sheet import (
    MAX_AGENCY,
    MAX_LISTINGS,
    BadSheet,
    Entry,
    FromList,
    Sheet,
    entry,
    find_edition,
    list_listings,
    normalize_uid,
    public_listings,
    today,
)
from sheets.views import FORMATS, SEARCH_NAMES, SHEET_NAMES, other_languages

# What the page reads: its form, and links made by hand or by the API's conventions.
# ``origin``: the worker's country of origin (``country`` is the @search filter of consulates).
STAFF_NAMES = SEARCH_NAMES | SHEET_NAMES | {"language", "origin"}
PAGE_SIZE = 25
# What a result reads beyond a summary's rows and term ids (api/term_ids.py): its coverage.
COVERAGE_PREFETCH = ("service_states", "service_counties")


@dataclass
class Result:
    """A listing as the staff page shows it: the sheet's entry, and what staff decide by."""

    item: Entry
    coverage: str
    distance: float | None = None
    accepting: bool | None = None  # attorneys only: the other kinds do not take clients
    detained: bool | None = None
    note: str = ""  # the trusted list's note for it


@dataclass
class Consulates:
    """The worker's consulates: the first goes on the sheet; ``note`` when they do not
    cover the place."""

    country: str
    results: list[Result]
    note: str = ""


@dataclass
class Found:
    """Everything the page shows besides its form; ``errors`` are translated sentences."""

    ticked: list[str]
    selected: list[Result] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    total: int = 0
    consulates: Consulates | None = None
    from_list: FromList | None = None
    listed: list[Result] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def shown(self) -> set[str]:
        """The UIDs shown in the list's and the consulate's parts of the page."""
        consulates = self.consulates.results if self.consulates else []
        return {result.item.uid for result in [*self.listed, *consulates]}


def page_language() -> str:
    language = translation.get_language()
    return language if language in available_languages() else available_languages()[0]


def valid_uids(params) -> list[str]:
    """The ticked UIDs, each once, in order; anything that is not a UID is left out."""
    uids = []
    for value in params.getlist("uids"):
        try:
            uids.append(normalize_uid(value))
        except BadSheet:
            continue
    return list(dict.fromkeys(uids))


def search_params(params) -> QueryDict:
    """The search part of the form, without empty fields (an empty ZIP code is no place)."""
    found = QueryDict(mutable=True)
    for name in sorted(SEARCH_NAMES):
        values = [value for value in params.getlist(name) if value.strip()]
        if values:
            found.setlist(name, values)
    if "near" not in found:
        found.pop("radius", None)
    return found


def coverage(listing: Listing, titles: Titles) -> str:
    """Where the listing serves, in words: national, its states, its counties or its address."""
    area = listing.service_area
    if area == ServiceArea.NATIONAL:
        return _("National")
    if area == ServiceArea.STATES:
        states = [titles.term(State, state.pk)["title"] for state in listing.service_states.all()]
        return _("Statewide: %(states)s") % {"states": ", ".join(states)}
    if area == ServiceArea.COUNTIES:
        counties = [str(county) for county in listing.service_counties.all()]
        return _("Counties: %(counties)s") % {"counties": "; ".join(counties)}
    return _("Where it stands")


def results(rows, titles: Titles, language: str, point=None, notes=None) -> list[Result]:
    """The rows (summaries) as results, with their distance from ``point`` when given and a
    trusted list's ``notes`` (by UID) when given."""
    prefetch_related_objects(rows, *COVERAGE_PREFETCH)
    found = []
    for row in rows:
        attorney = row.kind == Kind.ATTORNEY
        found.append(
            Result(
                item=entry(row, titles, language),
                coverage=coverage(row, titles),
                distance=miles_to(point, row) if point else None,
                accepting=row.accepting_clients if attorney else None,
                detained=row.serves_detained if attorney else None,
                note=text_in((notes or {}).get(row.translation_key.hex), language),
            )
        )
    return found


def place_of(search: QueryDict) -> Point | None:
    """The search's place, ZIP code (or lat,lng) or state, or None (also when it is not one:
    the search itself reports that)."""
    try:
        if search.get("near"):
            return resolve(search["near"])
        return state_point(search["state"]) if search.get("state") else None
    except PlaceError:
        return None


def worker_consulates(params, language: str, titles: Titles | None = None) -> Consulates | None:
    """The consulates of the worker's country of origin (``origin``) for the search's place:
    those whose jurisdiction covers it, else the nearest. ``BadSheet`` when the country is
    not known or no place is given."""
    code = (params.get("origin") or "").strip().upper()
    if not code:
        return None
    country = Country.objects.canonical().filter(token=code).first()
    if country is None:
        raise BadSheet("origin", _("Choose the worker's country from the list."))
    search = search_params(params)
    point = place_of(search)
    if point is None:
        raise BadSheet("origin", _("To find the consulate, give a ZIP code or a state."))
    found = find_consulates(Listing.objects.for_language(language), country, point)
    titles = titles or Titles(language)
    rows = summary_rows(found.listings)
    title = titles.term(Country, country.pk)["title"]
    place = search.get("near") or titles.term_by_token(State, point.state)["title"]
    note = "" if found.covers else outside_note(title, place, found=bool(rows))
    return Consulates(title, results(rows, titles, language, point), note)


def trusted_list(params, language: str) -> FromList | None:
    """``list=organization/list``: its current edition's public listings (the first a sheet
    holds), in its order, with its notes."""
    list_path = (params.get("list") or "").strip()
    if not list_path:
        return None
    try:
        _list, edition = find_edition(list_path)
    except BadSheet:
        raise BadSheet(
            "list", _("There is no published trusted list at %(path)s.") % {"path": list_path[:100]}
        ) from None
    return list_listings(Sheet(language, today(), (), "", list_path, edition.number))


def sheet_url(params, language: str) -> str:
    """The API's sheet for the form: the ticked listings, then the worker's consulate; a
    trusted list's own sheet (with its title and notes) when its entries are ticked as they
    come. ``BadSheet`` with a sentence for staff when the form cannot make one."""
    if params.get("format") not in FORMATS:
        raise BadSheet("format", _("Choose HTML or PDF."))
    sheet_language = params.get("language")
    if sheet_language not in available_languages():
        raise BadSheet("language", _("Choose the worker's language."))
    uids = valid_uids(params)
    consulates = worker_consulates(params, language)
    if consulates and consulates.results:
        uids = list(dict.fromkeys([*uids, consulates.results[0].item.uid]))
    if not uids:
        raise BadSheet("uids", _("Tick at least one listing for the sheet."))
    if len(uids) > MAX_LISTINGS:
        raise BadSheet(
            "uids",
            _("A sheet holds at most %(count)d listings; untick some.") % {"count": MAX_LISTINGS},
        )
    agency = " ".join(params.get("agency", "").split())[:MAX_AGENCY]
    sheet = Sheet(sheet_language, today(), tuple(uids), agency)
    listed = trusted_list(params, language)
    if listed and uids == [row.translation_key.hex for row in listed.listings]:
        sheet = Sheet(sheet_language, today(), (), agency, params["list"].strip(), listed.number)
    query = urlencode([*sheet.query(), ("format", params["format"])])
    return f"{reverse('api:referral-sheet')}?{query}"


def find(params, language: str, titles: Titles) -> Found:
    """What the page shows for the form's values: each part that cannot be found adds an
    error and leaves the rest standing."""
    found = Found(ticked=valid_uids(params))
    for part in (add_list, add_consulates, add_search):
        try:
            part(found, params, language, titles)
        except (BadSheet, BadRequest) as error:
            found.errors.append(error.message)
    shown = found.shown()
    selected, _missing = public_listings(language, [u for u in found.ticked if u not in shown])
    found.selected = results(selected, titles, language)
    return found


def add_list(found: Found, params, language: str, titles: Titles) -> None:
    found.from_list = trusted_list(params, language)
    if found.from_list:
        if "uids" not in params:  # arriving from the list: its entries start ticked
            found.ticked = [row.translation_key.hex for row in found.from_list.listings]
        listings, notes = found.from_list.listings, found.from_list.notes
        found.listed = results(listings, titles, language, notes=notes)


def add_search(found: Found, params, language: str, titles: Titles) -> None:
    search = search_params(params)
    if not search:
        return
    listing_search = ListingSearch(search, language)
    found.total, _facets = listing_search.tally()
    shown = set(found.ticked) | found.shown()
    rows = [
        row for row in listing_search.page(0, PAGE_SIZE) if row.translation_key.hex not in shown
    ]
    found.results = results(rows, titles, language, place_of(search))


def add_consulates(found: Found, params, language: str, titles: Titles) -> None:
    found.consulates = worker_consulates(params, language, titles)


def choices(titles: Titles, params) -> dict:
    """The form's options: (token, title, chosen) per vocabulary."""

    def options(name: str, pairs) -> list[tuple[str, str, bool]]:
        chosen = set(params.getlist(name))
        return [(token, title, token in chosen) for token, title in pairs]

    def vocabulary(model) -> list[tuple[str, str]]:
        tokens = model.objects.canonical().values_list("token", flat=True)
        pairs = [(token, titles.term_by_token(model, token)["title"]) for token in tokens]
        return sorted(pairs, key=lambda pair: pair[1].casefold())

    kinds = [(type_name, str(Kind(kind).label)) for type_name, kind in TYPE_KINDS.items()]
    states = [(s.code, titles.term_by_token(State, s.code)["title"]) for s in geography.states()]
    languages = options("languages", vocabulary(Language))
    return {
        "portal_type": options("portal_type", kinds),
        "state": options("state", sorted(states, key=lambda pair: pair[1])),
        # The chosen ones first, so they show at the top of the scrolling box.
        "languages": sorted(languages, key=lambda option: not option[2]),
        "topics": options("topics", vocabulary(Topic)),
        "fee_model": options("fee_model", [(v, str(label)) for v, label in FeeModel.choices]),
        "origin": options("origin", vocabulary(Country)),
    }


class StaffReferralsView(View):
    """The form and what it found. *Search* shows results (ticked listings stay ticked above
    them); *HTML* and *PDF* send the ticked listings and the consulate to
    ``/api/@referral-sheet``."""

    template_name = "sheets/staff.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        language, params, codes = page_language(), request.GET, available_languages()
        errors: list[str] = []
        if "format" in params:
            try:
                return HttpResponseRedirect(sheet_url(params, language))
            except BadSheet as error:
                errors.append(error.message)
        # Under the public version (one small read), the term titles are the process's, shared
        # with the API's anonymous reads, instead of one query per vocabulary.
        titles = Titles(language, PublicVersion.current())
        found = find(params, language, titles)
        context = {
            "params": params,
            "found": found,
            "errors": [*errors, *found.errors],
            # The API's alias too: the words stay in the box (named SearchableText).
            "text": params.get("SearchableText") or params.get("q") or "",
            # Named, never silently dropped: a typo (``stat=NJ``) would widen the search.
            "unknown": sorted(set(params) - STAFF_NAMES),
            "searched": bool(search_params(params)),
            "more": max(0, found.total - PAGE_SIZE),
            "choices": choices(titles, params),
            "sheet_languages": [(code, get_language_info(code)["name_local"]) for code in codes],
            "sheet_language": params.get("language") or language,
            "max_listings": MAX_LISTINGS,
            "max_agency": MAX_AGENCY,
            "other_languages": other_languages(request, language),
        }
        return render(request, self.template_name, context)
