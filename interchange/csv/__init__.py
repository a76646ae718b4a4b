"""Listings as CSV: the import editors upload (admin, ``manage.py import_listings``) and the
rows the API's ``@export`` writes. One column spec serves both, so an export re-imports.

Import rules (docs/architecture.md, *CSV import*):

- The file is UTF-8 (a byte-order mark is fine), comma-separated (a header without commas but
  with semicolons, as Excel writes in some languages, is read as semicolon-separated). The first
  row names the columns: every template column must be there, editor-only and export-only
  columns may be, anything else is a file-level error naming the columns.
- Every row is validated before anything is written, by the model's own rules
  (``full_clean``: field formats, ``Listing.clean``: ZIP -> city, state, county; phones in
  E.164; each kind's ``required_fields``) plus the admin form's cross-field rule on service
  areas, vocabulary tokens, columns that belong to another kind, the user's permission to add
  that kind, and duplicates (same kind, name and ZIP code, or same slug, in the file or in the
  directory). Each problem is reported as (row, column, reason), row numbers as a spreadsheet
  shows them (the header is row 1).
- Nothing is written when any row fails, unless only the valid rows are asked for. Then each
  is written as a draft (not live) with a revision, submitted to the Vetting workflow as the
  uploading user, as if they had used the admin's "Submit", with bulk queries a chunk at a time
  (interchange/bulk.py); the vetters get one email for the whole file. The command writes every
  chunk in one transaction; the admin runs the import as a background job
  (interchange/import_jobs.py) that commits chunk by chunk, shows its progress, and deletes what
  it wrote if a later chunk fails.
"""

import csv
import html
import io
import itertools
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import OperationalError, transaction
from django.utils.dateparse import parse_date
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from directory import geography
from directory.choices import (
    BarStatus,
    CenterType,
    FeeModel,
    FundStatus,
    Kind,
    PhoneType,
    PostType,
    ProviderType,
    ServiceArea,
    Status,
    VerificationMethod,
)
from directory.cleaning import clean_rich_text
from directory.models import (
    KIND_MODELS,
    BarAdmission,
    Country,
    County,
    FundType,
    Industry,
    Language,
    Listing,
    Phone,
    State,
    Topic,
)
from directory.models.listing import RICH_TEXT_FEATURES
from interchange import bulk

LIST_SEPARATOR = ";"
PROGRESS_EVERY = 1000
WRITE_CHUNK = 200  # listings per bulk write: about a second each, the admin's progress step
CHUNK_TRIES = 4
MAX_PROBLEMS = 1000  # kept in a report (the job stores as many); the rest are counted
# A cell starting with one of these would be a formula in a spreadsheet: exports prefix it with
# an apostrophe (OWASP's advice), imports take that apostrophe off again.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TRUE_VALUES = {"true", "yes", "y", "1", "x", "si", "sí"}
FALSE_VALUES = {"false", "no", "n", "0"}
A, C, W, F = Kind.ATTORNEY, Kind.CONSULATE, Kind.WORKER_CENTER, Kind.FUNDING_SOURCE


@dataclass(frozen=True)
class Column:
    """One CSV column: ``name`` is the listing's field of the same name. ``type`` says how a
    cell reads: text, html, choice, bool, date, terms (tokens of ``vocabulary``), country,
    counties (FIPS), phones, bars (bar admissions), kind. ``kinds``: the only kinds it applies
    to (empty: all)."""

    name: str
    type: str = "text"
    kinds: tuple[str, ...] = ()
    choices: object = None  # a TextChoices class
    vocabulary: object = None  # a Term model
    example: str = ""


TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column("kind", "kind", example=Kind.ATTORNEY),
    Column("name", example="Example Immigrant Workers Legal Clinic"),
    Column("slug"),
    Column("organization_name", example="Example Legal Aid Society"),
    Column("summary", example="Free immigration advice for workers and their families."),
    Column("description", "html", example="Walk-in clinic run by fictional example attorneys."),
    Column("alert"),
    Column("status", "choice", choices=Status, example=Status.ACTIVE),
    Column("street_address", example="1 Example Street"),
    Column("city"),
    Column("state"),
    Column("postal_code", example="07102"),
    Column("service_area", "choice", choices=ServiceArea, example=ServiceArea.COUNTIES),
    Column("service_states", "terms", vocabulary=State),
    Column("service_counties", "counties", example="34013;34039"),
    Column("phones", "phones", example="main:(973) 555-0100;intake:+1 973 555 0101 x12"),
    Column("email", example="help@example.org"),
    Column("website", example="https://example.org/"),
    Column("hours", example="Mon-Fri 9:00-17:00"),
    Column("languages", "terms", vocabulary=Language, example="eng;spa;mam"),
    Column("topics", "terms", vocabulary=Topic, example="removal-defense;wage-theft"),
    Column("fee_model", "choice", choices=FeeModel, example=FeeModel.FREE),
    Column("fees"),
    Column("eligibility", example="Low-income workers in Essex and Union counties."),
    Column("how_to_get_help", example="Call the intake line or walk in on Tuesdays."),
    # Attorneys and legal service providers
    Column("provider_type", "choice", (A,), ProviderType, example=ProviderType.NONPROFIT),
    Column("bar_admissions", "bars", (A,), example="NJ:000000"),
    Column("doj_recognized", "bool", (A,), example="false"),
    Column("doj_recognition_expires", "date", (A,)),
    Column("accepting_clients", "bool", (A,), example="true"),
    Column("accepting_clients_as_of", "date", (A,), example="2025-01-15"),
    Column("accepts_agency_referrals", "bool", (A,), example="true"),
    Column("serves_detained", "bool", (A,), example="false"),
    Column("detention_facilities", kinds=(A,)),
    Column("consultation_fee", kinds=(A,), example="Free"),
    # Consulates
    Column("country", "country", (C,), vocabulary=Country),
    Column("post_type", "choice", (C,), PostType),
    Column("appointment_url", kinds=(C,)),
    Column("accepts_detainee_lists", "bool", (C,)),
    # Worker centers
    Column("center_type", "choice", (W,), CenterType),
    Column("industries", "terms", (W,), vocabulary=Industry),
    Column("membership_required", "bool", (W,)),
    # Funding sources
    Column("fund_types", "terms", (F,), vocabulary=FundType),
    Column("open_to_individuals", "bool", (F,)),
    Column("open_to_attorneys", "bool", (F,)),
    Column("open_to_organizations", "bool", (F,)),
    Column("detained_only", "bool", (F,)),
    Column("case_stage", kinds=(F,)),
    Column("typical_amount", kinds=(F,)),
    Column("fund_status", "choice", (F,), FundStatus),
    Column("fund_status_as_of", "date", (F,)),
)
# Never public: in the editors' export, and accepted by the import.
EDITOR_COLUMNS: tuple[Column, ...] = (
    Column("liaison_name", kinds=(C,)),
    Column("liaison_email", kinds=(C,)),
    Column("liaison_phone", kinds=(C,)),
    Column("verification_method", "choice", choices=VerificationMethod),
    Column("vetting_notes"),
)
# Written by exports, ignored by the import: vetting is done by vetters, not by a file.
PUBLIC_EXPORT_ONLY = ("last_verified",)
EDITOR_EXPORT_ONLY = ("last_verified", "verified_by", "next_review_due", "review_state")

COLUMNS = {column.name: column for column in (*TEMPLATE_COLUMNS, *EDITOR_COLUMNS)}
TEMPLATE_NAMES = [column.name for column in TEMPLATE_COLUMNS]
IGNORED_NAMES = {*PUBLIC_EXPORT_ONLY, *EDITOR_EXPORT_ONLY}
# Model fields validated by the import itself (tokens, FIPS) or that only the database checks:
# full_clean skips them, so a row costs no query.
NOT_FULL_CLEANED = [
    "locale",
    "country",
    "county",
    "verified_by",
    "live_revision",
    "latest_revision",
    "locked_by",
]
# Errors the model reports on fields that are not columns, and where to report them.
DERIVED_FIELDS = {"county": "postal_code", "latitude": "postal_code", "longitude": "postal_code"}


RELATION_COLUMNS = tuple(
    column.name
    for column in COLUMNS.values()
    if column.type in ("terms", "phones", "bars", "counties")
)


def public_export_columns() -> list[str]:
    return [*TEMPLATE_NAMES, *PUBLIC_EXPORT_ONLY]


def editor_export_columns() -> list[str]:
    return [*TEMPLATE_NAMES, *(c.name for c in EDITOR_COLUMNS), *EDITOR_EXPORT_ONLY]


