"""The CMS pages a visitor sees, in English and Spanish, with nothing from other hosts."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_page_in_english_and_spanish(demo_pages):
    client = Client()
    english = client.get("/")
    assert english.status_code == 200
    assert "vetted directory" in english.content.decode()
    spanish = client.get("/es/")
    assert spanish.status_code == 200
    html = spanish.content.decode()
    assert 'lang="es"' in html
    assert "directorio verificado" in html
    assert '<a class="brand" href="/es/">' in html
    assert ">English</a>" in html  # each language named in itself


def test_guide_page_is_translated(demo_pages):
    response = Client().get("/es/know-your-rights/threat-to-call-immigration/")
    assert response.status_code == 200
    assert "Anote lo que le dijeron" in response.content.decode()


def test_pages_load_nothing_from_other_hosts(demo_pages):
    for path in [
        "/",
        "/es/",
        "/know-your-rights/",
        "/agency-protocols/responding-within-48-hours/",
    ]:
        html = Client().get(path).content.decode()
        for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", attribute), (path, attribute)


def test_unknown_page_is_404(demo_pages):
    assert Client().get("/no-such-page/").status_code == 404


def test_load_pages_is_part_of_load_demo():
    call_command("load_demo", verbosity=0)
    assert Client().get("/es/").status_code == 200
