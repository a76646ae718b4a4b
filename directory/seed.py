"""The taxonomies' starting terms, with their Spanish titles.

Languages, countries and US states take their titles in every enabled language from pycountry's
ISO catalogs (public standard names); the lists below are the project's own.
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

# ISO 639-3 codes offered from the start; editors add more. Spanish names pycountry lacks for
# Indigenous languages of Mexico and Central America are given here.
LANGUAGES = [
    "eng", "spa", "por", "fra", "hat", "cmn", "yue", "vie", "kor", "tgl", "ara", "rus", "ukr",
    "pol", "hin", "ben", "pan", "urd", "amh", "tir", "som", "swa", "wol", "fuf",
    "mam", "quc", "kjb", "cak", "kek", "ixl", "acr", "jac", "knj", "cac", "tzo", "tzh", "yua",
    "mix", "mxb", "zap", "trq", "nhe", "cab", "ctu",
]  # fmt: skip
LANGUAGE_TITLES_ES = {
    "ara": "Árabe",
    "ukr": "Ucraniano",
    "quc": "K'iche'",
    "mix": "Mixteco de Mixtepec",
    "mxb": "Mixteco de Tezoatlán",
    "zap": "Zapoteco",
    "trq": "Triqui de San Martín Itunyoso",
    "nhe": "Náhuatl de la Huasteca oriental",
    "cab": "Garífuna",
    "kek": "Q'eqchi'",
    "cak": "Kaqchikel",
    "acr": "Achí",
    "jac": "Popti' (Jakalteko)",
    "knj": "Akateko",
    "ctu": "Ch'ol",
    "tzo": "Tsotsil",
    "tzh": "Tseltal",
    "yua": "Maya yucateco",
}
