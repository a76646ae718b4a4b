"""Words people type for the same thing, in English and Spanish: the synonyms table of search.

Each group is a set of phrases that mean the same in a search box. A listing whose search
document holds any phrase of a group (as whole words, after normalizing: lower case, accents
folded) gets the group's other phrases in its terms, so "lawyer" finds the attorneys and
"represalias" what a listing calls retaliation. Add a group here; the documents take it at their
next rebuild (``manage.py rebuild_search_documents``).
"""

SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("attorney", "attorneys", "lawyer", "lawyers", "abogado", "abogada", "abogados", "abogadas"),
    ("legal aid", "legal services", "ayuda legal", "servicios legales", "asesoria legal"),
    ("u visa", "visa u", "u visas", "visas u"),
    ("t visa", "visa t", "t visas", "visas t"),
    ("retaliation", "represalias", "represalia", "retaliacion"),
    ("consulate", "consulates", "consulado", "consulados"),
    ("embassy", "embajada"),
    ("deportation", "removal", "deportacion", "deportaciones", "deportations"),
    ("detained", "detention", "detenido", "detenidos", "detenida", "detencion"),
    ("bond", "bonds", "fianza", "fianzas"),
    ("asylum", "asilo"),
    ("wage theft", "unpaid wages", "robo de salario", "salarios no pagados", "salario robado"),
    ("raid", "raids", "redada", "redadas"),
    ("worker center", "worker centers", "centro de trabajadores", "centros de trabajadores"),
    ("union", "unions", "sindicato", "sindicatos"),
    ("free", "gratis", "gratuito", "gratuita", "sin costo"),
    ("immigration", "inmigracion", "migracion", "immigrant", "inmigrante", "inmigrantes"),
    ("fund", "funds", "fondo", "fondos"),
    ("clinic", "clinics", "clinica", "clinicas"),
    ("know your rights", "conozca sus derechos", "kyr"),
    ("work permit", "permiso de trabajo", "work authorization"),
    ("hotline", "linea de emergencia", "linea directa"),
)
