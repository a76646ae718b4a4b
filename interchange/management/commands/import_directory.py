"""manage.py import_directory: restore a file written by export_directory."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interchange import backup


class Command(BaseCommand):
    help = (
        "Restore a directory backup written by export_directory (version 1 or 2), in one "
        "transaction: an error anywhere (bad JSON, wrong format or version, an unknown term, "
        "county, listing or field, a bad key hash) writes nothing and names the object and "
        "field. Refuses a database that already has listings, organizations, API keys, "
        "suggestions or import jobs unless --replace, which deletes them first (published "
        "editions cannot be deleted: those here must match the file's). Taxonomy terms merge "
        "with the seeded ones by translation_key or token (the file's titles win). Users are "
        "matched by username; those missing here are left empty and listed. Listings waiting "
        "for a vetter go back into the Vetting workflow. The search index, Wagtail's reference "
        "index and the API's cache version are updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file, or - for stdin.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Delete every existing listing (with its revisions) and what the file's "
                "sections hold (organizations, lists, API keys, suggestions, import jobs) "
                "before importing."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check and import everything, then roll back: nothing is written.",
        )

    def handle(self, *args, path: str, replace=False, dry_run=False, verbosity=1, **options):
        log = self.stdout.write if verbosity else (lambda message: None)
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            data = backup.loads(text)
            log(
                f"Importing {len(data['listings'])} listings exported "
                f"{data.get('exported_at', '(date unknown)')}..."
            )
            summary = backup.import_data(data, replace=replace, dry_run=dry_run, log=log)
        except backup.BackupError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        for line in summary.lines():
            log(line)
        if dry_run:
            log(self.style.WARNING("Dry run: everything was rolled back."))
        else:
            log(self.style.SUCCESS("Import finished."))
