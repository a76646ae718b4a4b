"""Keep the worker-language catalogs in step with the Spanish one (docs/translating.md).

The Spanish catalog, locale/es/LC_MESSAGES/django.po, is the complete one: every msgid the code
shows is there, translated (tests/test_locale.py). The other languages must cover the same
msgids. Run from the repository root:

    python scripts/catalogs.py missing [LANG ...]  # es msgids missing, empty or fuzzy in LANG
    python scripts/catalogs.py sheet LANG > todo.tsv  # the same, as a worksheet to translate
    python scripts/catalogs.py apply LANG done.tsv  # write a translated worksheet into LANG
    python scripts/catalogs.py sync [LANG ...]  # rewrite from es's msgids, keeping translations

`missing` also lists translations left the same as the English (a name such as "FIPS" may stay)
and exits 1 when anything is missing. A worksheet line is `N<TAB>text` (a space will do): N
numbers the message in the es catalog, text is the English msgid (in `sheet`) or its
translation (in `apply`), newlines written `\\n`, plural forms joined by ` ||| ` (as many as
the language's Plural-Forms has). Its first line, `# es N`, holds the count of es messages, so
a worksheet made before es changed is refused. `apply` refuses a translation that drops or
adds a placeholder (%(name)s, %s, {name}) and reports it.
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize, read_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"
FORMS = " ||| "
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


@dataclass(frozen=True)
class Language:
    directory: str  # Django's locale directory name (zh_Hans for zh-hans)
    name: str
    plural_forms: str

    @property
    def nplurals(self):
        return int(re.search(r"nplurals=(\d+)", self.plural_forms).group(1))


LANGUAGES = {
    lang.directory: lang
    for lang in [
        Language("pt", "Portuguese (as Brazilian workers speak it)", "nplurals=2; plural=(n > 1);"),
        Language("ht", "Haitian Creole", "nplurals=2; plural=(n != 1);"),
        Language("zh_Hans", "Simplified Chinese", "nplurals=1; plural=0;"),
        Language("vi", "Vietnamese", "nplurals=1; plural=0;"),
        Language("tl", "Tagalog", "nplurals=2; plural=(n > 1);"),
        Language(
            "ar",
            "Arabic",
            "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
            "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
        ),
    ]
}

HEADER = """\
# {name} catalog of Amparo. Its msgids are those of the Spanish catalog (scripts/catalogs.py).
# First drafted by a machine (an AI assistant); a native speaker must review it before workers
# rely on it (docs/translating.md).
msgid ""
msgstr ""
"Project-Id-Version: Amparo\\n"
"Report-Msgid-Bugs-To: \\n"
"PO-Revision-Date: 2026-12-06 20:00+0000\\n"
"Last-Translator: Machine draft, not yet reviewed <translations@amparo.invalid>\\n"
"Language-Team: {name} <translations@amparo.invalid>\\n"
"Language: {directory}\\n"
"Plural-Forms: {plural_forms}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"""


def catalog_path(directory):
    return LOCALE / directory / "LC_MESSAGES" / "django.po"


def read(directory):
    path = catalog_path(directory)
    if not path.exists():
        return Catalog()
    with path.open("rb") as handle:
        return read_po(handle)


def spanish():
    return [message for message in read("es") if message.id]


def key(message):
    return (message.context, message.id)


def translated(message):
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return bool(message.string) and all(strings) and not message.fuzzy


def missing(directory):
    """The es messages that the catalog of `directory` lacks, leaves empty or marks fuzzy."""
    have = {key(m): m for m in read(directory) if m.id}
    return [m for m in spanish() if key(m) not in have or not translated(have[key(m)])]


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def first(msgid):
    return msgid if isinstance(msgid, str) else msgid[0]


def show(text):
    return text.replace("\n", "\\n")


def sheet(directory):
    messages = spanish()
    wanted = {key(m) for m in missing(directory)}
    lines = [f"# es {len(messages)}"]
    for number, message in enumerate(messages):
        if key(message) in wanted:
            text = FORMS.join(message.id) if message.pluralizable else message.id
            lines.append(f"{number}\t{show(text)}")
    return "\n".join(lines) + "\n"


