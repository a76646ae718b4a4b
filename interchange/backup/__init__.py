"""A backup of the directory as one JSON document: ``manage.py export_directory`` and
``import_directory``.

The file holds the locales, every taxonomy term (all vocabularies, every locale's row, keyed by
``translation_key`` and token) and every listing row (every locale, live or draft) with its
phones, bar admissions, terms (as tokens), service area (state tokens, county FIPS), translation
link (``translation_key`` + locale), publication state and dates, vetting stamp (``verified_by``
as a username), the content of its unpublished draft when it has one, and the Vetting workflow
it is waiting in, if any.

Version 2 adds *sections* that other apps contribute: an app's ``backup`` module (found by
name, like ``admin`` modules) lists ``SECTIONS``, objects with a ``name`` (their key in the file),
``after`` (the sections they refer to), ``export(context)``, ``existing()``, ``clear(context)``
and ``restore(records, context)``. This module iterates them, so ``directory`` imports no app
above it (``lists`` for organizations and trusted lists, ``partners`` for API keys); its own
suggestions and import history are two sections at the end of this module. Sections name users,
listings and errors only through the context they are given, so the whole of it can move to an
app of its own. Version 1 files (no sections) are still read.

Not in the file: users (names only, mapped back by username), the revision history beyond the
live content and the latest draft, finished/rejected workflow runs, locks, the audit log,
wagtail-localize's translation memory (sources, segments, string translations), counties (Census
reference data every database has), CMS pages, the text of uploaded CSV files and the contact of
closed suggestions. docs/architecture.md, *Backups*, says why.

Import writes with bulk inserts inside one transaction, so it also does what signals would have
done: indexes the listings for search, updates Wagtail's reference index and bumps
PublicVersion. Any error rolls everything back and names the listing (index, slug, locale) and
the field.
"""

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext
from wagtail.models import (
    Locale,
    ReferenceIndex,
    Revision,
    Task,
    TaskState,
    Workflow,
    WorkflowState,
)

