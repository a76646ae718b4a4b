"""What a server process does once, before its first request: load what every request may read
and keep (the URL patterns, the ZIP code index and centroids, the counties), then hand all of
it to the garbage collector's permanent generation (``gc.freeze``), so its full collections
skip it.

Why: a full collection walks every tracked object. The ZIP index alone is about 175,000 of
them (the zipcodes package's 42,000 rows, each a dict holding three lists, which the package
keeps for the life of the process), on top of Django's and Wagtail's 170,000. At 100,000
listings a worker paused 230-390 ms in each full collection, about one every 150 requests of
the realistic mix: that pause was the slow tail of every scenario. Frozen objects are never
collected, which is right for these: they live as long as the process.

Called by the WSGI entry point (amparo/wsgi.py), in each worker after it loads the
application; the development server and management commands do without."""

import gc
import logging

from django.urls import get_resolver

logger = logging.getLogger(__name__)


def warm() -> None:
    """Load what requests read and keep for the life of the process."""
    from directory import geography, places

    get_resolver().url_patterns  # noqa: B018 (loads every app's URLs)
    geography.counties_by_fips()
    geography.states_by_code()
    geography.lookup_zip("10001")  # the ZIP index
    places._centroid_cells()
    places._state_centres()
    places._city_zips()


def warm_and_freeze() -> None:
    warm()
    gc.collect()
    gc.freeze()
    logger.info("Startup: %s objects moved out of the collector's sight.", gc.get_freeze_count())
