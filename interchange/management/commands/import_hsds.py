"""manage.py import_hsds: Open Referral HSDS 3.0 services (a tabular data package or JSON) as
draft listings submitted to the Vetting workflow (interchange/hsds/importer.py has the mapping,
interchange/hsds/rules.toml the rules that choose each service's kind)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.choices import Kind
from interchange import hsds as hsds_import
from interchange.management import importing


class Command(BaseCommand):
    help = (
        "Import Open Referral HSDS 3.0 services from a tabular data package (a folder of CSV "
        "files with datapackage.json) or JSON (service objects, a page of /services, NDJSON). "
        "Listings are keyed by the service id: new ones are created and changed ones updated, "
        "as drafts submitted to the Vetting workflow as --user; a second run changes nothing. "
        "Every service is checked first; any problem is reported as service, field and reason "
        "and then nothing is written (exit status 1) unless --only-valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The package folder (or its datapackage.json), or a "
                            "JSON or NDJSON file.")  # fmt: skip
        importing.add_arguments(
            parser,
            "services",
            hsds_import.PROGRESS_EVERY,
            user_help="Username the listings are created, revised and submitted as.",
            dry_run_help="Check everything and print what would be done; write nothing.",
        )
        parser.add_argument(
            "--rules",
            help=f"Another rules file (default interchange/hsds/{hsds_import.RULES_FILE.name}).",
        )
        parser.add_argument(
            "--default-kind",
            choices=[*Kind.values, hsds_import.SKIP],
            help="Kind for services no rule matches, instead of the rules file's default.",
        )

    def handle(self, *args, path, user, dry_run=False, only_valid=False, **options):
        account = importing.account(user)
        if not Path(path).exists():
            raise CommandError(f"{path} does not exist. Nothing was imported.")
        try:
            rules = hsds_import.Rules(
                Path(options["rules"]) if options.get("rules") else None,
                default_kind=options.get("default_kind"),
            )
            importer = hsds_import.HsdsImport(
                path,
                account,
                rules,
                progress=importing.progress_printer(self, options.get("verbosity", 1), "services"),
                progress_every=options.get("progress_every") or hsds_import.PROGRESS_EVERY,
            )
            report = importer.run(dry_run=dry_run, only_valid=only_valid)
        except hsds_import.HsdsInputError as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        failed = None
        if report.problems or (not report.ok and not only_valid):
            failed = (
                f"{len(report.all_problems)} problems; nothing was imported. Fix them, or use "
                "--only-valid to import the valid services."
            )
        importing.write_report(self, report.lines(), failed)
