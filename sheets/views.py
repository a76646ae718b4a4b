"""Two of the sheet's three doors: ``GET /api/@referral-sheet`` (the API, HTML or PDF) and
``/s/<code>`` (the short link and QR code printed on a sheet); the third, the staff page, is
sheets/staff.py. All three make the same ``Sheet`` and print only public listings; none asks
about the worker or stores anything."""

import re
from datetime import date, timedelta
from functools import partial

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import translate_url
from django.utils.translation import get_language_info
from django.views import View
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from api.errors import BadRequest
from api.filters import ListingFilter
from api.language import available_languages
from api.schema import ERROR_RESPONSE
from api.search import ListingSearch
from api.views.base import ApiView
from api.views.directory import FILTER_PARAMETERS, SEARCH_PARAMETERS
from api.views.export import ErrorsAsJson
from directory.models.version import Version
from sheets.sheet import (
    MAX_AGENCY,
    MAX_LISTINGS,
    SHORTER,
    BadSheet,
    FromList,
    PdfUnavailable,
    Sheet,
    check_agency,
    find_edition,
    list_listings,
    normalize_uid,
    public_listings,
    render_html,
    render_pdf,
    today,
)

FORMATS = ("html", "pdf")
SEARCH_NAMES = frozenset(
    {*ListingFilter.base_filters, "SearchableText", "q", "sort_on", "sort_order"}
)
SHEET_NAMES = frozenset({"uids", "format", "agency", "issued", "list", "edition"})
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHEET_ANSWER = "The sheet: an HTML page (format=html), or a one-page PDF (format=pdf)."


def other_languages(request: HttpRequest, language: str) -> list[tuple[str, str, str]]:
    """The page in every other site language: (code, the language's own name, this page's URL
    in it), for the language links of the staff page and the public directory page."""
    return [
        (code, get_language_info(code)["name_local"], translate_url(request.get_full_path(), code))
        for code in available_languages()
        if code != language
    ]


def one(params, name: str, default: str = "") -> str:
    values = params.getlist(name)
    if len(values) > 1:
        raise BadSheet(name, f"{name} is given more than once.")
    return values[0] if values else default


def parse_uids(params) -> list[str]:
    given = [uid for value in params.getlist("uids") for uid in value.split(",") if uid.strip()]
    if len(given) > MAX_LISTINGS:
        raise BadSheet(
            "uids",
            f"A sheet holds at most {MAX_LISTINGS} listings (one printed page); {len(given)} "
            "were given. Choose fewer, or make two sheets.",
        )
    return list(dict.fromkeys(normalize_uid(uid) for uid in given))


def parse_issued(value: str) -> date:
    if not value:
        return today()
    try:
        if not DATE_RE.match(value):
            raise ValueError
        issued = date.fromisoformat(value)
    except ValueError:
        raise BadSheet(
            "issued", f"issued must be a date, YYYY-MM-DD; {value[:20]!r} is not."
        ) from None
    if issued > today() + timedelta(days=1):
        raise BadSheet("issued", "issued cannot be in the future.")
    return issued


def parse_edition(value: str) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) < 2**31:
        raise BadSheet("edition", f"edition must be a number from 1; {value[:20]!r} is not.")
    return int(value)


def not_public(uids: list[str]) -> BadSheet:
    return BadSheet(
        "uids",
        f"{'This listing is' if len(uids) == 1 else 'These listings are'} not public (unknown, "
        f"a draft, overdue for review or closed), so no sheet may print "
        f"{'it' if len(uids) == 1 else 'them'}: {', '.join(uids)}.",
    )


