"""What a referral sheet is: the few values that decide it (``Sheet``), the compact code of its
short link, the public listings it prints and its rendering to HTML and PDF.

Nothing about the worker is an input, and nothing is stored: a sheet's link (its code holds
the language, the date of issue, the listings' UIDs, or a trusted list's path and edition number,
and the agency's name) reproduces it alone. Listings are printed as they are public now; one that
is no longer public is never printed.
"""

import base64
import binascii
import mimetypes
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import get_language_info, gettext

from api.language import available_languages
from api.serializers import Titles, term_pks
from api.term_ids import summary_rows
from directory.choices import FeeModel, Kind, PhoneType
from directory.dates import site_day
from directory.models import Language, Listing, Topic
from directory.models.search import locale_ids
from directory.models.taxonomy import default_language_code
from directory.models.version import Version
from lists.models import Edition, TrustedList, text_in

MAX_LISTINGS = 8  # what one printed page holds (tests/sheets: eight full listings, one page)
MAX_AGENCY = 100
CODE_VERSION = 1  # a sheet of chosen listings
LIST_CODE_VERSION = 2  # a sheet of a trusted list's edition
LIST_PATH_RE = re.compile(r"[-a-zA-Z0-9_]{1,80}/[-a-zA-Z0-9_]{1,80}")
EPOCH = date(2000, 1, 1)  # issue dates travel in the code as days since, in two bytes
FIRST_ISSUE, LAST_ISSUE = EPOCH, EPOCH + timedelta(days=0xFFFF)
# The most the sheet prints of long free text, in characters: text wraps, and only text longer
# than this is shortened, at a word, with an ellipsis (``shorten``). Eight listings of ordinary
# length fit one Letter page at 10 pt. A PDF that runs past one page is tried again with the
# ``SHORTER`` limits, and kept so if that saves a page; if it still runs on, every page but the
# last says it continues.
LIMITS = {
    "summary": 300,
    "alert": 160,
    "note": 200,
    "hours": 160,
    "fees": 200,
    "eligibility": 240,
    "how_to_get_help": 300,
}
SHORTER = {
    "summary": 100,
    "alert": 90,
    "note": 100,
    "hours": 70,
    "fees": 80,
    "eligibility": 100,
    "how_to_get_help": 130,
}
ELLIPSIS = "\u2026"
WORD_RE = re.compile(r"\w+")


