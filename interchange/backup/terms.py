"""The file's taxonomy terms merged into the seeded ones, one vocabulary at a time.

A term is the same term when its translation_key or its canonical token matches (a fresh
database seeds the same terms under other keys); the file's titles, tokens and sort order win.
"""

from django.core.exceptions import ValidationError
from wagtail.models import Locale

from interchange.backup.document import (
    TERM_EXTRA_FIELDS,
    BackupError,
    error_messages,
    read_uuid,
)


class TermMerge:
    """One vocabulary's merge: the terms here indexed by (translation_key, locale) and by
    (token, locale), the file's rows set on them, then one bulk insert and one bulk update."""

    def __init__(self, name: str, model, locales: dict[str, Locale]):
        self.name, self.model, self.locales = name, model, locales
        self.extra = TERM_EXTRA_FIELDS.get(model, ())
        rows = list(model.objects.all())
        self.by_key_locale = {(t.translation_key, t.locale_id): t for t in rows}
        self.by_token_locale = {(t.token, t.locale_id): t for t in rows}
        self.keys = {t.translation_key for t in rows}
        self.to_create: list = []
        self.to_update: dict = {}

    def run(self, entries: list) -> dict[str, object]:
        """Merge ``entries``; return the canonical (default-locale) terms by token."""
        for index, entry in enumerate(entries):
            self.entry(index, entry)
        self.model.objects.bulk_create(self.to_create)
        if self.to_update:
            self.model.objects.bulk_update(
                self.to_update.values(),
                ["token", "title", "sort_order", *self.extra],
                batch_size=500,
            )
        return {
            t.token: t
            for t in self.model.objects.filter(locale=Locale.get_default()).order_by("pk")
        }

    def entry(self, index: int, entry) -> None:
        where = f"taxonomies.{self.name}[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("rows"), dict):
            raise BackupError(f"{where}: expected an object with 'rows'.")
        key = read_uuid(entry.get("translation_key"), f"{where}: translation_key")
        where = f"taxonomies.{self.name} {entry.get('token')!r}"
        key = self.key_here(key, entry["rows"])
        for code, row in entry["rows"].items():
            self.row(key, code, row, where)

    def key_here(self, key, rows: dict):
        """The key of this term here: the file's, unless a term here has one of its tokens."""
        if key in self.keys:
            return key
        for code, row in rows.items():
            locale = self.locales.get(code)
            match = locale and self.by_token_locale.get((row.get("token"), locale.pk))
            if match:
                return match.translation_key
        return key

    def row(self, key, code: str, row: dict, where: str) -> None:
        """One locale's row of a term: set on the term here (or a new one), checked."""
        if code not in self.locales:
            raise BackupError(f"{where}: locale {code!r} is not in the file's locales.")
        locale = self.locales[code]
        values = {"token": row.get("token"), "title": row.get("title")}
        values["sort_order"] = row.get("sort_order") or 0
        values.update({name: row.get(name) for name in self.extra if name in row})
        term = self.by_key_locale.get((key, locale.pk))
        clash = self.by_token_locale.get((values["token"], locale.pk))
        if clash is not None and clash is not term:
            raise BackupError(
                f"{where} ({code}): token {values['token']!r} is used by another "
                f"term here ({clash.title!r})."
            )
        if term is None:
            term = self.model(locale=locale, translation_key=key)
            self.to_create.append(term)
        elif any(getattr(term, k) != v for k, v in values.items()):
            self.to_update[term.pk] = term
            self.by_token_locale.pop((term.token, locale.pk), None)
        for attribute, value in values.items():
            setattr(term, attribute, value)
        try:
            term.full_clean(exclude=["locale", "translation_key"], validate_unique=False)
        except ValidationError as error:
            raise BackupError(f"{where} ({code}): {error_messages(error)}") from error
        self.by_token_locale[(term.token, locale.pk)] = term
        self.by_key_locale[(key, locale.pk)] = term
        self.keys.add(key)
