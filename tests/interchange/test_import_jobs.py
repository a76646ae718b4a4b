"""The admin's CSV import as a background job (interchange/import_jobs.py) and the bulk writes
behind both imports (interchange/bulk.py): listings written in bulk are the same to Wagtail as
listings submitted through the admin, progress is what is committed, one email per vetter, a
failure deletes what was written, and a stalled job can start again."""

import tracemalloc
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision, TaskState, WorkflowState
from wagtail.search.backends import get_search_backend
from wagtail.users.models import UserProfile

from directory.models import ImportJob, Listing
from interchange import bulk, import_jobs
from interchange.csv import listing_import as csv_io
from tests import factories
from tests.directory.test_vetting_admin import submit_as_editor, url
from tests.interchange.test_csv_import import IMPORT_URL, row, to_csv, upload

pytestmark = pytest.mark.django_db


def rows(count: int, **values) -> bytes:
    return to_csv(
        [
            row(name=f"Example Clinic {n}", phones=f"main:(973) 555-{n % 100:04d}", **values)
            for n in range(count)
        ]
    )


def job_for(user, content: bytes, **fields) -> ImportJob:
    text = content.decode()
    return ImportJob.objects.create(
        user=user, file_name="listings.csv", data=text, rows_total=text.count("\n") - 1, **fields
    )


def logged_actions(listing) -> list[str]:
    return sorted(ModelLogEntry.objects.for_instance(listing).values_list("action", flat=True))


def test_a_bulk_written_listing_is_one_wagtail_vets_like_any_other(client, editor, vetter):
    client.force_login(editor)
    by_hand = submit_as_editor(client, name="Example Clinic By Hand")
    upload(client, rows(1))
    imported = Listing.objects.get(name="Example Clinic 0")

    # The same rows Wagtail's own "Submit to Vetting" leaves behind.
    assert logged_actions(imported) == logged_actions(by_hand)
    for listing in (by_hand, imported):
        state = listing.current_workflow_state
        task_state = state.current_task_state
        assert (state.status, state.requested_by, state.workflow.name) == (
            WorkflowState.STATUS_IN_PROGRESS, editor, "Vetting",
        )  # fmt: skip
        assert task_state.status == TaskState.STATUS_IN_PROGRESS
        assert task_state.revision == listing.latest_revision
        assert listing.latest_revision.content["name"] == listing.name
        assert [p["number"] for p in listing.latest_revision.content["phones"]] == [
            "+19735550000" if listing == imported else "+19735550142"
        ]
    # The reference index holds what Wagtail would write for it: indexing again adds nothing.
    references = ReferenceIndex.objects.filter(object_id=str(imported.pk)).count()
    assert references > 0
    ReferenceIndex.create_or_update_for_object(imported)
    assert ReferenceIndex.objects.filter(object_id=str(imported.pk)).count() == references
    # Found by the admin's search.
    assert imported in get_search_backend().search("Example Clinic 0", Listing)

    # The vetter finds it under "Awaiting your review" and approves it as any other.
    client.force_login(vetter)
    dashboard = client.get("/admin/").content.decode()
    assert "Awaiting your review" in dashboard and "Example Clinic 0" in dashboard
    assert client.get(url("edit", imported.pk)).status_code == 200
    response = client.post(
        url("workflow_action", imported.pk, "approve", imported.current_workflow_task_state.pk),
        {"comment": "Called them."},
    )
    assert response.status_code == 302
    imported.refresh_from_db()
    assert imported.live and imported.verified_by == vetter
    assert list(Listing.objects.public()) == [imported]


def test_one_email_per_vetter_for_the_whole_file(client, editor, vetter):
    quiet = factories.vetter(username="quinn")
    UserProfile.get_for_user(quiet).__class__.objects.filter(user=quiet).update(
        submitted_notifications=False
    )
    factories.vetter(username="nomail", email="")
    admin = factories.UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(editor)
    mail.outbox.clear()
    upload(client, rows(12))
    assert Listing.objects.count() == 12
    assert sorted(message.to[0] for message in mail.outbox) == [admin.email, vetter.email]
    message = next(m for m in mail.outbox if m.to == [vetter.email])
    assert message.subject == "12 imported listings await vetting"
    assert "imported 12 listings from listings.csv" in message.body
    assert "Awaiting your review" in message.body and "/admin/\n" in f"{message.body}\n"
    assert ImportJob.objects.get().notified == 2

    # The admin's own path, for comparison: every submission emails every vetter (twice for
    # superusers). Twelve rows would have been 36 emails.
    mail.outbox.clear()
    submit_as_editor(client, name="Example Clinic By Hand")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([admin.email, admin.email, vetter.email])


