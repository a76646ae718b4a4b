"""What a section of a backup gets on import (``RestoreContext``): users by username, the
imported listings by reference, value readers and the checks every section makes of a record.
Sections of other apps (``lists``, ``partners``) speak to the backup only through it."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import models

from directory.models import Listing
from interchange.backup.document import (
    BackupError,
    error_messages,
    read_date,
    read_datetime,
    read_uuid,
)


class RestoreContext:
    """What a section gets on import: users by username (missing ones noted for the summary),
    the imported listings by translation_key and locale, date parsing, the checks of a record
    and the error to raise. A section raises ``context.error(...)`` naming the object and
    field; the whole import then rolls back."""

    def __init__(self, importer):
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
        key = read_uuid(reference.get("translation_key"), f"{where}: translation_key")
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
    def uuid(value, what: str):
        return read_uuid(value, what)

    @staticmethod
    def messages(error: ValidationError) -> str:
        return error_messages(error)

    @staticmethod
    def object(value, where: str) -> dict:
        """``value`` if it is a JSON object, else the error a record of the wrong type gets."""
        if not isinstance(value, dict):
            raise BackupError(f"{where}: expected an object.")
        return value

    @staticmethod
    def known(record: dict, names, where: str) -> None:
        """Refuse a record holding fields other than ``names`` (a file of another version, or
        a typing mistake, must not be half-read)."""
        unknown = set(record) - set(names)
        if unknown:
            raise BackupError(f"{where}: unknown fields {', '.join(sorted(unknown))}.")

    @staticmethod
    def clean(instance: models.Model, where: str, exclude=()) -> None:
        """The model's own validation (uniqueness is the database's), as an error saying where."""
        try:
            instance.full_clean(exclude=list(exclude), validate_unique=False)
        except ValidationError as error:
            raise BackupError(f"{where}: {error_messages(error)}") from error

    def note(self, line: str) -> None:
        """A line for the summary."""
        self.summary.notes.append(line)
