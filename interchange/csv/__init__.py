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

The package's face: the names other apps, the commands and the tests use. Inside, ``columns``
is the one spec, ``cells`` reads a cell, ``reading`` a file's encoding and header,
``listing_import`` checks and writes rows, ``export`` writes them back out.
"""

from interchange.csv.cells import Vocabularies, guard, read_counties, read_html, unguard
from interchange.csv.columns import (
    COLUMNS,
    NOT_FULL_CLEANED,
    RELATION_COLUMNS,
    TEMPLATE_COLUMNS,
    TEMPLATE_NAMES,
    editor_export_columns,
    public_export_columns,
)
from interchange.csv.export import Tokens, csv_lines, export_queryset, listing_values, template_csv
from interchange.csv.listing_import import (
    PROGRESS_EVERY,
    WRITE_CHUNK,
    ListingImport,
    Problem,
    Report,
    WriteError,
    duplicate_key,
    unique_slug,
)
from interchange.csv.reading import CsvFileError, decode, read_table

__all__ = [
    "COLUMNS",
    "NOT_FULL_CLEANED",
    "PROGRESS_EVERY",
    "RELATION_COLUMNS",
    "TEMPLATE_COLUMNS",
    "TEMPLATE_NAMES",
    "WRITE_CHUNK",
    "CsvFileError",
    "ListingImport",
    "Problem",
    "Report",
    "Tokens",
    "Vocabularies",
    "WriteError",
    "csv_lines",
    "decode",
    "duplicate_key",
    "editor_export_columns",
    "export_queryset",
    "guard",
    "listing_values",
    "public_export_columns",
    "read_counties",
    "read_html",
    "read_table",
    "template_csv",
    "unguard",
    "unique_slug",
]
