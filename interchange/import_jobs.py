"""Running a CSV import (interchange/csv/) in the background, for the admin's "Import listings".

The upload request checks the file's header, stores an :class:`ImportJob` and returns at once; the
job page shows its progress. Who runs the job is ``settings.AMPARO_IMPORT_RUNNER``:

- ``"thread"`` (default): a thread of the web process that took the upload, started once the job
  is committed. Nothing else to run or deploy.
- ``"command"``: ``manage.py run_import_jobs`` (a separate worker process) picks queued jobs up.
- ``"inline"``: at once, in the upload request and its transaction (the tests).

A job checks every row first and writes nothing if any row fails (unless the editor asked for
the valid rows). It then writes chunk by chunk, each chunk in its own transaction together with
the job's progress, so the progress page shows exactly what is committed. If a chunk fails, the
job deletes the listings it wrote and says why: all or nothing, as in the command.

Every start raises ``attempt``; a worker saves progress only while the job is still its attempt,
so a job restarted after its worker went silent (``STALE_AFTER``: the process died in a deploy)
is never written by two workers.
"""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import ImportJob, Listing
from directory.models.importjob import CONFIRM_MAX_AGE, STALE_AFTER, STORED_PROBLEMS
from interchange import bulk
from interchange import csv as csv_io

logger = logging.getLogger(__name__)
CHECK_PROGRESS_EVERY = 250  # rows checked between progress saves
RUNNERS = ("thread", "command", "inline")
SAVE_TRIES = 5


class Superseded(Exception):
    """The job was restarted under this worker: stop without touching it."""


def runner() -> str:
    value = getattr(settings, "AMPARO_IMPORT_RUNNER", "thread")
    if value not in RUNNERS:
        raise ValueError(f"AMPARO_IMPORT_RUNNER must be one of {', '.join(RUNNERS)}.")
    return value


def create(user, file_name: str, text: str, rows: int, only_valid: bool) -> ImportJob:
    """Store a job for a file whose header was checked, and start it once committed."""
    purge()
    job = ImportJob.objects.create(
        user=user, file_name=file_name[:255], data=text, rows_total=rows, only_valid=only_valid
    )
    start(job)
    return job


def start(job: ImportJob) -> None:
    mode = runner()
    if mode == "thread":
        transaction.on_commit(lambda: _thread(job.pk))
    elif mode == "inline":
        run(job.pk)


def _thread(pk: int) -> None:
    threading.Thread(target=_run_in_thread, args=(pk,), name=f"listing-import-{pk}").start()


def _run_in_thread(pk: int) -> None:
    try:
        run(pk)
    finally:
        connections.close_all()  # this thread's own connections


def claim(pk: int | None = None) -> ImportJob | None:
    """Take a queued job (this one, or the oldest) for this worker: status checking, a new
    attempt. None when it is gone, running or finished."""
    queued = ImportJob.objects.filter(status=ImportJob.Status.QUEUED)
    if pk is not None:
        queued = queued.filter(pk=pk)
    for candidate in queued.order_by("created_at", "pk").values_list("pk", flat=True)[:5]:
        now = timezone.now()
        taken = ImportJob.objects.filter(pk=candidate, status=ImportJob.Status.QUEUED).update(
            status=ImportJob.Status.CHECKING,
            attempt=F("attempt") + 1,
            started_at=now,
            heartbeat_at=now,
        )
        if taken:
            return ImportJob.objects.select_related("user").get(pk=candidate)
    return None


def run(pk: int | None = None) -> ImportJob | None:
    """Claim a queued job and run it to the end. Returns it, or None if there was none."""
    job = claim(pk)
    if job is None:
        return None
    try:
        _run(job)
    except Superseded:
        logger.warning("Listing import %s was restarted elsewhere; this worker stops.", job.pk)
    except Exception as error:  # the editor must hear of any failure, then it is logged
        logger.exception("Listing import %s failed", job.pk)
        _fail(job, error)
    job.refresh_from_db()
    return job


def _save(job: ImportJob, **fields) -> None:
    """Save progress if the job is still this worker's attempt. Outside a transaction, a busy
    database is waited for (a few tries) rather than failing the import over a progress bar."""
    fields["heartbeat_at"] = timezone.now()
    tries = 1 if transaction.get_connection().in_atomic_block else SAVE_TRIES
    for attempt in range(1, tries + 1):
        try:
            saved = ImportJob.objects.filter(pk=job.pk, attempt=job.attempt).update(**fields)
            break
        except OperationalError as error:
            if attempt == tries or not bulk.is_transient(error):
                raise
            time.sleep(0.2 * attempt)
    if not saved:
        raise Superseded
    for name, value in fields.items():
        setattr(job, name, value)


