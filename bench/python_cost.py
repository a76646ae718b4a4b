"""The Python cost of a read, in-process (issue 14): a listing's detail, @search pages of 25
(summaries, full objects, Spanish), each over distinct URLs with kept answers and throttles off,
through Django's test client against a seeded database. Prints per scenario the median and p95
in milliseconds, the median time in the database, and the queries per request; with
``--profile DIR`` it also writes each scenario's cProfile top (cumulative and own time), from a
second set of distinct URLs so the timings are not the profiler's.

    DATABASE_URL=postgres://... .venv/bin/python bench/python_cost.py [--count 60] [--profile DIR]
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
os.environ["AMPARO_API_CACHE_ENTRIES"] = "0"  # no kept answers: every request is new work
os.environ["AMPARO_ANON_RATE"] = ""  # no throttle


def scenarios(rows: list, kind_types: dict) -> dict:
    def details(suffix: str = ""):
        for kind, slug in rows:
            yield f"/api/directory/{kind_types[kind][1]}/{slug}{suffix}"

    def pages(extra: str = ""):
        for number in range(10**6):
            order = "&sort_order=descending" if number // 40 % 2 else ""
            kind = "&portal_type=Attorney" if number // 80 % 2 else ""
            yield f"/api/@search?b_size=25&b_start={25 * (number % 40)}{extra}{order}{kind}"

    return {
        "detail": details(),
        "detail_es": details("?language=es"),
        "search25": pages(),
        "search25_full": pages("&fullobjects=1"),
        "search25_es": pages("&language=es"),
    }


def timed(client, urls, count: int) -> tuple[list[float], list[float], list[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, database, queries = [], [], []
    for _ in range(count):
        url = next(urls)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        database.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        queries.append(len(captured.captured_queries))
    return times, database, queries


def profiled(client, urls, count: int, path: Path) -> None:
    profile = cProfile.Profile()
    for _ in range(count):
        url = next(urls)
        profile.enable()
        client.get(url)
        profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    path.write_text(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    import django

    django.setup()
    from django.test import Client

    from api.serializers import KIND_TYPES
    from directory.models import Listing

    public = Listing.objects.public().filter(locale__language_code="en")
    rows = list(public.values_list("kind", "slug")[:5000])
    random.Random(14).shuffle(rows)
    client = Client(HTTP_HOST="localhost")
    for name, urls in scenarios(rows, KIND_TYPES).items():
        for _ in range(3):  # warm per-process caches
            client.get(next(urls))
        times, database, queries = timed(client, urls, args.count)
        p95 = sorted(times)[int(len(times) * 0.95) - 1]
        line = (
            f"{name:14s} n={len(times)} p50={statistics.median(times):6.1f} ms "
            f"p95={p95:6.1f} ms db p50={statistics.median(database):5.1f} ms "
            f"queries={min(queries)}-{max(queries)}"
        )
        print(line, flush=True)  # noqa: T201
        if args.profile:
            args.profile.mkdir(parents=True, exist_ok=True)
            profiled(client, urls, args.count // 2, args.profile / f"{name}.txt")
    print("load average:", Path("/proc/loadavg").read_text().strip())  # noqa: T201


if __name__ == "__main__":
    main()
