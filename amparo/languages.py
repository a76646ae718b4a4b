"""Django's table of languages (``django.conf.locale.LANG_INFO``) lacks some codes the project
offers (Haitian Creole ``ht``, Tagalog ``tl``); ``get_language_info`` then raises KeyError, a 500
on every page that names the languages. The settings complete the table for the configured
languages with CLDR's names (Babel, offline), so any language the settings accept works."""

from collections.abc import Iterable

import babel
from django.conf.locale import LANG_INFO


def complete_lang_info(codes: Iterable[str]) -> None:
    """Add a LANG_INFO entry for each code Django does not know; known ones are left as they
    are (Django's names may differ from CLDR's, and other code relies on them)."""
    for code in codes:
        if code in LANG_INFO:
            continue
        locale = babel.Locale.parse(code, sep="-")
        # By the code itself: CLDR files Tagalog (tl) under Filipino (fil), whose own name
        # for the language would be "Filipino".
        LANG_INFO[code] = {
            "bidi": locale.character_order == "right-to-left",
            "code": code,
            "name": babel.Locale("en").languages.get(code) or locale.get_language_name("en"),
            "name_local": locale.languages.get(code) or locale.get_language_name(),
        }