def _run(job: ImportJob) -> None:
    def progress(done: int, phase: str) -> None:
        if phase == "checked":
            _save(job, rows_checked=done)

    importer = csv_io.ListingImport(
        job.data,
        job.user,
        progress=progress,
        progress_every=CHECK_PROGRESS_EVERY,
        source=job.file_name,
    )
    try:
        report = importer.check()
    except csv_io.CsvFileError as error:
        _save(
            job,
            status=ImportJob.Status.FAILED,
            message=str(error),
            data="",
            finished_at=timezone.now(),
        )
        return
    checked = {
        "rows_total": report.rows,
        "rows_checked": report.rows,
        "valid_rows": len(report.valid),
        "invalid_rows": report.invalid_rows,
        "problem_count": report.problem_count,
        "problems": [
            [problem.row, problem.column, problem.message]
            for problem in report.problems[:STORED_PROBLEMS]
        ],
    }
    if (report.problem_count and not job.only_valid) or not report.valid:
        # Nothing is written; the file stays a while for "Import only the valid rows".
        keep = report.problem_count and report.valid and not job.only_valid
        _save(
            job,
            **checked,
            status=ImportJob.Status.DONE,
            data=job.data if keep else "",
            finished_at=timezone.now(),
        )
        return
    _save(job, **checked, status=ImportJob.Status.WRITING)

    def committed(listings: list[Listing]) -> None:
        # In the chunk's transaction: the progress shown is what is committed.
        _save(
            job,
            written=job.written + len(listings),
            listing_ids=[*job.listing_ids, *(listing.pk for listing in listings)],
        )

    importer.write(report, on_chunk=committed)
    notified = bulk.notify_vetters(report.imported, job.user, job.file_name)
    _save(job, status=ImportJob.Status.DONE, data="", notified=notified, finished_at=timezone.now())


def _fail(job: ImportJob, error: Exception) -> None:
    """Delete what the job wrote and say why it stopped."""
    removed = undo(job)
    if isinstance(error, csv_io.WriteError):
        reason = str(error)
    else:
        reason = _("The import stopped on an unexpected error (%(error)s).") % {
            "error": type(error).__name__
        }
    if removed:
        reason += " " + _("The %(count)s listings it had written were deleted.") % {
            "count": removed
        }
    with contextlib.suppress(Superseded):
        _save(
            job,
            status=ImportJob.Status.FAILED,
            message=reason,
            data="",
            written=0,
            listing_ids=[],
            finished_at=timezone.now(),
        )


def undo(job: ImportJob) -> int:
    """Delete the listings this job wrote (their revisions, workflow states and search entries
    go with them). Returns how many."""
    ids = list(ImportJob.objects.filter(pk=job.pk).values_list("listing_ids", flat=True))
    pks = ids[0] if ids else []
    if not pks:
        return 0
    with transaction.atomic():
        for start in range(0, len(pks), 500):
            Listing.objects.filter(pk__in=pks[start : start + 500]).delete()
    return len(pks)


def restart(job: ImportJob, start_now: bool = True) -> bool:
    """Queue a stalled job again from the beginning (what its dead worker wrote is deleted) and,
    unless ``start_now`` is off, start it. False when it is not stalled (it finished, or its
    worker is alive).

    The attempt is raised first: from then on the old worker, should it wake up, cannot commit
    another chunk (its progress save is in the chunk's transaction), so the ids read next are
    all it wrote. The job is queued only once they are deleted."""
    job.refresh_from_db()
    if not job.stalled:
        return False
    taken = ImportJob.objects.filter(
        pk=job.pk, attempt=job.attempt, status=job.status, heartbeat_at=job.heartbeat_at
    ).update(attempt=F("attempt") + 1, heartbeat_at=timezone.now())
    if not taken:
        return False
    job.refresh_from_db()
    undo(job)
    ImportJob.objects.filter(pk=job.pk, attempt=job.attempt).update(
        status=ImportJob.Status.QUEUED,
        rows_checked=0,
        written=0,
        listing_ids=[],
        message="",
    )
    job.refresh_from_db()
    if start_now:
        start(job)
    return True


def import_valid_rows(job: ImportJob) -> bool:
    """The editor chose to import the valid rows of a file whose check found problems."""
    if not job.can_import_valid_rows:
        return False
    taken = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DONE, written=0).update(
        status=ImportJob.Status.QUEUED, only_valid=True, rows_checked=0, finished_at=None
    )
    if taken:
        job.refresh_from_db()
        start(job)
    return bool(taken)


def stalled_jobs():
    cutoff = timezone.now() - STALE_AFTER
    return ImportJob.objects.filter(status__in=ImportJob.RUNNING, heartbeat_at__lt=cutoff)


def purge() -> int:
    """Erase the text of files nobody can import any more (checked more than
    ``CONFIRM_MAX_AGE`` ago)."""
    return (
        ImportJob.objects.filter(finished_at__lt=timezone.now() - CONFIRM_MAX_AGE)
        .exclude(data="")
        .update(data="")
    )