def sheet_response(
    request,
    sheet: Sheet,
    listings,
    fmt: str,
    dropped: int = 0,
    from_list=None,
    version: Version | None = None,
) -> HttpResponse:
    html = render_html(request, sheet, listings, dropped, from_list, version=version)
    if fmt == "html":
        return HttpResponse(html, content_type="text/html; charset=utf-8")
    try:
        shorter = partial(
            render_html, request, sheet, listings, dropped, from_list, SHORTER, version
        )
        pdf = render_pdf(html, request.build_absolute_uri("/"), shorter)
    except PdfUnavailable as error:  # a server problem, said plainly: never a bare 500
        body = {"type": "ServiceUnavailable", "message": str(error), "errors": []}
        return JsonResponse(body, status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="referral-sheet-{sheet.issued}.pdf"'
    return response


class ReferralSheetView(ApiView):
    """``GET /api/@referral-sheet``: a one-page sheet of chosen listings (``uids``) or of a
    search's first results, in one language, as HTML or PDF."""

    parameters = SEARCH_NAMES | SHEET_NAMES
    content_negotiation_class = ErrorsAsJson

    @extend_schema(
        operation_id="referral_sheet",
        summary="A printable referral sheet (HTML or PDF)",
        description=f"One printed page for up to {MAX_LISTINGS} public listings: name, what it "
        "helps with, languages, phones, address, hours, fees and last-verified date, the date of "
        "issue, the agency's name, and a short link with its QR code that reopens the same "
        "sheet. Labels are in the sheet's language (`language`, else Accept-Language), listing "
        "text in its translation, else the original. Choose listings with `uids`, give "
        "@search parameters to print that search's first results, or give `list` (and "
        "`edition`) to print a trusted list's edition (only one of the three). Listings are "
        "printed as they are public now; a UID that is not public is a 400, while a list's "
        f"listings that are no longer public are left out with a notice. A list sheet prints the "
        f"organization's name, the list's title and edition, each entry's note, and its first "
        f"{MAX_LISTINGS} public listings in the list's order, then a line saying how many more "
        "the list holds. Nothing about the worker is asked for or stored.",
        parameters=[
            OpenApiParameter(
                "uids",
                str,
                many=True,
                description=f"Listing UIDs (repeatable or comma-separated), at most "
                f"{MAX_LISTINGS}, printed in this order; each must be public.",
            ),
            OpenApiParameter(
                "list",
                {"type": "string", "pattern": "^[-A-Za-z0-9_]+/[-A-Za-z0-9_]+$"},
                description="organization/list (as /api/@lists shows them): print that trusted "
                "list's edition, in its order, with its notes. Not with uids or search "
                "parameters.",
            ),
            OpenApiParameter(
                "edition",
                {"type": "integer", "minimum": 1},
                description="With list: the edition's number (default the current one); an "
                "old edition prints the same entries, less those no longer public.",
            ),
            OpenApiParameter(
                "format", str, enum=list(FORMATS), description="html (default) or pdf."
            ),
            OpenApiParameter(
                "agency",
                str,
                description=f"The name of the agency handing out the sheet, printed on it "
                f"(plain text, at most {MAX_AGENCY} characters).",
            ),
            OpenApiParameter(
                "issued",
                OpenApiTypes.DATE,
                description="The date of issue printed on the sheet, YYYY-MM-DD (default "
                "today); the sheet's short link carries it, so a reopened sheet keeps its date.",
            ),
            *(p for p in SEARCH_PARAMETERS if p.name in SEARCH_NAMES or p.name == "language"),
            *FILTER_PARAMETERS,
        ],
        responses={
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description=SHEET_ANSWER),
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description=SHEET_ANSWER
            ),
            400: ERROR_RESPONSE,
        },
    )
    def get(self, request):
        params = request.query_params
        try:
            fmt = one(params, "format", "html")
            if fmt not in FORMATS:
                raise BadSheet("format", f"format must be html or pdf; {fmt[:20]!r} is not.")
            sheet, listings, from_list = make_sheet(params, self.language)
        except BadSheet as error:
            raise (
                BadRequest.for_field(error.field, error.message)
                if error.field
                else BadRequest(error.message)
            ) from error
        version = self.public_version  # read for the ETag: the term titles are shared under it
        if "issued" not in params:
            self.etag = None  # dated today: not to be kept or revalidated past midnight
        return sheet_response(request, sheet, listings, fmt, from_list=from_list, version=version)


def make_sheet(params, language: str) -> tuple[Sheet, list, FromList | None]:
    """The sheet the API's parameters ask for, its listings and (a list sheet) its list."""
    agency = check_agency(one(params, "agency"))
    issued = parse_issued(one(params, "issued"))
    uids, list_path, number = sheet_source(params)
    if list_path:
        _trusted_list, edition = find_edition(list_path, number)
        sheet = Sheet(language, issued, (), agency, list_path, edition.number)
        from_list = list_listings(sheet)
        if not from_list.listings:
            raise BadSheet(
                "list",
                f"None of the listings of {list_path}, edition {edition.number}, is public "
                "now: there is nothing to print.",
            )
        return sheet, from_list.listings, from_list
    sheet = Sheet(language, issued, tuple(uids or search_uids(params, language)), agency)
    listings, missing = public_listings(language, sheet.uids)
    if missing:
        raise not_public(missing)
    return sheet, listings, None


def sheet_source(params) -> tuple[list[str], str, int | None]:
    """What the sheet prints, one of three: ``uids``, a search (the search parameters given),
    or a trusted list (its path and edition number); ``BadSheet`` when mixed or missing."""
    uids = parse_uids(params)
    searching = sorted(set(params) & SEARCH_NAMES)
    list_path, number = one(params, "list"), parse_edition(one(params, "edition"))
    if number is not None and not list_path:
        raise BadSheet("edition", "edition goes with list (organization/list).")
    if list_path and (uids or searching):
        raise BadSheet(
            "list",
            "Give list alone, not with uids or search parameters "
            f"({', '.join(['uids'] if uids else searching)}).",
        )
    if uids and searching:
        raise BadSheet(
            searching[0],
            f"Give either uids or search parameters, not both ({', '.join(searching)}).",
        )
    if not uids and not searching and not list_path:
        raise BadSheet(
            "uids",
            "Choose listings with uids, give search parameters (as for @search), or a "
            "trusted list with list.",
        )
    return uids, list_path, number


def search_uids(params, language: str) -> list[str]:
    """The UIDs of a search's first results (as many as a sheet holds)."""
    search = ListingSearch(params, language)
    keys = search.results.values_list("translation_key", flat=True)[:MAX_LISTINGS]
    if not keys:
        raise BadSheet(None, "This search finds no public listings; widen it.")
    return [key.hex for key in keys]


class SheetLinkView(View):
    """``/s/<code>``: the short link and QR code printed on a sheet. It shows the same sheet, as
    HTML, with its listings as they are public today; a listing no longer public is left out and
    the sheet says so, in its language (the worker holding it cannot act on an error)."""

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        try:
            sheet = Sheet.from_code(code)
        except BadSheet as error:
            raise Http404(error.message) from error
        if sheet.list_path:
            try:
                from_list = list_listings(sheet)
            except BadSheet as error:  # editions are never deleted: a made-up code
                raise Http404(error.message) from error
            response = sheet_response(request, sheet, from_list.listings, "html", 0, from_list)
        else:
            listings, missing = public_listings(sheet.language, sheet.uids)
            response = sheet_response(request, sheet, listings, "html", dropped=len(missing))
        response["Content-Language"] = sheet.language
        response["Cache-Control"] = "no-store"
        return response
