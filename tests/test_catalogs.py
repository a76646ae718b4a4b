"""Every worker language has a complete catalog: the msgids of the Spanish one (the complete
catalog, tests/test_locale.py), each translated, none fuzzy, placeholders kept, the right
plural forms; and Django uses it. docs/translating.md says how catalogs are kept complete."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from directory.choices import Kind

LOCALE = Path(__file__).resolve().parent.parent / "locale"
# The eight worker languages (issue 16), whether or not settings switch them all on yet, and
# whatever else settings serve.
WORKER_LANGUAGES = ["en", "es", "ht", "pt", "zh-hans", "vi", "tl", "ar"]
LANGUAGES = sorted((set(WORKER_LANGUAGES) | {code for code, _name in settings.LANGUAGES}) - {"en"})
TRANSLATED = sorted(set(LANGUAGES) - {"es"})
PLURAL_FORMS = {"es": 3, "pt": 2, "ht": 2, "tl": 2, "zh-hans": 1, "vi": 1, "ar": 6}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
# Words that are the same in a language as in English: codes and names.
SAME_AS_ENGLISH = {"FIPS", "Slug", "slug", "Fax", "Total", "email", "latitude", "longitude"}
# The label of Kind.CONSULATE, and the sheet's title, in each language.
KNOWN = {
    "pt": ("Consulado", "Onde conseguir ajuda"),
    "ht": ("Konsila", "Kote pou jwenn èd"),
    "zh-hans": ("领事馆", "哪里可以得到帮助"),
    "vi": ("Lãnh sự quán", "Nơi nhận giúp đỡ"),
    "tl": ("Konsulado", "Saan makakakuha ng tulong"),
    "ar": ("قنصلية", "أين تجد المساعدة"),
}


def catalog(code):
    path = LOCALE / translation.to_locale(code) / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        return read_po(handle)


def messages(code):
    return {(m.context, m.id): m for m in catalog(code) if m.id}


def forms(message):
    return message.string if isinstance(message.string, tuple) else (message.string,)


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


SPANISH = messages("es")


def test_the_spanish_catalog_is_the_full_set():
    assert len(SPANISH) > 500
    assert any(m.pluralizable for m in SPANISH.values())


def test_every_worker_language_is_checked():
    assert set(WORKER_LANGUAGES) - {"en"} <= set(LANGUAGES)
    assert set(KNOWN) == set(TRANSLATED)


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalog_has_every_spanish_msgid_translated(code):
    have = messages(code)
    assert sorted(set(SPANISH) - set(have), key=str) == []
    untranslated = [key for key, m in have.items() if m.fuzzy or not all(forms(m))]
    assert untranslated == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalog_header_and_plural_forms(code):
    found = catalog(code)
    assert found.num_plurals == PLURAL_FORMS[code]
    assert found.mime_headers and dict(found.mime_headers)["Content-Type"].lower().endswith("utf-8")
    plurals = [m for m in found if m.id and m.pluralizable]
    assert plurals
    assert [m.id for m in plurals if len(m.string) != PLURAL_FORMS[code]] == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_every_placeholder(code):
    wrong = []
    for message in messages(code).values():
        ids = message.id if message.pluralizable else (message.id,)
        wanted = [placeholders(msgid) for msgid in ids]
        # A form may follow the singular or the plural msgid ("One more" has no count).
        wrong += [(ids[0], f) for f in forms(message) if placeholders(f) not in wanted]
    assert wrong == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_babel_finds_no_problem(code):
    """Babel's own checks, those `pybabel compile` runs: python-format and plural forms."""
    assert [(message.id, errors) for message, errors in catalog(code).check()] == []


@pytest.mark.parametrize("code", TRANSLATED)
def test_nothing_is_left_in_english(code):
    same = {m.string for m in messages(code).values() if m.string == m.id}
    assert same <= SAME_AS_ENGLISH


@pytest.mark.parametrize("code", TRANSLATED)
def test_django_uses_the_catalog(code):
    consulate, sheet_title = KNOWN[code]
    plural = messages(code)[(None, ("%(counter)s listing found", "%(counter)s listings found"))]
    with translation.override(code):
        assert str(Kind.CONSULATE.label) == consulate
        assert translation.gettext("Where to get help") == sheet_title
        found = translation.ngettext("%(counter)s listing found", "%(counter)s listings found", 5)
    assert found in plural.string
    assert found != "%(counter)s listings found"
