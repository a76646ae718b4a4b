"""A server process loads what requests keep, then freezes it out of the garbage collector's
full collections (amparo/startup.py), from the WSGI entry point."""

import gc
import os
import subprocess
import sys
from pathlib import Path

from directory import geography

ROOT = Path(__file__).resolve().parents[2]


def test_the_wsgi_entry_point_warms_and_freezes():
    probe = (
        "import gc, amparo.wsgi\n"
        "from directory import geography\n"
        "row = geography._zip_rows()['10001']\n"
        "tracked = {id(o) for o in gc.get_objects()}\n"
        "print(gc.get_freeze_count(), gc.is_tracked(row), id(row) in tracked, len(tracked))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "amparo.settings"}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    frozen, row_tracked, row_in_sight, in_sight = done.stdout.split()
    # The ZIP index's rows are tracked objects, but frozen: not among those collections walk.
    assert row_tracked == "True" and row_in_sight == "False"
    assert int(frozen) > 200_000 > int(in_sight)


def test_warm_loads_the_place_indexes():
    from amparo.startup import warm

    geography._zip_rows.cache_clear()
    geography._lookup_zip.cache_clear()
    frozen = gc.get_freeze_count()  # another test of this process may have loaded amparo.wsgi
    warm()
    assert geography._zip_rows.cache_info().currsize == 1
    assert geography.lookup_zip("10001").state == "NY"
    assert gc.get_freeze_count() == frozen  # warm alone freezes nothing
