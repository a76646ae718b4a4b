"""manage.py import_directory: restore a file written by export_directory."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory import backup


class Command(BaseCommand):
    help = (
        "Restore a directory backup written by export_directory, in one transaction: an error "
        "anywhere (bad JSON, wrong format or version, an unknown term, county or field) writes "
        "nothing and names the listing and field. Refuses a database that already has "
        "listings unless --replace, which deletes them first. Taxonomy terms merge with the "
        "seeded ones by translation_key or token (the file's titles win). verified_by and "
        "draft authors are matched by username; users missing here are left empty and listed. "
        "Listings waiting for a vetter go back into the Vetting workflow. The search index, "
        "Wagtail's reference index and the API's cache version are updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file, or - for stdin.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete every existing listing (with its revisions) before importing.",
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
