"""Every language the settings accept serves every public page and endpoint. Settings are read
at import time, so the check (tests/languages/every_language.py) runs in its own pytest
process with AMPARO_EXTRA_LANGUAGES set to the README's example list, against its own test
database: the real settings path, middleware, URL prefixes and catalogs."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
README_EXAMPLE = "zh-hans,vi,ht,pt,fr,ar,ko,tl"


def test_every_configured_language_serves_every_page():
    assert README_EXAMPLE in (ROOT / "README.md").read_text()
    env = dict(os.environ, AMPARO_EXTRA_LANGUAGES=README_EXAMPLE)
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
