"""Stable HSDS ids. HSDS ids are strings, in practice UUIDs; ours are derived, never stored, so
they are the same on every request, in every language and in every database holding the same
listings (a listing's UID, its wagtail-localize ``translation_key``, travels with it).

- A service's id is the listing's UID itself: the same UUID the rest of the API calls ``UID``.
- The organization, location and service_at_location a listing yields have ids that must be
  looked up again (their endpoints take them): the UID XOR a fixed mask per kind of object,
  derived from uuid5 of the project's namespace. The mask leaves the version and variant bits
  alone, so the result is a valid UUID, and the mapping is reversible: a lookup by id is one
  indexed query, not a scan.
- Everything else (phones, languages, schedules, service areas, cost options, attributes,
  addresses, taxonomies and their terms) is uuid5 over the namespace and a key naming what it
  is, e.g. ``taxonomy_term:topics:u-visa`` or ``phone:<uid>:+19735550142::main``.
"""

import uuid

NAMESPACE = uuid.UUID("6f1d3c2e-8a4b-5c7d-9e0f-a1b2c3d4e5f6")

# The version nibble (bits 76-79) and the variant bits (62-63) of a UUID.
_FIXED_BITS = (0xF << 76) | (0x3 << 62)
_MASKED = ("organization", "location", "service_at_location")
_MASKS = {name: uuid.uuid5(NAMESPACE, name).int & ~_FIXED_BITS for name in _MASKED}


def parse(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(text))
    except (ValueError, TypeError, AttributeError):
        return None


def service_id(uid: uuid.UUID) -> str:
    return str(uid)


def masked_id(entity: str, uid: uuid.UUID) -> str:
    """The id of the organization, location or service_at_location of the listing ``uid``."""
    return str(uuid.UUID(int=uid.int ^ _MASKS[entity]))


def unmask(entity: str, text: str) -> uuid.UUID | None:
    """The listing UID behind an organization, location or service_at_location id."""
    value = parse(text)
    return None if value is None else uuid.UUID(int=value.int ^ _MASKS[entity])


def derived_id(*parts) -> str:
    """uuid5 over the namespace and the parts, joined by colons."""
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


def taxonomy_id(vocabulary: str) -> str:
    return derived_id("taxonomy", vocabulary)


def term_id(vocabulary: str, token: str) -> str:
    return derived_id("taxonomy_term", vocabulary, token)
