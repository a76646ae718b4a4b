"""The embed's script and its origin check, without a browser (tests/browser/test_embed.py
runs them in Chromium)."""

import gzip
import json

import pytest
from django.conf import settings

from partners.models import PartnerKey

pytestmark = pytest.mark.django_db
BUDGET = 50 * 1024  # bytes: the script as served, every language's labels included


@pytest.fixture
def partner(db):
    key = PartnerKey(name="Example Worker Center site", tier="public",
                     allowed_origins="https://workers.example.org")  # fmt: skip
    key.new_key()
    key.save()
    return key


def test_the_script_stays_under_50_kb_with_every_language(client):
    response = client.get("/embed.js")
    assert response.status_code == 200
    body = response.content
    assert len(body) < BUDGET, f"embed.js is {len(body)} bytes"
    assert len(gzip.compress(body)) < BUDGET // 4  # what a phone downloads, compressed
    strings = json.loads(body.decode().split("var AMPARO_EMBED_STRINGS = ", 1)[1].split(";\n")[0])
    assert sorted(strings) == sorted(code for code, _name in settings.LANGUAGES)
    assert strings["es"]["labels"]["suggest"] == "Sugerir una corrección"
    assert "{origin}" in strings["es"]["labels"]["unregistered"]


def test_the_origin_check_says_whether_a_page_may_read_the_api(client, partner):
    known = client.get("/embed/origin", headers={"Origin": "https://workers.example.org"})
    assert known.json() == {"origin": "https://workers.example.org", "registered": True}
    other = client.get("/embed/origin", headers={"Origin": "https://copy.example.net"})
    assert other.json() == {"origin": "https://copy.example.net", "registered": False}
    for answer in (known, other):
        assert answer["Access-Control-Allow-Origin"] == "*"  # every page may ask about itself
        assert answer["Cache-Control"] == "no-store"
        assert "Origin" in answer["Vary"]
    assert client.get("/embed/origin").json() == {"origin": None, "registered": False}
    partner.active = False
    partner.save()
    revoked = client.get("/embed/origin", headers={"Origin": "https://workers.example.org"})
    assert revoked.json()["registered"] is False
    assert client.post("/embed/origin").status_code == 405


def test_the_try_page_loads_the_script_from_the_other_loopback_name(client):
    page = client.get("/embed/try/", HTTP_HOST="localhost:8000")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<script src="http://127.0.0.1:8000/embed.js" data-kind="attorneys"' in html
    policy = page["Content-Security-Policy"]
    assert "script-src 'self' http://127.0.0.1:8000" in policy
    assert "connect-src 'self' http://127.0.0.1:8000" in policy
    other = client.get("/embed/try/", HTTP_HOST="127.0.0.1:8000").content.decode()
    assert '<script src="http://localhost:8000/embed.js"' in other
    # Not a page of a deployed site.
    assert client.get("/embed/try/").status_code == 404
