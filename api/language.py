"""Which language an answer is in: ``?language=`` wins, then ``Accept-Language``, then the site's
default. Only enabled content languages are served; an unknown ``language=`` is a 400."""

from django.conf import settings
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from api.errors import BadRequest


def available_languages() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def negotiate(request) -> str:
    available = available_languages()
    requested = request.query_params.get("language")
    if requested is not None:
        if requested not in available:
            raise BadRequest.for_field(
                "language",
                f"language must be one of {', '.join(available)}; {requested!r} is not served.",
            )
        return requested
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            break
        try:
            variant = get_supported_language_variant(code)
        except LookupError:
            continue
        if variant in available:
            return variant
    return settings.LANGUAGE_CODE
