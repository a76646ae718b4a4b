"""The listing import: every row checked by the model's own rules, then written as drafts
submitted to Vetting a chunk at a time (see the package's docstring for the rules)."""

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import OperationalError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Locale

from directory.choices import Kind
from directory.models import KIND_MODELS, Listing
from interchange import bulk
from interchange.csv.cells import (
    RELATION_TYPES,
    CellError,
    Vocabularies,
    folded,
    read_cell,
    read_choice,
    unguard,
)
from interchange.csv.columns import (
    COLUMNS,
    DERIVED_FIELDS,
    NOT_FULL_CLEANED,
    RELATION_COLUMNS,
    Column,
)
from interchange.csv.reading import CsvFileError, read_table

PROGRESS_EVERY = 1000
WRITE_CHUNK = 200  # listings per bulk write: about a second each, the admin's progress step
CHUNK_TRIES = 4
MAX_PROBLEMS = 1000  # kept in a report (the job stores as many); the rest are counted


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

        kind = self.row_kind(values.get("kind", "").strip(), problem)
        if kind is None:
            return parsed
        model = KIND_MODELS[kind]
        listing = model(locale=self.locale, live=False, has_unpublished_changes=True)
        related, failed = self.read_columns(kind, listing, values, problem)
        for name in RELATION_COLUMNS:
            related.setdefault(name, [])  # another kind's relations: empty, not read back
        for name, value in related.items():
            setattr(listing, name, value)  # in memory until saved
        self.check_model(listing, failed, problem)
        parsed.listing = listing
        parsed.related = related
        return parsed

    def row_kind(self, raw: str, problem: Callable) -> str | None:
        """The row's kind, or None (the row's problem said) when it is missing, unknown or
        not one the user may add."""
        try:
            kind = read_choice(raw, Kind) if raw else None
        except CellError as error:
            problem("kind", error)
            return None
        if kind is None:
            problem(
                "kind",
                _("Say which kind of listing: %(kinds)s.") % {"kinds": ", ".join(Kind.values)},
            )
            return None
        if kind not in self.allowed_kinds:
            problem("kind", _("You may not add %(kinds)s.") % {"kinds": _kind_names([kind])})
            return None
        return kind

    def read_columns(
        self, kind: str, listing: Listing, values: dict[str, str], problem: Callable
    ) -> tuple[dict, set[str]]:
        """Every known cell read onto ``listing``; returns the relations read and the columns
        that failed (their model checks are left out: the cell's problem says it)."""
        related, failed = {}, set()
        for name, raw in values.items():
            column = COLUMNS.get(name)
            if column is None or column.type == "kind":
                continue
            raw = raw.strip().upper() if name == "state" else raw.strip()
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
                value = read_cell(column, raw, self.vocabularies)
            except CellError as error:
                problem(name, error)
                failed.add(name)
                continue
            if column.type in RELATION_TYPES:
                related[name] = value
            elif column.type == "country":
                listing.country = value
            else:
                setattr(listing, name, value)
        return related, failed

    @staticmethod
    def check_model(listing: Listing, failed: set[str], problem: Callable) -> None:
        """The model's own rules, each problem on the column a person would fix."""
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
