"""The four kinds of listing: proxies of the one Listing table.

Each proxy names its kind, filters its default manager to it, and validates the fields that kind
requires. Their admin panels live in directory/viewsets.py.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from directory.choices import Kind
from directory.models.listing import Listing
from directory.models.queryset import KindManager


def _require_kind_fields(instance: Listing) -> None:
    """The kind's ``required_fields`` must be filled (the core's blank=True fields are shared by
    all kinds, so the model cannot say it)."""
    errors = {
        name: _("Required for %(kinds)s.") % {"kinds": instance._meta.verbose_name_plural}
        for name in instance.required_fields
        if not getattr(instance, instance._meta.get_field(name).attname)
    }
    if errors:
        raise ValidationError(errors)


class Attorney(Listing):
    """An immigration attorney, nonprofit legal service provider, clinic, DOJ-recognized
    organization or accredited representative."""

    listing_kind = Kind.ATTORNEY
    required_fields = ("provider_type",)
    objects = KindManager(Kind.ATTORNEY)

    class Meta:
        proxy = True
        verbose_name = _("attorney or legal service provider")
        verbose_name_plural = _("attorneys and legal service providers")

    def clean(self):
        super().clean()
        _require_kind_fields(self)
        if self.doj_recognition_expires and not self.doj_recognized:
            raise ValidationError(
                {"doj_recognized": _("A recognition expiry date needs DOJ recognition ticked.")}
            )


class Consulate(Listing):
    """A country's consular post; its jurisdiction is the listing's service area."""

    listing_kind = Kind.CONSULATE
    required_fields = ("country", "post_type")
    objects = KindManager(Kind.CONSULATE)

    class Meta:
        proxy = True
        verbose_name = _("consulate")
        verbose_name_plural = _("consulates")

    def clean(self):
        super().clean()
        _require_kind_fields(self)


class WorkerCenter(Listing):
    """A worker center, union, day-labor center or COSH group."""

    listing_kind = Kind.WORKER_CENTER
    required_fields = ("center_type",)
    objects = KindManager(Kind.WORKER_CENTER)

    class Meta:
        proxy = True
        verbose_name = _("worker center")
        verbose_name_plural = _("worker centers")

    def clean(self):
        super().clean()
        _require_kind_fields(self)


class FundingSource(Listing):
    """A deportation-defense, bond, legal-fee or emergency fund, or a foundation's grants."""

    listing_kind = Kind.FUNDING_SOURCE
    required_fields = ("fund_status",)
    objects = KindManager(Kind.FUNDING_SOURCE)

    class Meta:
        proxy = True
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")

    def clean(self):
        super().clean()
        _require_kind_fields(self)
        if not (self.open_to_individuals or self.open_to_attorneys or self.open_to_organizations):
            raise ValidationError(
                {"open_to_individuals": _("Say who may apply: individuals, attorneys or groups.")}
            )
