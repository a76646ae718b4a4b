"""How much memory checking a long CSV file of listings takes (the import job's check phase,
interchange/import_jobs.py): peak RSS growth and tracemalloc's peak, each size in a fresh process.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/csv_check_memory.py 2000 25000

Use a migrated database (the demo's is fine; nothing is written). The rows are bench/csv_import.py's
fictional ones. The file's text itself is made before measuring: the job holds it anyway.
"""

import gc
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")


def rss_mb() -> float:
    """The current resident set (Linux), in MB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def measure(rows: int, traced: bool) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from bench.csv_import import make_rows
    from directory import setup
    from interchange import csv as csv_io

    setup.run()
    user, _created = get_user_model().objects.get_or_create(username="bench-importer")
    user.groups.add(Group.objects.get(name=setup.EDITORS))
    csv_io.ListingImport(make_rows(10), user).check()  # warm: imports, vocabularies, caches
    text = make_rows(rows)
    gc.collect()
    before = rss_mb()
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    report = csv_io.ListingImport(text, user).check()
    seconds = time.perf_counter() - started
    result = {"rows": rows, "valid": len(report.valid), "seconds": round(seconds, 1)}
    if traced:
        result["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    else:
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
        result.update(rss_before_mb=round(before, 1), rss_growth_mb=round(maxrss - before, 1))
        result["text_mb"] = round(len(text) / 1e6, 1)
    return result


def main() -> int:
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(int(sys.argv[2]), sys.argv[3] == "traced")))  # noqa: T201
        return 0
    for rows in map(int, sys.argv[1:] or ["2000", "25000"]):
        found = {}
        for mode in ("rss", "traced"):
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(rows), mode],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            found.update(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(found), flush=True)  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
