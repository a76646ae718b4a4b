"""Sections: what other apps add to a backup (``backup.SECTIONS`` of every installed app, found
by module name), in the order their ``after`` asks, and the contexts they are given."""

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.module_loading import module_has_submodule

from directory.models import Listing
from interchange.backup.document import (
    BackupError,
    error_messages,
    json_value,
    read_date,
    read_datetime,
)

if TYPE_CHECKING:
    from interchange.backup.restore import Importer


# Sections -------------------------------------------------------------------------------------


def sections() -> list:
    """Every installed app's ``backup.SECTIONS``, ordered so that a section comes after those
    it names in ``after`` (organizations before the API keys that belong to them)."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "backup"):
            found += getattr(import_module(f"{config.name}.backup"), "SECTIONS", [])
    by_name = {section.name: section for section in found}
    ordered: list = []

    def visit(section, path: tuple[str, ...] = ()) -> None:
        if section in ordered:
            return
        if section.name in path:
            raise ValueError(f"Backup sections refer to each other: {' -> '.join(path)}.")
        for name in section.after:
            if name in by_name:  # a section of an app not installed here comes in no file
                visit(by_name[name], (*path, section.name))
        ordered.append(section)

    for section in found:
        visit(section)
    return ordered


@dataclass
class ExportContext:
    """What a section needs to write references the way the file does: users by username,
    listings by translation_key and locale (primary keys change on import)."""

    usernames: dict[int, str]
    listings: dict[int, tuple[str, str]]

    def username(self, pk: int | None) -> str | None:
        return self.usernames.get(pk) if pk else None

    def listing(self, pk: int | None) -> dict | None:
        if pk not in self.listings:
            return None
        key, locale = self.listings[pk]
        return {"translation_key": key, "locale": locale}

    value = staticmethod(json_value)


class RestoreContext:
    """What a section gets on import: users by username (missing ones noted for the summary),
    the imported listings by translation_key and locale, date parsing and the error to raise.
    A section raises ``context.error(...)`` naming the object and field; the whole import then
    rolls back."""

    def __init__(self, importer: "Importer"):
        self.importer = importer
        self.summary = importer.summary
        self.log = importer.log
        self._listings: dict | None = None

    @staticmethod
    def error(message: str) -> BackupError:
        return BackupError(message)

    def user(self, name, role: str):
        return self.importer.user(name, role)

    def listing(self, reference, where: str, required: bool = True) -> int | None:
        """The primary key of the listing that ``{"translation_key": ..., "locale": ...}``
        names; an error naming ``where`` if it is not in the file (or None if not required)."""
        if not isinstance(reference, dict):
            raise BackupError(f"{where}: expected {{'translation_key': ..., 'locale': ...}}.")
        try:
            key = uuid.UUID(str(reference.get("translation_key")))
        except ValueError as error:
            raise BackupError(f"{where}: translation_key is not a UUID.") from error
        if self._listings is None:
            self._listings = {
                (key, code): pk
                for pk, key, code in Listing.objects.values_list(
                    "pk", "translation_key", "locale__language_code"
                )
            }
        pk = self._listings.get((key, reference.get("locale")))
        if pk is None and required:
            raise BackupError(
                f"{where}: no listing {key.hex} in locale {reference.get('locale')!r} in this file."
            )
        return pk

    @staticmethod
    def datetime(value, where: str) -> datetime | None:
        return read_datetime(value, where)

    @staticmethod
    def date(value, where: str) -> date | None:
        return read_date(value, where)

    @staticmethod
    def messages(error: ValidationError) -> str:
        return error_messages(error)

    def note(self, line: str) -> None:
        """A line for the summary."""
        self.summary.notes.append(line)
