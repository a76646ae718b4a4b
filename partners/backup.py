"""Partner API keys in a directory backup (``manage.py export_directory``; interchange/backup/
iterates ``SECTIONS``).

Only what the database holds is written: the prefix and the SHA-256 hash of the key, never a
key (there is none to write: the full key exists only in the answer to the admin who made it).
Restored, the same hash accepts the same key, so partners keep working. The organization a key
belongs to is named by its slug (the ``organizations`` section comes first). This module imports
neither ``directory`` nor ``lists``: it gets users, errors and organizations through the context
and the model's own relation.
"""

import re

from partners.models import PartnerKey

FIELDS = ("name", "organization_name", "tier", "allowed_origins", "rate_limit", "active")
PREFIX_RE = re.compile(r"^[0-9a-f]{8}$")
HASH_RE = re.compile(r"^[0-9a-f]{64}$")  # hash_key(): SHA-256, hex
KNOWN = {*FIELDS, "organization", "created", "last_used", "prefix", "hashed_key"}


class PartnerKeySection:
    name = "partner_keys"
    after = ("organizations",)

    def export(self, context) -> list[dict]:
        return [
            {
                **{name: getattr(key, name) for name in FIELDS},
                "organization": key.organization.slug if key.organization_id else None,
                "created": context.value(key.created),
                "last_used": context.value(key.last_used),
                "prefix": key.prefix,
                "hashed_key": key.hashed_key,
            }
            for key in PartnerKey.objects.select_related("organization").order_by("prefix")
        ]

    def existing(self) -> int:
        return PartnerKey.objects.count()

    def clear(self, context) -> None:
        PartnerKey.objects.all().delete()

    def restore(self, records: list, context) -> None:
        keys, prefixes = [], set()
        for index, record in enumerate(records):
            key, created = self.key(index, record, context, prefixes)
            keys.append((key, created))
        PartnerKey.objects.bulk_create([key for key, _created in keys])
        for key, created in keys:
            if created:  # auto_now_add set it to now
                PartnerKey.objects.filter(prefix=key.prefix).update(created=created)
        if records:
            context.note(f"API keys: {len(keys)} (their hashes; the keys themselves still work).")

    def key(self, index: int, record, context, prefixes: set) -> tuple[PartnerKey, object]:
        """One key of the file, checked, unsaved (its prefix added to ``prefixes``, the
        keys' before it); and when it was created."""
        context.object(record, f"partner_keys[{index}]")
        where = f"API key {record.get('name') or index!r} (prefix {record.get('prefix')!r})"
        context.known(record, KNOWN, where)
        prefix, hashed = record.get("prefix"), record.get("hashed_key")
        if not isinstance(prefix, str) or not PREFIX_RE.match(prefix):
            raise context.error(f"{where}: field 'prefix' must be 8 hex digits.")
        if prefix in prefixes:
            raise context.error(f"{where}: field 'prefix' repeats another key's.")
        prefixes.add(prefix)
        if not isinstance(hashed, str) or not HASH_RE.match(hashed):
            raise context.error(
                f"{where}: field 'hashed_key' must be a SHA-256 hash (64 hex digits)."
            )
        key = PartnerKey(prefix=prefix, hashed_key=hashed)
        for name in FIELDS:
            if name in record:
                setattr(key, name, record[name])
        key.organization = self.organization(record.get("organization"), where, context)
        key.last_used = context.date(record.get("last_used"), f"{where}: field 'last_used'")
        created = context.datetime(record.get("created"), f"{where}: field 'created'")
        context.clean(key, where, exclude=("organization",))
        return key, created

    @staticmethod
    def organization(slug, where: str, context):
        """The organization the key belongs to, by slug (restored before the keys), or None."""
        if not slug:
            return None
        organizations = PartnerKey._meta.get_field("organization").related_model.objects
        organization = organizations.filter(slug=slug).first()
        if organization is None:
            raise context.error(
                f"{where}: field 'organization': no organization {slug!r} in this file."
            )
        return organization


SECTIONS = [PartnerKeySection()]
