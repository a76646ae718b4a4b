"""Reading a backup back in, in one transaction with bulk writes: the file checked, the
directory (and each section) replaced or filled, and what signals would have done."""

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
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

from directory.models import County, Listing, PublicVersion
from interchange import bulk
from interchange.backup.context import RestoreContext
from interchange.backup.document import (
    CHUNK,
    FORMAT,
    READABLE_VERSIONS,
    VOCABULARIES,
    BackupError,
    read_datetime,
)
from interchange.backup.records import Built, ListingReader
from interchange.backup.sections import sections
from interchange.backup.terms import TermMerge

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
            self.clear(held, replace)
            self.locales = self.import_locales()
            self.default_locale = Locale.get_default()
            self.terms = {model: self.import_terms(name, model) for name, model in self._vocabs()}
            self.counties = County.objects.in_bulk()
            self.load_users()
            self.reader = ListingReader(self.locales, self.terms, self.counties, self.user)
            imported = self.import_listings()
            self.index(imported)
            self.restore_sections(held)
            PublicVersion.bump()  # bulk writes send no signals
            if dry_run:
                transaction.set_rollback(True)
        return self.summary

    def clear(self, held: list, replace: bool) -> None:
        """Refuse a database that holds listings or sections' rows, unless ``replace``: then
        delete them (sections in reverse order, so nothing refers to a deleted row)."""
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

    def restore_sections(self, held: list) -> None:
        context = RestoreContext(self)
        for section in held:
            try:
                with transaction.atomic():
                    section.restore(self.data[section.name], context)
            except IntegrityError as error:
                raise BackupError(f"{section.name}: the database refused them: {error}") from error

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
        """Merge the file's terms of one vocabulary (terms.py); canonical terms by token."""
        merge = TermMerge(name, model, self.locales)
        canonical = merge.run(self.data["taxonomies"].get(name, []))
        self.summary.terms_created += len(merge.to_create)
        self.summary.terms_updated += len(merge.to_update)
        return canonical

    # Listings

    def import_listings(self) -> list[int]:
        records = self.data["listings"]
        total = len(records)
        seen_keys, seen_slugs, pks = {}, {}, []
        for start in range(0, total, CHUNK):
            built = []
            for index in range(start, min(start + CHUNK, total)):
                item = self.reader.build(index, records[index])
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

    def write(self, built: list[Built]) -> None:
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

    def restore_workflow(self, item: Built) -> None:
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


def import_data(
    data: dict,
    replace: bool = False,
    dry_run: bool = False,
    log: Callable[[str], None] = lambda message: None,
) -> Summary:
    return Importer(data, log=log).run(replace=replace, dry_run=dry_run)
