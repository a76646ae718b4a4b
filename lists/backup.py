"""Organizations, their trusted lists and the lists' published editions in a directory backup
(``manage.py export_directory``; interchange/backup/ iterates ``SECTIONS``).

One entry per organization, with its staff (usernames), its lists, each list's draft entries
(the listing by ``translation_key`` and locale) and its editions with their frozen entries. An
edition's entries name listings by UID only, and may name one deleted since (the edition is
history and prints it as withdrawn), so an unknown UID there is kept; a draft entry must name a
listing of the file.

Published editions can never be changed or deleted (lists/migrations/0002 makes the database
refuse), so ``--replace`` cannot empty a database that has some: it deletes the organizations
and lists that have none, and the file's organizations, lists and editions are then matched by
slug and number. An edition already here must be exactly the file's, or nothing is imported.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import models

from lists.models import Edition, EditionEntry, ListEntry, Organization, TrustedList

ORGANIZATION_FIELDS = ("slug", "name", "kind", "website")
LIST_FIELDS = ("slug", "title", "description")
EDITION_FIELDS = ("number", "published_at", "published_by", "title", "description")
FROZEN_FIELDS = ("position", "translation_key", "note", "name", "kind", "slug")


def _objects(value, where: str, context) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise context.error(f"{where}: expected a list.")
    return value


def _texts(instance: models.Model, name: str, value, where: str, context) -> dict:
    """A curator's text per language, checked as the admin's form checks it."""
    if value is None:
        value = {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise context.error(f"{where}: field {name!r}: expected {{language: text}}.")
    model_field = instance._meta.get_field(name)
    if hasattr(model_field, "formfield") and hasattr(model_field, "text_max_length"):
        try:
            model_field.formfield().validate(value)
        except ValidationError as error:
            raise context.error(f"{where}: field {name!r}: {context.messages(error)}") from error
    return value


class OrganizationSection:
    name = "organizations"
    after = ()

    # Export

    def export(self, context) -> list[dict]:
        staff = {}
        for organization_id, user_id in Organization.staff.through.objects.values_list(
            "organization_id", "user_id"
        ):
            staff.setdefault(organization_id, []).append(context.username(user_id))
        entries, frozen = {}, {}
        for entry in ListEntry.objects.order_by("trusted_list_id", "sort_order", "pk"):
            entries.setdefault(entry.trusted_list_id, []).append(
                {
                    "listing": context.listing(entry.listing_id),
                    "note": entry.note,
                    "sort_order": entry.sort_order,
                }
            )
        for entry in EditionEntry.objects.order_by("edition_id", "position"):
            frozen.setdefault(entry.edition_id, []).append(
                {name: context.value(getattr(entry, name)) for name in FROZEN_FIELDS}
            )
        editions = {}
        for edition in Edition.objects.order_by("trusted_list_id", "number"):
            editions.setdefault(edition.trusted_list_id, []).append(
                {
                    **{name: context.value(getattr(edition, name)) for name in EDITION_FIELDS},
                    "entries": frozen.get(edition.pk, []),
                }
            )
        lists = {}
        for trusted_list in TrustedList.objects.order_by("organization_id", "slug", "pk"):
            lists.setdefault(trusted_list.organization_id, []).append(
                {
                    **{name: getattr(trusted_list, name) for name in LIST_FIELDS},
                    "created_at": context.value(trusted_list.created_at),
                    "updated_at": context.value(trusted_list.updated_at),
                    "entries": entries.get(trusted_list.pk, []),
                    "editions": editions.get(trusted_list.pk, []),
                }
            )
        return [
            {
                **{name: getattr(organization, name) for name in ORGANIZATION_FIELDS},
                "staff": sorted(name for name in staff.get(organization.pk, []) if name),
                "lists": lists.get(organization.pk, []),
            }
            for organization in Organization.objects.order_by("slug")
        ]

    # Import

    def existing(self) -> int:
        return Organization.objects.count()

    def clear(self, context) -> None:
        ListEntry.objects.all().delete()
        TrustedList.objects.filter(editions__isnull=True).delete()
        Organization.objects.filter(lists__isnull=True).delete()
        kept = TrustedList.objects.count()
        if kept:
            context.note(
                f"Kept {kept} trusted lists that have published editions (never deleted); the "
                "file's lists are matched to them by organization and slug."
            )

    def restore(self, records: list, context) -> None:
        counts = {"organizations": 0, "lists": 0, "editions": 0, "kept": 0}
        seen = set()
        for index, record in enumerate(records):
            record = context.object(record, f"organizations[{index}]")
            where = f"organization {record.get('slug') or index!r}"
            context.known(record, (*ORGANIZATION_FIELDS, "staff", "lists"), where)
            if record.get("slug") in seen:
                raise context.error(f"{where}: field 'slug' repeats another organization's.")
            seen.add(record.get("slug"))
            organization = Organization.objects.filter(slug=record.get("slug")).first()
            organization = organization or Organization()
            for name in ORGANIZATION_FIELDS:
                setattr(organization, name, record.get(name) or "")
            context.clean(organization, where)
            organization.save()
            staff = []
            for name in _objects(record.get("staff"), f"{where}: field 'staff'", context):
                if not isinstance(name, str):
                    raise context.error(f"{where}: field 'staff': {name!r} is not a username.")
                user = context.user(name, "organization staff")
                if user is not None:
                    staff.append(user)
            organization.staff.set(staff)
            counts["organizations"] += 1
            lists = _objects(record.get("lists"), f"{where}: field 'lists'", context)
            slugs = set()
            for number, item in enumerate(lists):
                item = context.object(item, f"{where}: lists[{number}]")
                list_where = f"list {organization.slug}/{item.get('slug') or number}"
                if item.get("slug") in slugs:
                    raise context.error(f"{list_where}: field 'slug' repeats another list's.")
                slugs.add(item.get("slug"))
                self.restore_list(organization, item, list_where, context, counts)
        line = (
            f"Organizations: {counts['organizations']}, with {counts['lists']} trusted lists "
            f"and {counts['editions']} editions"
        )
        if counts["kept"]:
            line += f" ({counts['kept']} already here and identical, kept)"
        context.note(line + ".")

    def restore_list(self, organization, item: dict, where: str, context, counts) -> None:
        context.known(
            item, (*LIST_FIELDS, "created_at", "updated_at", "entries", "editions"), where
        )
        trusted_list = TrustedList.objects.filter(
            organization=organization, slug=item.get("slug")
        ).first() or TrustedList(organization=organization)
        trusted_list.slug = item.get("slug") or ""
        for name in ("title", "description"):
            setattr(trusted_list, name, _texts(trusted_list, name, item.get(name), where, context))
        context.clean(trusted_list, where, exclude=("organization",))
        trusted_list.save()
        dates = {
            name: context.datetime(item.get(name), f"{where}: field {name!r}")
            for name in ("created_at", "updated_at")
        }
        dates = {name: value for name, value in dates.items() if value}
        if dates:  # auto_now(_add) set them on save
            TrustedList.objects.filter(pk=trusted_list.pk).update(**dates)
        counts["lists"] += 1
        self.restore_entries(trusted_list, item, where, context)
        self.restore_editions(trusted_list, item, where, context, counts)

    def restore_entries(self, trusted_list, item: dict, where: str, context) -> None:
        """The list's draft entries, replacing those here."""
        entries = []
        for number, entry in enumerate(_objects(item.get("entries"), f"{where}: entries", context)):
            entry_where = f"{where}: entries[{number}]"
            entry = context.object(entry, entry_where)
            context.known(entry, ("listing", "note", "sort_order"), entry_where)
            pk = context.listing(entry.get("listing"), f"{entry_where}: field 'listing'")
            sort_order = entry.get("sort_order", number)
            if not isinstance(sort_order, int) or isinstance(sort_order, bool):
                raise context.error(f"{entry_where}: field 'sort_order' must be a whole number.")
            row = ListEntry(trusted_list=trusted_list, listing_id=pk, sort_order=sort_order)
            row.translation_key = uuid.UUID(entry["listing"]["translation_key"])
            row.note = _texts(row, "note", entry.get("note"), entry_where, context)
            entries.append(row)
        trusted_list.entries.all().delete()
        ListEntry.objects.bulk_create(entries)

    def restore_editions(self, trusted_list, item: dict, where: str, context, counts) -> None:
        """The list's editions: new ones written, those here kept if identical (never changed)."""
        editions = _objects(item.get("editions"), f"{where}: editions", context)
        existing = {edition.number: edition for edition in trusted_list.editions.all()}
        numbers = set()
        for number, record in enumerate(editions):
            record = context.object(record, f"{where}: editions[{number}]")
            edition_where = f"{where} edition {record.get('number', f'#{number}')}"
            context.known(record, (*EDITION_FIELDS, "entries"), edition_where)
            edition = self.build_edition(trusted_list, record, edition_where, context)
            if edition.number in numbers:
                raise context.error(f"{edition_where}: field 'number' repeats another edition's.")
            numbers.add(edition.number)
            frozen = self.build_entries(record, edition_where, context)
            here = existing.get(edition.number)
            if here is not None:
                if self.content(here, list(here.entries.order_by("position"))) != self.content(
                    edition, frozen
                ):
                    raise context.error(
                        f"{edition_where}: this database has a different edition "
                        f"{edition.number} of this list, and a published edition is never "
                        "changed."
                    )
                counts["kept"] += 1
                continue
            edition.save()
            for entry in frozen:
                entry.edition = edition
            EditionEntry.objects.bulk_create(frozen)
            counts["editions"] += 1

    def build_edition(self, trusted_list, record: dict, where: str, context) -> Edition:
        number = record.get("number")
        if not isinstance(number, int) or isinstance(number, bool) or number < 1:
            raise context.error(f"{where}: field 'number' must be a whole number from 1.")
        edition = Edition(
            trusted_list=trusted_list,
            number=number,
            published_by=record.get("published_by") or "",
        )
        edition.published_at = context.datetime(
            record.get("published_at"), f"{where}: field 'published_at'"
        )
        if edition.published_at is None:
            raise context.error(f"{where}: field 'published_at' is missing.")
        for name in ("title", "description"):
            value = record.get(name) or {}
            if not isinstance(value, dict):
                raise context.error(f"{where}: field {name!r}: expected {{language: text}}.")
            setattr(edition, name, value)
        context.clean(edition, where, exclude=("trusted_list",))
        return edition

    def build_entries(self, record: dict, where: str, context) -> list[EditionEntry]:
        entries, positions = [], set()
        for number, item in enumerate(
            _objects(record.get("entries"), f"{where}: entries", context)
        ):
            entry_where = f"{where}: entries[{number}]"
            item = context.object(item, entry_where)
            context.known(item, FROZEN_FIELDS, entry_where)
            try:
                key = uuid.UUID(str(item.get("translation_key")))
            except ValueError as error:
                raise context.error(
                    f"{entry_where}: field 'translation_key' is not a listing UID."
                ) from error
            # An edition may name a listing deleted since: it is history, printed as withdrawn.
            entry = EditionEntry(
                position=item.get("position", number),
                translation_key=key,
                note=item.get("note") or {},
                name=item.get("name") or "",
                kind=item.get("kind") or "",
                slug=item.get("slug") or "",
            )
            context.clean(entry, entry_where, exclude=("edition",))
            if entry.position in positions:
                raise context.error(f"{entry_where}: field 'position' repeats another entry's.")
            positions.add(entry.position)
            entries.append(entry)
        return entries

    @staticmethod
    def content(edition: Edition, entries: list[EditionEntry]) -> tuple:
        return (
            edition.number,
            edition.published_at,
            edition.published_by,
            edition.title,
            edition.description,
            [tuple(getattr(entry, name) for name in FROZEN_FIELDS) for entry in entries],
        )


SECTIONS = [OrganizationSection()]
