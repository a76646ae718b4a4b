"""How long the admin's CSV import takes for a long file: checking every row, then writing them
as drafts submitted to Vetting, as the background job does it (interchange/import_jobs.py), with
its commits chunk by chunk. Then it deletes what it wrote (timed too: what a failed import's
clean-up costs) and the job.

    .venv/bin/python bench/csv_import.py --rows 10000            # the database of DATABASE_URL
    DATABASE_URL=postgres://... .venv/bin/python bench/csv_import.py --append FILE

Use a migrated database you can write to (the demo's is fine: the listings it adds are deleted
again). The rows are fictional: example names, 555-01xx numbers, ZIP codes of New Jersey.
"""

# ruff: noqa: E402  (Django is set up before the project's modules are imported)
import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from directory import setup
from directory.models import ImportJob, Listing
from interchange import csv as csv_io
from interchange import import_jobs

ZIPS = ["07102", "07103", "07104", "07201", "07202", "07501", "07306", "08901", "08608", "07601"]
KINDS = ["attorney", "worker-center", "funding-source"]


def say(*lines: str, sep: str = "\n") -> None:
    print(*lines, sep=sep, flush=True)  # noqa: T201


def make_rows(count: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_io.TEMPLATE_NAMES)
    for n in range(count):
        values = dict.fromkeys(csv_io.TEMPLATE_NAMES, "")
        kind = KINDS[n % len(KINDS)]
        values.update(
            kind=kind,
            name=f"Example Bench {kind.replace('-', ' ').title()} {n}",
            summary="Fictional listing for the import benchmark.",
            street_address=f"{n % 900 + 1} Example Street",
            postal_code=ZIPS[n % len(ZIPS)],
            phones=f"main:(973) 555-01{n % 100:02d};intake:(973) 555-01{(n + 7) % 100:02d}",
            email=f"clinic{n}@example.org",
            website="https://example.org/",
            languages="spa;eng" if n % 2 else "spa;mam;eng",
            topics="removal-defense;wage-theft",
        )
        if kind == "attorney":
            values.update(fee_model="free", provider_type="nonprofit", accepting_clients="true")
        elif kind == "worker-center":
            values.update(center_type="worker-center", industries="construction")
        else:
            values.update(fund_types="bond", fund_status="open", open_to_individuals="true")
        writer.writerow([values[name] for name in csv_io.TEMPLATE_NAMES])
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--append", metavar="FILE", help="Also append the table to FILE.")
    args = parser.parse_args()

    setup.run()
    user, _created = get_user_model().objects.get_or_create(username="bench-importer")
    user.groups.add(Group.objects.get(name=setup.EDITORS))  # the admin's uploader: an editor

    text = make_rows(args.rows)
    problems = csv_io.ListingImport(text, user).check().problems[:3]
    if problems:
        say("The generated rows do not pass the check:", *map(str, problems), sep="\n  ")
        return 1
    before = Listing.objects.count()
    job = ImportJob.objects.create(
        user=user, file_name="bench.csv", data=text, rows_total=args.rows
    )
    marks = {}
    real_save = import_jobs._save

    def timed_save(job, **fields):
        real_save(job, **fields)
        marks.setdefault(fields.get("status"), time.perf_counter())

    import_jobs._save = timed_save
    started = time.perf_counter()
    done = import_jobs.run(job.pk)
    finished = time.perf_counter()
    import_jobs._save = real_save
    if done.status != "done" or done.written != args.rows:
        say(f"The import did not finish: {done.status}, {done.written} written. {done.message}")
        return 1
    checked = marks[ImportJob.Status.WRITING] - started
    written = finished - marks[ImportJob.Status.WRITING]
    undo_started = time.perf_counter()
    removed = import_jobs.undo(done)
    undone = time.perf_counter() - undo_started
    done.delete()
    assert Listing.objects.count() == before, "the clean-up left listings behind"

    rows = args.rows
    ms = lambda seconds: f"{seconds:.1f} | {seconds / rows * 1000:.2f} ms"  # noqa: E731
    if connection.vendor == "sqlite":
        version = ".".join(map(str, connection.Database.sqlite_version_info))
    else:
        version = f"{connection.pg_version // 10000}.{connection.pg_version % 100}"
    table = [
        f"CSV import of {rows:,} rows on {connection.display_name} {version}, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"load average {os.getloadavg()[0]:.2f}",
        "",
        "| phase | seconds | per row |",
        "| --- | --: | --: |",
        f"| check every row | {ms(checked)} |",
        f"| write drafts + submit to Vetting ({csv_io.WRITE_CHUNK} a chunk, each committed) "
        f"| {ms(written)} |",
        f"| whole job | {ms(finished - started)} |",
        f"| delete them again ({removed:,}: a failed import's clean-up) | {ms(undone)} |",
        "",
    ]
    say(*table)
    if args.append:
        with open(args.append, "a", encoding="utf-8") as output:
            output.write("\n".join(table) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
