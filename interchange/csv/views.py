"""The admin's "Import listings" (CSV): upload, a background job that checks and writes
(interchange/import_jobs.py) with a page showing its progress, then a report of every problem (row,
column, reason) and of what was imported: all rows, or only the valid ones when the editor chooses
so. The rules are interchange/csv/'s, the same as ``manage.py import_listings``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from directory.models import KIND_MODELS, ImportJob, Listing
from interchange import csv as csv_io
from interchange import import_jobs

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SHOWN_PROBLEMS = 500
RECENT_JOBS = 5


def can_add_listings(user) -> bool:
    return any(
        user.has_perm(f"directory.add_{model._meta.model_name}") for model in KIND_MODELS.values()
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8, with the template's columns in the first row."),
    )
    only_valid = forms.BooleanField(
        label=gettext_lazy("Import only the valid rows"),
        required=False,
        help_text=gettext_lazy(
            "Rows with problems are skipped and listed. Without this, nothing is imported "
            "when any row has a problem."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.")
                % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class ImportListingsView(View):
    """Upload a file: its header is checked here, its rows by a background job
    (interchange/import_jobs.py) whose page shows the progress and then the report."""

    template_name = "directory/import_listings.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_add_listings(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, **context):
        context.setdefault("form", ImportForm())
        context["template_url"] = reverse("directory_import_listings_template")
        context["columns"] = csv_io.TEMPLATE_COLUMNS
        recent = ImportJob.objects.filter(user=request.user).defer(
            "data", "listing_ids", "problems"
        )
        context["recent"] = recent[:RECENT_JOBS]  # the files themselves may be megabytes
        return TemplateResponse(request, self.template_name, context)

    def get(self, request):
        return self.render(request)

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form=form)
        upload = form.cleaned_data["file"]
        try:
            text = csv_io.decode(upload.read())
            _names, rows = csv_io.read_table(text)
            count = sum(1 for _row in rows)
            if not count:
                raise csv_io.CsvFileError(_("The file has a header but no listings."))
        except csv_io.CsvFileError as error:
            return self.render(request, form=form, file_error=str(error))
        job = import_jobs.create(
            request.user, upload.name, text, count, form.cleaned_data["only_valid"]
        )
        return redirect("directory_import_job", job.uuid)


class ImportJobView(View):
    """One import: its progress while it runs (``?format=json`` for the page's script), then
    its report. Only the editor who uploaded it (or a superuser) sees it."""

    template_name = "directory/import_job.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_add_listings(request.user):
            raise PermissionDenied
        jobs = ImportJob.objects.select_related("user")
        if not request.user.is_superuser:
            jobs = jobs.filter(user=request.user)
        self.job = get_object_or_404(jobs, uuid=kwargs["uuid"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, uuid):
        job = self.job
        if request.GET.get("format") == "json":
            response = JsonResponse(status_of(job))
            add_never_cache_headers(response)
            return response
        context = {
            "job": job,
            "status_url": f"{request.path}?format=json",
            "summary": progress_text(job),
        }
        if job.finished:
            context["problems"] = job.problems[:SHOWN_PROBLEMS]
            context["shown_problems"] = SHOWN_PROBLEMS
            listings = Listing.objects.in_bulk(job.listing_ids[:SHOWN_PROBLEMS])
            context["imported"] = [
                (listings[pk], _edit_url(listings[pk]))
                for pk in job.listing_ids[:SHOWN_PROBLEMS]
                if pk in listings
            ]
        response = TemplateResponse(request, self.template_name, context)
        add_never_cache_headers(response)
        return response

    def post(self, request, uuid):
        if self.job.user_id != request.user.pk:
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "import-valid":
            if not import_jobs.import_valid_rows(self.job):
                messages.error(request, _("That file can no longer be imported. Upload it again."))
        elif action == "restart":
            if not import_jobs.restart(self.job):
                messages.error(request, _("This import is not stalled; it was not restarted."))
        else:
            return HttpResponseBadRequest(_("Unknown action."))
        return redirect("directory_import_job", self.job.uuid)


def status_of(job: ImportJob) -> dict:
    return {
        "status": job.status,
        "label": str(job.get_status_display()),
        "summary": progress_text(job),
        "percent": job.percent,
        "rows_total": job.rows_total,
        "rows_checked": job.rows_checked,
        "valid_rows": job.valid_rows,
        "invalid_rows": job.invalid_rows,
        "written": job.written,
        "finished": job.finished,
        "stalled": job.stalled,
    }


def progress_text(job: ImportJob) -> str:
    if job.status == ImportJob.Status.QUEUED:
        return _("Waiting to start…")
    if job.status == ImportJob.Status.CHECKING:
        return _("Checking rows: %(done)s of %(total)s.") % {
            "done": job.rows_checked,
            "total": job.rows_total,
        }
    if job.status == ImportJob.Status.WRITING:
        return _("Importing: %(done)s of %(total)s listings written.") % {
            "done": job.written,
            "total": job.valid_rows,
        }
    return str(job.get_status_display())


def _edit_url(listing) -> str:
    return reverse(type(listing).snippet_viewset.get_url_name("edit"), args=[listing.pk])


def template_view(request):
    """The import template: every column and one fictional example row."""
    if not can_add_listings(request.user):
        raise PermissionDenied
    response = HttpResponse(csv_io.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="amparo-listings-template.csv"'
    return response
