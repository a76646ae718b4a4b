"""The embeddable directory: ``/embed.js`` (the script partners paste) and ``/embed/`` (the same
directory as a page for an iframe).

The script is static code (static/embed/widget.js) with its labels put in front of it, in every
language the site offers, from the locale/ catalogs: one request, nothing fetched from anyone
else, and no label written twice. It talks to the read API only, sends no cookies and stores
nothing in the browser."""

import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from partners.models import PartnerKey

WIDGET = Path(__file__).parent / "static" / "embed" / "widget.js"
KINDS = ("attorneys", "consulates", "worker-centers", "funding-sources")
# What the iframe page passes on to the script: its query parameters, as data- attributes.
FRAME_OPTIONS = ("kind", "state", "language", "topics", "languages", "list")


def labels() -> dict[str, str]:
    """Every label the widget shows, in the active language."""
    return {
        "region": _("Directory of legal help and worker defense"),
        "search": _("Search"),
        "searchLabel": _("Name, place or need"),
        "language": _("Language of the directory"),
        "spoken": _("Staff speak"),
        "topic": _("Help with"),
        "any": _("Any"),
        "results": _("{count} results"),
        "oneResult": _("1 result"),
        "noResults": _("Nothing found. Try fewer words or another filter."),
        "more": _("More results"),
        "back": _("Back to the results"),
        "loading": _("Loading…"),
        "error": _("The directory could not be reached. Please try again."),
        "phones": _("Phone"),
        "address": _("Address"),
        "hours": _("Hours"),
        "fees": _("Fees"),
        "languages": _("Languages"),
        "topics": _("Helps with"),
        "website": _("Website"),
        "howToGetHelp": _("How to get help"),
        "lastVerified": _("Last verified"),
        "statewide": _("Serves the whole state"),
        "national": _("Serves the whole country"),
        "note": _("Note"),
        "suggest": _("Suggest a correction"),
        "suggestHelp": _(
            "What is wrong or out of date, and what is right? Please write nothing about "
            "yourself: no name, no phone, no case details."
        ),
        "send": _("Send"),
        "cancel": _("Cancel"),
        "thanks": _("Thank you. The directory's editors will check it."),
        "sendFailed": _("It could not be sent. Please try again later."),
        "unregistered": _(
            "This site ({origin}) is not registered to show this directory, so the directory "
            "does not answer it. The site's owner can add {origin} to the allowed origins of "
            "a partner key (Amparo's admin: Partners, API keys)."
        ),
    }


@cache
def script() -> bytes:
    """The widget with its labels in front: computed once per process (labels and code only
    change with a deployment)."""
    strings = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            strings[code] = {
                "name": translation.get_language_info(code)["name_local"],
                "rtl": translation.get_language_bidi(),
                "labels": labels(),
            }
    prefix = f"var AMPARO_EMBED_STRINGS = {json.dumps(strings, ensure_ascii=False)};\n"
    return (prefix + WIDGET.read_text()).encode()


@require_GET
@cache_control(public=True, max_age=3600)
def embed_script(request):
    response = HttpResponse(script(), content_type="text/javascript; charset=utf-8")
    # Other sites load it; nothing in it is private.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@require_GET
@xframe_options_exempt  # made to be framed by partner sites
@cache_control(public=True, max_age=300)
def frame(request):
    options = {
        name: request.GET[name][:100]
        for name in FRAME_OPTIONS
        if request.GET.get(name) and (name != "kind" or request.GET[name] in KINDS)
    }
    language = options.get("language") or translation.get_language()
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    options["language"] = language
    direction = "rtl" if translation.get_language_info(language)["bidi"] else "ltr"
    context = {"options": options, "language": language, "direction": direction}
    return render(request, "embed/frame.html", context)


@require_GET
def origin_check(request):
    """``/embed/origin``: whether the calling page's origin (the browser's ``Origin``) is an
    allowed origin of an active partner key, so the widget can tell a site that is not
    registered why the API does not answer it (the browser hides a refused CORS answer from the
    script). Open to every origin; it says only whether *this* origin is registered."""
    origin = request.headers.get("Origin", "")
    registered = bool(origin) and origin in PartnerKey.objects.registered_origins()
    response = JsonResponse({"origin": origin or None, "registered": registered})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ["Origin"])
    return response


LOOPBACK = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}


@require_GET
def try_page(request):
    """``/embed/try/`` (development only: a loopback host): the README's script snippet on a
    page of another origin than the script's. Opened at http://localhost:8000 it loads
    http://127.0.0.1:8000/embed.js, and the other way round, so the browser applies CORS as it
    does on a partner's site (the demo's key lists both origins)."""
    host, _colon, port = request.get_host().partition(":")
    if host not in LOOPBACK:
        raise Http404("The embed's try page is for a development server on this machine.")
    other = f"{request.scheme}://{LOOPBACK[host]}{':' + port if port else ''}"
    snippet = f'<script src="{other}/embed.js" data-kind="attorneys" data-state="NJ"></script>'
    context = {"here": f"{request.scheme}://{request.get_host()}", "other": other}
    response = render(request, "embed/try.html", {**context, "snippet": snippet})
    response._csp_update = {"script-src": [other], "connect-src": [other]}
    return response
