"""Run by tests/test_languages.py in a subprocess with AMPARO_LANGUAGES set (settings are
read at import time): every configured language serves every public page and endpoint. Not
collected on its own (the file name does not start with ``test_``)."""

import os

import pytest
from django.conf import settings
from django.utils import translation

from directory.models import Listing
from tests.api.test_directory import directory  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

CHOSEN = os.environ["AMPARO_LANGUAGES"].split(",")
CODES = [code for code, _name in settings.LANGUAGES]


def test_the_languages_are_the_configured_ones():
    configured = [code for code, _name in settings.LANGUAGES]
    assert configured == CHOSEN


def paths(code: str, uid: str) -> list[tuple[str, dict]]:
    prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
    return [
        ("/", {}),
        (f"{prefix}/", {}),
        ("/staff/referrals/", {}),
        (f"{prefix}/staff/referrals/", {}),
        (f"{prefix}/staff/referrals/", {"q": "clinic", "language": code}),
        (f"{prefix}/directory/", {}),
        (f"{prefix}/directory/", {"q": "clinic", "near": "07102", "languages": "spa"}),
        ("/embed/", {"language": code}),
        ("/embed.js", {}),
        ("/api/", {"language": code}),
        ("/api/@search", {"language": code, "facets": "languages"}),
        ("/api/@search", {"language": code, "q": "clinic"}),
        ("/api/directory/", {"language": code}),
        ("/api/directory/attorneys/", {"language": code}),
        ("/api/directory/attorneys/newark", {"language": code}),
        ("/api/@consulates", {"language": code, "country": "MX", "near": "07102"}),
        ("/api/@vocabularies/topics", {"language": code}),
        ("/api/@vocabularies/languages", {"language": code}),
        ("/api/@vocabularies/countries", {}),
        ("/api/directory/attorneys/", {}),
        ("/api/@types/Attorney", {"language": code}),
        ("/api/hsds/services", {"language": code}),
        ("/api/@referral-sheet", {"uids": uid, "language": code}),
        ("/api/@referral-sheet", {"uids": uid, "language": code, "format": "pdf"}),
    ]


@pytest.mark.parametrize("code", CODES)
def test_every_page_and_endpoint_answers_in_the_language(client, demo_pages, directory, code):  # noqa: F811
    uid = str(Listing.objects.get(slug="newark").translation_key)
    failures = []
    for path, params in paths(code, uid):
        response = client.get(path, params, HTTP_ACCEPT_LANGUAGE=code)
        if response.status_code != 200:
            failures.append(f"{path} {params}: {response.status_code} {response.content[:200]}")
        elif path.startswith("/api/@") and response.get("Content-Language", code) != code:
            failures.append(f"{path} {params}: served in {response['Content-Language']}")
    assert not failures, "\n".join(failures)
    with translation.override(code):
        assert translation.get_language_info(code)["name_local"]
