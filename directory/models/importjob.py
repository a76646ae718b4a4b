"""A CSV import of listings run in the background (interchange/import_jobs.py), so the editor who
uploads a long file sees its progress instead of waiting on one request for minutes.

The job keeps the file's text only while it may still be needed: until it is written, or, when
a check found problems and the editor may still choose to import the valid rows, for
``CONFIRM_MAX_AGE`` after the check. The report (counts, problems, the listings written) stays.
Nothing in it is about the people the directory serves: it is listings' data, and who imported.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CONFIRM_MAX_AGE = timedelta(hours=24)
# A running job's worker writes a heartbeat after every chunk (a few seconds apart); one that has
# been silent this long has died with its process (a deploy, a restart) and may be restarted.
STALE_AFTER = timedelta(minutes=5)
STORED_PROBLEMS = 1000


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking rows")
        WRITING = "writing", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    RUNNING = (Status.CHECKING, Status.WRITING)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.CASCADE,
        related_name="listing_imports",
    )
    file_name = models.CharField(_("file"), max_length=255)
    data = models.TextField(blank=True, help_text=_("The file's text, erased once written."))
    only_valid = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempt = models.PositiveIntegerField(
        default=0, help_text=_("Raised by every start; a worker of an older attempt stops.")
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_checked = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    invalid_rows = models.PositiveIntegerField(default=0)
    problem_count = models.PositiveIntegerField(default=0)
    problems = models.JSONField(
        default=list, blank=True, help_text=_("The first problems: [row, column, reason].")
    )
    written = models.PositiveIntegerField(default=0)
    listing_ids = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    notified = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("listing import")
        verbose_name_plural = _("listing imports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="importjob_user_recent")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def stalled(self) -> bool:
        return (
            self.status in self.RUNNING
            and self.heartbeat_at is not None
            and self.heartbeat_at < timezone.now() - STALE_AFTER
        )

    @property
    def can_import_valid_rows(self) -> bool:
        """A check found problems, wrote nothing, and the editor may still import the rest."""
        return (
            self.status == self.Status.DONE
            and not self.written
            and self.problem_count > 0
            and self.valid_rows > 0
            and bool(self.data)
            and self.finished_at is not None
            and self.finished_at > timezone.now() - CONFIRM_MAX_AGE
        )

    @property
    def percent(self) -> int:
        """Progress over both phases: checking every row, then writing the valid ones."""
        if self.status == self.Status.DONE:
            return 100
        to_write = self.valid_rows if self.status == self.Status.WRITING else self.rows_total
        total = self.rows_total + to_write
        done = self.rows_checked + (self.written if self.status == self.Status.WRITING else 0)
        return min(99, done * 100 // total) if total else 0
