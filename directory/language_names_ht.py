"""Names of languages and countries in Haitian Creole (Kreyòl ayisyen), which CLDR lacks: its
``ht`` locale names no other language and no country, so a Kreyòl page would show "Spanish" and
"Mexico" among Kreyòl words. directory/language_names.py looks here first for an ``ht`` reader.

DRAFTED, AWAITING NATIVE REVIEW: machine-drafted in the Akademi Kreyòl Ayisyen's spelling, not
yet checked by a native speaker. Correct a name here; a database that already holds a Kreyòl
title keeps it (directory/setup.py only adds missing ones), so change that row too.

Languages are keyed as CLDR keys them (language_names.cldr_key: ``es``, ``zh_Hans``, ``quc``):
every language the project seeds (directory/seed.py) and every language it can serve
(settings.AVAILABLE_LANGUAGES). Indigenous languages keep their own names (Mam, K'iche'), as
the English and Spanish tables in seed.py do; only a qualifier in parentheses is in Kreyòl.
Countries are keyed by ISO 3166-1 alpha-2: the Americas, where most workers come from and
whose consulates the directory lists, and the countries of the seeded languages. Others fall
back to English (a proper name) where the caller allows it.
"""

LANGUAGES = {
    # The project's own languages (settings.AVAILABLE_LANGUAGES).
    "en": "Angle",
    "es": "Panyòl",
    "ht": "Kreyòl ayisyen",
    "pt": "Pòtigè",
    "zh": "Chinwa",
    "zh_Hans": "Chinwa (senplifye)",
    "vi": "Vyetnamyen",
    "tl": "Tagalòg",
    "ar": "Arab",
    "fr": "Fransè",
    "ko": "Koreyen",
    # The other seeded languages.
    "cmn": "Chinwa mandaren",
    "yue": "Kantonè",
    "ru": "Ris",
    "uk": "Ikrenyen",
    "pl": "Polonè",
    "hi": "Endi",
    "bn": "Bengali",
    "pa": "Penjabi",
    "ur": "Oudou",
    "am": "Amarik",
    "ti": "Tigrinya",
    "so": "Somali",
    "sw": "Swayili",
    "wo": "Wolòf",
    "fuf": "Pular",
    # Indigenous languages of Mexico and Central America: their own names.
    "mam": "Mam",
    "quc": "K'iche'",
    "kjb": "Q'anjob'al",
    "cak": "Kaqchikel",
    "kek": "Q'eqchi'",
    "ixl": "Ixil",
    "acr": "Achi",
    "jac": "Popti' (Jakaltèk)",
    "knj": "Akateko",
    "cac": "Chuj",
    "poh": "Poqomchi'",
    "tzo": "Tsotsil",
    "tzh": "Tseltal",
    "yua": "Maya (Yukatan)",
    "ctu": "Ch'ol",
    "mix": "Mixtèk (Mixtepec)",
    "mxb": "Mixtèk (Tezoatlán)",
    "zap": "Zapotèk",
    "trq": "Triki (San Martín Itunyoso)",
    "trc": "Triki (Copala)",
    "trs": "Triki (Chicahuaxtla)",
    "nhe": "Nawatl (Lès Huasteca)",
    "ngu": "Nawatl (Guerrero)",
    "cab": "Garifuna",
}

COUNTRIES = {
    # North and Central America.
    "US": "Etazini",
    "CA": "Kanada",
    "MX": "Meksik",
    "GT": "Gwatemala",
    "BZ": "Beliz",
    "SV": "Salvadò",
    "HN": "Ondiras",
    "NI": "Nikaragwa",
    "CR": "Kosta Rika",
    "PA": "Panama",
    # The Caribbean.
    "HT": "Ayiti",
    "DO": "Repiblik Dominikèn",
    "CU": "Kiba",
    "JM": "Jamayik",
    "PR": "Pòtoriko",
    "BS": "Bahamas",
    "TT": "Trinidad ak Tobago",
    "DM": "Dominik",
    # South America.
    "CO": "Kolonbi",
    "VE": "Venezwela",
    "EC": "Ekwatè",
    "PE": "Pewou",
    "BO": "Bolivi",
    "CL": "Chili",
    "AR": "Ajantin",
    "PY": "Paragwe",
    "UY": "Irigwe",
    "BR": "Brezil",
    "GY": "Giyàn",
    "SR": "Sirinam",
    # The countries of the seeded languages.
    "FR": "Lafrans",
    "ES": "Espay",
    "PT": "Pòtigal",
    "CN": "Lachin",
    "VN": "Vyetnam",
    "PH": "Filipin",
    "KR": "Kore di Sid",
    "RU": "Larisi",
    "UA": "Ikrèn",
    "PL": "Polòy",
    "IN": "Lend",
    "BD": "Bangladèch",
    "PK": "Pakistan",
    "ET": "Etyopi",
    "ER": "Eritre",
    "SO": "Somali",
    "KE": "Kenya",
    "SN": "Senegal",
    "GN": "Gine",
    "SY": "Siri",
    "LB": "Liban",
    "EG": "Ejip",
    "MA": "Mawòk",
    "SD": "Soudan",
    "YE": "Yemèn",
    "IQ": "Irak",
    "AF": "Afganistan",
}
