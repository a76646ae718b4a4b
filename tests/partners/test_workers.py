"""Rate limits hold across server processes: gunicorn with two workers, in deployment mode, on
the caches the settings choose (the database cache, or Redis when REDIS_URL is set). Counting in
each worker's memory let 26 of 60 suggestions through against a limit of 10 an hour.

Real processes need a database they can open too: the PostgreSQL test database (CI's second
run). On SQLite's in-memory test database this is skipped, so it runs once in CI."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.amparo.test_settings import ROOT
from tests.api.test_directory import public
from tests.factories import AttorneyFactory

LIMIT = 5
SENT = 14
CACHE_TABLE = "amparo_cache"  # the deployment's default (amparo/settings.py)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def gunicorn(tmp_path: Path):
    """Starts gunicorn (two workers) with the given environment; yields (base URL, access log);
    stops it at the end."""
    started: list[subprocess.Popen] = []

    def start(**env: str) -> tuple[str, Path]:
        port = free_port()
        access_log = tmp_path / f"access-{port}.log"
        error_log = tmp_path / f"error-{port}.log"
        environment = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AMPARO_", "DJANGO_")) and k not in {"DEBUG", "REDIS_URL"}
        }
        environment.update(
            DATABASE_URL=database_url(),
            ALLOWED_HOSTS="127.0.0.1",  # deployment mode: the caches a deployment gets
            SECRET_KEY="test-only-" + "x" * 50,
            SECURE_SSL_REDIRECT="0",
            AMPARO_SUGGESTIONS_RATE=f"{LIMIT}/hour",
            AMPARO_ANON_RATE="",
            **env,
        )
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                f"--access-logfile={access_log}",
                # The worker's process id on every line: both workers must have answered.
                "--access-logformat=%(p)s %(m)s %(U)s %(s)s",
                f"--error-logfile={error_log}",
                "amparo.wsgi:application",
            ],
            cwd=ROOT,
            env=environment,
        )
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            booted = error_log.exists() and error_log.read_text().count("Booting worker") >= 2
            if booted:
                try:
                    with urllib.request.urlopen(f"{base}/api/@health", timeout=5):
                        break
                except OSError:
                    pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start: {error_log.read_text()}")
            time.sleep(0.2)
        # Each worker loads the app before it accepts; give the second one time to.
        time.sleep(2)
        return base, access_log

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


def post_suggestion(base: str, uid: str) -> tuple[int, str | None]:
    body = json.dumps({"uid": uid, "message": "The phone number changed."}).encode()
    request = urllib.request.Request(
        f"{base}/api/@suggestions",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Retry-After")


def send_from_two_workers(base: str, access_log: Path, uid: str) -> list[tuple[int, str | None]]:
    # Two at a time: a sync worker takes one request at a time, so both workers answer.
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _n: post_suggestion(base, uid), range(SENT)))
    time.sleep(0.5)  # the access log is written after the answer
    pids = set(re.findall(r"^<(\d+)> POST /api/@suggestions", access_log.read_text(), re.M))
    assert len(pids) == 2, "both workers must have answered, or this proves nothing"
    return answers


def assert_limit_held(answers: list[tuple[int, str | None]]) -> None:
    statuses = [status for status, _retry in answers]
    assert statuses.count(201) == LIMIT, statuses
    assert statuses.count(429) == SENT - LIMIT, statuses
    for status, retry_after in answers:
        if status == 429:
            assert retry_after is not None and 0 < int(retry_after) <= 3600


@pytest.fixture
def listing_uid(transactional_db, django_db_serialized_rollback) -> str:
    # Committed rows a server process can see, on the seeded rows (locales, terms) restored
    # first: an earlier transactional test (the walk-through) may have flushed them.
    if connection.vendor != "postgresql":
        pytest.skip("Server processes need a database they can open: runs on PostgreSQL.")
    return public(AttorneyFactory, name="Example Workers Clinic").translation_key.hex


def test_the_suggestion_limit_holds_across_workers_with_the_database_cache(gunicorn, listing_uid):
    database_cache = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
    }
    with override_settings(CACHES={"default": database_cache}):
        call_command("createcachetable", verbosity=0)  # as migrate does in a deployment
    base, access_log = gunicorn()
    assert_limit_held(send_from_two_workers(base, access_log, listing_uid))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {CACHE_TABLE}")  # counted there
        assert cursor.fetchone()[0] >= 1
        cursor.execute(f"DROP TABLE {CACHE_TABLE}")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_the_suggestion_limit_holds_across_workers_with_redis(gunicorn, listing_uid):
    import redis

    prefix = f"amparo-test-workers-{uuid.uuid4().hex[:8]}"
    base, access_log = gunicorn(REDIS_URL=os.environ["REDIS_URL"], AMPARO_CACHE_KEY_PREFIX=prefix)
    try:
        assert_limit_held(send_from_two_workers(base, access_log, listing_uid))
    finally:
        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        found = list(client.scan_iter(match=f"{prefix}*"))
        if found:
            client.delete(*found)
    assert found  # counted there


def read_from_two_workers(base: str, access_log: Path, path: str) -> list[tuple[str, bytes]]:
    """Eight GETs, two at a time; both workers must answer. Returns (ETag, body) pairs."""
    seen = access_log.read_text().count("\n")

    def get(_n: int) -> tuple[str, bytes]:
        with urllib.request.urlopen(f"{base}{path}", timeout=30) as response:
            assert response.status == 200
            return response.headers["ETag"], response.read()

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(get, range(8)))
    time.sleep(0.5)  # the access log is written after the answer
    lines = "\n".join(access_log.read_text().splitlines()[seen:])
    pids = set(re.findall(rf"^<(\d+)> GET {re.escape(path)} 200", lines, re.M))
    assert len(pids) == 2, "both workers must have answered, or this proves nothing"
    return answers


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_kept_answers_are_shared_in_redis_and_a_publish_moves_every_worker_on(
    gunicorn, listing_uid
):
    """Kept answers live in Redis, so one worker's answer is every worker's; their key is the
    public version, which lives in the database, so a publish (here, by this process) is seen
    by every worker at once, with no message between processes."""
    from django.core.cache.backends.redis import RedisCache

    prefix = f"amparo-test-workers-{uuid.uuid4().hex[:8]}"
    base, access_log = gunicorn(REDIS_URL=os.environ["REDIS_URL"], AMPARO_CACHE_KEY_PREFIX=prefix)
    kept = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": f"{prefix}-api"})
    try:
        etag, first = read_from_two_workers(base, access_log, "/api/@search")[0]
        key = "api:" + etag.strip('"')
        assert kept.get(key) == (first, "application/json")
        # Whatever Redis holds under the ETag is what every worker answers: shared, not copied.
        marked = b'{"marked": "kept in Redis"}'
        kept.set(key, (marked, "application/json"))
        assert {
            answer for _etag, answer in read_from_two_workers(base, access_log, "/api/@search")
        } == {marked}

        public(AttorneyFactory, name="Example Second Workers Clinic", slug="second")
        after = read_from_two_workers(base, access_log, "/api/@search")
        etags = {answer_etag for answer_etag, _body in after}
        assert len(etags) == 1 and etag not in etags
        assert all(b"Example Second Workers Clinic" in answer for _etag, answer in after)
    finally:
        client = kept._cache.get_client(write=True)
        found = list(client.scan_iter(match=f"{prefix}*"))
        if found:
            client.delete(*found)
