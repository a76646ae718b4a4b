"""The answer to a login refused by a lockout: a page in the admin's look (not axes' one line of
text), in the reader's language, saying how long to wait and whom to ask. Status 429, never
cached. Its ``AXES_LOCKOUT_CALLABLE``.

The reader's language is the browser's (language cookie, else Accept-Language): /admin/ has no
language prefix, so LocaleMiddleware would give everyone signed out the default language, and
the locked user's own preference must not be used, since it would tell a stranger that the
name exists."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


def lockout_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    if isinstance(cool_off, int | float):
        cool_off = timedelta(hours=cool_off)
    return max(1, round(cool_off.total_seconds() / 60))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    language = translation.get_language_from_request(request, check_path=False)
    with translation.override(language):
        if request.path.startswith("/api/"):
            response = api_lockout(request)
        else:
            response = render(
                request,
                "logins/lockout.html",
                {"minutes": lockout_minutes(), "failure_limit": settings.AXES_FAILURE_LIMIT},
                status=settings.AXES_HTTP_RESPONSE_CODE,
            )
        response["Content-Language"] = language
    response["Retry-After"] = str(lockout_minutes() * 60)
    add_never_cache_headers(response)
    return response


def api_lockout(request: HttpRequest) -> JsonResponse:
    """The same refusal for the write API's ``@login``, in the API's error shape (spelled out
    here: this app sits below ``api``)."""
    message = _(
        "Too many failed logins for this user name from this address. "
        "Try again in %(minutes)d minutes, or ask an administrator to lift the lockout."
    ) % {"minutes": lockout_minutes()}
    return JsonResponse(
        {"type": "TooManyRequests", "message": message, "errors": []},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
