"""Benchmark the read API at scale; `make bench` runs it, bench/README.md explains the numbers.

Why it exists: the API's targets are stated at 100,000 listings on PostgreSQL behind gunicorn, and
checking them should take one command. This starts a throwaway PostgreSQL (.ci/postgres.sh),
migrates and seeds it (bench/seed.py), serves the site with gunicorn on 127.0.0.1, measures each
scenario's latency one request at a time from Python and its throughput under load with wrk
(bench/wrk.lua), prints a Markdown table and writes it, with the machine's facts, to
bench/RESULTS.md. gunicorn and PostgreSQL are stopped on the way out, whatever happens.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from results_table import report  # bench/ is the script's folder, first on sys.path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
PYTHON = sys.executable
GUNICORN = Path(PYTHON).parent / "gunicorn"
HOST, PORT, PGPORT = "127.0.0.1", 8001, "54330"
HEALTH = "/api/@health"
SEARCH = "/api/@search?"
TEXT_STATE_LANGUAGE = "SearchableText=immigration&state=NJ&languages=spa"
NEAR = "near=07102&radius=50&sort_on=distance"
FACETS = "SearchableText=legal&facets=state&facets=languages&facets=topics"
ACTIVE_QUERIES = """SELECT count(*) FROM pg_stat_activity
    WHERE state = 'active' AND datname = current_database() AND pid <> pg_backend_pid()"""
WARM_UP = 20  # requests, or 10 s at most
SEQUENTIAL_SECONDS = 60  # at most, per scenario, for the one-at-a-time requests

# Run by `manage.py shell`: what the report needs to know about the database.
FACTS = """
import json, django
from django.db import connection
from wagtail.models import Locale
from directory.models import Listing
public = Listing.objects.public()
with connection.cursor() as cursor:
    cursor.execute("SHOW server_version")
    postgres = cursor.fetchone()[0]
    for name in ("shared_buffers", "work_mem"):  # the memory it was measured with
        cursor.execute(f"SHOW {name}")
        postgres += f", {name} {cursor.fetchone()[0]}"
