"""Failed logins as axes keeps them (``AccessAttempt``: user name, address, browser, count,
time of the last failure), and their retention: a row is needed only while it can still lock
someone out, so it is deleted once its lockout window (``AXES_COOLOFF_TIME``) has passed."""

from datetime import datetime, timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from logins.lockout import lockout_minutes


def window_start() -> datetime:
    """Failures before this no longer count (axes' own rule with a cool-off time)."""
    return timezone.now() - timedelta(minutes=lockout_minutes())


def clean_expired() -> int:
    """Delete the attempts whose window has passed; how many."""
    deleted, _by_model = AccessAttempt.objects.filter(attempt_time__lte=window_start()).delete()
    return deleted


def current() -> QuerySet:
    """Attempts that still count, latest first, locked-out ones marked by ``failures``."""
    return AccessAttempt.objects.filter(attempt_time__gt=window_start()).order_by(
        "-failures_since_start", "-attempt_time"
    )


def is_locked(attempt: AccessAttempt) -> bool:
    return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
