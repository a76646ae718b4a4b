"""Haitian Creole names of languages and countries (issue 16): CLDR's ``ht`` locale has none, so
the project's drafted table (directory/language_names_ht.py) names every seeded language and the
consulates' countries, and a Kreyòl page shows no English name for them."""

import re
from html import unescape

import pycountry
import pytest
from django.conf import settings

from demo.listings import CONSULATES
from directory import language_names_ht, seed
from directory.language_names import country_name, language_name
from directory.models import Country, Language

pytestmark = pytest.mark.django_db
DEMO_COUNTRIES = sorted({country for country, *_rest in CONSULATES})
OPTION = re.compile(r'<option value="([A-Z]{2})"[^>]*>([^<]*)</option>')
LANGUAGE_CHECKBOX = re.compile(r'name="languages" value="([a-z]{3})"[^>]*> ([^<]*)</label>')


def haitian(code: str) -> str | None:
    return language_name(code, "ht", english=False)


def english(code: str) -> str:
    return Language.objects.titles_in("en")[code]


def test_every_seeded_and_served_language_has_a_haitian_name():
    served = list(settings.AVAILABLE_LANGUAGES)
    assert [code for code in [*seed.LANGUAGES, *served] if not haitian(code)] == []
    assert haitian("spa") == haitian("es") == "Panyòl"
    assert haitian("hat") == "Kreyòl ayisyen"
    assert haitian("quc") == "K'iche'"  # an Indigenous language keeps its own name
    # Other readers still get CLDR's names.
    assert language_name("spa", "es") == "Español"


def test_the_consulates_countries_have_haitian_names():
    assert DEMO_COUNTRIES == ["EC", "GT", "HN", "MX", "SV"]
    named = {code: country_name(code, "ht", english=False) for code in DEMO_COUNTRIES}
    assert named == {
        "EC": "Ekwatè",
        "GT": "Gwatemala",
        "HN": "Ondiras",
        "MX": "Meksik",
        "SV": "Salvadò",
    }
    # Every key of the table is a real country; one it lacks falls back to English when asked.
    assert [c for c in language_names_ht.COUNTRIES if not pycountry.countries.get(alpha_2=c)] == []
    assert country_name("JP", "ht", english=False) is None
    assert country_name("JP", "ht") == "Japan"


def test_the_seeded_vocabularies_are_titled_in_haitian():
    languages, countries = Language.objects.titles_in("ht"), Country.objects.titles_in("ht")
    assert {code: languages[code] for code in seed.LANGUAGES} == {
        code: haitian(code) for code in seed.LANGUAGES
    }
    assert languages["spa"] == "Panyòl"
    assert languages["cmn"] == "Chinwa mandaren"
    assert {code: countries[code] for code in language_names_ht.COUNTRIES} == (
        language_names_ht.COUNTRIES
    )


def test_the_vocabulary_service_in_haitian_shows_no_english_name(client):
    response = client.get("/api/@vocabularies/languages?b_size=100&language=ht")
    titles = {item["token"]: item["title"] for item in response.json()["items"]}
    wrong = {
        code: title
        for code, title in titles.items()
        if title == english(code) and title != haitian(code)
    }
    assert wrong == {}
    titles = {}
    for start in (0, 100, 200):
        url = f"/api/@vocabularies/countries?b_start={start}&b_size=100&language=ht"
        response = client.get(url)
        titles.update({item["token"]: item["title"] for item in response.json()["items"]})
    assert {code: titles[code] for code in language_names_ht.COUNTRIES} == (
        language_names_ht.COUNTRIES
    )


def test_the_staff_page_in_haitian_names_languages_and_countries_in_haitian(client):
    html = client.get("/ht/staff/referrals/").content.decode()
    origin = html[html.index('<select id="f-origin"') :]
    origin = origin[: origin.index("</select>")]
    countries = {code: unescape(title) for code, title in OPTION.findall(origin)}
    languages = {code: unescape(title) for code, title in LANGUAGE_CHECKBOX.findall(html)}
    assert set(languages) == set(seed.LANGUAGES)
    assert languages == {code: haitian(code) for code in seed.LANGUAGES}
    assert {code: countries[code] for code in language_names_ht.COUNTRIES} == (
        language_names_ht.COUNTRIES
    )
    for name in ("Spanish", "Mexico", "Guatemala", "Haitian Creole", "Portuguese", "Brazil"):
        assert f">{name}<" not in html and f"> {name}<" not in html
    assert ">Gwatemala<" in html and "> Panyòl<" in html
