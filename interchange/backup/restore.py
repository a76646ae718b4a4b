"""Reading a backup back in, in one transaction with bulk writes: the file checked, the
directory (and each section) replaced or filled, and what signals would have done."""

import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.models import (
    Locale,
    ReferenceIndex,
    Revision,
    Task,
    TaskState,
    Workflow,
    WorkflowState,
)

from directory.models import KIND_MODELS, Country, County, Listing, PublicVersion
from interchange import bulk
from interchange.backup.document import (
    CHILDREN,
    CHUNK,
    FORMAT,
    LISTING_TERMS,
    READABLE_VERSIONS,
    TERM_EXTRA_FIELDS,
    VOCABULARIES,
    BackupError,
    error_messages,
    plain_fields,
    read_date,
    read_datetime,
)
from interchange.backup.sections import sections

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
                    raise BackupError(f"{where} ({code}): {error_messages(error)}") from error
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
                setattr(listing, name, read_datetime(record.get(name), f"{where}: {name}"))
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
                raise BackupError(f"{where}: field {name!r}: {error_messages(error)}") from error
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
                                f"{where}: {relation}[{number}].{name}: {error_messages(error)}"
                            ) from error
                        setattr(child, name, value)
                try:
                    child.clean()  # a phone number is checked and kept in E.164
                except ValidationError as error:
                    raise BackupError(
                        f"{where}: {relation}[{number}]: {error_messages(error)}"
                    ) from error
                children.append(child)
            related[relation] = children
        for name, values in related.items():
            setattr(listing, name, values)  # in memory, for the revision's content
        # The one model rule a restore checks besides field formats: a listing the admin and
        # the CSV import would refuse must not come back through a backup either.
        for name, message in listing.service_area_errors().items():
            raise BackupError(f"{where}: field {name!r}: {message}")
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
                when = read_datetime(
                    record.get("live_revision_created") or record.get("last_published_at"),
                    f"{item.where}: live_revision_created",
                )
                item.live_revision = bulk.revision(listing, None, when or now)
                revisions.append(item.live_revision)
            if item.draft_listing is not None:
                draft = item.draft_listing
                draft.pk = listing.pk
                when = read_datetime(
                    record["draft"].get("created_at") or record.get("modified"),
                    f"{item.where}: draft.created_at",
                )
                user = self.user(record["draft"].get("user"), "draft author")
                item.latest_revision = bulk.revision(draft, user, when or now)
                revisions.append(item.latest_revision)
            elif not listing.live:  # a draft whose row is its content
                when = read_datetime(record.get("modified"), f"{item.where}: modified")
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
        created = read_datetime(info.get("created_at"), f"{item.where}: workflow.created_at")
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


def import_data(
    data: dict,
    replace: bool = False,
    dry_run: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> Summary:
    return Importer(data, log=log).run(replace=replace, dry_run=dry_run)
