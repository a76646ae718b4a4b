"""The admin's "Import listings" (CSV): upload, a report of every problem (row, column, reason),
and an import of all rows, or of only the valid ones when the editor chooses so. The rules are
directory/csv_io.py's, the same as ``manage.py import_listings``."""

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from directory import csv_io
from directory.models import KIND_MODELS

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SIGNING_SALT = "directory.csv-import"
CONFIRM_MAX_AGE = 60 * 60  # seconds an editor has to confirm an import of the valid rows
SHOWN_PROBLEMS = 500


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
    template_name = "directory/import_listings.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_add_listings(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, request, **context):
        context.setdefault("form", ImportForm())
        context["template_url"] = reverse("directory_import_listings_template")
        context["columns"] = csv_io.TEMPLATE_COLUMNS
        context["shown_problems"] = SHOWN_PROBLEMS
        return TemplateResponse(request, self.template_name, context)

    def get(self, request):
        return self.render(request)

    def post(self, request):
        if "confirm" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(request, form=form)
        data = form.cleaned_data["file"].read()
        return self.run(request, form, data, form.cleaned_data["only_valid"])

    def confirm(self, request):
        """The second step: import the valid rows of the file just checked."""
        try:
            payload = signing.loads(
                request.POST["confirm"], salt=SIGNING_SALT, max_age=CONFIRM_MAX_AGE
            )
        except signing.BadSignature:
            return self.render(
                request, file_error=_("That check has expired. Upload the file again.")
            )
        if payload.get("user") != request.user.pk:
            raise PermissionDenied
        return self.run(request, ImportForm(), payload["text"], only_valid=True)

    def run(self, request, form, data, only_valid: bool):
        importer = csv_io.ListingImport(data, request.user)
        try:
            report = importer.run(only_valid=only_valid)
        except csv_io.CsvFileError as error:
            return self.render(request, file_error=str(error))
        context = {"report": report, "form": ImportForm(), "problems": report.problems}
        if report.problems and not report.written and report.valid:
            text = csv_io.decode(data)
            context["confirm"] = signing.dumps(
                {"user": request.user.pk, "text": text}, salt=SIGNING_SALT, compress=True
            )
        if report.written:
            context["imported"] = [
                (listing, _edit_url(listing)) for listing in report.imported[:SHOWN_PROBLEMS]
            ]
        return self.render(request, **context)


def _edit_url(listing) -> str:
    return reverse(type(listing).snippet_viewset.get_url_name("edit"), args=[listing.pk])


def template_view(request):
    """The import template: every column and one fictional example row."""
    if not can_add_listings(request.user):
        raise PermissionDenied
    response = HttpResponse(csv_io.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="amparo-listings-template.csv"'
    return response