class BadSheet(ValueError):
    """A sheet that cannot be made; ``field`` names the parameter at fault."""

    def __init__(self, field: str | None, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def normalize_uid(value: str) -> str:
    """A UID as the API prints it (32 hex digits); dashes and capitals are accepted."""
    try:
        return uuid.UUID(hex=value.strip()).hex
    except ValueError:
        raise BadSheet("uids", f"{value[:40]!r} is not a listing UID (32 hex digits).") from None


def check_agency(agency: str) -> str:
    agency = " ".join(agency.split())  # one line of plain text; it is escaped when printed
    if len(agency) > MAX_AGENCY:
        raise BadSheet("agency", f"agency is limited to {MAX_AGENCY} characters.")
    return agency


@dataclass(frozen=True)
class Sheet:
    """Everything that decides a sheet, and nothing about the person it is for: chosen
    listings (``uids``), or one edition of a trusted list (``list_path`` and ``edition``, its
    number; the edition never changes, so the number is enough to reproduce it)."""

    language: str
    issued: date
    uids: tuple[str, ...]
    agency: str = ""
    list_path: str = ""
    edition: int = 0

    def __post_init__(self):
        if self.language not in available_languages():
            raise BadSheet(
                "language", f"language must be one of {', '.join(available_languages())}."
            )
        if self.list_path:
            if self.uids:
                raise BadSheet("list", "Give either uids or list, not both.")
            if not LIST_PATH_RE.fullmatch(self.list_path) or not 0 < self.edition < 2**31:
                raise BadSheet("list", "list must be organization/list with an edition number.")
        elif not self.uids:
            raise BadSheet("uids", "Choose at least one listing.")
        if len(self.uids) > MAX_LISTINGS:
            raise BadSheet(
                "uids",
                f"A sheet holds at most {MAX_LISTINGS} listings (one printed page); "
                f"{len(self.uids)} were given. Choose fewer, or make two sheets.",
            )
        if not FIRST_ISSUE <= self.issued <= LAST_ISSUE:
            raise BadSheet("issued", f"issued must fall between {FIRST_ISSUE} and {LAST_ISSUE}.")

    def query(self) -> list[tuple[str, str]]:
        """The sheet's parameters for ``GET /api/@referral-sheet``, in a fixed order."""
        items = [("uids", uid) for uid in self.uids]
        if self.list_path:
            items += [("list", self.list_path), ("edition", str(self.edition))]
        items += [("language", self.language), ("issued", self.issued.isoformat())]
        return items + ([("agency", self.agency)] if self.agency else [])

    def code(self) -> str:
        """The short link's code: version, issue date, language, UIDs (16 bytes each) and the
        agency's name, packed and base64url-encoded (about 180 characters for eight listings,
        against some 330 for the same query string), so the QR code stays easy to scan. A list
        sheet's code (version 2) holds the edition's number (4 bytes) and the list's path in
        place of the UIDs."""
        language = self.language.encode("ascii")
        head = [
            bytes([LIST_CODE_VERSION if self.list_path else CODE_VERSION]),
            (self.issued - EPOCH).days.to_bytes(2, "big"),
            bytes([len(language)]),
            language,
        ]
        if self.list_path:
            path = self.list_path.encode("ascii")
            body = [self.edition.to_bytes(4, "big"), bytes([len(path)]), path]
        else:
            body = [bytes([len(self.uids)]), *(uuid.UUID(hex=uid).bytes for uid in self.uids)]
        payload = b"".join([*head, *body, self.agency.encode()])
        return base64.urlsafe_b64encode(payload).rstrip(b"=").decode("ascii")

    @classmethod
    def from_code(cls, code: str) -> "Sheet":
        """The sheet a short link's code stands for; ``BadSheet`` if it stands for none."""
        try:
            payload = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
            if payload[0] not in (CODE_VERSION, LIST_CODE_VERSION):
                raise ValueError
            issued = EPOCH + timedelta(days=int.from_bytes(payload[1:3], "big"))
            end = 4 + payload[3]
            language = payload[4:end].decode("ascii")
            uids, list_path, edition = (), "", 0
            if payload[0] == LIST_CODE_VERSION:
                edition = int.from_bytes(payload[end : end + 4], "big")
                start = end + 5
                stop = start + payload[end + 4]
                list_path = payload[start:stop].decode("ascii")
                if not list_path:
                    raise ValueError
            else:
                count, start = payload[end], end + 1
                stop = start + 16 * count
                uids = tuple(
                    uuid.UUID(bytes=payload[i : i + 16]).hex for i in range(start, stop, 16)
                )
            if len(payload) < stop:
                raise ValueError
            agency = payload[stop:].decode()
        except (ValueError, IndexError, binascii.Error):
            raise BadSheet(None, "This link is not a referral sheet's.") from None
        if agency != check_agency(agency):
            raise BadSheet("agency", "This link is not a referral sheet's.")
        return cls(language, issued, uids, agency, list_path, edition)

    def link_path(self) -> str:
        return reverse("sheet-link", args=[self.code()])


def today() -> date:
    return timezone.localdate()


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, whole if it fits in ``limit`` characters, else cut at the last
    word that fits, with an ellipsis: never in the middle of a word. Text without spaces to cut
    at (Chinese, or one very long word) is cut at the limit."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 3 and not text[limit - 1].isspace():
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\u2013\u2014\u3001\u3002") + ELLIPSIS


def words(text: str) -> str:
    """``text`` as its words, lower case, between spaces: for telling repeated text apart."""
    return " " + " ".join(WORD_RE.findall(text.casefold())) + " "


def fee_texts(fee_model: str, fees: str, consultation_fee: str) -> list[str]:
    """What a listing says about money, each thing once: the fee model's name, the fee
    details, and the consultation fee unless the text before already says it (the demo's
    "Free" model with "First consultation free." and a consultation fee of "Free" is two
    pieces, not three)."""
    pieces = []
    candidates = [
        (str(FeeModel(fee_model).label) if fee_model else "", ""),
        (fees, ""),
        (consultation_fee, "consultation"),
    ]
    for text, label in candidates:
        text = " ".join(text.split())
        if not words(text).strip() or any(words(text) in words(kept) for kept in pieces):
            continue
        pieces.append(gettext("Consultation: %(fee)s") % {"fee": text} if label else text)
    return pieces


# The listings
def public_listings(language: str, uids) -> tuple[list[Listing], list[str]]:
    """The public listings with these UIDs in ``language`` (else their original), in the order
    given, and the UIDs that are not public (unknown, draft, overdue, inactive)."""
    rows = summary_rows(
        Listing.objects.for_language(language).filter(
            translation_key__in=[uuid.UUID(hex=uid) for uid in uids]
        )
    )
    found = {row.translation_key.hex: row for row in rows}
    return [found[uid] for uid in uids if uid in found], [uid for uid in uids if uid not in found]


@dataclass
class FromList:
    """A list sheet's edition, as its header prints it, and its entries: the public listings
    it prints (at most ``MAX_LISTINGS``, in the list's order), each one's note by UID, how many
    public ones did not fit (``more``) and how many are no longer public (``withdrawn``)."""

    organization: str
    title: str
    number: int
    published: date
    listings: list[Listing]
    notes: dict[str, dict]
    more: int = 0
    withdrawn: int = 0


def find_edition(list_path: str, number: int | None = None) -> tuple[TrustedList, Edition]:
    """The published list at ``organization/list`` and its edition ``number`` (the current
    one by default); ``BadSheet`` naming ``list`` or ``edition`` when there is none."""
    found = None
    if LIST_PATH_RE.fullmatch(list_path):
        found = TrustedList.objects.by_path(*list_path.split("/"))
    if found is None or found.current_edition_id is None:
        raise BadSheet(
            "list",
            "list must name one published list as organization/list, as /api/@lists shows "
            f"them; {list_path[:100]!r} is not one.",
        )
    if number is None:
        return found, Edition.objects.get(pk=found.current_edition_id)
    edition = found.editions.filter(number=number).first() if 0 < number < 2**31 else None
    if edition is None:
        raise BadSheet(
            "edition",
            f"{list_path} has no edition {number}; its editions are 1 to "
            f"{found.current_edition_number}.",
        )
    return found, edition


def list_listings(sheet: Sheet) -> FromList:
    """What a list sheet prints: its edition's entries whose listing is public now, in the
    sheet's language (else the original), in the list's order, the first ``MAX_LISTINGS``."""
    trusted_list, edition = find_edition(sheet.list_path, sheet.edition)
    entries = list(edition.entries.order_by("position"))
    keys = [entry.translation_key for entry in entries]
    public = set(edition.public_keys(sheet.language))
    printed = [key.hex for key in keys if key in public]
    listings, _missing = public_listings(sheet.language, printed[:MAX_LISTINGS])
    return FromList(
        organization=trusted_list.organization.name,
        title=text_in(edition.title, sheet.language),
        number=edition.number,
        published=site_day(edition.published_at),
        listings=listings,
        notes={entry.translation_key.hex: entry.note for entry in entries},
        more=max(0, len(printed) - MAX_LISTINGS),
        withdrawn=len(keys) - len(printed),
    )


@dataclass
class Entry:
    """One listing as the sheet prints it, in the sheet's language."""

    uid: str
    name: str
    kind: str
    summary: str
    alert: str
    topics: list[str]
    languages: list[str]
    interpreted: list[str]  # languages staff do not speak but arrange an interpreter for
    phones: list[dict]
    address: list[str]
    hours: str
    fees: list[str]
    last_verified: date | None
    how_to_get_help: str = ""  # intake: what to do first
    eligibility: str = ""  # who can get help
    lang: str = ""  # the listing text's language when it is a fallback (its original)
    dir: str = "ltr"  # that language's direction
    note: str = ""  # a list sheet's note for the listing, in the sheet's language if written
    note_lang: str = ""  # the note's language when it is a fallback (the default language)


def phone_rows(phones) -> list[dict]:
    """A listing's phones as printed: the number as dialled (``display``: the area code always,
    the country code abroad) and ``tel:`` (``number``, E.164). ``label`` (type and when to call)
    is said once for a run of phones that share it, after the last one: "(973) 555-0140,
    (973) 555-0193 (Main line)", not "Main line" twice."""
    rows = [
        {
            "display": phone.display,
            "number": phone.number,
            "type": str(PhoneType(phone.type).label) if phone.type else "",
            "hours": phone.hours,
            "emergency": phone.emergency,
        }
        for phone in phones
    ]
    for row, after in zip(rows, [*rows[1:], None][: len(rows)], strict=True):
        same = after is not None and (after["type"], after["hours"]) == (row["type"], row["hours"])
        row["label"] = "" if same else ", ".join(filter(None, (row["type"], row["hours"])))
    return rows


def entry(listing: Listing, titles: Titles, language: str) -> Entry:
    """The listing as printed; its terms by id (loaded for a batch: api/term_ids.py, else
    from its relations), their titles from ``titles``."""

    def term_titles(model, name: str) -> list[str]:
        return [term["title"] for term in titles.terms(model, term_pks(listing, name))]

    place = " ".join(part for part in (listing.state, listing.postal_code) if part)
    city = ", ".join(part for part in (listing.city, place) if part)
    codes = {pk: code for code, pk in locale_ids(*available_languages()).items()}
    locale_language = codes.get(listing.locale_id, language)
    return Entry(
        uid=listing.translation_key.hex,
        name=listing.name,
        kind=str(Kind(listing.kind).label),
        summary=listing.summary,
        alert=listing.alert,
        topics=term_titles(Topic, "topics"),
        languages=term_titles(Language, "languages"),
        interpreted=term_titles(Language, "interpretation_languages"),
        phones=phone_rows(listing.phones.all()),
        address=[line for line in (listing.street_address, city) if line],
        hours=listing.hours,
        fees=fee_texts(listing.fee_model, listing.fees, listing.consultation_fee),
        last_verified=site_day(listing.last_verified),
        how_to_get_help=listing.how_to_get_help,
        eligibility=listing.eligibility,
        lang="" if locale_language == language else locale_language,
        dir="rtl" if get_language_info(locale_language)["bidi"] else "ltr",
    )


# Rendering
def qr_svg(url: str) -> str:
    """The link as an inline SVG QR code (segno, pure Python)."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(omitsize=True, border=2, title=url)


def with_note(item: Entry, notes: dict | None, language: str) -> Entry:
    item.note = text_in(notes, language)
    if item.note and not (notes or {}).get(language):
        item.note_lang = default_language_code()
    return item


def render_html(
    request,
    sheet: Sheet,
    listings: list[Listing],
    dropped: int = 0,
    from_list=None,
    limits: dict = LIMITS,
    version: Version | None = None,
) -> str:
    """The sheet as one HTML document, labels in the sheet's language. ``dropped`` counts
    listings of a re-opened link that are no longer public (they are not printed). A list
    sheet (``from_list``, a ``FromList``) prints the organization, the list's title and
    edition, and each entry's note. ``limits`` (``LIMITS`` or ``SHORTER``) is the most each
    long text prints. ``version``: the public version the request already read, under which
    the term titles are the process's (api/serializers.py ``Titles``)."""
    link = request.build_absolute_uri(sheet.link_path())
    notes = from_list.notes if from_list else {}
    with translation.override(sheet.language):
        titles = Titles(sheet.language, version)
        entries = [entry(listing, titles, sheet.language) for listing in listings]
        context = {
            "sheet": sheet,
            "entries": [with_note(item, notes.get(item.uid), sheet.language) for item in entries],
            "from_list": from_list,
            "list_date": date_format(from_list.published, "DATE_FORMAT") if from_list else "",
            "link": link,
            "qr": mark_safe(qr_svg(link)),  # segno escapes the URL in its title
            "rtl": translation.get_language_bidi(),
            "dropped": dropped,
            "limits": limits,
        }
        return render_to_string("sheets/sheet.html", context)


class StaticFilesOnly:
    """WeasyPrint's URL fetcher for sheets: the project's own static files (the stylesheet and
    its fonts) are read from disk; every other URL is refused, so making a PDF never touches
    the network."""

    _fail_on_errors = False

    def __init__(self, base_url: str):
        self.static_base = urljoin(base_url, settings.STATIC_URL)

    def __call__(self, url: str, headers=None):
        from weasyprint.urls import URLFetcherResponse

        if url.startswith(self.static_base):
            name = urlsplit(url).path.removeprefix(urlsplit(self.static_base).path)
            found = finders.find(name)
            if found:
                content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, Path(found).read_bytes(), {"Content-Type": content_type}
                )
        raise ValueError(f"{url}: a sheet's PDF loads only the project's own static files.")

    fetch = __call__


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here: its system libraries (Pango, HarfBuzz) are missing."""


def _weasyprint():
    try:
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration
    except OSError as error:  # cffi could not load Pango or HarfBuzz
        raise PdfUnavailable(
            "PDF sheets are unavailable on this server: WeasyPrint's system libraries are "
            "missing (apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0). "
            "The HTML sheet (format=html) prints the same page."
        ) from error
    return HTML, FontConfiguration


def render_pdf(html: str, base_url: str, shorter: Callable[[], str] | None = None) -> bytes:
    """The sheet's HTML as a PDF (WeasyPrint), with the fonts the project ships. If it runs past
    one page and ``shorter`` gives the same sheet with its long texts shortened (``SHORTER``),
    that one is printed when it takes fewer pages: text is shortened only when out of room."""
    HTML, FontConfiguration = _weasyprint()
    fonts = FontConfiguration()

    def layout(source: str):
        document = HTML(string=source, base_url=base_url, url_fetcher=StaticFilesOnly(base_url))
        return document.render(font_config=fonts)

    document = layout(html)
    if len(document.pages) > 1 and shorter is not None:
        compact = layout(shorter())
        if len(compact.pages) < len(document.pages):
            document = compact
    return document.write_pdf()
