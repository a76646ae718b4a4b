"""Configuration from the environment: development needs nothing, deployment is strict."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "ALLOWED_HOSTS"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


DEPLOYED = {
    "ALLOWED_HOSTS": "amparo.example.org",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-value-0123456789",
}


@pytest.mark.parametrize("preload", ["", "0", "1"])
def test_deployment_settings_pass_check_deploy(preload):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", SECURE_HSTS_PRELOAD=preload, **DEPLOYED
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("preload, expected", [("", "False"), ("0", "False"), ("1", "True")])
def test_hsts_preload_is_opt_in(preload, expected):
    code = "from django.conf import settings; print(settings.SECURE_HSTS_PRELOAD)"
    result = manage("shell", "-c", code, SECURE_HSTS_PRELOAD=preload, **DEPLOYED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


def test_deployment_without_secret_key_refuses_to_start():
    result = manage("check", ALLOWED_HOSTS="amparo.example.org", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_unknown_language_is_refused():
    result = manage("check", AMPARO_LANGUAGES="en,xx")
    assert result.returncode != 0
    assert "AMPARO_LANGUAGES must list English (en) and only codes from" in result.stderr
    assert "unknown: ['xx']" in result.stderr


def test_languages_without_english_are_refused():
    result = manage("check", AMPARO_LANGUAGES="es,ar")
    assert result.returncode != 0
    assert "AMPARO_LANGUAGES must list English (en)" in result.stderr


def test_the_old_extra_languages_variable_says_what_replaced_it():
    result = manage("check", AMPARO_EXTRA_LANGUAGES="ar")
    assert result.returncode != 0
    assert "AMPARO_EXTRA_LANGUAGES is replaced by AMPARO_LANGUAGES" in result.stderr


LANGUAGE_CODES = (
    "from django.conf import settings; print(','.join(c for c, _n in settings.LANGUAGES))"
)


@pytest.mark.parametrize(
    "given, expected",
    [
        ("", "en,es,ht,pt,zh-hans,vi,tl,ar"),
        ("en,es", "en,es"),
        (" en , ar,en ", "en,ar"),
        ("en,es,ht,pt,zh-hans,vi,tl,ar,fr,ko", "en,es,ht,pt,zh-hans,vi,tl,ar,fr,ko"),
    ],
)
def test_the_eight_worker_languages_are_on_unless_narrowed(given, expected):
    result = manage("shell", "-c", LANGUAGE_CODES, AMPARO_LANGUAGES=given)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
