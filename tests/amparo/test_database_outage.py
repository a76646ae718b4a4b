"""The real outage: PostgreSQL stops under a running app and starts again (amparo/faults.py).

A throwaway cluster of its own (.ci/postgres.sh on a free port) gets a copy of the migrated test
database (pg_dump, seconds, where a fresh migrate takes a minute); gunicorn serves the app on it
with 2 workers. With the server stopped (``pg_ctl stop -m fast``) every request must answer 503
(JSON with Retry-After under /api/, the plain page elsewhere), none a 500, and nothing in the
app's log may be a traceback; once the server is started again, everything answers 200 within a
few seconds with the same gunicorn processes. Only 127.0.0.1 is ever contacted.

PostgreSQL only (skipped on SQLite, which has no server to stop); it runs once, in CI's
PostgreSQL session, in about 30 seconds. Its measurements are printed (``-s`` shows them).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server"),
]

ROOT = Path(settings.BASE_DIR)
API_URLS = ["/api/@search", "/api/directory/attorneys/", "/api/@vocabularies/topics"]
PAGE_URLS = ["/staff/referrals/"]
HEALTH = "/api/@health"
DOWN_FOR = 5.0  # seconds of requests while the server is stopped
RECOVERY_LIMIT = 5.0  # seconds from the server accepting connections to the app answering


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if found:
        return str(found[-1])
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"no {name}")
    return path


def as_postgres(*command: str) -> list[str]:
    # initdb and pg_ctl refuse to run as root (as in .ci/postgres.sh).
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else list(command)


def get(port: int, path: str, timeout: float = 10) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Cluster:
    """A throwaway PostgreSQL server made by .ci/postgres.sh, stopped and started in place."""

    def __init__(self, port: int):
        self.port = port
        self.dir = Path(f"/tmp/amparo-pg-{port}")
        self.env = {**os.environ, "PGPORT": str(port)}

    def create(self) -> str:
        run = subprocess.run(
            [str(ROOT / ".ci" / "postgres.sh"), "start"],
            env=self.env, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        return run.stdout.strip()

    def stop(self) -> None:
        subprocess.run(
            as_postgres(pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop"),
            cwd="/", capture_output=True, timeout=60, check=True,
        )  # fmt: skip

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off"
        subprocess.run(
            as_postgres(
                pg_bin("pg_ctl"), "-D", str(self.dir / "data"), "-l", str(self.dir / "log"),
                "-w", "-t", "60", "start", "-o", options,
            ),
            cwd="/", capture_output=True, timeout=90, check=True,
        )  # fmt: skip

    def destroy(self) -> None:
        subprocess.run(
            [str(ROOT / ".ci" / "postgres.sh"), "stop"], env=self.env, capture_output=True,
            timeout=120,
        )  # fmt: skip


def copy_test_database(url: str) -> None:
    """The migrated test database, schema and rows, into the new cluster's database."""
    db = connection.settings_dict
    source = f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    dump = subprocess.run(
        [pg_bin("pg_dump"), "--no-owner", "--no-privileges", "-d", source],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    subprocess.run(
        [pg_bin("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url.replace("postgres://", "postgresql://")],
        input=dump.stdout, capture_output=True, timeout=120, check=True,
    )  # fmt: skip


def worker_pids(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


def wait_until(port: int, path: str, limit: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < limit:
        try:
            if get(port, path, timeout=2)[0] == 200:
                return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{path} did not answer 200 within {limit} s")


@pytest.fixture
def outage_site(db, django_db_blocker, tmp_path):
    cluster = Cluster(free_port())
    app_port = free_port()
    log = tmp_path / "app.log"
    app = None
    try:
        url = cluster.create()
        with django_db_blocker.unblock():
            copy_test_database(url)
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "AMPARO_ANON_RATE": "",  # one client sends hundreds of requests a second
            "DEBUG": "",
            "PYTHONPATH": str(ROOT),
        }
        env.pop("ALLOWED_HOSTS", None)
        with log.open("wb") as out:
            app = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "amparo.wsgi", "--workers", "2", "--preload",
                 "--bind", f"127.0.0.1:{app_port}", "--timeout", "30"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        wait_until(app_port, HEALTH, 60)
        yield cluster, app_port, app, log
    finally:
        if app is not None:
            app.terminate()
            try:
                app.wait(timeout=20)
            except subprocess.TimeoutExpired:
                app.kill()
        cluster.destroy()


def unavailable_problems(path: str, status: int, headers, body: bytes) -> list[str]:
    """What is wrong with an answer given while the database is down: it must be a 503 with
    Retry-After, in the API's error shape under /api/ (@health saying the database is down),
    else the site's 503 page, never a traceback."""
    if status != 503:
        return [f"{path}: {status}"]
    if headers.get("Retry-After") != "5":
        return [f"{path}: Retry-After {headers.get('Retry-After')}"]
    if not path.startswith("/api/"):
        if b"<h1>Briefly unavailable</h1>" not in body or b"Traceback" in body:
            return [f"{path}: not the 503 page"]
        return []
    data = json.loads(body)
    problems = []
    if data["type"] != "ServiceUnavailable" or data["errors"] != []:
        problems.append(f"{path}: {data}")
    if path == HEALTH and (data["status"], data["database"]) != ("unavailable", "down"):
        problems.append(f"{path}: {data}")
    return problems


def test_an_outage_answers_503_and_the_site_recovers_without_a_restart(outage_site):
    cluster, port, app, log = outage_site
    urls = [*API_URLS, *PAGE_URLS, HEALTH]
    for path in urls:
        assert get(port, path)[0] == 200, path
    workers = worker_pids(app.pid)
    assert len(workers) == 2

    cluster.stop()
    answers: Counter = Counter()
    problems: list[str] = []

    def hammer(offset: int) -> None:
        deadline = time.monotonic() + DOWN_FOR
        i = offset
        while time.monotonic() < deadline:
            path = urls[i % len(urls)]
            i += 1
            status, headers, body = get(port, path)
            answers[(path.startswith("/api/"), status)] += 1
            problems.extend(unavailable_problems(path, status, headers, body))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(hammer, range(4)))
    total = sum(answers.values())
    assert problems == [], problems[:10]

    started = time.monotonic()
    cluster.start()
    accepting = time.monotonic() - started
    health = wait_until(port, HEALTH, RECOVERY_LIMIT)
    search = wait_until(port, "/api/@search", RECOVERY_LIMIT)
    for path in urls:
        assert get(port, path)[0] == 200, path
    assert worker_pids(app.pid) == workers  # the same processes: nothing was restarted
    assert app.poll() is None

    output = log.read_text(errors="replace")
    assert "Traceback" not in output
    assert "Database unavailable" in output  # said, once every few seconds per worker
    assert "Service Unavailable" not in output  # not once per request
    print(  # noqa: T201 (the measurements, for the record)
        f"\nDatabase down for {DOWN_FOR:.0f} s: {total} requests, "
        f"{answers} (api?, status); server accepting {accepting:.2f} s after pg_ctl start; "
        f"then @health 200 after {health:.2f} s, @search 200 after {health + search:.2f} s; "
        f"log lines about it: {output.count('Database unavailable')}"
    )
