"""A list's draft entries replaced at once, as the write API's curators send them: in order,
each a public listing's UID and an optional note per language. What the admin's list form
checks (a public listing in the default language, a note of at most 500 characters, no listing
twice) is checked here for each entry, so a refused list changes nothing."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.log_actions import log

from directory.models import Listing
from directory.models.taxonomy import default_language_code
from lists.models import ListEntry, TrustedList

NOTE_MAX_LENGTH = 500


def note_texts(note, language: str) -> dict:
    """A note as the field keeps it: ``{"en": "...", "es": "..."}``; a string is in
    ``language``."""
    if note in (None, ""):
        return {}
    if isinstance(note, str):
        note = {language: note}
    if not isinstance(note, dict) or not all(isinstance(v, str) for v in note.values()):
        raise ValidationError("A note is a text, or an object of texts by language code.")
    known = {code for code, _name in settings.LANGUAGES}
    unknown = sorted(set(note) - known)
    if unknown:
        raise ValidationError(f"No such language: {', '.join(unknown)}.")
    if any(len(text) > NOTE_MAX_LENGTH for text in note.values()):
        raise ValidationError(f"A note has at most {NOTE_MAX_LENGTH} characters.")
    return {code: text.strip() for code, text in note.items() if text.strip()}


def parse(entries: list, language: str) -> list[tuple[uuid.UUID, dict]]:
    """The entries as (UID, note texts); ValidationError naming ``entries[i].field``."""
    errors, parsed = {}, []
    for index, entry in enumerate(entries):
        where = f"entries[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("uid"), str):
            errors[f"{where}.uid"] = ['Each entry is {"uid", "note"?} with a listing\'s UID.']
            continue
        try:
            key = uuid.UUID(hex=entry["uid"])
            parsed.append((key, note_texts(entry.get("note"), language)))
        except ValueError:
            errors[f"{where}.uid"] = ["This is not a listing's UID (32 hexadecimal digits)."]
        except ValidationError as error:
            errors[f"{where}.note"] = error.messages
        if set(entry) - {"uid", "note"}:
            errors[f"{where}"] = ["An entry has only uid and note."]
    if errors:
        raise ValidationError(errors)
    return parsed


def replace_entries(trusted_list: TrustedList, entries: list, language: str, user) -> None:
    parsed = parse(entries, language)
    keys = [key for key, _note in parsed]
    listings = {
        row.translation_key: row
        for row in Listing.objects.public().filter(
            locale__language_code=default_language_code(), translation_key__in=keys
        )
    }
    errors = {}
    for index, key in enumerate(keys):
        if key not in listings:
            errors[f"entries[{index}].uid"] = ["No public listing has this UID."]
        elif keys.index(key) != index:
            errors[f"entries[{index}].uid"] = ["This listing is already on the list."]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        trusted_list.entries.all().delete()
        ListEntry.objects.bulk_create(
            ListEntry(
                trusted_list=trusted_list,
                listing=listings[key],
                translation_key=key,
                note=note,
                sort_order=position,
            )
            for position, (key, note) in enumerate(parsed)
        )
        trusted_list.save(update_fields=["updated_at"])
        log(instance=trusted_list, action="wagtail.edit", user=user)
