"""The directory's one listing table.

All four kinds share one concrete table with a ``kind`` column; each kind is a proxy model
(models/kinds.py) with its own panels, validation and admin. Measured on Wagtail 8: mixed lists
with phones and languages cost a constant 3 queries, and filters on any kind's field work across
kinds. Rows load as their kind's class (``from_db``/``from_serializable_data``), so revisions,
workflow states and translations keep the right class too.

Vetting: a listing is public only while it is live, has been verified by a vetter, is not
inactive, and its kind's re-verification interval has not run out since it was last verified.
``ListingQuerySet.public`` is the one place that says so; every public output goes through it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField
from wagtail_localize.models import Translation

from directory import geography
from directory.choices import (
    FeeModel,
    Kind,
    ServiceArea,
    Status,
    VerificationMethod,
)
from directory.cleaning import CleanRichTextField
from directory.models.kind_fields import KindFields
from directory.models.queryset import (
    PUBLIC_SOURCE_FIELDS,
    ListingManager,
    public_until_of,
    review_interval,
)
from directory.models.taxonomy import (
    County,
    Language,
    State,
    Topic,
    canonical_terms,
)
from directory.phones import normalize_phone

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

# Filled by Listing.__init_subclass__: kind -> proxy class.
KIND_MODELS: dict[str, type["Listing"]] = {}

# Sent (sender=the listing's class, instance=the listing) when a vetter's stamp is written with
# update(), which sends no post_save: signals.py treats it as a save. The listing knows nothing
# of what public state depends on it (models/version.py reads the listings, not the reverse).
verified = Signal()


def person_name(user) -> str:
    """A staff member as people read them: full name, else username; never an id."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class Listing(
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    KindFields,
    ClusterableModel,
):
    """One entry of the directory: the core every kind shares, aligned with HSDS 3.0
    (organization, service, location, phone, language, service_area), and each kind's own
    fields, which only that kind's panels show and validate."""

    listing_kind: str | None = None
    required_fields: tuple[str, ...] = ()  # set by each kind (models/kinds.py)

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, editable=False)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        blank=True,
        allow_unicode=False,
        help_text=_("Used in links. Filled from the name if left empty."),
    )
    organization_name = models.CharField(
        _("organization"),
        max_length=200,
        blank=True,
        help_text=_("The organization that provides this service, if different from the name."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two plain sentences.")
    )
    description = CleanRichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    alert = models.CharField(
        _("alert"),
        max_length=200,
        blank=True,
        help_text=_("A short notice shown first, e.g. 'Not taking new cases until March'."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )

    # Address (HSDS location + address)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(
        _("state"),
        max_length=2,
        blank=True,
        choices=[(s.code, s.name) for s in geography.states()],
    )
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    county = models.ForeignKey(
        County,
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Five-digit FIPS code. Filled from the ZIP code if left empty."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    # Whom it serves (HSDS service_area)
    service_area = models.CharField(
        _("service area"), max_length=20, choices=ServiceArea.choices, default=ServiceArea.LOCAL
    )
    service_states = ParentalManyToManyField(
        State,
        verbose_name=_("states served"),
        blank=True,
        related_name="+",
        limit_choices_to=canonical_terms,
    )
    service_counties = ParentalManyToManyField(
        County, verbose_name=_("counties served"), blank=True, related_name="+"
    )

    # Contact
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hours = models.TextField(_("opening hours"), blank=True)

    # What, for whom, how
    languages = ParentalManyToManyField(
        Language,
        verbose_name=_("languages spoken"),
        blank=True,
        related_name="+",
        limit_choices_to=canonical_terms,
    )
    interpretation_languages = ParentalManyToManyField(
        Language,
        verbose_name=_("languages through an interpreter"),
        help_text=_(
            "Languages staff do not speak but for which the listing arranges an interpreter "
            "(by phone or in person)."
        ),
        blank=True,
        related_name="+",
        limit_choices_to=canonical_terms,
    )
    topics = ParentalManyToManyField(
        Topic,
        verbose_name=_("topics"),
        blank=True,
        related_name="+",
        limit_choices_to=canonical_terms,
    )
    fee_model = models.CharField(
        _("fees"), max_length=20, choices=FeeModel.choices, blank=True, default=FeeModel.FREE
    )
    fees = models.TextField(_("fee details"), blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    how_to_get_help = models.TextField(
        _("how to get help"), blank=True, help_text=_("Intake steps: call, walk in, apply...")
    )

    # Vetting: stamped by publishing (only vetters may publish), kept across revisions.
    last_verified = models.DateTimeField(_("last verified"), null=True, blank=True, db_index=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When it stops being public; NULL: not public (models/queryset.py keeps and reads it).
    public_until = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    verification_method = models.CharField(
        _("verification method"), max_length=20, choices=VerificationMethod.choices, blank=True
    )
    vetting_notes = models.TextField(
        _("vetting notes"), blank=True, help_text=_("For editors and vetters only; never public.")
    )
    # Open Referral import (interchange/hsds/importer.py): the source's service id, the key a
    # second import updates the listing by. Unique per locale (translations share it).
    hsds_id = models.CharField(
        _("HSDS service id"),
        max_length=250,
        blank=True,
        db_index=True,
        help_text=_("Set by the HSDS import: the id of the Open Referral service this came from."),
    )

    # Wagtail records the base (Listing) content type on revisions and workflow states of every
    # kind, so these relations resolve through the concrete model.
    _revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="listing",
    )
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="listing",
    )

    objects = ListingManager()

    search_fields = [
        index.SearchField("name", boost=4),
        index.AutocompleteField("name"),
        index.SearchField("organization_name", boost=2),
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("city"),
        index.FilterField("kind"),
        index.FilterField("locale"),
        index.FilterField("live"),
        index.FilterField("status"),
        index.FilterField("state"),
    ]

    # wagtail-localize: text is translated; contact data, places, taxonomies, children and the
    # vetting stamp are copied from the source on every sync.
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("summary"),
        TranslatableField("description"),
        TranslatableField("alert"),
        TranslatableField("hours"),
        TranslatableField("fees"),
        TranslatableField("eligibility"),
        TranslatableField("how_to_get_help"),
        TranslatableField("consultation_fee"),
        TranslatableField("case_stage"),
        TranslatableField("typical_amount"),
        *(
            SynchronizedField(name)
            for name in (
                "slug",
                "organization_name",
                "status",
                "street_address",
                "city",
                "state",
                "postal_code",
                "county",
                "latitude",
                "longitude",
                "service_area",
                "service_states",
                "service_counties",
                "email",
                "website",
                "languages",
                "interpretation_languages",
                "topics",
                "fee_model",
                "phones",
                "provider_type",
                "doj_recognized",
                "doj_recognition_expires",
                "bar_admissions",
                "serves_detained",
                "detention_facilities",
                "accepts_agency_referrals",
                "accepting_clients",
                "accepting_clients_as_of",
                "country",
                "post_type",
                "appointment_url",
                "accepts_detainee_lists",
                "liaison_name",
                "liaison_email",
                "liaison_phone",
                "center_type",
                "industries",
                "membership_required",
                "fund_types",
                "open_to_individuals",
                "open_to_attorneys",
                "open_to_organizations",
                "detained_only",
                "fund_status",
                "fund_status_as_of",
                "last_verified",
                "verified_by",
                "verification_method",
            )
        ),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="listing_slug_per_locale"),
            models.UniqueConstraint(
                fields=["hsds_id", "locale"],
                condition=~Q(hsds_id=""),
                name="listing_hsds_id_per_locale",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "live", "last_verified"]),
            # Browsing by title: a page is the first rows of this index that pass the filters.
            models.Index(fields=["name", "id"], name="listing_name"),
            # A language's public rows, read from the index alone (PostgreSQL): counts, and the
            # translations an anti-join (for_language) looks for.
            models.Index(
                fields=["locale", "public_until"],
                include=["translation_key", "id"],
                name="listing_public",
            ),
            # Place search: the radius's bounding box, the rows of a state or county, and what
            # serves a place from afar. Each ends in the id, so the union of them a place search
            # filters by (ListingSearchMixin.coverage_of) is read from the indexes alone.
            models.Index(fields=["latitude", "longitude", "id"], name="listing_point"),
            models.Index(fields=["service_area", "id"], name="listing_service_area"),
            models.Index(fields=["state", "id"], name="listing_state"),
            models.Index(fields=["county", "id"], name="listing_county"),
            # A place search's candidates (the union above) checked and sorted from the index
            # alone (PostgreSQL): public in the reader's language, where each stands and what it
            # serves, its title for ties, without a visit to the 700-byte row of each. At 100,000
            # listings a 50-mile radius around Los Angeles (6,081 candidates) took 24.6 ms, 17 of
            # them in those visits; it takes 17.5.
            models.Index(
                fields=["id"],
                include=[
                    "locale",
                    "public_until",
                    "latitude",
                    "longitude",
                    "state",
                    "service_area",
                    "county",
                    "name",
                    "kind",
                    "country",
                ],
                name="listing_place_row",
            ),
        ]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.listing_kind:
            KIND_MODELS[cls.listing_kind] = cls

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.listing_kind and not self.kind:
            self.kind = self.listing_kind

    def __str__(self) -> str:
        return self.name

    # Load every row as its kind's class.
    def _become_kind(self) -> "Listing":
        proxy = KIND_MODELS.get(self.kind)
        if proxy is not None and type(self) is not proxy:
            self.__class__ = proxy
        return self

    @classmethod
    def from_db(cls, db, field_names, values):
        return super().from_db(db, field_names, values)._become_kind()

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        obj = super().from_serializable_data(data, check_fks=check_fks, strict_fks=strict_fks)
        return obj._become_kind() if obj is not None else obj

    @property
    def revisions(self):
        return self._revisions

    def get_kind_display_name(self) -> str:
        return Kind(self.kind).label if self.kind else ""

    # Validation shared by every kind.
    def clean(self):
        super().clean()
        errors = {}
        if self.postal_code:
            place = geography.lookup_zip(self.postal_code)
            if place is None:
                errors["postal_code"] = _("%(zip)s is not a known US ZIP code.") % {
                    "zip": self.postal_code
                }
            else:
                self.postal_code = place.postal_code
                if self.state and self.state != place.state:
                    errors["state"] = _("ZIP code %(zip)s is in %(state)s.") % {
                        "zip": place.postal_code,
                        "state": place.state,
                    }
                self.state = self.state or place.state
                self.city = self.city or place.city
                if self.county_id is None and place.county_fips:
                    self.county_id = place.county_fips
                if self.latitude is None or self.longitude is None:
                    self.latitude, self.longitude = place.latitude, place.longitude
        if (
            self.county_id
            and self.state
            and not self.county_id.startswith(geography.states_by_code()[self.state].fips)
        ):
            errors["county"] = _("That county is not in %(state)s.") % {"state": self.state}
        if self.liaison_phone:
            try:
                self.liaison_phone = normalize_phone(self.liaison_phone)
            except ValidationError as error:
                errors["liaison_phone"] = error.messages
        errors.update(self.service_area_errors())
        if errors:
            raise ValidationError(errors)

    def service_area_errors(self) -> dict[str, str]:
        """An area of states or counties must name them: such a listing would not survive its
        own export (the CSV import refuses the row). Here rather than in the admin form so every
        way in (admin, CSV, HSDS, backup) shares it; a ParentalManyToManyField keeps the values
        assigned before saving in memory, which is what this reads (the live rows otherwise)."""
        errors = {}
        if self.service_area == ServiceArea.STATES and not self.service_states.exists():
            errors["service_states"] = _("Pick the states served, or change the area.")
        if self.service_area == ServiceArea.COUNTIES and not self.service_counties.exists():
            errors["service_counties"] = _("Pick the counties served, or change the area.")
        return errors

    def save(self, *args, **kwargs):
        if self.listing_kind:
            self.kind = self.listing_kind
        if not self.slug:
            self.slug = self._unique_slug()
        self.public_until = public_until_of(self)
        changed = kwargs.get("update_fields")
        if changed is not None and not PUBLIC_SOURCE_FIELDS.isdisjoint(changed):
            kwargs["update_fields"] = changed = {*changed, "public_until"}
        super().save(*args, **kwargs)  # the row, then its relations (modelcluster)
        from directory import documents  # it reads this model

        if changed is None or documents.SOURCE_FIELDS.intersection(changed):
            documents.refresh([self.pk])

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:100] or "listing"
        slug, n = base, 1
        taken = Listing.objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        while taken.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    # Vetting
    @property
    def next_review_due(self):
        if self.last_verified is None or not self.kind:
            return None
        return self.last_verified + review_interval(self.kind)

    @property
    def verified_by_name(self) -> str:
        """Who last verified it, by name (every place that shows it: admin, API, export)."""
        return person_name(self.verified_by) if self.verified_by_id else ""

    @property
    def is_public(self) -> bool:
        return type(self).objects.public().filter(pk=self.pk).exists()

    def with_content_json(self, content):
        # The vetting stamp belongs to the listing, not to one revision: publishing an older
        # draft must not roll it back.
        obj = super().with_content_json(content)
        obj.last_verified = self.last_verified
        obj.verified_by_id = self.verified_by_id
        return obj

    def publish(self, revision, user=None, **kwargs):
        """Publishing is vetting: only vetters hold the publish permission, and a vetter's
        publication (directly or by approving the Vetting workflow) stamps the listing and all
        its translations as verified now, by them. Publishing a translation vets its text
        only: the stamp stays its source's (contact data is synchronised from the source)."""
        result = super().publish(revision, user=user, **kwargs)
        if (
            user is not None
            and user.has_perm(f"directory.publish_{type(self)._meta.model_name}")
            and not self.is_translation()
        ):
            self.record_verification(user)
        return result

    def is_translation(self) -> bool:
        """Whether this row is a wagtail-localize translation of another (synced or not)."""
        return Translation.objects.filter(
            source__object_id=self.translation_key, target_locale_id=self.locale_id
        ).exists()

    def record_verification(self, user, when=None) -> None:
        # Whole seconds: translations receive the stamp through JSON, which keeps milliseconds.
        when = (when or timezone.now()).replace(microsecond=0)
        Listing.objects.filter(translation_key=self.translation_key).update(
            last_verified=when, verified_by=user
        )
        self.last_verified, self.verified_by = when, user
        verified.send(sender=type(self), instance=self)  # update() sends no post_save

    def get_preview_template(self, request, mode_name):
        return "directory/listing_preview.html"
