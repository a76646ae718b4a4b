"""Every language the settings accept serves every public page and endpoint. Settings are read
at import time, so the check (tests/languages/every_language.py) runs in its own pytest
process with AMPARO_LANGUAGES set to every language the settings accept (the eight worker
languages, on by default, and French and Korean), against its own test database: the real
settings path, middleware, URL prefixes and catalogs."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
EVERY_LANGUAGE = ",".join(settings.AVAILABLE_LANGUAGES)


def test_every_configured_language_serves_every_page():
    env = dict(os.environ, AMPARO_LANGUAGES=EVERY_LANGUAGE)
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        # Not this session's test database: the child creates (and drops) its own.
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rstrip("/") + "_languages"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--create-db",
            "tests/languages/every_language.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
