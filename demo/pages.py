"""Demo pages: a home page, know-your-rights guides and an agency protocol, in English and
Spanish. Written for the demo in the project's own words; not legal advice."""

from wagtail.models import Locale, Page, Site

from cms.models import DocumentPage, FolderPage, HomePage
from demo.translation import translate

HOME = (
    "Amparo",
    "A vetted directory of immigration attorneys, consulates, worker centers and defense funds "
    "for workers facing immigration-related retaliation.",
    "Un directorio verificado de abogados de inmigración, consulados, centros de trabajadores y "
    "fondos de defensa para trabajadores que sufren represalias relacionadas con la inmigración.",
)
FOLDERS = [
    (
        ("know-your-rights", "Know your rights", "Conozca sus derechos"),
        (
            "Short guides to hand to a worker. They do not replace advice from an attorney.",
            "Guías breves para entregar a un trabajador. No reemplazan el consejo de un abogado.",
        ),
        [
            (
                "threat-to-call-immigration",
                ("If your employer threatens to call immigration", "Si su empleador amenaza con llamar a inmigración"),
                [
                    ("A threat to call immigration after you complain about pay or safety can be illegal retaliation.",
                     "Una amenaza de llamar a inmigración después de que usted se queja del pago o de la seguridad puede ser una represalia ilegal."),
                    ("Write down what was said, when, and who heard it.",
                     "Anote lo que le dijeron, cuándo y quién lo escuchó."),
                    ("Talk to a worker center or an immigration attorney from the directory before you sign anything.",
                     "Hable con un centro de trabajadores o un abogado de inmigración del directorio antes de firmar cualquier cosa."),
                ],
            ),
            (
                "after-a-raid",
                ("After a raid at your workplace", "Después de una redada en su lugar de trabajo"),
                [
                    ("Your consulate can help find a detained relative and connect the family with an attorney.",
                     "Su consulado puede ayudar a encontrar a un familiar detenido y poner a la familia en contacto con un abogado."),
                    ("Bond funds can help pay for release while the case goes on.",
                     "Los fondos de fianza pueden ayudar a pagar la salida mientras sigue el caso."),
                ],
            ),
        ],
    ),
    (
        ("agency-protocols", "Agency protocols", "Protocolos para agencias"),
        (
            "How labor agencies respond to immigration-related retaliation.",
            "Cómo responden las agencias laborales a las represalias relacionadas con la inmigración.",
        ),
        [
            (
                "responding-within-48-hours",
                ("Responding to retaliation within 48 hours", "Responder a las represalias en 48 horas"),
                [
                    ("Give every worker facing immigration-related retaliation a referral sheet in their language the same day.",
                     "Entregue a cada trabajador que sufre represalias relacionadas con la inmigración una hoja de referencias en su idioma el mismo día."),
                    ("Keep a point of contact at the consulates of the workers' countries.",
                     "Mantenga un contacto en los consulados de los países de los trabajadores."),
                ],
            ),
        ],
    ),
]  # fmt: skip


def _paragraphs(pairs):
    return [("paragraph", f"<p>{en}</p>") for en, _es in pairs]


def load_pages(default: Locale, spanish: Locale, user, log) -> None:
    if HomePage.objects.filter(locale=default).exists():
        return
    root = Page.get_first_root_node()
    title, intro_en, intro_es = HOME
    home = root.add_child(
        instance=HomePage(title=title, slug="amparo", locale=default, intro=f"<p>{intro_en}</p>")
    )
    home.save_revision(user=user).publish()
    # Serve the home page instead of Wagtail's placeholder welcome page, then drop that.
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    root.get_children().filter(content_type__model="page").exclude(pk=home.pk).delete()
    translate(home, spanish, {intro_en: intro_es}, user)
    for (slug, folder_en, folder_es), (lead_en, lead_es), documents in FOLDERS:
        folder = home.add_child(
            instance=FolderPage(title=folder_en, slug=slug, intro=f"<p>{lead_en}</p>")
        )
        folder.save_revision(user=user).publish()
        translate(folder, spanish, {folder_en: folder_es, lead_en: lead_es}, user)
        for doc_slug, (doc_en, doc_es), paragraphs in documents:
            page = folder.add_child(
                instance=DocumentPage(title=doc_en, slug=doc_slug, body=_paragraphs(paragraphs))
            )
            page.save_revision(user=user).publish()
            translate(page, spanish, {doc_en: doc_es, **dict(paragraphs)}, user)
    log("  pages: home, 2 folders, 3 documents (en, es)")