def test_the_command_sends_one_email_after_commit_and_none_on_a_dry_run(
    editor, vetter, tmp_path, django_capture_on_commit_callbacks
):
    path = tmp_path / "listings.csv"
    path.write_bytes(rows(5))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _command_output("import_listings", str(path), "--user", "eddie", "--dry-run")
    assert mail.outbox == [] and Listing.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _command_output("import_listings", str(path), "--user", "eddie")
    assert len(callbacks) == 1  # sent once committed
    assert [m.to for m in mail.outbox] == [[vetter.email]]
    assert "from listings.csv" in mail.outbox[0].body


def test_progress_saved_is_what_is_committed(editor, monkeypatch):
    monkeypatch.setattr(import_jobs, "CHECK_PROGRESS_EVERY", 2)
    monkeypatch.setattr(csv_io, "WRITE_CHUNK", 3)
    seen = []
    real_save = import_jobs._save

    def recording_save(job, **fields):
        real_save(job, **fields)
        stored = ImportJob.objects.get(pk=job.pk)
        seen.append((stored.status, stored.rows_checked, stored.written, Listing.objects.count()))

    monkeypatch.setattr(import_jobs, "_save", recording_save)
    job = job_for(editor, rows(7))
    import_jobs.run(job.pk)
    assert seen == [
        ("checking", 2, 0, 0),
        ("checking", 4, 0, 0),
        ("checking", 6, 0, 0),
        ("writing", 7, 0, 0),
        ("writing", 7, 3, 3),  # saved inside the chunk's transaction, with its listings
        ("writing", 7, 6, 6),
        ("writing", 7, 7, 7),
        ("done", 7, 7, 7),
    ]
    job.refresh_from_db()
    assert job.percent == 100 and job.data == "" and len(job.listing_ids) == 7


def test_percent_covers_checking_then_writing(editor):
    job = ImportJob(user=editor, rows_total=100, status="checking", rows_checked=50)
    assert job.percent == 25
    job.status, job.rows_checked, job.valid_rows, job.written = "writing", 100, 100, 50
    assert job.percent == 75
    job.status = "done"
    assert job.percent == 100


def test_the_status_json_and_the_worker_command(editor_client, editor, settings):
    settings.AMPARO_IMPORT_RUNNER = "command"
    response = upload(editor_client, rows(3))
    job = ImportJob.objects.get()
    assert job.status == "queued" and Listing.objects.count() == 0
    html = response.content.decode()
    assert "<progress" in html and "Waiting to start" in html
    assert "directory/js/import-progress.js" in html
    status = editor_client.get(f"{IMPORT_URL}{job.uuid}/?format=json")
    assert "no-store" in status["Cache-Control"]
    assert status.json() == {
        "status": "queued", "label": "Waiting to start", "summary": "Waiting to start…",
        "percent": 0, "rows_total": 3, "rows_checked": 0, "valid_rows": 0, "invalid_rows": 0,
        "written": 0, "finished": False, "stalled": False,
    }  # fmt: skip

    out = _command_output("run_import_jobs")
    assert f"Import {job.uuid} (listings.csv): Finished, 3 rows checked, 3 listings written" in out
    assert editor_client.get(f"{IMPORT_URL}{job.uuid}/?format=json").json()["finished"] is True
    assert Listing.objects.count() == 3
    assert "No import is waiting." in _command_output("run_import_jobs")


def _command_output(*args) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def chunks_of_two_failing(monkeypatch, chunk: int, error: Exception) -> list[int]:
    """Write 2 rows a chunk; the ``chunk``-th chunk written raises ``error`` (once). Returns the
    sizes of the chunks as they are written."""
    monkeypatch.setattr(csv_io, "WRITE_CHUNK", 2)
    real_submit, calls = bulk.submit_drafts, []

    def failing(listings, user):
        calls.append(len(listings))
        if len(calls) == chunk:
            raise error
        return real_submit(listings, user)

    monkeypatch.setattr(bulk, "submit_drafts", failing)
    return calls


def test_a_failing_chunk_deletes_what_the_job_wrote(editor, monkeypatch):
    chunks_of_two_failing(monkeypatch, 3, RuntimeError("the database went away"))
    job = import_jobs.run(job_for(editor, rows(6)).pk)
    assert job.status == "failed"
    assert job.message == (
        "The import stopped on an unexpected error (RuntimeError). "
        "The 4 listings it had written were deleted."
    )
    assert (job.written, job.listing_ids, job.data) == (0, [], "")  # the file is erased
    assert Listing.objects.count() == 0
    assert not WorkflowState.objects.exists()
    assert not Revision.objects.filter(base_content_type__model="listing").exists()
    assert not list(get_search_backend().search("Example Clinic", Listing))


