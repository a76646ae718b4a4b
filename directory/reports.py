"""The editors' "Due for re-verification" report and the dashboard panel of counts."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, WorkflowState

from directory.choices import Kind, Status
from directory.dates import site_day
from directory.models import KIND_MODELS, Listing


def can_edit_listings(user) -> bool:
    return any(
        user.has_perm(f"directory.change_{model._meta.model_name}")
        for model in KIND_MODELS.values()
    )


def edit_url(listing: Listing) -> str:
    return reverse(type(listing).snippet_viewset.get_url_name("edit"), args=[listing.pk])


class DueForReviewView(ReportView):
    """Live listings whose re-verification is overdue or falls due soon, oldest first. Overdue
    ones have already left every public output; re-verifying and publishing brings them back."""

    page_title = _("Due for re-verification")
    header_icon = "date"
    index_url_name = "directory_due_for_review"
    index_results_url_name = "directory_due_for_review_results"
    paginate_by = 50
    columns = [
        TitleColumn("name", label=_("Name"), get_url=edit_url),
        Column("get_kind_display_name", label=_("Kind")),
        Column("state", label=_("State")),
        DateColumn("last_verified", label=_("Last verified")),
        # A date, not "x ago": most due dates are in the future.
        Column(
            "review_due",
            label=_("Review due"),
            accessor=lambda obj: (
                date_format(site_day(obj.review_due)) if obj.review_due else _("Never verified")
            ),
        ),
    ]
    list_export = ["name", "kind", "state", "last_verified", "review_due"]

    def dispatch(self, request, *args, **kwargs):
        if not can_edit_listings(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Listing.objects.filter(locale=Locale.get_default()).due_for_review()


class DirectoryStatusPanel(Component):
    """Counts of listings by kind and vetting state, on the admin dashboard."""

    name = "directory_status"
    order = 50
    template_name = "directory/dashboard_panel.html"

    def get_context_data(self, parent_context):
        listings = Listing.objects.filter(locale=Locale.get_default())
        counts = self.counts_by_kind(listings)
        in_vetting = dict(
            listings.filter(workflow_states__status=WorkflowState.STATUS_IN_PROGRESS)
            .values_list("kind")
            .annotate(n=Count("pk", distinct=True))
        )
        rows = [self.row(kind, counts.get(kind.value, {}), in_vetting) for kind in Kind]
        return {"rows": rows, "report_url": reverse("directory_due_for_review")}

    @staticmethod
    def counts_by_kind(listings) -> dict[str, dict]:
        """Per kind: all listings, the public ones, drafts and inactive ones (one query)."""
        public = Listing.objects.public(timezone.now()).values("pk")
        return {
            row["kind"]: row
            for row in listings.values("kind").annotate(
                total=Count("pk"),
                public=Count("pk", filter=Q(pk__in=public)),
                drafts=Count("pk", filter=Q(live=False)),
                inactive=Count("pk", filter=Q(status=Status.INACTIVE)),
            )
        }

    @staticmethod
    def row(kind: Kind, row: dict, in_vetting: dict[str, int]) -> dict:
        """One kind's line; overdue: live, active, yet not public (vetting has lapsed)."""
        total, shown = row.get("total", 0), row.get("public", 0)
        live_hidden = total - shown - row.get("drafts", 0) - row.get("inactive", 0)
        return {
            "label": KIND_MODELS[kind.value]._meta.verbose_name_plural,
            "total": total,
            "public": shown,
            "drafts": row.get("drafts", 0),
            "in_vetting": in_vetting.get(kind.value, 0),
            "overdue": max(live_hidden, 0),
        }
