"""Names of languages and countries in the reader's language, from CLDR (Babel's data, offline):
"criollo haitiano" for a Spanish reader, not "Haitian". CLDR is the Unicode consortium's
reviewed source of these names; a name it lacks falls back to English's where the caller asks for
one. CLDR's Haitian Creole locale names no other language and no country, so Kreyòl names come
from a drafted table of the project's own first (language_names_ht.py). Names start with a capital
letter, as the titles of a list's items do ("Inglés"; CLDR writes them as mid-sentence words).

Codes are Django's (``zh-hans``) or ISO 639-1 and 639-3 (``es``, ``quc``): CLDR keys a language by
its two-letter code where one exists, else by the three-letter one."""

from functools import cache

import babel
import pycountry

from directory import language_names_ht

# Readers whose names CLDR lacks: table ("languages", "territories") -> key -> name.
OWN_NAMES = {
    "ht": {"languages": language_names_ht.LANGUAGES, "territories": language_names_ht.COUNTRIES},
}


@cache
def cldr_locale(code: str) -> babel.Locale:
    """The CLDR locale of a Django language code (``zh-hans`` -> ``zh_Hans``)."""
    return babel.Locale.parse(code.replace("-", "_"))


def cldr_key(code: str) -> str:
    """A Django code or an ISO 639-3 code as CLDR keys it: ``zh-hans`` -> ``zh_Hans``,
    ``spa`` -> ``es``, ``quc`` -> ``quc``."""
    language, _sep, script = code.partition("-")
    if script:
        return f"{language}_{script.title()}"
    if len(language) == 3:
        found = pycountry.languages.get(alpha_3=language)
        return getattr(found, "alpha_2", language)
    return language


def _in(reader: str, table: str, key: str, english: bool) -> str | None:
    own = OWN_NAMES.get(reader, {}).get(table, {}).get(key)
    if own:
        return own
    for locale in (cldr_locale(reader), cldr_locale("en")) if english else (cldr_locale(reader),):
        name = getattr(locale, table).get(key)
        if name:
            return name[0].upper() + name[1:]
    return None


def language_name(code: str, reader: str, english: bool = True) -> str | None:
    """The language ``code`` named in the language ``reader``, else in English (unless
    ``english`` is false), else None."""
    return _in(reader, "languages", cldr_key(code), english)


def country_name(code: str, reader: str, english: bool = True) -> str | None:
    """The country of ISO 3166-1 alpha-2 ``code`` named in the language ``reader``."""
    return _in(reader, "territories", code.upper(), english)
