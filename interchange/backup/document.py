"""The backup file's shape: its format and version, the vocabularies and listing fields it
holds, and reading its values back (dates, times, JSON) with errors that say where."""

import uuid
from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from directory.models import (
    BarAdmission,
    Country,
    FundType,
    Industry,
    Language,
    Listing,
    Phone,
    State,
    Topic,
)

FORMAT = "amparo-directory"
VERSION = 2
READABLE_VERSIONS = (1, 2)  # version 1: locales, taxonomies and listings only

# Vocabulary name in the file -> term model, and each model's extra fields.
VOCABULARIES = {
    "topics": Topic,
    "languages": Language,
    "industries": Industry,
    "fund_types": FundType,
    "countries": Country,
    "states": State,
}
TERM_EXTRA_FIELDS = {Topic: ("group",), State: ("fips",)}
# Listing many-to-many -> vocabulary (service_counties is FIPS codes).
LISTING_TERMS = {
    "languages": "languages",
    "interpretation_languages": "languages",
    "topics": "topics",
    "industries": "industries",
    "fund_types": "fund_types",
    "service_states": "states",
}
# Fields of the listing as a whole, not of one revision: kept at the record's top level.
RECORD_FIELDS = {
    "id",
    "kind",
    "translation_key",
    "locale",
    "latest_revision",
    "live_revision",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    "last_verified",
    "verified_by",
}
CHILDREN = {
    "phones": (Phone, ("number", "extension", "type", "hours", "emergency")),
    "bar_admissions": (BarAdmission, ("state", "bar_number", "status", "checked_on")),
}
CHUNK = 100  # listings per bulk write (and per progress line)


class BackupError(Exception):
    """A file that cannot be imported; the message says where and why."""


def plain_fields() -> list[models.Field]:
    """The listing's own columns that a revision carries (text, choices, flags, dates)."""
    return [
        f
        for f in Listing._meta.concrete_fields
        if f.name not in RECORD_FIELDS and not f.is_relation
    ]


def json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _read(value, where: str, parse, what: str):
    """``value`` parsed (None when empty), else an error saying it is not ``what``."""
    if value in (None, ""):
        return None
    parsed = parse(value) if isinstance(value, str) else None
    if parsed is None:
        raise BackupError(f"{where}: {value!r} is not {what}.")
    return parsed


def read_datetime(value, where: str) -> datetime | None:
    parsed = _read(value, where, parse_datetime, "an ISO 8601 date and time")
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def read_uuid(value, what: str) -> uuid.UUID:
    """``value`` as a UUID; ``what`` names it in the error ("listing #3: translation_key")."""
    try:
        return uuid.UUID(str(value))
    except ValueError as error:
        raise BackupError(f"{what} is not a UUID.") from error


def read_date(value, where: str) -> date | None:
    return _read(value, where, parse_date, "an ISO 8601 date")


def error_messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)
