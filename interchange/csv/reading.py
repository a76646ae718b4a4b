"""Reading a CSV file as a whole: its encoding, its delimiter, its header; a file-level problem
is a ``CsvFileError`` naming what to fix."""

import csv
import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

from interchange.csv.columns import COLUMNS, IGNORED_NAMES, REQUIRED_NAMES


class CsvFileError(Exception):
    """The file as a whole cannot be read: encoding, format, header."""


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
    missing = [name for name in REQUIRED_NAMES if name not in names]
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