print(json.dumps({
    "slug": public.filter(kind="attorney", locale=Locale.get_default())
        .order_by("pk").values_list("slug", flat=True).first(),
    "listings": Listing.objects.filter(locale=Locale.get_default()).count(),
    "rows": Listing.objects.count(),
    "public": public.count(),
    "postgres": postgres,
    "django": django.get_version(),
}))
"""


@dataclass
class Scenario:
    name: str
    path: str
    expect: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    max_p50_ms: float | None = None  # target for a single request
    min_share: float | None = None  # target: share of the floor's throughput
    error: str | None = None  # a wrong status: no numbers for this scenario
    load_error: str | None = None  # no throughput measured
    cold: bool = False  # measured both as a new answer and as a kept one (api/caching.py)
    single: tuple[float, float] | None = None  # p50, p95 in ms, one request at a time
    # Distinct paths (bench/mix.py): a new answer each, one at a time and under load.
    variants: list[str] = field(default_factory=list)
    cursor: int = 0  # the next variant to send
    max_p95_ms: float | None = None  # target: p95 of a new answer
    kept: tuple[float, float] | None = None  # the same, answered from the kept-answer cache
    samples: int = 0  # how many requests that took
    rps: float | None = None
    loaded: tuple[float, float] | None = None  # p50, p95 in ms under wrk's load


def scenarios(slug: str, paths: dict[str, list[str]]) -> list[Scenario]:
    """Scenarios 1-4 measure new answers on distinct variants of their request (paths, from
    bench/mix.py) and kept answers on the one path shown; the mix is distinct paths only."""
    query = dict(max_p50_ms=25, max_p95_ms=100, min_share=0.25, cold=True)
    detail = f"/api/directory/attorneys/{slug}"
    return [
        Scenario(
            "text search + state + language",
            SEARCH + TEXT_STATE_LANGUAGE,
            variants=paths["text_state_language"],
            **query,
        ),
        Scenario(
            "ZIP + 50-mile radius by distance", SEARCH + NEAR, variants=paths["near_50"], **query
        ),
        Scenario("search with three facets", SEARCH + FACETS, variants=paths["facets"], **query),
        Scenario("listing detail", detail, variants=paths["attorney_detail"], **query),
        Scenario("304 revalidation", detail, expect=304, min_share=0.8),
        Scenario(
            f"realistic mix ({len(paths['mix']):,} distinct requests)",
            "(bench/out/paths.json: mix)",
            variants=paths["mix"],
            max_p95_ms=100,
            min_share=0.25,
        ),
        Scenario("the floor: health check", HEALTH),
    ]


def mix_paths(env: dict) -> dict[str, list[str]]:
    """Run bench/mix.py on the seeded database; return its distinct paths."""
    run([PYTHON, "bench/mix.py"], env)
    return json.loads((HERE / "out" / "paths.json").read_text())


def say(message: str = "") -> None:
    print(message, flush=True)  # noqa: T201


def run(command: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, env=env, check=True, text=True, **kwargs)


def ensure_tools() -> None:
    if not GUNICORN.exists():
        say("gunicorn is not installed in .venv: installing it with pip (add it to pyproject.toml)")
        run([PYTHON, "-m", "pip", "install", "--quiet", "gunicorn"], os.environ)
    if shutil.which("wrk") is None:
        if os.geteuid() != 0:
            sys.exit("wrk is not installed: apt-get install wrk (as root), then run again.")
        say("wrk is not installed: installing Debian's wrk with apt-get")
        run(["apt-get", "update", "-qq"], os.environ)
        run(["apt-get", "install", "-y", "-qq", "wrk"], os.environ)


@contextlib.contextmanager
def postgres(keep: bool):
    env = {**os.environ, "PGPORT": PGPORT}
    url = None
    try:
        url = run(["bash", ".ci/postgres.sh", "start"], env, stdout=subprocess.PIPE).stdout.strip()
        yield url
    finally:
        if keep and url:
            say(f"PostgreSQL is still running; next time: bench/run.py --reuse-db {url}")
        else:
            run(["bash", ".ci/postgres.sh", "stop"], env)


def seed(env: dict, count: int) -> list[str]:
    """Run bench/seed.py, echoing its progress; return its summary lines (times) for the report."""
    command = [PYTHON, "bench/seed.py", "--count", str(count)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    lines = []
    try:
        for line in process.stdout:
            sys.stdout.write(line)
            lines.append(line.rstrip())
    except BaseException:
        process.kill()
        raise
    if process.wait():
        raise subprocess.CalledProcessError(process.returncode, command)
    return [line for line in lines if not line.startswith(" ")]  # not the progress lines


def database_facts(env: dict) -> dict:
    command = [PYTHON, "manage.py", "shell", "--verbosity", "0", "-c", FACTS]
    return json.loads(run(command, env, stdout=subprocess.PIPE).stdout.strip().splitlines()[-1])


def answers() -> bool:
    with contextlib.suppress(OSError):
        fetch(HEALTH)
        return True
    return False


@contextlib.contextmanager
def gunicorn(env: dict, workers: int, log):
    if answers():
        sys.exit(f"Something already answers on {HOST}:{PORT}; stop it first.")
    command = [str(GUNICORN), "amparo.wsgi", "-w", str(workers), "--bind", f"{HOST}:{PORT}"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 60
        while not answers():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start:\n" + tail(log.name))
            time.sleep(0.2)
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def worker_ticks(master: int) -> int:
    """CPU time, in clock ticks, that the gunicorn master's workers have used so far."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                total += int(fields[11]) + int(fields[12])
    return total