class CsvFileError(Exception):
    """The file as a whole cannot be read: encoding, format, header."""


@dataclass
class Problem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # "" for the row as a whole
    message: str

    def __str__(self) -> str:
        where = _("row %(row)s") % {"row": self.row}
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ParsedRow:
    number: int
    listing: Listing | None = None
    problems: list[Problem] = field(default_factory=list)
    related: dict[str, list] = field(default_factory=dict)  # relation -> terms or children


@dataclass
class Report:
    """What a check (and perhaps an import) found and did. It holds a few numbers per row at
    most, never the rows: a long file is checked, then written, in bounded memory (the valid
    rows are read again from the file for writing)."""

    rows: int = 0  # data rows checked
    problems: list[Problem] = field(default_factory=list)  # the first MAX_PROBLEMS
    problem_count: int = 0  # all of them
    invalid_rows: int = 0
    valid: list[int] = field(default_factory=list)  # the valid rows' numbers
    imported: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problem_count

    def add_problems(self, problems: list[Problem]) -> None:
        self.invalid_rows += 1
        self.problem_count += len(problems)
        self.problems += problems[: max(0, MAX_PROBLEMS - len(self.problems))]

    def lines(self) -> list[str]:
        lines = [str(problem) for problem in self.problems]
        if self.problem_count > len(self.problems):
            lines.append(
                _("... and %(count)s more problems.")
                % {"count": self.problem_count - len(self.problems)}
            )
        lines.append(
            _("Checked %(rows)s rows: %(valid)s valid, %(invalid)s with problems.")
            % {"rows": self.rows, "valid": len(self.valid), "invalid": self.invalid_rows}
        )
        if self.written:
            lines.append(
                _("Imported %(count)s listings as drafts, submitted to the Vetting workflow.")
                % {"count": self.imported}
            )
        elif self.imported:
            lines.append(
                _("Dry run: %(count)s listings would be imported; nothing was written.")
                % {"count": self.imported}
            )
        else:
            lines.append(_("Nothing was imported."))
        return lines


# Reading the file -----------------------------------------------------------------------------


def decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvFileError(
            _(
                "The file is not UTF-8 text (byte %(byte)s at position %(position)s). Save it "
                "as CSV UTF-8 and upload it again."
            )
            % {"byte": f"0x{data[error.start]:02x}", "position": error.start}
        ) from error