from directory.models import (
    KIND_MODELS,
    BarAdmission,
    Country,
    County,
    FundType,
    ImportJob,
    Industry,
    Language,
    Listing,
    Phone,
    PublicVersion,
    State,
    Suggestion,
    Topic,
)
from interchange import bulk

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


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _datetime(value, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    parsed = parse_datetime(value) if isinstance(value, str) else None
    if parsed is None:
        raise BackupError(f"{where}: {value!r} is not an ISO 8601 date and time.")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def _date(value, where: str) -> date | None:
    if value in (None, ""):
        return None
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        raise BackupError(f"{where}: {value!r} is not an ISO 8601 date.")
    return parsed


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

    value = staticmethod(_json_value)


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
        return _datetime(value, where)

    @staticmethod
    def date(value, where: str) -> date | None:
        return _date(value, where)

    @staticmethod
    def messages(error: ValidationError) -> str:
        return _messages(error)

    def note(self, line: str) -> None:
        """A line for the summary."""
        self.summary.notes.append(line)


# Export ---------------------------------------------------------------------------------------


def export_data(log: Callable[[str], None] = lambda message: None) -> dict:
    """The whole directory as one JSON-ready dict."""
    locales = {locale.pk: locale.language_code for locale in Locale.objects.all()}
    tokens = {
        model: dict(model.objects.values_list("pk", "token")) for model in VOCABULARIES.values()
    }
    listing_type = ContentType.objects.get_for_model(Listing)
    revision_dates = {
        row["object_id"]: (row["first"], row["last"])
        for row in Revision.objects.filter(base_content_type=listing_type)
        .values("object_id")
        .annotate(first=Min("created_at"), last=Max("created_at"))
        .order_by()
    }
    workflows = {
        state.object_id: state
        for state in WorkflowState.objects.filter(
            base_content_type=listing_type, status=WorkflowState.STATUS_IN_PROGRESS
        ).select_related("workflow", "requested_by", "current_task_state__task")
    }
    usernames = dict(get_user_model().objects.values_list("pk", get_user_model().USERNAME_FIELD))
    queryset = (
        Listing.objects.order_by("pk")
        .annotate(live_revision_created=models.F("live_revision__created_at"))
        .prefetch_related("phones", "bar_admissions", "service_counties", *LISTING_TERMS)
    )
    listings = []
    total = queryset.count()
    for number, listing in enumerate(queryset.iterator(chunk_size=500), 1):
        first, last = revision_dates.get(str(listing.pk), (None, None))
        record = {
            "kind": listing.kind,
            "translation_key": str(listing.translation_key),
            "locale": locales[listing.locale_id],
            "slug": listing.slug,
            "name": listing.name,
            "status": listing.status,
            "live": listing.live,
            "has_unpublished_changes": listing.has_unpublished_changes,
            "first_published_at": _json_value(listing.first_published_at),
            "last_published_at": _json_value(listing.last_published_at),
            "go_live_at": _json_value(listing.go_live_at),
            "expire_at": _json_value(listing.expire_at),
            "expired": listing.expired,
            "created": _json_value(first),
            "modified": _json_value(last),
            "live_revision_created": _json_value(listing.live_revision_created),
            "last_verified": _json_value(listing.last_verified),
            "verified_by": usernames.get(listing.verified_by_id),
            "fields": listing_fields(listing, tokens),
            "draft": None,
            "workflow": None,
        }
        if listing.has_unpublished_changes and listing.latest_revision_id:
            revision = Revision.objects.get(pk=listing.latest_revision_id)
            draft = revision.as_object()
            fields = listing_fields(draft, tokens)
            if fields != record["fields"] or not listing.live:
                record["draft"] = {
                    "created_at": _json_value(revision.created_at),
                    "user": usernames.get(revision.user_id),
                    "fields": fields,
                }
        state = workflows.get(str(listing.pk))
        if state is not None:
            task_state = state.current_task_state
            record["workflow"] = {
                "workflow": state.workflow.name,
                "task": task_state.task.name if task_state else None,
                "status": state.status,
                "requested_by": usernames.get(state.requested_by_id),
                "created_at": _json_value(state.created_at),
            }
        listings.append(record)
        if number % 500 == 0:
            log(f"  exported {number}/{total} listings")
    context = ExportContext(
        usernames,
        {
            pk: (str(key), locales[locale])
            for pk, key, locale in Listing.objects.values_list("pk", "translation_key", "locale_id")
        },
    )
    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "default_locale": Locale.get_default().language_code,
        "locales": sorted(locales.values()),
        "counts": {
            "listings": len(listings),
            "terms": sum(model.objects.count() for model in VOCABULARIES.values()),
        },
        "taxonomies": {name: export_terms(model, locales) for name, model in VOCABULARIES.items()},
        "listings": listings,
    }
    for section in sections():
        data[section.name] = section.export(context)
        data["counts"][section.name] = len(data[section.name])
    return data


def export_terms(model, locales: dict[int, str]) -> list[dict]:
    """One entry per term (translation_key): its canonical token and each locale's row."""
    default = Locale.get_default().pk
    extra = TERM_EXTRA_FIELDS.get(model, ())
    groups: dict[uuid.UUID, dict] = {}
    for term in model.objects.order_by("sort_order", "token", "locale_id"):
        group = groups.setdefault(
            term.translation_key, {"translation_key": str(term.translation_key), "rows": {}}
        )
        if term.locale_id == default or "token" not in group:
            group["token"] = term.token
        group["rows"][locales[term.locale_id]] = {
            "token": term.token,
            "title": term.title,
            "sort_order": term.sort_order,
            **{name: getattr(term, name) for name in extra},
        }
    return [
        {"token": g["token"], "translation_key": g["translation_key"], "rows": g["rows"]}
        for g in groups.values()
    ]


def listing_fields(listing: Listing, tokens: dict) -> dict:
    """A listing's content, as a revision holds it, with terms as tokens and counties as FIPS.
    Works for rows (prefetched) and for revisions' in-memory objects alike."""
    data = {f.name: _json_value(f.value_from_object(listing)) for f in plain_fields()}
    data["county"] = listing.county_id
    data["country"] = tokens[Country].get(listing.country_id) if listing.country_id else None
    for name, vocabulary in LISTING_TERMS.items():
        model = VOCABULARIES[vocabulary]
        values = [tokens[model].get(term.pk) for term in getattr(listing, name).all()]
        data[name] = [token for token in values if token]
    data["service_counties"] = sorted(county.pk for county in listing.service_counties.all())
    for relation, (_model, names) in CHILDREN.items():
        children = sorted(
            getattr(listing, relation).all(), key=lambda c: (c.sort_order is None, c.sort_order)
        )
        data[relation] = [
            {name: _json_value(getattr(child, name)) for name in names} for child in children
        ]
    return data


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)


