"""The columns only one kind of listing uses, on the one listing table.

Listing (models/listing.py) inherits them; each kind's panels (models/kinds.py) show and
validate its own. An abstract model, so the table and its migrations are unchanged.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField

from directory.choices import CenterType, FundStatus, PostType, ProviderType
from directory.models.taxonomy import Country, FundType, Industry, canonical_terms


class KindFields(models.Model):
    # Attorneys and legal service providers
    provider_type = models.CharField(
        _("provider type"), max_length=30, blank=True, choices=ProviderType.choices
    )
    doj_recognized = models.BooleanField(_("DOJ-recognized organization"), default=False)
    doj_recognition_expires = models.DateField(_("DOJ recognition expires"), null=True, blank=True)
    serves_detained = models.BooleanField(_("serves detained clients"), default=False)
    detention_facilities = models.TextField(
        _("detention facilities"), blank=True, help_text=_("Which facilities, one per line.")
    )
    accepts_agency_referrals = models.BooleanField(
        _("accepts labor-agency referrals"), default=False
    )
    accepting_clients = models.BooleanField(_("accepting new clients"), default=True)
    accepting_clients_as_of = models.DateField(_("accepting clients as of"), null=True, blank=True)
    consultation_fee = models.CharField(_("consultation fee"), max_length=200, blank=True)

    # Consulates (their jurisdiction is the service area)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=canonical_terms,
    )
    post_type = models.CharField(
        _("post type"), max_length=30, blank=True, choices=PostType.choices
    )
    appointment_url = models.URLField(_("appointment link"), blank=True)
    accepts_detainee_lists = models.BooleanField(
        _("takes lists of detained nationals"),
        default=False,
        help_text=_("From labor agencies and rapid-response groups after a raid."),
    )
    liaison_name = models.CharField(_("liaison name"), max_length=200, blank=True)
    liaison_email = models.EmailField(_("liaison email"), blank=True)
    liaison_phone = models.CharField(_("liaison phone"), max_length=32, blank=True)

    # Worker centers
    center_type = models.CharField(_("type"), max_length=30, blank=True, choices=CenterType.choices)
    industries = ParentalManyToManyField(
        Industry,
        verbose_name=_("industries"),
        blank=True,
        related_name="+",
        limit_choices_to=canonical_terms,
    )
    membership_required = models.BooleanField(_("membership required"), default=False)

    # Funding sources
    fund_types = ParentalManyToManyField(
        FundType,
        verbose_name=_("fund types"),
        blank=True,
        related_name="+",
        limit_choices_to=canonical_terms,
    )
    open_to_individuals = models.BooleanField(_("individuals may apply"), default=False)
    open_to_attorneys = models.BooleanField(_("attorneys may apply"), default=False)
    open_to_organizations = models.BooleanField(_("organizations may apply"), default=False)
    detained_only = models.BooleanField(_("only for detained people"), default=False)
    case_stage = models.CharField(_("case stage"), max_length=200, blank=True)
    typical_amount = models.CharField(_("typical amount"), max_length=200, blank=True)
    fund_status = models.CharField(
        _("fund status"), max_length=10, blank=True, choices=FundStatus.choices
    )
    fund_status_as_of = models.DateField(_("fund status as of"), null=True, blank=True)

    class Meta:
        abstract = True