def read_table(data: bytes | str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header's column names and an iterator of (row number, cells)."""
    text = decode(data)
    if "\x00" in text:
        raise CsvFileError(_("The file is not a CSV text file (it holds NUL characters)."))
    if not text.strip():
        raise CsvFileError(_("The file is empty."))
    end = text.find("\n")
    first_line = text[: end if end >= 0 else len(text)]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(lines_of(text), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as error:
        raise CsvFileError(
            _("The header row cannot be read: %(error)s") % {"error": error}
        ) from error
    names = [name.strip().lower() for name in header]
    check_header(names)

    def rows():
        number = 1
        try:
            for number, cells in enumerate(reader, 2):
                if any(cell.strip() for cell in cells):
                    yield number, cells
        except csv.Error as error:
            raise CsvFileError(
                _("Row %(row)s cannot be read as CSV: %(error)s")
                % {"row": number + 1, "error": error}
            ) from error

    return names, rows()


LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def lines_of(text: str) -> Iterator[str]:
    """The text's lines with their endings, as ``open(newline="")`` gives them to csv, one at a
    time: ``io.StringIO(text)`` held a second copy of the whole file, four bytes a character."""
    for match in LINE.finditer(text):
        yield match.group()


def check_header(names: list[str]) -> None:
    problems = []
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    missing = [name for name in TEMPLATE_NAMES if name not in names]
    unknown = [
        name for name in names if name and name not in COLUMNS and name not in IGNORED_NAMES
    ]  # a column without a name (trailing commas a spreadsheet left) is ignored
    if missing:
        problems.append(_("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if unknown:
        problems.append(
            _("Unknown columns: %(names)s.")
            % {"names": ", ".join(name or _("(empty)") for name in unknown)}
        )
    if repeated:
        problems.append(_("Repeated columns: %(names)s.") % {"names": ", ".join(repeated)})
    if problems:
        problems.append(_("Download the template for the expected columns."))
        raise CsvFileError(" ".join(problems))


# Cells ----------------------------------------------------------------------------------------


class CellError(Exception):
    pass


def folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Vocabularies:
    """Every vocabulary's canonical terms, loaded once: by token and by (default-language)
    title, case- and accent-blind."""

    def __init__(self):
        self.by_key: dict[type, dict[str, object]] = {}
        for model in (State, Language, Topic, Industry, FundType, Country):
            terms = {}
            for term in model.objects.canonical():
                terms.setdefault(folded(term.title), term)
            for term in model.objects.canonical():
                terms[folded(term.token)] = term
            self.by_key[model] = terms

    def term(self, model, value: str):
        term = self.by_key[model].get(folded(value))
        if term is None:
            raise CellError(
                _("%(value)s is not a known %(vocabulary)s token.")
                % {"value": value, "vocabulary": model._meta.verbose_name}
            )
        return term


def split_list(raw: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;,]", raw) if item.strip()]


def read_bool(raw: str) -> bool:
    value = folded(raw)
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise CellError(_("Write true or false."))


def read_date(raw: str):
    try:
        value = parse_date(raw)
    except ValueError:
        value = None
    if value is None:
        raise CellError(_("Write a date as YYYY-MM-DD, e.g. 2025-01-31."))
    return value


@lru_cache
def _choice_values(choices) -> frozenset[str]:
    return frozenset(choices.values)


def read_choice(raw: str, choices) -> str:
    """A choice's value, or its label in the active language (case- and accent-blind)."""
    value = raw.strip().lower()
    if value in _choice_values(choices):
        return value
    labels = {folded(str(label)): token for token, label in choices.choices}
    if folded(raw) in labels:
        return labels[folded(raw)]
    raise CellError(
        _("%(value)s is not one of: %(choices)s.")
        % {"value": raw, "choices": ", ".join(choices.values)}
    )


PHONE_EXTENSION = re.compile(r"\s*(?:ext\.?|x)\s*(\d{1,10})\s*$", re.IGNORECASE)


def read_phones(raw: str) -> list[Phone]:
    phones = []
    for number, item in enumerate(split_semicolons(raw)):
        kind, _sep, rest = item.partition(":")
        if _sep and kind.strip().lower() in PhoneType.values:
            phone_type, text = kind.strip().lower(), rest.strip()
        elif _sep and not kind.strip().lstrip("+").replace(" ", "").isdigit():
            raise CellError(
                _("%(type)s is not a phone type; use one of: %(choices)s.")
                % {"type": kind.strip(), "choices": ", ".join(PhoneType.values)}
            )
        else:
            phone_type, text = PhoneType.MAIN, item
        extension = ""
        match = PHONE_EXTENSION.search(text)
        if match:
            extension, text = match.group(1), text[: match.start()]
        phone = Phone(number=text, type=phone_type, extension=extension, sort_order=number)
        try:
            phone.clean()  # E.164, the admin's rule
        except ValidationError as error:
            raise CellError(" ".join(error.messages)) from error
        phones.append(phone)
    return phones


def split_semicolons(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(LIST_SEPARATOR) if item.strip()]


def read_counties(raw: str) -> list[County]:
    counties = geography.counties_by_fips()
    codes = split_list(raw)
    unknown = [code for code in codes if code not in counties]
    if unknown:
        raise CellError(
            _("Not county FIPS codes: %(codes)s (five digits, e.g. 34013).")
            % {"codes": ", ".join(unknown)}
        )
    # Built from the reference data every database is seeded with: no query per row.
    return [
        County(fips=code, state=counties[code].state, name=counties[code].name)
        for code in dict.fromkeys(codes)
    ]


def read_bars(raw: str) -> list[BarAdmission]:
    bars = []
    states = geography.states_by_code()
    for number, item in enumerate(split_semicolons(raw)):
        parts = [part.strip() for part in item.split(":")]
        if len(parts) not in (2, 3) or parts[0].upper() not in states or not parts[1]:
            raise CellError(
                _("Write bar admissions as STATE:NUMBER or STATE:NUMBER:STATUS, e.g. NJ:012345.")
            )
        status = read_choice(parts[2], BarStatus) if len(parts) == 3 else BarStatus.ACTIVE
        if len(parts[1]) > 40:
            raise CellError(_("A bar number has at most 40 characters."))
        bars.append(
            BarAdmission(
                state=parts[0].upper(), bar_number=parts[1], status=status, sort_order=number
            )
        )
    return bars


def read_html(raw: str) -> str:
    """A description: the HTML an export wrote (cleaned to what the field allows), else plain
    text, paragraphs split by a blank line."""
    text = raw.strip()
    if text.startswith("<"):
        return clean_rich_text(text, RICH_TEXT_FEATURES)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
    )


def unguard(value: str) -> str:
    """Take off the apostrophe an export puts before a formula-like cell."""
    if value[:1] == "'" and value[1:2] and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def guard(value: str) -> str:
    return "'" + value if value[:1] in FORMULA_START and value else value


# Checking -------------------------------------------------------------------------------------


def _kind_names(kinds: Iterable[str]) -> str:
    return ", ".join(str(KIND_MODELS[kind]._meta.verbose_name_plural) for kind in kinds)


def duplicate_key(listing: Listing) -> tuple[str, str, str]:
    return (listing.kind, folded(listing.name), (listing.postal_code or "")[:5])


class ListingImport:
    """Check a CSV file of listings and, when asked, write it. ``progress(done, phase)`` is
    called every ``progress_every`` rows."""

    def __init__(
        self,
        data: bytes | str,
        user,
        progress: Callable[[int, str], None] | None = None,
        progress_every: int = PROGRESS_EVERY,
        source: str = "",
    ):
        self.data = data
        self.user = user
        self.source = source or _("a CSV file")
        self.progress = progress or (lambda done, phase: None)
        self.progress_every = progress_every

    def check(self) -> Report:
        """Validate every row; write nothing. Raises CsvFileError for a file-level problem."""
        names, rows = read_table(self.data)
        self.locale = Locale.get_default()
        self.vocabularies = Vocabularies()
        self.allowed_kinds = {
            kind
            for kind, model in KIND_MODELS.items()
            if self.user is not None
            and self.user.has_perm(f"directory.add_{model._meta.model_name}")
        }
        existing = Listing.objects.filter(locale=self.locale).values_list(
            "kind", "name", "postal_code", "slug"
        )
        self.existing_keys, self.existing_slugs = {}, {}
        for kind, name, postal_code, slug in existing:
            self.existing_keys[(kind, folded(name), (postal_code or "")[:5])] = slug
            self.existing_slugs[slug] = True
        # A few words per row, to find repeats: the rows themselves are not kept.
        self.seen_keys: dict[tuple, int] = {}
        self.file_slugs: dict[str, int] = {}
        report = Report()
        for number, cells in rows:
            parsed = self.parse(names, number, cells)
            report.rows += 1
            if parsed.problems:
                report.add_problems(parsed.problems)
            else:
                report.valid.append(number)
            if report.rows % self.progress_every == 0:
                self.progress(report.rows, "checked")
        if not report.rows:
            raise CsvFileError(_("The file has a header but no listings."))
        return report

    def parse(
        self, names: list[str], number: int, cells: list[str], against_others: bool = True
    ) -> ParsedRow:
        """One row, checked alone and (``against_others``) against the directory and the rows
        before it, whose keys and slugs it notes."""
        if len(cells) > len(names):
            extra = [c for c in cells[len(names) :] if c.strip()]
            if extra:
                message = _("This row has more cells than the header.")
                return ParsedRow(number, problems=[Problem(number, "", message)])
        pairs = list(zip(names, cells, strict=False))
        values = {name: unguard(cell) for name, cell in pairs if name}
        if any(cell.strip() for name, cell in pairs if not name):
            message = _("This row has a value in a column without a name.")
            return ParsedRow(number, problems=[Problem(number, "", message)])
        parsed = self.check_row(number, values)
        listing = parsed.listing
        if listing is None or parsed.problems or not against_others:
            return parsed
        key = duplicate_key(listing)
        seen_keys, seen_slugs = self.seen_keys, self.file_slugs
        if key in self.existing_keys:
            parsed.problems.append(
                Problem(
                    number,
                    "name",
                    _(
                        "The directory already has a listing of this "
                        "kind with this name and ZIP code (%(slug)s)."
                    )
                    % {"slug": self.existing_keys[key]},
                )
            )
        elif key in seen_keys:
            parsed.problems.append(
                Problem(
                    number,
                    "name",
                    _("Same kind, name and ZIP code as row %(row)s.") % {"row": seen_keys[key]},
                )
            )
        if listing.slug and listing.slug in self.existing_slugs:
            parsed.problems.append(
                Problem(number, "slug", _("Another listing already uses this slug."))
            )
        elif listing.slug and listing.slug in seen_slugs:
            parsed.problems.append(
                Problem(
                    number,
                    "slug",
                    _("Same slug as row %(row)s.") % {"row": seen_slugs[listing.slug]},
                )
            )
        seen_keys.setdefault(key, number)
        if listing.slug:
            seen_slugs.setdefault(listing.slug, number)
        return parsed

    def valid_rows(self, report: Report) -> Iterator[ParsedRow]:
        """The rows the check found valid, read and parsed again one at a time: the check keeps
        only their numbers, so a long file is never held as listings."""
        wanted = iter(report.valid)  # ascending, as checked
        next_wanted = next(wanted, None)
        names, rows = read_table(self.data)
        for number, cells in rows:
            if next_wanted is None:
                return
            if number != next_wanted:
                continue
            next_wanted = next(wanted, None)
            parsed = self.parse(names, number, cells, against_others=False)
            if parsed.problems or parsed.listing is None:  # the file is the one checked
                raise WriteError(
                    _("Row %(row)s no longer passes the check: %(problem)s")
                    % {"row": number, "problem": parsed.problems[0] if parsed.problems else ""}
                )
            yield parsed

    def check_row(self, number: int, values: dict[str, str]) -> ParsedRow:
        parsed = ParsedRow(number)

        def problem(column: str, message) -> None:
            parsed.problems.append(Problem(number, column, str(message)))

        raw_kind = values.get("kind", "").strip()
        try:
            kind = read_choice(raw_kind, Kind) if raw_kind else None
        except CellError as error:
            problem("kind", error)
            return parsed
        if kind is None:
            problem(
                "kind",
                _("Say which kind of listing: %(kinds)s.") % {"kinds": ", ".join(Kind.values)},
            )
            return parsed
        if kind not in self.allowed_kinds:
            problem("kind", _("You may not add %(kinds)s.") % {"kinds": _kind_names([kind])})
            return parsed
        model = KIND_MODELS[kind]
        listing = model(locale=self.locale, live=False, has_unpublished_changes=True)
        related, failed = {}, set()
        for name, raw in values.items():
            column = COLUMNS.get(name)
            if column is None or column.type == "kind":
                continue
            raw = raw.strip()
            if name == "state":
                raw = raw.upper()
            if column.kinds and kind not in column.kinds:
                if raw:
                    problem(
                        name,
                        _("Only for %(kinds)s; leave it empty for %(kind)s.")
                        % {"kinds": _kind_names(column.kinds), "kind": _kind_names([kind])},
                    )
                continue
            if not raw and column.type in ("bool", "choice") and not _blank_allowed(column):
                continue  # the model's default (e.g. status active, accepting clients)
            try:
                value = self.read_cell(column, raw)
            except CellError as error:
                problem(name, error)
                failed.add(name)
                continue
            if column.type in ("terms", "phones", "bars", "counties"):
                related[name] = value
            elif column.type == "country":
                listing.country = value
            else:
                setattr(listing, name, value)
        for name in RELATION_COLUMNS:
            related.setdefault(name, [])  # another kind's relations: empty, not read back
        for name, value in related.items():
            setattr(listing, name, value)  # in memory until saved
        area = listing.service_area
        if area == ServiceArea.STATES and not related.get("service_states"):
            problem("service_states", _("Pick the states served, or change the area."))
        if area == ServiceArea.COUNTIES and not related.get("service_counties"):
            problem("service_counties", _("Pick the counties served, or change the area."))
        try:
            listing.full_clean(
                exclude=[*NOT_FULL_CLEANED, *failed],
                validate_unique=False,  # slugs and keys are checked against loaded sets
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in failed:
                    continue
                column = "" if name == NON_FIELD_ERRORS else DERIVED_FIELDS.get(name, name)
                for message in messages:
                    problem(column, message)
        parsed.listing = listing
        parsed.related = related
        return parsed

    def read_cell(self, column: Column, raw: str):
        kind = column.type
        if kind == "text":
            return raw
        if kind == "html":
            return read_html(raw)
        if not raw:
            return (
                []
                if kind in ("terms", "phones", "bars", "counties")
                else (None if kind in ("date", "country") else "")
            )
        if kind == "choice":
            return read_choice(raw, column.choices)
        if kind == "bool":
            return read_bool(raw)
        if kind == "date":
            return read_date(raw)
        if kind == "terms":
            terms, unknown = [], []
            for token in split_list(raw):
                try:
                    terms.append(self.vocabularies.term(column.vocabulary, token))
                except CellError:
                    unknown.append(token)
            if unknown:
                raise CellError(
                    _("Unknown %(vocabulary)s: %(tokens)s (see /api/@vocabularies).")
                    % {
                        "vocabulary": column.vocabulary._meta.verbose_name_plural,
                        "tokens": ", ".join(unknown),
                    }
                )
            return list(dict.fromkeys(terms))
        if kind == "country":
            return self.vocabularies.term(Country, raw)
        if kind == "counties":
            return read_counties(raw)
        if kind == "phones":
            return read_phones(raw)
        if kind == "bars":
            return read_bars(raw)
        raise AssertionError(kind)

    # Writing

    def run(self, only_valid: bool = False, dry_run: bool = False) -> Report:
        """Check, then write every row, or only the valid ones when asked; nothing when any
        row fails otherwise. Everything is written in one transaction (``dry_run`` rolls it
        back); the vetters get one email once it is committed."""
        report = self.check()
        if report.problems and not only_valid:
            return report
        self.progress(report.rows, "done checking")
        with transaction.atomic():
            self.write(report)
            if dry_run:
                transaction.set_rollback(True)
            else:
                count = report.imported
                transaction.on_commit(lambda: bulk.notify_vetters(count, self.user, self.source))
        report.written = not dry_run and bool(report.imported)
        return report

    def write(
        self,
        report: Report,
        chunk_size: int | None = None,
        on_chunk: Callable[[list[Listing]], None] | None = None,
    ) -> None:
        """Write the valid rows ``chunk_size`` at a time with bulk queries (interchange/bulk.py),
        each chunk in a transaction of its own (a savepoint when the caller holds one), then
        ``on_chunk(listings)`` inside it. Each listing is a draft with a revision, submitted
        to the Vetting workflow as the user, and indexed for search."""
        chunk_size = chunk_size or WRITE_CHUNK
        taken = set(self.existing_slugs)
        taken.update(self.file_slugs)
        last_said = 0
        valid = self.valid_rows(report)
        while rows := list(itertools.islice(valid, chunk_size)):
            listings = self.write_chunk_retrying(rows, taken, on_chunk)
            report.imported += len(listings)
            done = report.imported
            if done // self.progress_every > last_said or done == len(report.valid):
                last_said = done // self.progress_every
                self.progress(done, "imported")

    def write_chunk_retrying(self, rows, taken, on_chunk) -> list[Listing]:
        """One chunk in its own transaction (a savepoint inside the command's), tried again (up
        to ``CHUNK_TRIES`` times, a moment apart) when the database was busy: a transient error
        must not fail a long import. Rolling back to the chunk's start undoes its writes."""
        slugs = [row.listing.slug for row in rows]  # as checked: empty ones are made on writing
        for attempt in range(1, CHUNK_TRIES + 1):
            try:
                with transaction.atomic():
                    listings = self.write_chunk(rows, taken)
                    if on_chunk is not None:
                        on_chunk(listings)
                return listings
            except OperationalError as error:
                if attempt == CHUNK_TRIES or not bulk.is_transient(error):
                    raise
                bulk.forget_inserts([(row.listing, row.related) for row in rows])
                for row, slug in zip(rows, slugs, strict=True):
                    row.listing.slug = slug
                time.sleep(0.25 * attempt)
        raise AssertionError("unreachable")

    def write_chunk(self, rows: list[ParsedRow], taken: set[str]) -> list[Listing]:
        """Give the rows without a slug one, make sure nobody took a row's slug since the
        check, and write them."""
        given = {row.listing.slug for row in rows if row.listing.slug}
        for row in rows:
            if not row.listing.slug:
                row.listing.slug = unique_slug(row.listing.name, taken)
            taken.add(row.listing.slug)
        clashes = set(
            Listing.objects.filter(
                locale=self.locale, slug__in=[row.listing.slug for row in rows]
            ).values_list("slug", flat=True)
        )
        for row in rows:
            if row.listing.slug not in clashes:
                continue
            if row.listing.slug in given:
                raise WriteError(
                    _(
                        "Row %(row)s: another listing took the slug %(slug)s after the check. "
                        "Change it and upload the file again."
                    )
                    % {"row": row.number, "slug": row.listing.slug}
                )
            taken.update(clashes)
            row.listing.slug = unique_slug(row.listing.name, taken)
            taken.add(row.listing.slug)
        bulk.insert_listings([(row.listing, row.related) for row in rows])
        listings = [row.listing for row in rows]
        bulk.submit_drafts(listings, self.user)
        bulk.index(listing.pk for listing in listings)
        return listings


class WriteError(Exception):
    """Writing a checked row failed for a reason the editor can act on."""


def unique_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:100] or "listing"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _blank_allowed(column: Column) -> bool:
    """Whether an empty cell means an empty value (else: the model's default)."""
    if column.type == "bool":
        return False
    return Listing._meta.get_field(column.name).blank


# Export ---------------------------------------------------------------------------------------

EXPORT_PREFETCH = (
    "phones",
    "bar_admissions",
    "languages",
    "topics",
    "industries",
    "fund_types",
    "service_states",
    "service_counties",
)


class Tokens:
    """Canonical term pk -> token, per vocabulary, loaded once per export."""

    def __init__(self):
        self.by_model = {
            model: dict(model.objects.canonical().values_list("pk", "token"))
            for model in (State, Language, Topic, Industry, FundType, Country)
        }

    def of(self, model, terms) -> str:
        tokens = self.by_model[model]
        return LIST_SEPARATOR.join(tokens[t.pk] for t in terms if t.pk in tokens)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _iso(value) -> str:
    return value.isoformat() if value else ""


def listing_values(listing: Listing, tokens: Tokens) -> dict[str, str]:
    """Every import column (template and editor-only), plus ``last_verified``, ``verified_by``
    and ``next_review_due``, as text that the import reads back. Other kinds' columns are
    empty."""
    values = {}
    for column in (*TEMPLATE_COLUMNS, *EDITOR_COLUMNS):
        name = column.name
        if column.kinds and listing.kind not in column.kinds:
            values[name] = ""
            continue
        if column.type == "terms":
            value = tokens.of(column.vocabulary, getattr(listing, name).all())
        elif column.type == "country":
            value = tokens.by_model[Country].get(listing.country_id, "")
        elif column.type == "counties":
            value = LIST_SEPARATOR.join(sorted(c.pk for c in listing.service_counties.all()))
        elif column.type == "phones":
            value = LIST_SEPARATOR.join(
                f"{p.type}:{p.number}" + (f" x{p.extension}" if p.extension else "")
                for p in listing.phones.all()
            )
        elif column.type == "bars":
            value = LIST_SEPARATOR.join(
                f"{b.state}:{b.bar_number}"
                + ("" if b.status == BarStatus.ACTIVE else f":{b.status}")
                for b in listing.bar_admissions.all()
            )
        elif column.type == "bool":
            value = _bool(getattr(listing, name))
        elif column.type == "date":
            value = _iso(getattr(listing, name))
        else:
            value = getattr(listing, name) or ""
        values[name] = value
    values.update(
        last_verified=_iso(listing.last_verified.date()) if listing.last_verified else "",
        verified_by=listing.verified_by_name,
        next_review_due=_iso(listing.next_review_due.date()) if listing.next_review_due else "",
    )
    return values


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(
    listings: Iterable[Listing],
    columns: list[str],
    extra: Callable[[Listing], dict[str, str]] | None = None,
) -> Iterator[str]:
    """The header and one line per listing, for streaming. Cells that a spreadsheet would take
    for a formula are guarded with an apostrophe (the import takes it off)."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    tokens = Tokens()
    yield "\ufeff" + writer.writerow(columns)  # the BOM makes Excel read UTF-8
    for listing in listings:
        values = listing_values(listing, tokens)
        if extra:
            values.update(extra(listing))
        yield writer.writerow([guard(str(values.get(name, ""))) for name in columns])


def template_csv() -> str:
    """The import template: the header and one example row, clearly fictional."""
    example = {column.name: column.example for column in TEMPLATE_COLUMNS}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_NAMES)
    writer.writerow([example[name] for name in TEMPLATE_NAMES])
    return "\ufeff" + buffer.getvalue()


def export_queryset(queryset):
    """What listing_values reads, in a constant number of queries per chunk."""
    return queryset.select_related("verified_by").prefetch_related(*EXPORT_PREFETCH)
