"""Arabic pages run right to left, and nothing is shown in a mix of directions: a CMS page not
yet translated into Arabic is marked as the English it is; the embed's page takes the
language's direction."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_untranslated_page_in_an_arabic_visit_is_marked_as_english(client, demo_pages):
    response = client.get("/ar/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert '<main id="main" lang="en" dir="ltr">' in html


def test_a_translated_page_carries_the_visits_language_only(client, demo_pages):
    html = client.get("/es/").content.decode()
    assert '<html lang="es">' in html
    assert '<main id="main">' in html


@pytest.mark.parametrize("language, direction", [("ar", "rtl"), ("es", "ltr"), ("zh-hans", "ltr")])
def test_the_embed_page_takes_the_languages_direction(client, language, direction):
    html = client.get("/embed/", {"language": language}).content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html
