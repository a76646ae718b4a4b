"""manage.py export_directory: the whole directory as one JSON file (see interchange/backup/)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from interchange import backup


class Command(BaseCommand):
    help = (
        "Write the directory to one JSON file (format 'amparo-directory', version 2): locales, "
        "every taxonomy term with its translations, and every listing in every locale, live or "
        "draft, with phones, bar admissions, terms as tokens, service area, translation_key, "
        "publication dates, the vetting stamp (verified_by as a username), the content of an "
        "unpublished draft and the Vetting workflow it waits in; organizations with their "
        "trusted lists and published editions; API keys (prefix and hash only: no key is "
        "stored); suggestions (the sender's contact for open ones only); CSV import history "
        "(reports, not the files). Not included: users, older revisions, finished workflow "
        "runs, locks, the audit log, wagtail-localize's translation memory, counties "
        "(reference data) and CMS pages. Restore with import_directory."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", default="-", help="File to write, or - (the default) for stdout."
        )

    def handle(self, *args, path: str = "-", verbosity: int = 1, **options):
        to_stdout = path == "-"
        # With the JSON on stdout, progress and the summary go to stderr.
        out = self.stderr if to_stdout else self.stdout
        log = out.write if verbosity else (lambda message: None)
        data = backup.export_data(log=log)
        text = backup.dumps(data)
        if to_stdout:
            self.stdout.write(text)
        else:
            Path(path).write_text(text + "\n", encoding="utf-8")
        counts = data["counts"]
        destination = "stdout" if to_stdout else path
        others = ", ".join(
            f"{n} {name.replace('_', ' ')}"
            for name, n in counts.items()
            if name not in ("listings", "terms")
        )
        log(
            f"Exported {counts['listings']} listings and {counts['terms']} taxonomy terms "
            f"({', '.join(data['locales'])}){f'; {others}' if others else ''} to {destination}."
        )
