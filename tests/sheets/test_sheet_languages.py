"""The referral sheet in each of the eight worker languages, as a worker gets it: a one-page PDF
whose text (extracted from the PDF WeasyPrint made) names the topics and languages in the
worker's language, says which languages staff speak and which need an interpreter, and, in
Arabic, runs right to left with the Arabic script's own font."""

import io
import unicodedata

import pytest
from pypdf import PdfReader
from wagtail.models import Locale

from directory.models import Language
from tests.api.test_directory import public
from tests.factories import WorkerCenterFactory

pytestmark = pytest.mark.django_db
URL = "/api/@referral-sheet"
ARABIC_NAME = "مركز العمال في إليزابيث (مثال)"

# In each language: the topic "removal-defense", the language Spanish (CLDR's name) and the
# interpreted language Q'anjob'al (a proper name: the same everywhere).
EXPECTED = {
    "en": ("Removal (deportation) defense", "Spanish"),
    "es": ("Defensa contra deportación", "Español"),
    "ht": ("Defans kont depòtasyon", "Panyòl"),  # the drafted table (language_names_ht.py)
    "pt": ("Defesa contra deportação", "Espanhol"),
    "zh-hans": ("驱逐出境辩护", "西班牙语"),
    "vi": ("Bào chữa chống trục xuất", "Tiếng Tây Ban Nha"),
    "tl": ("Depensa laban sa deportasyon", "Spanish"),  # CLDR's Filipino name is English's
    "ar": ("الدفاع ضد الترحيل", "الإسبانية"),
}


@pytest.fixture
def center(db):
    listing = public(
        WorkerCenterFactory,
        name="Example Elizabeth Workers Center",
        phones=["(908) 555-0177"],
        languages=("spa", "eng"),
        topics=("removal-defense", "wage-theft"),
    )
    listing.interpretation_languages.set(Language.objects.canonical().filter(token="kjb"))
    listing.save()
    arabic = listing.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic.name = ARABIC_NAME
    arabic.save()
    return listing


def pdf(client, listing, language: str) -> PdfReader:
    response = client.get(
        URL, {"uids": listing.translation_key.hex, "language": language, "format": "pdf"}
    )
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def text_of(reader: PdfReader) -> str:
    # Arabic comes out as the presentation forms the font shaped; NFKC maps them back.
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))


@pytest.mark.parametrize("language", list(EXPECTED))
def test_the_sheet_pdf_speaks_each_worker_language(client, center, language):
    reader = pdf(client, center, language)
    assert len(reader.pages) == 1
    text = " ".join(text_of(reader).split())
    topic, spanish = EXPECTED[language]
    assert topic in text
    assert spanish.replace(" ", "") in text.replace(" ", "")  # Chinese may wrap inside a word
    assert "Q'anjob'al" in text  # the interpreted language, on its own line
    # (In Arabic, the extracted text lists the number's brackets as the mirrored glyphs of the
    # right-to-left line; on paper it reads "(908) 555-0177".)
    assert "555-0177" in text
    if language != "ar":
        assert "Example Elizabeth Workers Center" in text


def arabic_fonts(reader: PdfReader) -> set[str]:
    fonts = reader.pages[0]["/Resources"]["/Font"]
    return {str(font.get_object()["/BaseFont"]) for font in fonts.values()}


def x_of(reader: PdfReader, words: str) -> float:
    """Where on the page (points from the left) the text run holding ``words`` starts."""
    found = []

    def visit(text, _cm, tm, _font, _size):
        if words in unicodedata.normalize("NFKC", text):
            found.append(tm[4])

    reader.pages[0].extract_text(visitor_text=visit)
    assert found, words
    return found[0]


def test_the_arabic_sheet_runs_right_to_left_in_an_arabic_font(client, center):
    arabic, english = pdf(client, center, "ar"), pdf(client, center, "en")
    text = text_of(arabic)
    # The listing's Arabic name and the Arabic topic, as Arabic letters (not boxes or gaps).
    assert "مركز العمال" in text or "مركز العمال"[::-1] in text
    assert any("\u0600" <= char <= "\u06ff" for char in text)
    assert any("Arabic" in name for name in arabic_fonts(arabic))  # Noto Sans or Naskh Arabic
    # Right to left: the entry's lines start at the right margin, while in English they start
    # at the left (text space: 816 units across a Letter page). The heading is in Arabic now
    # that the Arabic catalog is complete, so the lines compared are the ones in Latin letters.
    for words in ("Q'anjob'al", "555-0177"):
        assert x_of(arabic, words) > x_of(english, words) + 300, words