# Import ---------------------------------------------------------------------------------------


@dataclass
class Summary:
    listings: int = 0
    by_locale: Counter = field(default_factory=Counter)
    live: int = 0
    drafts: int = 0
    workflows: int = 0
    deleted: int = 0
    terms_created: int = 0
    terms_updated: int = 0
    locales_created: list[str] = field(default_factory=list)
    # username -> the fields that named them (verified_by, staff, closed_by, ...)
    missing_users: dict[str, set[str]] = field(default_factory=dict)
    skipped_workflows: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the sections' lines

    def lines(self) -> list[str]:
        locales = ", ".join(f"{code} {n}" for code, n in sorted(self.by_locale.items()))
        lines = [
            f"Imported {self.listings} listings ({locales or 'none'}): {self.live} live, "
            f"{self.drafts} with an unpublished draft, {self.workflows} back in vetting.",
            f"Taxonomy terms: {self.terms_created} created, {self.terms_updated} updated.",
        ]
        if self.deleted:
            lines.insert(0, f"Deleted {self.deleted} existing listings (--replace).")
        if self.locales_created:
            lines.append(f"Locales created: {', '.join(self.locales_created)}.")
        lines += self.notes
        if self.missing_users:
            lines.append(
                "Users not found here (left empty where the file names them): "
                + ", ".join(
                    f"{name} ({', '.join(sorted(roles))})"
                    for name, roles in sorted(self.missing_users.items())
                )
                + "."
            )
        if self.skipped_workflows:
            lines.append(
                "Not put back in vetting (workflow or task missing here; they are drafts): "
                + ", ".join(self.skipped_workflows)
                + "."
            )
        return lines