def test_a_slug_taken_after_the_check_fails_the_job_and_names_the_row(editor, monkeypatch):
    real_check = csv_io.ListingImport.check

    def check_then_someone_takes_the_slug(self):
        report = real_check(self)
        factories.AttorneyFactory(slug="example-taken", name="Example Someone Else")
        return report

    monkeypatch.setattr(csv_io.ListingImport, "check", check_then_someone_takes_the_slug)
    job = import_jobs.run(
        job_for(editor, to_csv([row(), row(name="X Clinic", slug="example-taken")])).pk
    )
    assert job.status == "failed"
    assert job.message.startswith("Row 3: another listing took the slug example-taken")
    assert list(Listing.objects.values_list("name", flat=True)) == ["Example Someone Else"]


def test_a_worker_whose_job_was_restarted_elsewhere_stops(editor, monkeypatch):
    job = job_for(editor, rows(6))
    real_check = csv_io.ListingImport.check

    def restarted_while_checking(self):
        report = real_check(self)
        ImportJob.objects.filter(pk=job.pk).update(attempt=99)  # another worker took it over
        return report

    monkeypatch.setattr(csv_io.ListingImport, "check", restarted_while_checking)
    import_jobs.run(job.pk)
    job.refresh_from_db()
    assert Listing.objects.count() == 0  # this worker wrote nothing more, nor marked the job
    assert (job.status, job.attempt, job.written) == ("checking", 99, 0)


def test_a_stalled_job_starts_again_without_duplicates(editor_client, editor):
    upload(editor_client, rows(3))
    job = ImportJob.objects.get()
    first = set(job.listing_ids)
    page = f"{IMPORT_URL}{job.uuid}/"
    # Not stalled: nothing to restart.
    response = editor_client.post(page, {"action": "restart"}, follow=True)
    assert "not stalled" in response.content.decode()
    # Its worker died while writing, ten minutes ago.
    ImportJob.objects.filter(pk=job.pk).update(
        status="writing", heartbeat_at=timezone.now() - timedelta(minutes=10), finished_at=None,
        data=rows(3).decode(),
    )  # fmt: skip
    html = editor_client.get(page).content.decode()
    assert "made no progress for several minutes" in html and 'value="restart"' in html
    assert editor_client.get(f"{page}?format=json").json()["stalled"] is True
    editor_client.post(page, {"action": "restart"})
    job.refresh_from_db()
    assert (job.status, job.written, job.attempt) == ("done", 3, 3)  # a new attempt
    assert Listing.objects.count() == 3
    assert not first & set(Listing.objects.values_list("pk", flat=True))


def test_the_worker_command_restarts_stalled_jobs(editor):
    job = import_jobs.run(job_for(editor, rows(2)).pk)
    written = set(job.listing_ids)
    ImportJob.objects.filter(pk=job.pk).update(
        status="checking", heartbeat_at=timezone.now() - timedelta(minutes=6), data=rows(2).decode()
    )
    out = _command_output("run_import_jobs", "--restart-stalled")
    assert f"Requeued stalled import {job.uuid} (listings.csv)" in out
    assert f"Import {job.uuid} (listings.csv): Finished, 2 rows checked, 2 listings written" in out
    assert Listing.objects.count() == 2 and not written & set(
        Listing.objects.values_list("pk", flat=True)
    )
    # A job whose worker is alive (a recent heartbeat) is left alone.
    ImportJob.objects.filter(pk=job.pk).update(status="writing", heartbeat_at=timezone.now())
    assert "Requeued" not in _command_output("run_import_jobs", "--restart-stalled")


def test_unknown_action_is_a_400(editor_client):
    upload(editor_client, rows(1))
    job = ImportJob.objects.get()
    response = editor_client.post(f"{IMPORT_URL}{job.uuid}/", {"action": "explode"})
    assert response.status_code == 400
    assert Listing.objects.count() == 1


def test_files_nobody_can_import_any_more_are_erased(editor):
    old = job_for(editor, rows(1), status="done", finished_at=timezone.now() - timedelta(days=2))
    recent = job_for(editor, rows(1), status="done", finished_at=timezone.now())
    assert import_jobs.purge() == 1
    old.refresh_from_db(), recent.refresh_from_db()
    assert (old.data, bool(recent.data)) == ("", True)