def settle(master: int, url: str) -> None:
    """Wait (5 minutes at most) until the requests that wrk left in flight are done, so that they
    do not slow down the next scenario: the workers' CPU time stands still for half a second and
    PostgreSQL runs no query."""
    deadline, ticks = time.monotonic() + 300, worker_ticks(master)
    with psycopg.connect(url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            time.sleep(0.5)
            queries = connection.execute(ACTIVE_QUERIES).fetchone()[0]
            ticks, before = worker_ticks(master), ticks
            if ticks == before and not queries:
                return


def tail(path: str, lines: int = 40) -> str:
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def fetch(path: str, headers: dict | None = None) -> tuple[int, http.client.HTTPMessage]:
    connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        connection.close()


# What a listing's publish does to the ETag: every answer after this is worked out anew (the
# terms stamp stays: a listing's publish changes no term title, so the kept titles hold).
BUMP = """UPDATE directory_publicversion
    SET counter = counter + 1, stamp = left(md5(random()::text), 16)"""


def sequential(
    scenario: Scenario, count: int, seconds: float, bump=None, variants: bool = True
) -> tuple[Counter, list[float]]:
    """Send ``count`` requests (fewer if ``seconds`` run out) one after another on one keep-alive
    connection (http.client opens a new one when gunicorn's sync workers close it); return the
    statuses and the times in ms. Each is the scenario's next distinct variant when it has
    them (and ``variants``), else its path. ``bump``, called before each request (not timed),
    changes the public version so that no answer is kept."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
    statuses, times = Counter(), []
    deadline = time.monotonic() + seconds
    try:
        while len(times) < count and (len(times) < 2 or time.monotonic() < deadline):
            if bump:
                bump()
            path = scenario.path
            if variants and scenario.variants:
                path = scenario.variants[scenario.cursor % len(scenario.variants)]
                scenario.cursor += 1
            started = time.perf_counter()
            connection.request("GET", path, headers=scenario.headers)
            response = connection.getresponse()
            response.read()
            times.append((time.perf_counter() - started) * 1000)
            statuses[response.status] += 1
    finally:
        connection.close()
    return statuses, times


def wrk(scenario: Scenario, duration: int, connections: int) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "--latency"]
    command += ["-s", str(HERE / "wrk.lua")]
    for name, value in scenario.headers.items():
        command += ["-H", f"{name}: {value}"]
    target, script_args = f"http://{HOST}:{PORT}{scenario.path}", []
    if scenario.variants:  # the variants not sent yet, one a request (wrk.lua)
        unsent = scenario.variants[scenario.cursor :] or scenario.variants
        (HERE / "out" / "wrk-paths.txt").write_text("\n".join(unsent) + "\n")
        target = f"http://{HOST}:{PORT}/"
        script_args = ["--", str(HERE / "out" / "wrk-paths.txt")]
    output = run([*command, target, *script_args], os.environ, capture_output=True)
    result = json.loads(re.search(r"^WRK_JSON (.*)$", output.stdout, re.M).group(1))
    result["rps"] = float(re.search(r"Requests/sec:\s*([\d.]+)", output.stdout).group(1))
    return result


def unexpected(statuses: Counter, expect: int) -> str | None:
    if set(statuses) == {expect}:
        return None
    seen = ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items()))
    return f"expected {expect}, got {seen}"


def revalidating(scenario: Scenario) -> None:
    """Send the ETag of a first GET of the same path with every request."""
    status, headers = fetch(scenario.path)
    if status != 200:
        scenario.error = f"no ETag to send: the first GET answered {status}"
    elif not headers.get("ETag"):
        scenario.error = "no ETag to send: the first GET has none"
    else:
        scenario.headers = {"If-None-Match": headers["ETag"]}


def percentiles(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def measure(items: list[Scenario], args, master: int, url: str) -> None:
    with psycopg.connect(url, autocommit=True) as database:

        def bump():
            database.execute(BUMP)

        for scenario in items:
            if scenario.expect == 304:
                revalidating(scenario)  # the ETag as it is now, after the bumps before it
            if not scenario.error:
                one_at_a_time(scenario, args, bump if scenario.cold else None)
            say(f"  one at a time: {scenario.name}: {scenario.error or 'ok'}")
    for scenario in items:
        if not scenario.error:
            settle(master, url)
            under_load(scenario, args)


def one_at_a_time(scenario: Scenario, args, new) -> None:
    """Sequential requests (after a warm-up); a cold scenario (``new`` bumps the version before
    each request) is measured again without bumps, for its kept answers."""
    sequential(scenario, WARM_UP, 10, new)
    statuses, times = sequential(scenario, args.requests, SEQUENTIAL_SECONDS, new)
    scenario.error = unexpected(statuses, scenario.expect)
    if not scenario.error:
        scenario.single, scenario.samples = percentiles(times), len(times)
    if scenario.cold and not scenario.error:
        statuses, times = sequential(scenario, args.requests, SEQUENTIAL_SECONDS, variants=False)
        scenario.error = unexpected(statuses, scenario.expect)
        scenario.kept = percentiles(times)


def under_load(scenario: Scenario, args) -> None:
    result = wrk(scenario, args.duration, args.connections)
    statuses = Counter({int(status): n for status, n in result["statuses"].items()})
    if not statuses:
        scenario.load_error = f"not one answer in {args.duration} s (try --duration)"
    elif result["socket_errors"]:
        scenario.load_error = f"{result['socket_errors']} socket errors or timeouts"
    scenario.error = unexpected(statuses, scenario.expect) if statuses else None
    if not (scenario.error or scenario.load_error):
        scenario.rps = result["rps"]
        scenario.loaded = (result["p50_us"] / 1000, result["p95_us"] / 1000)
    outcome = scenario.error or scenario.load_error or f"{scenario.rps:.0f} req/s"
    say(f"  under load:    {scenario.name}: {outcome}")


def machine(facts: dict, args) -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    cpu = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    memory = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    version = run([str(GUNICORN), "--version"], os.environ, capture_output=True).stdout.strip()
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)
    return [
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {cpu.group(1) if cpu else platform.processor()}, {os.cpu_count()} cores",
        f"- RAM: {int(memory.group(1)) / 1024**2:.1f} GiB" if memory else "- RAM: unknown",
        f"- OS: {platform.system()} {platform.release()}; load average when measuring began: "
        f"{args.load:.2f} (other work on the machine skews every number)",
        f"- PostgreSQL {facts['postgres']}"
        + (" (throwaway cluster from .ci/postgres.sh: fsync off)" if not args.reuse_db else ""),
        f"- Python {platform.python_version()}, Django {facts['django']}, {version}"
        f" with {args.workers} sync workers",
        f"- Load: wrk {wrk_version.stdout.split()[1] if wrk_version.stdout else ''}, -t1 "
        f"-c{args.connections} -d{args.duration}s, on the same machine as the server",
        f"- N = {facts['listings']:,} listings + {facts['rows'] - facts['listings']:,} Spanish "
        f"translations = {facts['rows']:,} rows, {facts['public']:,} of them public",
    ]


def command_line() -> str:
    python = Path(PYTHON)
    python = python.relative_to(ROOT) if python.is_relative_to(ROOT) else python
    return shlex.join([str(python), "bench/run.py", *sys.argv[1:]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="listings to seed")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per scenario")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections")
    parser.add_argument("--requests", type=int, default=200, help="one-at-a-time requests")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn's workers"
    )
    parser.add_argument("--keep-db", action="store_true", help="leave PostgreSQL running")
    parser.add_argument("--reuse-db", metavar="URL", help="use this seeded database instead")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up as on Ctrl-C

    ensure_tools()
    # Development mode (no ALLOWED_HOSTS: no HTTPS redirects) without DEBUG's overhead.
    env = {key: value for key, value in os.environ.items() if key != "ALLOWED_HOSTS"}
    env["DEBUG"] = "0"
    env["AMPARO_ANON_RATE"] = ""  # one load generator at one address: no rate limit
    with contextlib.ExitStack() as stack:
        if args.reuse_db:
            env["DATABASE_URL"], seeding = args.reuse_db, []
            run([PYTHON, "manage.py", "migrate", "--no-input"], env)
        else:
            env["DATABASE_URL"] = stack.enter_context(postgres(args.keep_db))
            run([PYTHON, "manage.py", "migrate", "--no-input"], env)
            seeding = seed(env, args.count)
        facts = database_facts(env)
        if not facts["slug"]:
            sys.exit("The database has no public attorney to fetch: was it seeded?")
        items = scenarios(facts["slug"], mix_paths(env))
        (HERE / "out").mkdir(exist_ok=True)  # git-ignored
        log = stack.enter_context((HERE / "out" / "gunicorn.log").open("w"))
        master = stack.enter_context(gunicorn(env, args.workers, log))
        args.load = os.getloadavg()[0]
        measure(items, args, master, env["DATABASE_URL"])
        if any(s.error or s.load_error for s in items):
            say(f"Some scenarios failed; the end of gunicorn's log:\n{tail(log.name)}")
    text = report(items, command_line(), machine(facts, args), seeding, args.requests)
    (HERE / "RESULTS.md").write_text(text)
    say()
    say(text)
    return 1 if any(s.error or s.load_error for s in items) else 0


if __name__ == "__main__":
    sys.exit(main())
