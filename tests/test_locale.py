"""Every string the code shows has a Spanish translation, and Django uses it."""

from pathlib import Path

from babel.messages.pofile import read_po
from django.utils import translation

from directory.choices import Kind

CATALOG = Path(__file__).resolve().parent.parent / "locale" / "es" / "LC_MESSAGES" / "django.po"


def test_spanish_catalog_is_complete():
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle)
    messages = [message for message in catalog if message.id]
    assert len(messages) > 200
    assert [m.id for m in messages if not m.string or m.fuzzy] == []


def test_spanish_labels_are_used():
    with translation.override("es"):
        assert str(Kind.CONSULATE.label) == "Consulado"
        assert str(Kind.WORKER_CENTER.label) == "Centro de trabajadores"
