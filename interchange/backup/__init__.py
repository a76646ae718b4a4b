"""A backup of the directory as one JSON document: ``manage.py export_directory`` and
``import_directory``.

The file holds the locales, every taxonomy term (all vocabularies, every locale's row, keyed by
``translation_key`` and token) and every listing row (every locale, live or draft) with its
phones, bar admissions, terms (as tokens), service area (state tokens, county FIPS), translation
link (``translation_key`` + locale), publication state and dates, vetting stamp (``verified_by``
as a username), the content of its unpublished draft when it has one, and the Vetting workflow
it is waiting in, if any.

Version 2 adds *sections* that other apps contribute: an app's ``backup`` module (found by
name, like ``admin`` modules) lists ``SECTIONS``, objects with a ``name`` (their key in the file),
``after`` (the sections they refer to), ``export(context)``, ``existing()``, ``clear(context)``
and ``restore(records, context)``. This module iterates them, so ``directory`` imports no app
above it (``lists`` for organizations and trusted lists, ``partners`` for API keys); its own
suggestions and import history are two sections at the end of this module. Sections name users,
listings and errors only through the context they are given, so the whole of it can move to an
app of its own. Version 1 files (no sections) are still read.

Not in the file: users (names only, mapped back by username), the revision history beyond the
live content and the latest draft, finished/rejected workflow runs, locks, the audit log,
wagtail-localize's translation memory (sources, segments, string translations), counties (Census
reference data every database has), CMS pages, the text of uploaded CSV files and the contact of
closed suggestions. docs/architecture.md, *Backups*, says why.

Import writes with bulk inserts inside one transaction, so it also does what signals would have
done: indexes the listings for search, updates Wagtail's reference index and bumps
PublicVersion. Any error rolls everything back and names the listing (index, slug, locale) and
the field.

Inside: ``document`` is the file's shape and value readers, ``sections`` finds and orders the
apps' sections, ``export`` writes a file, ``restore`` reads one back (``terms`` merges its
vocabularies, ``records`` reads its listings, ``context`` is what a section gets, with the
checks every section makes of a record), ``directory_sections`` holds the directory's own two
sections (suggestions, import jobs).
"""

from interchange.backup.directory_sections import SECTIONS
from interchange.backup.document import (
    FORMAT,
    READABLE_VERSIONS,
    VERSION,
    VOCABULARIES,
    BackupError,
)
from interchange.backup.export import dumps, export_data
from interchange.backup.restore import Summary, import_data, loads
from interchange.backup.sections import sections

__all__ = [
    "FORMAT",
    "READABLE_VERSIONS",
    "SECTIONS",
    "VERSION",
    "VOCABULARIES",
    "BackupError",
    "Summary",
    "dumps",
    "export_data",
    "import_data",
    "loads",
    "sections",
]
