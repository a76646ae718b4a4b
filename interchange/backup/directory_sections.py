"""The directory's own sections of a backup: the public's suggestions and the CSV import
history (models in directory, their backup here)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from directory.models import ImportJob, Suggestion
from interchange.backup.context import RestoreContext
from interchange.backup.document import json_value, read_datetime
from interchange.backup.export import ExportContext

# This app's sections ----------------------------------------------------------------------


class ModelSection:
    """A section holding the rows of one ``model``: counted, and deleted by --replace."""

    model: type[models.Model]

    def existing(self) -> int:
        return self.model.objects.count()

    def clear(self, context: RestoreContext) -> None:
        self.model.objects.all().delete()


class SuggestionSection(ModelSection):
    """Suggestions sent through ``@suggestions``, open or closed. The sender's contact is
    personal data kept only to ask back: it is written for open suggestions only (closing
    erases it, and a closed one's contact is never read back)."""

    name = "suggestions"
    model = Suggestion
    after = ()
    FIELDS = ("listing", "message", "contact", "status", "created_at", "closed_at", "closed_by")

    def export(self, context: ExportContext) -> list[dict]:
        rows = []
        for suggestion in Suggestion.objects.order_by("created_at", "pk"):
            rows.append(
                {
                    "listing": context.listing(suggestion.listing_id),
                    "message": suggestion.message,
                    "contact": suggestion.contact if suggestion.is_open else "",
                    "status": suggestion.status,
                    "created_at": json_value(suggestion.created_at),
                    "closed_at": json_value(suggestion.closed_at),
                    "closed_by": context.username(suggestion.closed_by_id),
                }
            )
        return rows

    def restore(self, records: list, context: RestoreContext) -> None:
        suggestions = []
        for index, record in enumerate(records):
            where = f"suggestions[{index}]"
            context.object(record, where)
            context.known(record, self.FIELDS, where)
            status = record.get("status") or Suggestion.Status.NEW
            suggestion = Suggestion(
                listing_id=context.listing(record.get("listing"), f"{where}: field 'listing'"),
                message=record.get("message") or "",
                # Closing erases the contact: a closed suggestion never gets one back.
                contact=(record.get("contact") or "") if status == Suggestion.Status.NEW else "",
                status=status,
                created_at=read_datetime(record.get("created_at"), f"{where}: field 'created_at'")
                or timezone.now(),
                closed_at=read_datetime(record.get("closed_at"), f"{where}: field 'closed_at'"),
                closed_by=context.user(record.get("closed_by"), "closed_by"),
            )
            context.clean(suggestion, where, exclude=("listing", "closed_by"))
            suggestions.append(suggestion)
        Suggestion.objects.bulk_create(suggestions)
        if suggestions:
            open_ = sum(s.is_open for s in suggestions)
            context.note(f"Suggestions: {len(suggestions)} ({open_} open).")


class ImportJobSection(ModelSection):
    """The history of CSV imports: who uploaded which file, when, and the report (counts,
    problems, the listings written). Not the file's text: it is erased once written anyway,
    and a backup is no place to keep it. A job that had not finished comes back failed, saying
    so, since its file is not in the backup."""

    name = "import_jobs"
    model = ImportJob
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
                    **{name: json_value(getattr(job, name)) for name in self.DATES},
                    # Listings deleted since are left out, as the job's page leaves them out.
                    "listings": [ref for ref in listings if ref is not None],
                }
            )
        return rows

    def restore(self, records: list, context: RestoreContext) -> None:
        jobs, skipped, interrupted = [], [], 0
        for index, record in enumerate(records):
            job, unfinished = self.job(index, record, context)
            interrupted += unfinished
            user = context.user(record.get("user"), "import uploader")
            if user is None:  # a job belongs to its uploader
                skipped.append(f"{job.file_name} ({json_value(job.created_at)})")
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

    def job(self, index: int, record, context: RestoreContext) -> tuple[ImportJob, bool]:
        """One job of the file, checked, without its user; and whether it had not finished
        (it comes back failed)."""
        context.object(record, f"import_jobs[{index}]")
        where = f"import_jobs[{index}] ({record.get('file_name') or '?'})"
        context.known(record, {"uuid", "user", "listings", *self.FIELDS, *self.DATES}, where)
        job = ImportJob(uuid=context.uuid(record.get("uuid"), f"{where}: field 'uuid'"), data="")
        for name in self.FIELDS:
            if name in record:
                setattr(job, name, record[name])
        for name in self.DATES:
            setattr(job, name, read_datetime(record.get(name), f"{where}: field {name!r}"))
        job.created_at = job.created_at or timezone.now()
        listings = record.get("listings") or []
        if not isinstance(listings, list):
            raise context.error(f"{where}: field 'listings' must be a list.")
        job.listing_ids = [
            pk
            for number, ref in enumerate(listings)
            if (pk := context.listing(ref, f"{where}: listings[{number}]", required=False))
        ]
        unfinished = not job.finished
        if unfinished:
            job.status = ImportJob.Status.FAILED
            job.finished_at = job.finished_at or timezone.now()
            job.message = gettext(
                "Stopped by a restore from a backup, which does not hold the file: upload it again."
            )
        context.clean(job, where, exclude=("user", "data"))
        return job, unfinished


SECTIONS = [SuggestionSection(), ImportJobSection()]
