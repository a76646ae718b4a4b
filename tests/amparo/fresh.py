"""Settings as a server process starting would read them: in a fresh interpreter, with an
environment of the test's choosing (no connection is opened)."""

import os
import subprocess
import sys

from tests.amparo.test_settings import ROOT


def settings_value(expression: str, drop=(), **env: str) -> str:
    """What ``print(<expression>)`` shows, ``s`` being amparo.settings read with this process's
    environment less ``drop`` plus ``env``."""
    environment = {k: v for k, v in os.environ.items() if k not in set(drop)}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", f"from amparo import settings as s; print({expression})"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