def parse_sheet(text, messages):
    first, *rest = text.splitlines()
    if first.strip() != f"# es {len(messages)}":
        raise SystemExit(
            f"The worksheet was made for another es catalog ({first!r}); make it again."
        )
    for line in rest:
        if line.strip() and not line.startswith("#"):
            number, translation = line.split(maxsplit=1)
            yield messages[int(number)], translation.replace("\\n", "\n").strip()


def problems(message, string, language):
    """What is wrong with `string` as the translation of `message` into `language`."""
    ids = message.id if message.pluralizable else (message.id,)
    forms = string.split(FORMS) if message.pluralizable else [string]
    if message.pluralizable and len(forms) != language.nplurals:
        return [f"{len(forms)} plural forms, {language.nplurals} wanted"]
    wanted = placeholders(ids[-1])
    found = [f"form {number} is empty" for number, form in enumerate(forms) if not form]
    for number, form in enumerate(forms):
        # A singular form may leave out the count ("One more ..."), as English does.
        allowed = (
            [wanted, placeholders(ids[0])] if number == 0 or language.nplurals == 1 else [wanted]
        )
        if placeholders(form) not in allowed:
            found.append(f"form {number}: {placeholders(form)} for {wanted}")
    return found


def write(language, strings):
    """Write the catalog of `language`: es's msgids, in es's order, with `strings` by key."""
    out = [HEADER.format(**language.__dict__)]
    for message in spanish():
        string = strings.get(key(message))
        out.append(entry(message, string, language))
    catalog_path(language.directory).parent.mkdir(parents=True, exist_ok=True)
    catalog_path(language.directory).write_text("\n".join(out), encoding="utf-8")


def entry(message, string, language):
    lines = [f"#: {path}:{line}" if line else f"#: {path}" for path, line in message.locations]
    flags = ([] if string else ["fuzzy"]) + sorted(message.flags - {"fuzzy"})
    if flags:
        lines.append("#, " + ", ".join(flags))
    if message.context:
        lines.append("msgctxt " + normalize(message.context, width=0))
    if message.pluralizable:
        lines.append("msgid " + normalize(message.id[0], width=0))
        lines.append("msgid_plural " + normalize(message.id[1], width=0))
        forms = string if string else ("",) * language.nplurals
        lines += [f"msgstr[{n}] " + normalize(f, width=0) for n, f in enumerate(forms)]
    else:
        lines.append("msgid " + normalize(message.id, width=0))
        lines.append("msgstr " + normalize(string or "", width=0))
    return "\n".join(lines) + "\n"


def existing(directory):
    return {key(m): m.string for m in read(directory) if m.id and translated(m)}


def apply(directory, worksheet):
    language = LANGUAGES[directory]
    strings = existing(directory)
    errors = []
    for message, string in parse_sheet(Path(worksheet).read_text(encoding="utf-8"), spanish()):
        found = problems(message, string, language)
        errors += [f"{show(first(message.id))}: {p}" for p in found]
        if not found:
            strings[key(message)] = tuple(string.split(FORMS)) if message.pluralizable else string
    write(language, strings)
    return errors


def main(argv):
    command, *args = argv or ["missing"]
    languages = args or list(LANGUAGES)
    if command == "missing":
        gaps = {lang: missing(lang) for lang in languages}
        for lang, messages in gaps.items():
            sys.stdout.write(f"{lang}: {len(messages)} missing\n")
            sys.stdout.writelines(f"  {show(first(m.id))}\n" for m in messages)
            same = [m for m in read(lang) if m.id and m.string == m.id]
            sys.stdout.writelines(f"  same as English: {show(first(m.id))}\n" for m in same)
        return 1 if any(gaps.values()) else 0
    if command == "sheet":
        sys.stdout.write(sheet(args[0]))
        return 0
    if command == "apply":
        errors = apply(args[0], args[1])
        sys.stderr.writelines(f"{e}\n" for e in errors)
        return 1 if errors else 0
    if command == "sync":
        for lang in languages:
            write(LANGUAGES[lang], existing(lang))
        return 0
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
