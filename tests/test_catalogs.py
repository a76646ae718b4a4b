"""Every worker language has a complete catalog: the msgids of the Spanish one (the complete
catalog, tests/test_locale.py), each translated, none fuzzy, placeholders kept, the right
plural forms; and Django uses it. docs/translating.md says how catalogs are kept complete."""

import ast
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


# Every catalog parses, and no entry is there twice. Two merges once wrote entries twice: Babel's
# reader (and so `pybabel compile`) keeps one of them silently, GNU msgfmt refuses the file. So
# the entries are read here line by line, as msgfmt reads them, not through Babel.
KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")")
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


class PoSyntaxError(ValueError):
    pass


def unquoted(text: str, where: str) -> str:
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise PoSyntaxError(f"{where}: not a quoted string: {text}")
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError) as error:
        raise PoSyntaxError(f"{where}: {error}") from error


def po_lines(path: Path):
    """(where, keyword such as ``msgstr[1]`` or None for a continuation, string) per line that
    is not a comment, an obsolete entry (``#~``, which msgfmt skips) or blank."""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line, where = raw.strip(), f"{path.name}:{number}"
        if not line or line.startswith("#"):
            continue
        found = KEYWORD.fullmatch(line)
        yield where, found and found[1], unquoted(found[2] if found else line, where)


def po_entries(path: Path) -> list[dict]:
    """Each entry's fields (msgctxt, msgid, msgid_plural, msgstr: the plural forms' strings
    joined) and the line it starts on. Raises PoSyntaxError on what msgfmt would refuse."""
    entries: list[dict] = []
    entry: dict = {}
    field = None
    for where, keyword, text in po_lines(path):
        if keyword is None:
            if field is None:
                raise PoSyntaxError(f"{where}: a string outside an entry")
            entry[field] += text
            continue
        if keyword == "msgctxt" or (keyword == "msgid" and "msgid" in entry) or not entry:
            entry = {"where": where, "keywords": set()}
            entries.append(entry)
        if keyword in entry["keywords"]:
            raise PoSyntaxError(f"{where}: {keyword} twice in one entry")
        entry["keywords"].add(keyword)
        field = keyword.split("[")[0]  # the plural forms' strings joined
        entry[field] = entry.get(field, "") + text
    incomplete = [e["where"] for e in entries if "msgid" not in e or "msgstr" not in e]
    if incomplete:
        raise PoSyntaxError(f"entries without msgid or msgstr at {incomplete}")
    return entries


def duplicates(entries: list[dict]) -> dict[tuple, list[str]]:
    """(msgctxt, msgid) -> where each entry with it starts, for those there more than once."""
    seen: dict[tuple, list[str]] = {}
    for entry in entries:
        seen.setdefault((entry.get("msgctxt"), entry["msgid"]), []).append(entry["where"])
    return {key: places for key, places in seen.items() if len(places) > 1}


def test_every_catalog_is_checked():
    assert {path.parent.parent.name for path in CATALOGS} >= {
        translation.to_locale(code) for code in LANGUAGES
    }


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.parent.parent.name)
def test_catalog_parses_with_no_entry_twice(path):
    entries = po_entries(path)
    assert duplicates(entries) == {}
    # What Babel reads is what was read here: the same entries.
    with path.open("rb") as handle:
        babel = read_po(handle, abort_invalid=True)
    assert {(m.context, m.id[0] if m.pluralizable else m.id) for m in babel} == {
        (e.get("msgctxt"), e["msgid"]) for e in entries
    }
    assert len(entries) == len(babel) + 1  # and the header


HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def test_a_catalog_with_an_entry_twice_fails_the_check(tmp_path):
    path = tmp_path / "django.po"
    path.write_text(
        HEADER + 'msgid "Yes"\nmsgstr "Sí"\n\n'
        'msgctxt "button"\nmsgid "Yes"\nmsgstr "Sí"\n\n'  # another context: not the same
        'msgid ""\n"Long "\n"text"\nmsgstr "Largo"\n\n'
        '#: a merge\nmsgid "Yes"\nmsgstr "Claro"\n\n'
        '#~ msgid "Yes"\n#~ msgstr "Obsoleto"\n',
        encoding="utf-8",
    )
    assert duplicates(po_entries(path)) == {(None, "Yes"): ["django.po:5", "django.po:18"]}
    assert [e["msgid"] for e in po_entries(path)][3] == "Long text"
    with path.open("rb") as handle:
        assert len(read_po(handle)) == 3  # Babel keeps one "Yes" without a word


@pytest.mark.parametrize(
    "body",
    [
        'msgid "Yes"\n"stray"\nmsgstr "Sí"\nmsgstr "Otra"\n',  # two msgstr
        'msgid "Yes"\n',  # no msgstr
        'msgid "Yes\nmsgstr "Sí"\n',  # an unclosed string
        'msgid "Yes" msgstr "Sí"\n',
        '"stray"\nmsgid "Yes"\nmsgstr "Sí"\n',
    ],
)
def test_a_catalog_that_does_not_parse_fails_the_check(tmp_path, body):
    path = tmp_path / "django.po"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PoSyntaxError):
        po_entries(path)
