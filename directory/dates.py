"""The site's day of a stored moment: the one way a datetime becomes a date anyone reads.

Moments are stored in UTC (``USE_TZ``); the pages and referral sheets print them in the site's
time zone (``settings.TIME_ZONE``, through Django's ``date`` filter). Every other output that
writes a date (the API, HSDS, the CSV export, the admin) goes through ``site_day``, so none of
them says tomorrow between midnight UTC and midnight at the site."""

from datetime import date, datetime

from django.utils import timezone


def site_day(moment: datetime | None) -> date | None:
    """The date of ``moment`` in the site's time zone; None for None."""
    return timezone.localdate(moment) if moment is not None else None
