"""The taxonomies' starting terms, with their Spanish titles (the other worker languages' titles
are in seed_titles.py).

Languages and countries take their titles in every enabled language from CLDR (Babel;
directory/language_names.py), US states from pycountry's ISO 3166-2 catalogs; the lists below
are the project's own.
"""

from directory.choices import TopicGroup

PRACTICE_AREA, SERVICE = TopicGroup.PRACTICE_AREA, TopicGroup.SERVICE

# (token, group, English title, Spanish title)
TOPICS = [
    (
        "removal-defense",
        PRACTICE_AREA,
        "Removal (deportation) defense",
        "Defensa contra deportación",
    ),
    ("detained", PRACTICE_AREA, "Detained cases", "Casos de personas detenidas"),
    ("bond", PRACTICE_AREA, "Bond hearings", "Audiencias de fianza"),
    ("u-visa", PRACTICE_AREA, "U visa", "Visa U"),
    ("t-visa", PRACTICE_AREA, "T visa", "Visa T"),
    (
        "labor-deferred-action",
        PRACTICE_AREA,
        "Labor-based deferred action",
        "Acción diferida por disputa laboral",
    ),
    ("daca", PRACTICE_AREA, "DACA", "DACA"),
    (
        "tps",
        PRACTICE_AREA,
        "Temporary Protected Status (TPS)",
        "Estatus de Protección Temporal (TPS)",
    ),
    ("asylum", PRACTICE_AREA, "Asylum", "Asilo"),
    ("vawa", PRACTICE_AREA, "VAWA", "VAWA (Ley de Violencia contra la Mujer)"),
    (
        "sijs",
        PRACTICE_AREA,
        "Special Immigrant Juvenile Status",
        "Estatus Especial de Inmigrante Juvenil",
    ),
    (
        "orantes",
        PRACTICE_AREA,
        "Orantes rights (detained Salvadorans)",
        "Derechos Orantes (salvadoreños detenidos)",
    ),
    ("wage-theft", PRACTICE_AREA, "Wage theft", "Robo de salario"),
    ("retaliation", PRACTICE_AREA, "Retaliation", "Represalias"),
    ("wage-claims", SERVICE, "Wage claims", "Reclamos de salario"),
    ("retaliation-complaints", SERVICE, "Retaliation complaints", "Quejas por represalias"),
    ("accompaniment", SERVICE, "Accompaniment", "Acompañamiento"),
    ("kyr-training", SERVICE, "Know-your-rights training", "Talleres de conozca sus derechos"),
    ("rapid-response", SERVICE, "Rapid response", "Respuesta rápida"),
    ("raid-hotline", SERVICE, "Raid hotline", "Línea de emergencia por redadas"),
]

FUND_TYPES = [
    ("deportation-defense", "Deportation defense", "Defensa contra deportación"),
    ("bond", "Bond", "Fianza"),
    ("legal-fees", "Legal fees", "Honorarios legales"),
    ("emergency-cash", "Emergency cash", "Ayuda económica de emergencia"),
    ("grant", "Grants to organizations", "Subvenciones a organizaciones"),
]

INDUSTRIES = [
    ("agriculture", "Agriculture", "Agricultura"),
    ("construction", "Construction", "Construcción"),
    ("domestic-work", "Domestic work", "Trabajo doméstico"),
    ("food-processing", "Meat and food processing", "Procesamiento de carne y alimentos"),
    ("restaurants", "Restaurants", "Restaurantes"),
    ("hospitality", "Hotels and hospitality", "Hoteles y hospitalidad"),
    ("landscaping", "Landscaping", "Jardinería"),
    ("manufacturing", "Manufacturing", "Manufactura"),
    ("warehouses", "Warehouses and logistics", "Almacenes y logística"),
    ("cleaning", "Cleaning and janitorial", "Limpieza"),
    ("home-care", "Home care", "Cuidado en el hogar"),
    ("car-wash", "Car washes", "Lavado de autos"),
    ("garment", "Garment", "Confección"),
]

# ISO 639-3 codes offered from the start; editors add more. Among them the Indigenous languages
# of Mexico and Central America that workers and their families speak (Mayan, Oto-Manguean,
# Nahuatl, Garifuna), for which a listing says whether staff speak it or an interpreter is
# arranged.
LANGUAGES = [
    "eng", "spa", "por", "fra", "hat", "cmn", "yue", "vie", "kor", "tgl", "ara", "rus", "ukr",
    "pol", "hin", "ben", "pan", "urd", "amh", "tir", "som", "swa", "wol", "fuf",
    "mam", "quc", "kjb", "cak", "kek", "ixl", "acr", "jac", "knj", "cac", "poh", "tzo", "tzh",
    "yua", "ctu", "mix", "mxb", "zap", "trq", "trc", "trs", "nhe", "ngu", "cab",
]  # fmt: skip
# Names where CLDR has none, or one the speakers do not use (CLDR's Spanish "quiché" for K'iche'):
# English and Spanish from the communities' own usage (Guatemala's Academia de Lenguas Mayas,
# Mexico's INALI), reviewed; other languages show the English name, a proper name.
LANGUAGE_TITLES = {
    "cmn": {
        "en": "Mandarin Chinese",
        "es": "Chino mandarín",
        "ht": "Chinwa mandaren",
        "pt": "Chinês mandarim",
        "zh-hans": "普通话",
        "vi": "Tiếng Quan Thoại",
        "tl": "Mandarin",
        "ar": "الصينية الماندرينية",
    },
    "fuf": {"en": "Pular", "es": "Pular"},
    "mam": {"en": "Mam", "es": "Mam"},
    "quc": {"en": "K'iche'", "es": "K'iche'"},
    "kjb": {"en": "Q'anjob'al", "es": "Q'anjob'al"},
    "cak": {"en": "Kaqchikel", "es": "Kaqchikel"},
    "kek": {"en": "Q'eqchi'", "es": "Q'eqchi'"},
    "ixl": {"en": "Ixil", "es": "Ixil"},
    "acr": {"en": "Achi", "es": "Achí"},
    "jac": {"en": "Popti' (Jakaltek)", "es": "Popti' (jakalteko)"},
    "knj": {"en": "Akateko", "es": "Akateko"},
    "cac": {"en": "Chuj", "es": "Chuj"},
    "poh": {"en": "Poqomchi'", "es": "Poqomchi'"},
    "tzo": {"en": "Tzotzil", "es": "Tsotsil"},
    "tzh": {"en": "Tzeltal", "es": "Tseltal"},
    "yua": {"en": "Yucatec Maya", "es": "Maya yucateco"},
    "ctu": {"en": "Ch'ol", "es": "Ch'ol"},
    "mix": {"en": "Mixtec (Mixtepec)", "es": "Mixteco de Mixtepec"},
    "mxb": {"en": "Mixtec (Tezoatlán)", "es": "Mixteco de Tezoatlán"},
    "trq": {"en": "Triqui (San Martín Itunyoso)", "es": "Triqui de San Martín Itunyoso"},
    "trc": {"en": "Triqui (Copala)", "es": "Triqui de Copala"},
    "trs": {"en": "Triqui (Chicahuaxtla)", "es": "Triqui de Chicahuaxtla"},
    "nhe": {"en": "Nahuatl (Eastern Huasteca)", "es": "Náhuatl de la Huasteca oriental"},
    "ngu": {"en": "Nahuatl (Guerrero)", "es": "Náhuatl de Guerrero"},
    "cab": {"en": "Garifuna", "es": "Garífuna"},
}