def loads(text: str) -> dict:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BackupError(
            f"Not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise BackupError(f"Not an Amparo directory backup: format is {found!r}, not {FORMAT!r}.")
    if data.get("version") not in READABLE_VERSIONS:
        raise BackupError(
            f"Backup format version {data.get('version')!r} is not supported (this Amparo reads "
            f"versions {', '.join(map(str, READABLE_VERSIONS))})."
        )
    for key, kind in (("locales", list), ("taxonomies", dict), ("listings", list)):
        if not isinstance(data.get(key), kind):
            raise BackupError(f"{key!r} is missing or not a JSON {kind.__name__}.")
    return data


class Importer:
    def __init__(self, data: dict, log: Callable[[str], None] = lambda message: None):
        self.data = data
        self.log = log
        self.summary = Summary()
        self.users: dict[str, object] = {}

    def run(self, replace: bool = False, dry_run: bool = False) -> Summary:
        # A version 1 file has no sections: what they hold here is left as it is.
        held = [section for section in sections() if section.name in self.data]
        for section in held:
            if not isinstance(self.data[section.name], list):
                raise BackupError(f"{section.name!r} is not a JSON list.")
        with transaction.atomic():
            existing = Listing.objects.count()
            others = {section.name: section.existing() for section in held}
            found = [f"{existing} listings"] if existing else []
            found += [f"{n} {name.replace('_', ' ')}" for name, n in others.items() if n]
            if found and not replace:
                raise BackupError(
                    f"The database already has {', '.join(found)}. Import restores into an "
                    "empty directory; --replace deletes the existing ones first."
                )
            for section in reversed(held):
                if others[section.name]:
                    section.clear(RestoreContext(self))
            if existing:
                self.log(f"Deleting {existing} existing listings...")
                Listing.objects.all().delete()
                self.summary.deleted = existing
            self.locales = self.import_locales()
            self.default_locale = Locale.get_default()
            self.terms = {model: self.import_terms(name, model) for name, model in self._vocabs()}
            self.counties = County.objects.in_bulk()
            self.load_users()
            imported = self.import_listings()
            self.index(imported)
            context = RestoreContext(self)
            for section in held:
                try:
                    with transaction.atomic():
                        section.restore(self.data[section.name], context)
                except IntegrityError as error:
                    raise BackupError(
                        f"{section.name}: the database refused them: {error}"
                    ) from error
            PublicVersion.bump()  # bulk writes send no signals
            if dry_run:
                transaction.set_rollback(True)
        return self.summary

    # Locales, users, terms

    def import_locales(self) -> dict[str, Locale]:
        configured = {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        for code in self.data["locales"]:
            if code in locales:
                continue
            if code not in configured:
                raise BackupError(
                    f"locales: {code!r} is not a content language of this site "
                    f"(WAGTAIL_CONTENT_LANGUAGES: {', '.join(sorted(configured))})."
                )
            locales[code] = Locale.objects.create(language_code=code)
            self.summary.locales_created.append(code)
        return locales

    def load_users(self) -> None:
        names = set(self.users)
        for record in self.data["listings"]:
            if isinstance(record, dict):
                names.add(record.get("verified_by"))
                names.add((record.get("draft") or {}).get("user"))
                names.add((record.get("workflow") or {}).get("requested_by"))
        names.discard(None)
        User = get_user_model()
        self.users = {
            user.get_username(): user
            for user in User.objects.filter(**{f"{User.USERNAME_FIELD}__in": names})
        }

    def user(self, name, role: str = ""):
        if not name:
            return None
        if not isinstance(name, str):
            raise BackupError(f"{role or 'user'}: a username is a string, not {name!r}.")
        if name in self.summary.missing_users:
            self.summary.missing_users[name].add(role or "user")
            return None
        if name not in self.users:
            User = get_user_model()
            found = User.objects.filter(**{User.USERNAME_FIELD: name}).first()
            if found is None:
                self.summary.missing_users.setdefault(name, set()).add(role or "user")
                return None
            self.users[name] = found
        return self.users[name]

    def _vocabs(self) -> Iterator[tuple[str, type]]:
        unknown = set(self.data["taxonomies"]) - set(VOCABULARIES)
        if unknown:
            raise BackupError(f"taxonomies: unknown vocabularies {', '.join(sorted(unknown))}.")
        yield from VOCABULARIES.items()

    def import_terms(self, name: str, model) -> dict[str, object]:
        """Merge the file's terms into the seeded ones: a term is the same term when its
        translation_key or its canonical token matches. The file's titles, tokens and sort order
        win. Returns canonical (default-locale) terms by token."""
        entries = self.data["taxonomies"].get(name, [])
        extra = TERM_EXTRA_FIELDS.get(model, ())
        rows = list(model.objects.all())
        by_key_locale = {(t.translation_key, t.locale_id): t for t in rows}
        by_token_locale = {(t.token, t.locale_id): t for t in rows}
        keys = {t.translation_key for t in rows}
        to_create, to_update = [], {}
        for index, entry in enumerate(entries):
            where = f"taxonomies.{name}[{index}]"
            if not isinstance(entry, dict) or not isinstance(entry.get("rows"), dict):
                raise BackupError(f"{where}: expected an object with 'rows'.")
            try:
                key = uuid.UUID(str(entry.get("translation_key")))
            except ValueError as error:
                raise BackupError(f"{where}: translation_key is not a UUID.") from error
            where = f"taxonomies.{name} {entry.get('token')!r}"
            if key not in keys:  # a fresh database seeds the same terms with other keys
                for code, row in entry["rows"].items():
                    locale = self.locales.get(code)
                    match = locale and by_token_locale.get((row.get("token"), locale.pk))
                    if match:
                        key = match.translation_key
                        break
            for code, row in entry["rows"].items():
                if code not in self.locales:
                    raise BackupError(f"{where}: locale {code!r} is not in the file's locales.")
                locale = self.locales[code]
                values = {"token": row.get("token"), "title": row.get("title")}
                values["sort_order"] = row.get("sort_order") or 0
                values.update({name_: row.get(name_) for name_ in extra if name_ in row})
                term = by_key_locale.get((key, locale.pk))
                clash = by_token_locale.get((values["token"], locale.pk))
                if clash is not None and clash is not term:
                    raise BackupError(
                        f"{where} ({code}): token {values['token']!r} is used by another "
                        f"term here ({clash.title!r})."
                    )
                if term is None:
                    term = model(locale=locale, translation_key=key)
                    to_create.append(term)
                elif any(getattr(term, k) != v for k, v in values.items()):
                    to_update[term.pk] = term
                    by_token_locale.pop((term.token, locale.pk), None)
                for attribute, value in values.items():
                    setattr(term, attribute, value)
                try:
                    term.full_clean(exclude=["locale", "translation_key"], validate_unique=False)
                except ValidationError as error:
                    raise BackupError(f"{where} ({code}): {_messages(error)}") from error
                by_token_locale[(term.token, locale.pk)] = term
                by_key_locale[(key, locale.pk)] = term
                keys.add(key)
        model.objects.bulk_create(to_create)
        if to_update:
            model.objects.bulk_update(
                to_update.values(), ["token", "title", "sort_order", *extra], batch_size=500
            )
        self.summary.terms_created += len(to_create)
        self.summary.terms_updated += len(to_update)
        return {
            t.token: t for t in model.objects.filter(locale=Locale.get_default()).order_by("pk")
        }

    # Listings

    def import_listings(self) -> list[int]:
        records = self.data["listings"]
        total = len(records)
        seen_keys, seen_slugs, pks = {}, {}, []
        for start in range(0, total, CHUNK):
            built = []
            for index in range(start, min(start + CHUNK, total)):
                item = self.build(index, records[index])
                where = item.where
                key = (item.listing.translation_key, item.listing.locale_id)
                slug = (item.listing.slug, item.listing.locale_id)
                if key in seen_keys:
                    raise BackupError(
                        f"{where}: translation_key and locale repeat listing #{seen_keys[key]}."
                    )
                if slug in seen_slugs:
                    raise BackupError(f"{where}: slug repeats listing #{seen_slugs[slug]}.")
                seen_keys[key] = seen_slugs[slug] = index
                built.append(item)
            try:
                with transaction.atomic():
                    self.write(built)
            except IntegrityError as error:
                raise BackupError(
                    f"listings #{start}-#{start + len(built) - 1}: the database refused them: "
                    f"{error}"
                ) from error
            pks += [item.listing.pk for item in built]
            self.log(f"  listings: {len(pks)}/{total}")
        return pks

    def build(self, index: int, record) -> "Built":
        if not isinstance(record, dict):
            raise BackupError(f"listing #{index}: expected an object.")
        where = (
            f"listing #{index} ({record.get('slug') or record.get('name') or '?'}, "
            f"{record.get('locale')})"
        )
        model = KIND_MODELS.get(record.get("kind"))
        if model is None:
            raise BackupError(f"{where}: kind {record.get('kind')!r} is not one of "
                              f"{', '.join(KIND_MODELS)}.")  # fmt: skip
        locale = self.locales.get(record.get("locale"))
        if locale is None:
            raise BackupError(f"{where}: locale {record.get('locale')!r} is not in 'locales'.")
        try:
            key = uuid.UUID(str(record.get("translation_key")))
        except ValueError as error:
            raise BackupError(f"{where}: translation_key is not a UUID.") from error
        if not isinstance(record.get("fields"), dict):
            raise BackupError(f"{where}: 'fields' is missing.")

        def fill(fields: dict, context: str) -> tuple[Listing, dict]:
            listing = model(locale=locale, translation_key=key, kind=model.listing_kind)
            listing.live = bool(record.get("live"))
            listing.has_unpublished_changes = bool(record.get("has_unpublished_changes"))
            for name in ("first_published_at", "last_published_at", "go_live_at", "expire_at",
                         "last_verified"):  # fmt: skip
                setattr(listing, name, _datetime(record.get(name), f"{where}: {name}"))
            listing.expired = bool(record.get("expired"))
            listing.verified_by = self.user(record.get("verified_by"), "verified_by")
            related = self.apply_fields(listing, fields, f"{where}{context}")
            return listing, related

        listing, related = fill(record["fields"], "")
        if not listing.slug:
            raise BackupError(f"{where}: field 'slug' is empty.")
        draft = record.get("draft")
        draft_listing = draft_related = None
        if draft:
            if not isinstance(draft, dict) or not isinstance(draft.get("fields"), dict):
                raise BackupError(f"{where}: 'draft' has no 'fields'.")
            draft_listing, draft_related = fill(draft["fields"], " draft")
        return Built(index, where, record, listing, related, draft_listing, draft_related)

    def apply_fields(self, listing: Listing, fields: dict, where: str) -> dict:
        """Set the listing's columns from ``fields`` and return its children and terms."""
        plain = {f.name: f for f in plain_fields()}
        known = set(plain) | {"county", "country", "service_counties"} | set(LISTING_TERMS)
        unknown = set(fields) - known - set(CHILDREN)
        if unknown:
            raise BackupError(f"{where}: unknown fields {', '.join(sorted(unknown))}.")
        for name, value in fields.items():
            if name not in plain:
                continue
            model_field = plain[name]
            try:
                value = model_field.clean(value, listing)
            except ValidationError as error:
                raise BackupError(f"{where}: field {name!r}: {_messages(error)}") from error
            setattr(listing, model_field.attname, value)
        county = fields.get("county")
        if county and county not in self.counties:
            raise BackupError(f"{where}: field 'county': unknown county FIPS code {county!r}.")
        listing.county_id = county or None
        country = fields.get("country")
        if country:
            listing.country = self._term(Country, country, where, "country")
        related = {}
        for name, vocabulary in LISTING_TERMS.items():
            values = fields.get(name) or []
            if not isinstance(values, list):
                raise BackupError(f"{where}: field {name!r} must be a list of tokens.")
            related[name] = [
                self._term(VOCABULARIES[vocabulary], token, where, name) for token in values
            ]
        counties = []
        for fips in fields.get("service_counties") or []:
            if fips not in self.counties:
                raise BackupError(
                    f"{where}: field 'service_counties': unknown county FIPS code {fips!r}."
                )
            counties.append(self.counties[fips])
        related["service_counties"] = counties
        for relation, (child_model, names) in CHILDREN.items():
            children = []
            for number, values in enumerate(fields.get(relation) or []):
                if not isinstance(values, dict) or set(values) - set(names):
                    raise BackupError(
                        f"{where}: {relation}[{number}]: expected an object with "
                        f"{', '.join(names)}."
                    )
                child = child_model(sort_order=number)
                for name in names:
                    if name in values:
                        model_field = child_model._meta.get_field(name)
                        try:
                            value = model_field.clean(values[name], child)
                        except ValidationError as error:
                            raise BackupError(
                                f"{where}: {relation}[{number}].{name}: {_messages(error)}"
                            ) from error
                        setattr(child, name, value)
                try:
                    child.clean()  # a phone number is checked and kept in E.164
                except ValidationError as error:
                    raise BackupError(
                        f"{where}: {relation}[{number}]: {_messages(error)}"
                    ) from error
                children.append(child)
            related[relation] = children
        for name, values in related.items():
            setattr(listing, name, values)  # in memory, for the revision's content
        return related

    def _term(self, model, token, where: str, name: str):
        term = self.terms[model].get(token)
        if term is None:
            raise BackupError(
                f"{where}: field {name!r}: unknown {model._meta.verbose_name} token {token!r} "
                f"(not in the file's taxonomies nor in this database)."
            )
        return term

    def write(self, built: list["Built"]) -> None:
        listings = [item.listing for item in built]
        bulk.insert_listings([(item.listing, item.related) for item in built])

        revisions, now = [], timezone.now()
        for item in built:
            listing, record = item.listing, item.record
            if listing.live:
                when = _datetime(
                    record.get("live_revision_created") or record.get("last_published_at"),
                    f"{item.where}: live_revision_created",
                )
                item.live_revision = bulk.revision(listing, None, when or now)
                revisions.append(item.live_revision)
            if item.draft_listing is not None:
                draft = item.draft_listing
                draft.pk = listing.pk
                when = _datetime(
                    record["draft"].get("created_at") or record.get("modified"),
                    f"{item.where}: draft.created_at",
                )
                user = self.user(record["draft"].get("user"), "draft author")
                item.latest_revision = bulk.revision(draft, user, when or now)
                revisions.append(item.latest_revision)
            elif not listing.live:  # a draft whose row is its content
                when = _datetime(record.get("modified"), f"{item.where}: modified")
                item.latest_revision = bulk.revision(listing, None, when or now)
                revisions.append(item.latest_revision)
        Revision.objects.bulk_create(revisions)
        for item in built:
            listing = item.listing
            listing.live_revision = item.live_revision
            listing.latest_revision = item.latest_revision or item.live_revision
            self.summary.listings += 1
            self.summary.by_locale[self._code(listing.locale_id)] += 1
            self.summary.live += listing.live
            self.summary.drafts += item.draft_listing is not None
        Listing.objects.bulk_update(listings, ["live_revision", "latest_revision"])
        for item in built:
            self.restore_workflow(item)
            ReferenceIndex.create_or_update_for_object(item.listing)

    def _code(self, locale_id: int) -> str:
        return next(code for code, locale in self.locales.items() if locale.pk == locale_id)

    def restore_workflow(self, item: "Built") -> None:
        """Put a listing that was waiting for a vetter back in its workflow, at the task it
        was at, without notifying anyone again."""
        info = item.record.get("workflow")
        if not info:
            return
        if not isinstance(info, dict):
            raise BackupError(f"{item.where}: 'workflow' must be an object.")
        workflow = Workflow.objects.filter(name=info.get("workflow"), active=True).first()
        task = (
            Task.objects.filter(
                name=info.get("task"), workflow_tasks__workflow=workflow, active=True
            ).first()
            if workflow
            else None
        )
        revision = item.latest_revision or item.live_revision
        if task is None or revision is None:
            code = self._code(item.listing.locale_id)
            self.summary.skipped_workflows.append(f"{item.listing.slug} ({code})")
            return
        listing = item.listing
        state = WorkflowState.objects.create(
            content_type=listing.get_content_type(),
            base_content_type=listing.get_base_content_type(),
            object_id=str(listing.pk),
            workflow=workflow,
            status=WorkflowState.STATUS_IN_PROGRESS,
            requested_by=self.user(info.get("requested_by"), "requested_by"),
        )
        task = task.specific
        task_state = task.get_task_state_class()(
            workflow_state=state, revision=revision, task=task, status=TaskState.STATUS_IN_PROGRESS
        )
        task_state.save()
        state.current_task_state = task_state
        state.save(update_fields=["current_task_state"])
        created = _datetime(info.get("created_at"), f"{item.where}: workflow.created_at")
        if created:
            WorkflowState.objects.filter(pk=state.pk).update(created_at=created)
            TaskState.objects.filter(pk=task_state.pk).update(started_at=created)
        self.summary.workflows += 1

    def index(self, pks: list[int]) -> None:
        """What the search signal handlers would have done for each save."""
        if bulk.index(pks):
            self.log(f"  search index: {len(pks)} listings")


@dataclass
class Built:
    index: int
    where: str
    record: dict
    listing: Listing
    related: dict
    draft_listing: Listing | None
    draft_related: dict | None
    live_revision: Revision | None = None
    latest_revision: Revision | None = None


def _messages(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def import_data(
    data: dict,
    replace: bool = False,
    dry_run: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> Summary:
    return Importer(data, log=log).run(replace=replace, dry_run=dry_run)


# This app's sections ----------------------------------------------------------------------


def _clean(instance: models.Model, where: str, exclude: tuple[str, ...] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        raise BackupError(f"{where}: {_messages(error)}") from error


class SuggestionSection:
    """Suggestions sent through ``@suggestions``, open or closed. The sender's contact is
    personal data kept only to ask back: it is written for open suggestions only (closing
    erases it, and a closed one's contact is never read back)."""

    name = "suggestions"
    after = ()

    def export(self, context: ExportContext) -> list[dict]:
        rows = []
        for suggestion in Suggestion.objects.order_by("created_at", "pk"):
            rows.append(
                {
                    "listing": context.listing(suggestion.listing_id),
                    "message": suggestion.message,
                    "contact": suggestion.contact if suggestion.is_open else "",
                    "status": suggestion.status,
                    "created_at": _json_value(suggestion.created_at),
                    "closed_at": _json_value(suggestion.closed_at),
                    "closed_by": context.username(suggestion.closed_by_id),
                }
            )
        return rows

    def existing(self) -> int:
        return Suggestion.objects.count()

    def clear(self, context: RestoreContext) -> None:
        Suggestion.objects.all().delete()

    def restore(self, records: list, context: RestoreContext) -> None:
        suggestions = []
        for index, record in enumerate(records):
            where = f"suggestions[{index}]"
            if not isinstance(record, dict):
                raise BackupError(f"{where}: expected an object.")
            unknown = set(record) - {"listing", "message", "contact", "status", "created_at",
                                     "closed_at", "closed_by"}  # fmt: skip
            if unknown:
                raise BackupError(f"{where}: unknown fields {', '.join(sorted(unknown))}.")
            status = record.get("status") or Suggestion.Status.NEW
            suggestion = Suggestion(
                listing_id=context.listing(record.get("listing"), f"{where}: field 'listing'"),
                message=record.get("message") or "",
                # Closing erases the contact: a closed suggestion never gets one back.
                contact=(record.get("contact") or "") if status == Suggestion.Status.NEW else "",
                status=status,
                created_at=_datetime(record.get("created_at"), f"{where}: field 'created_at'")
                or timezone.now(),
                closed_at=_datetime(record.get("closed_at"), f"{where}: field 'closed_at'"),
                closed_by=context.user(record.get("closed_by"), "closed_by"),
            )
            _clean(suggestion, where, exclude=("listing", "closed_by"))
            suggestions.append(suggestion)
        Suggestion.objects.bulk_create(suggestions)
        if suggestions:
            open_ = sum(s.is_open for s in suggestions)
            context.note(f"Suggestions: {len(suggestions)} ({open_} open).")


class ImportJobSection:
    """The history of CSV imports: who uploaded which file, when, and the report (counts,
    problems, the listings written). Not the file's text: it is erased once written anyway,
    and a backup is no place to keep it. A job that had not finished comes back failed, saying
    so, since its file is not in the backup."""

    name = "import_jobs"
    after = ()
    FIELDS = ("file_name", "only_valid", "status", "attempt", "rows_total", "rows_checked",
              "valid_rows", "invalid_rows", "problem_count", "problems", "written", "message",
              "notified")  # fmt: skip
    DATES = ("created_at", "started_at", "heartbeat_at", "finished_at")

    def export(self, context: ExportContext) -> list[dict]:
        rows = []
        for job in ImportJob.objects.order_by("created_at", "pk"):
            listings = [context.listing(pk) for pk in job.listing_ids]
            rows.append(
                {
                    "uuid": str(job.uuid),
                    "user": context.username(job.user_id),
                    **{name: getattr(job, name) for name in self.FIELDS},
                    **{name: _json_value(getattr(job, name)) for name in self.DATES},
                    # Listings deleted since are left out, as the job's page leaves them out.
                    "listings": [ref for ref in listings if ref is not None],
                }
            )
        return rows

    def existing(self) -> int:
        return ImportJob.objects.count()

    def clear(self, context: RestoreContext) -> None:
        ImportJob.objects.all().delete()

    def restore(self, records: list, context: RestoreContext) -> None:
        jobs, skipped, interrupted = [], [], 0
        known = {"uuid", "user", "listings", *self.FIELDS, *self.DATES}
        for index, record in enumerate(records):
            if not isinstance(record, dict):
                raise BackupError(f"import_jobs[{index}]: expected an object.")
            where = f"import_jobs[{index}] ({record.get('file_name') or '?'})"
            unknown = set(record) - known
            if unknown:
                raise BackupError(f"{where}: unknown fields {', '.join(sorted(unknown))}.")
            try:
                key = uuid.UUID(str(record.get("uuid")))
            except ValueError as error:
                raise BackupError(f"{where}: field 'uuid' is not a UUID.") from error
            job = ImportJob(uuid=key, data="")
            for name in self.FIELDS:
                if name in record:
                    setattr(job, name, record[name])
            for name in self.DATES:
                setattr(job, name, _datetime(record.get(name), f"{where}: field {name!r}"))
            job.created_at = job.created_at or timezone.now()
            listings = record.get("listings") or []
            if not isinstance(listings, list):
                raise BackupError(f"{where}: field 'listings' must be a list.")
            job.listing_ids = [
                pk
                for number, ref in enumerate(listings)
                if (pk := context.listing(ref, f"{where}: listings[{number}]", required=False))
            ]
            if not job.finished:
                interrupted += 1
                job.status = ImportJob.Status.FAILED
                job.finished_at = job.finished_at or timezone.now()
                job.message = gettext(
                    "Stopped by a restore from a backup, which does not hold the file: upload "
                    "it again."
                )
            _clean(job, where, exclude=("user", "data"))
            user = context.user(record.get("user"), "import uploader")
            if user is None:  # a job belongs to its uploader
                skipped.append(f"{job.file_name} ({_json_value(job.created_at)})")
                continue
            job.user = user
            jobs.append(job)
        ImportJob.objects.bulk_create(jobs)
        if records:
            line = f"Import history: {len(jobs)} jobs"
            if interrupted:
                line += f", {interrupted} unfinished (now failed: the file is not in a backup)"
            context.note(line + ".")
        if skipped:
            context.note(
                "Import jobs left out (their uploader is not a user here): "
                + ", ".join(skipped)
                + "."
            )


SECTIONS = [SuggestionSection(), ImportJobSection()]


__all__ = [
    "FORMAT",
    "READABLE_VERSIONS",
    "SECTIONS",
    "VERSION",
    "BackupError",
    "Summary",
    "dumps",
    "export_data",
    "import_data",
    "loads",
]