def test_bulk_writes_take_no_query_per_row(editor):
    """Writing 5 or 50 rows in one chunk runs the same queries; only the number of INSERTs may
    grow, where SQLite splits a long insert into batches of at most 999 parameters."""
    counts = []
    warm = csv_io.ListingImport(rows(1, postal_code="07102"), editor)  # content types, FTS check
    warm.write(warm.check())
    for count, postal_code in ((5, "07103"), (50, "07104")):
        # Another ZIP code each round: the same names are then no duplicates.
        importer = csv_io.ListingImport(rows(count, postal_code=postal_code), editor)
        report = importer.check()
        assert len(report.valid) == count
        with CaptureQueriesContext(connection) as queries:
            importer.write(report, chunk_size=100)
        counted = Counter(
            "insert"
            if sql.startswith("INSERT")
            else "savepoint"
            if "SAVEPOINT" in sql
            else sql[:60]
            for sql in (query["sql"] for query in queries)
        )
        counts.append(counted)
    inserts = [counted.pop("insert") for counted in counts]
    savepoints = [counted.pop("savepoint") for counted in counts]
    assert counts[0] == counts[1]
    assert inserts[1] - inserts[0] <= (0 if connection.vendor == "postgresql" else 6), inserts
    assert savepoints[1] - savepoints[0] <= (0 if connection.vendor == "postgresql" else 6)
    assert sum(counts[1].values()) + inserts[1] < 50  # not one a row


def test_a_busy_database_is_waited_for_not_a_failed_import(editor, monkeypatch):
    """A chunk that meets a locked database is rolled back (to its savepoint) and tried again,
    and the import finishes with every row once. (The thread runner itself is exercised by
    tests/browser/test_import_progress.py, on the live server.)"""
    calls = chunks_of_two_failing(monkeypatch, 2, OperationalError("database is locked"))
    job = import_jobs.run(job_for(editor, rows(5)).pk)
    assert (job.status, job.written) == ("done", 5), job.message
    assert calls == [2, 2, 2, 1]  # the second chunk twice
    names = sorted(Listing.objects.values_list("name", flat=True))
    assert names == [f"Example Clinic {n}" for n in range(5)]
    assert WorkflowState.objects.count() == 5


def test_checking_a_file_takes_memory_that_does_not_grow_with_its_rows(editor):
    """The check keeps a few numbers per row, never the rows: 25,000 rows grew a worker from
    346 MB to 619 MB when it kept every valid row as a listing (about 7 kB a row, measured with
    tracemalloc). Between 250 and 1,000 rows that was about 5 MB more at the peak; now the
    extra 750 rows' own text, keys and numbers are well under 2 MB."""
    peaks = {}
    csv_io.ListingImport(rows(5, postal_code="07102"), editor).check()  # warm: vocabularies
    for count in (250, 1000):
        text = rows(count, postal_code="07103").decode()
        tracemalloc.start()
        try:
            report = csv_io.ListingImport(text, editor).check()
            peaks[count] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert len(report.valid) == count
    assert peaks[1000] - peaks[250] < 2_000_000, peaks


def test_the_write_reads_the_valid_rows_again_and_writes_only_them(editor):
    """Only the valid rows are written, read again from the file, chunk by chunk."""
    content = to_csv(
        [
            row(name="Example Clinic A", phones="main:(973) 555-0101"),
            row(name="Example Clinic B", kind="nonesuch"),
            row(name="Example Clinic C", phones="main:(973) 555-0103", slug="given-c"),
            row(name="Example Clinic D", phones="main:(973) 555-0104"),
        ]
    )
    importer = csv_io.ListingImport(content, editor)
    report = importer.check()
    assert (report.valid, report.invalid_rows, report.problem_count) == ([2, 4, 5], 1, 1)
    importer.write(report, chunk_size=2)
    assert report.imported == 3
    assert sorted(Listing.objects.values_list("name", "slug")) == [
        ("Example Clinic A", "example-clinic-a"),
        ("Example Clinic C", "given-c"),
        ("Example Clinic D", "example-clinic-d"),
    ]


def test_a_report_keeps_the_first_problems_and_counts_the_rest(editor):
    content = to_csv([row(name=f"Example Clinic {n}", kind="nonesuch") for n in range(1005)])
    report = csv_io.ListingImport(content, editor).check()
    assert (report.problem_count, report.invalid_rows, len(report.problems)) == (1005, 1005, 1000)
    assert report.lines()[1000] == "... and 5 more problems."
