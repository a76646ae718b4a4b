"""manage.py import_listings: check a CSV file of listings and import it as drafts submitted to
the Vetting workflow (interchange/csv/ has the columns and rules)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interchange import csv as csv_io
from interchange.management import importing


class Command(BaseCommand):
    help = (
        "Import listings from a CSV file (the admin's template columns). Every row is checked "
        "first, with the admin's rules; any problem is reported as row, column and reason, and "
        "then nothing is written (exit status 1) unless --only-valid. Imported listings are "
        "drafts, submitted to the Vetting workflow as --user; the vetters get one email for "
        "the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file (UTF-8), or - for stdin.")
        importing.add_arguments(
            parser,
            "rows",
            csv_io.PROGRESS_EVERY,
            user_help="Username the listings are created and submitted as (needs add permission).",
            dry_run_help="Check and import, then roll back: nothing is written.",
        )

    def handle(self, *args, path, user, only_valid=False, dry_run=False, **options):
        account = importing.account(user)
        try:
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        importer = csv_io.ListingImport(
            data,
            account,
            progress=importing.progress_printer(self, options.get("verbosity", 1), "rows"),
            progress_every=max(1, options["progress_every"]),
            source="standard input" if path == "-" else Path(path).name,
        )
        try:
            report = importer.run(only_valid=only_valid, dry_run=dry_run)
        except csv_io.CsvFileError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        failed = None
        if report.problems and not only_valid:
            failed = (
                f"{report.invalid_rows} of {report.rows} rows have problems; nothing was "
                "imported. Fix them, or use --only-valid to import the valid rows."
            )
        importing.write_report(self, report.lines(), failed)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: everything was rolled back."))
