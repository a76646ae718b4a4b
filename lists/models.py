"""Organizations and their trusted lists.

A labor agency, worker center, union or legal aid network keeps named lists of public listings
on the shared directory. A list's entries are its draft; publishing it freezes them into an
*edition* (a number and a date) that never changes afterwards, so a sheet handed out in March can
be traced to exactly what the list said then. Entries name a listing by its ``translation_key``
(the API's UID), so a list is the same in every language; an entry's note is kept per language.

Texts that curators write in several languages (a list's title and description, an entry's note)
are one JSON object ``{"en": "...", "es": "..."}``: they are short, belong to one row, and are
not content that goes through wagtail-localize's translation workflow.
"""

import re

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from directory.models import Listing
from directory.models.taxonomy import default_language_code
from lists.fields import TranslatedTextField


def text_in(texts: dict | None, language: str) -> str:
    """A curator's text in ``language``, else in the default language, else ''."""
    texts = texts or {}
    return texts.get(language) or texts.get(default_language_code()) or ""


class ImmutableError(Exception):
    """An edition, or an entry of one, was about to be changed or deleted."""


class Organization(models.Model):
    """An agency or partner organization with staff accounts. Its staff curate its lists;
    editors and vetters (not the staff) keep the listings themselves."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Government agency")
        WORKER_CENTER = "worker_center", _("Worker center")
        UNION = "union", _("Union")
        LEGAL_AID = "legal_aid", _("Legal aid network")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Used in the lists' links.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        blank=True,
        related_name="organizations",
        help_text=_(
            "Accounts that curate this organization's lists. Put them in the "
            "“Organization staff” group too."
        ),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class TrustedListQuerySet(models.QuerySet):
    def with_current_edition(self) -> "TrustedListQuerySet":
        """Annotate ``current_edition_id`` and ``current_edition_number`` (None before the first
        publication) in the same query."""
        latest = Edition.objects.filter(trusted_list=OuterRef("pk")).order_by("-number")
        return self.annotate(
            current_edition_id=Subquery(latest.values("pk")[:1]),
            current_edition_number=Subquery(latest.values("number")[:1]),
        )

    def editable_by(self, user) -> "TrustedListQuerySet":
        """The lists ``user`` may curate: their organizations' (every list for a superuser)."""
        if user.is_superuser:
            return self
        return self.filter(organization__staff=user)

    def by_path(self, organization: str, slug: str) -> "TrustedList | None":
        return (
            self.filter(organization__slug=organization, slug=slug)
            .select_related("organization")
            .with_current_edition()
            .first()
        )


class TrustedList(ClusterableModel):
    """A named, ordered selection of public listings kept by one organization (e.g.
    "Retaliation referrals, Essex County"). Its entries are the draft of the next edition."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,  # but a list's editions protect it, and so the organization
        related_name="lists",
    )
    slug = models.SlugField(_("slug"), max_length=80, help_text=_("Used in the list's links."))
    title = TranslatedTextField(
        _("title"),
        max_length=200,
        help_text=_("Required in the default language; other languages fall back to it."),
    )
    description = TranslatedTextField(_("description"), blank=True, rows=3)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TrustedListQuerySet.as_manager()

    class Meta:
        verbose_name = _("trusted list")
        verbose_name_plural = _("trusted lists")
        ordering = ["organization__name", "slug", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "slug"], name="list_slug_per_org")
        ]
        permissions = [("publish_trustedlist", _("Can publish editions of trusted lists"))]

    def __str__(self) -> str:
        return self.title_in(default_language_code()) or self.slug

    def title_in(self, language: str) -> str:
        return text_in(self.title, language)

    def description_in(self, language: str) -> str:
        return text_in(self.description, language)

    @property
    def current_edition(self) -> "Edition | None":
        return self.editions.order_by("-number").first()

    def withdrawn_entries(self, edition: "Edition | None" = None) -> list["EditionEntry"]:
        """The entries of an edition (the current one by default) whose listing is no longer
        public: they drop out of the list's current output."""
        edition = edition or self.current_edition
        if edition is None:
            return []
        return list(edition.withdrawn_entries())

    def publish(self, user=None) -> "Edition":
        """Freeze the entries whose listing is public now into the next edition. Entries that
        are not public are left out of it (and stay in the draft)."""
        with transaction.atomic():
            # Lock the list's row so two publications cannot take the same number.
            TrustedList.objects.select_for_update().filter(pk=self.pk).first()
            number = (self.editions.aggregate(n=Max("number"))["n"] or 0) + 1
            edition = Edition.objects.create(
                trusted_list=self,
                number=number,
                published_by=(user.get_full_name() or user.get_username()) if user else "",
                title=self.title,
                description=self.description,
            )
            EditionEntry.objects.bulk_create(
                EditionEntry(
                    edition=edition,
                    position=position,
                    translation_key=listing.translation_key,
                    note=entry.note,
                    name=listing.name,
                    kind=listing.kind,
                    slug=listing.slug,
                )
                for position, (entry, listing) in enumerate(self.public_entries())
            )
        return edition

    def public_entries(self) -> list[tuple["ListEntry", Listing]]:
        """The draft entries whose listing is public, in order, with the listing's row in the
        default language."""
        entries = list(self.entries.all())
        listings = {
            listing.translation_key: listing
            for listing in public_originals().filter(
                translation_key__in=[entry.translation_key for entry in entries]
            )
        }
        return [
            (entry, listings[entry.translation_key])
            for entry in entries
            if entry.translation_key in listings
        ]


class ListEntry(Orderable):
    """One listing on a list's draft, with an optional note in each language."""

    trusted_list = ParentalKey(TrustedList, on_delete=models.CASCADE, related_name="entries")
    listing = models.ForeignKey(
        Listing,
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("A public listing of the directory."),
    )
    # The UID: what editions, the API and the editors' view go by, in every language.
    translation_key = models.UUIDField(editable=False, db_index=True)
    note = TranslatedTextField(
        _("note"),
        blank=True,
        rows=2,
        max_length=500,
        help_text=_("Optional, e.g. 'Ask for the Spanish-speaking paralegal'."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    def __str__(self) -> str:
        return str(self.listing) if self.listing_id else str(self.translation_key)

    def save(self, *args, **kwargs):
        if self.listing_id:
            self.translation_key = self.listing.translation_key
        super().save(*args, **kwargs)


class ImmutableQuerySet(models.QuerySet):
    """Bulk updates and deletes are refused too, not only ``save()`` and ``delete()``."""

    def update(self, **kwargs):
        raise ImmutableError(f"{self.model._meta.verbose_name_plural} cannot be changed.")

    def delete(self):
        raise ImmutableError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")


class ImmutableModel(models.Model):
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError(f"{self._meta.verbose_name} cannot be changed once published.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(f"{self._meta.verbose_name} cannot be deleted.")


class EditionQuerySet(ImmutableQuerySet):
    def with_entry_count(self) -> "EditionQuerySet":
        return self.annotate(entry_count=Count("entries"))


class Edition(ImmutableModel):
    """A published state of a list: its number, date, who published it and its entries as they
    were. Never changed or deleted (the model, its queryset and a database trigger refuse), so
    its URL answers the same entries for ever; only whether each listing is still public
    changes. Whoever published it is kept as a name, so deleting an account changes nothing."""

    trusted_list = models.ForeignKey(
        TrustedList,
        verbose_name=_("list"),
        on_delete=models.PROTECT,
        related_name="editions",
    )
    number = models.PositiveIntegerField(_("number"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    # A name, not a foreign key: an edition must not change when an account is deleted.
    published_by = models.CharField(_("published by"), max_length=150, blank=True)
    title = models.JSONField(_("title"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["trusted_list", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["trusted_list", "number"], name="edition_number_per_list"
            )
        ]

    def __str__(self) -> str:
        return _("%(list)s, edition %(number)s") % {
            "list": text_in(self.title, default_language_code()),
            "number": self.number,
        }

    # What the edition holds now: the public tier only (a list is what an organization hands
    # out, so an editor sees what everyone sees). The API's list views, the list sheets and the
    # admin's edition page call these, and nothing else works out a list's public entries.
    def public_keys(self, language: str) -> models.QuerySet:
        """The UIDs of the edition's listings that are public now in ``language`` (else in
        their original), as a lazy query (a subquery, or one query when read)."""
        return self._public_rows(language).values_list("translation_key", flat=True)

    def public_listings(self, language: str) -> models.QuerySet:
        """The edition's listings that are public now, one row each in ``language``, in the
        list's order."""
        entries = EditionEntry.objects.filter(edition=self)
        position = entries.filter(translation_key=OuterRef("translation_key")).values("position")
        return (
            self._public_rows(language)
            .annotate(list_position=Subquery(position[:1]))
            .order_by("list_position", "pk")
        )

    def _public_rows(self, language: str) -> models.QuerySet:
        entries = EditionEntry.objects.filter(edition=self)
        return Listing.objects.for_language(language).filter(
            translation_key__in=entries.values("translation_key")
        )

    def entry_counts(self, language: str) -> dict[str, int]:
        """How many ``entries`` the edition has and how many are ``public`` now, in one query."""
        return EditionEntry.objects.filter(edition=self).aggregate(
            entries=Count("pk"),
            public=Count("pk", filter=Q(translation_key__in=self.public_keys(language))),
        )

    def withdrawn_entries(self) -> models.QuerySet:
        """The entries whose listing is no longer public (in any language), in order."""
        public = Listing.objects.public().values("translation_key")
        return EditionEntry.objects.filter(edition_id=self.pk).exclude(translation_key__in=public)

    def withdrawn_count(self) -> int:
        """How many of the edition's listings are no longer public."""
        return self.withdrawn_entries().count()


class EditionEntry(ImmutableModel):
    """An entry frozen in an edition: the listing's UID, its place and note, and its name, kind
    and slug at the time, so a listing withdrawn since can still be named."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="entries")
    position = models.PositiveIntegerField(_("position"))
    translation_key = models.UUIDField(db_index=True)
    note = models.JSONField(_("note"), default=dict, blank=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20)
    slug = models.CharField(_("slug"), max_length=120)

    class Meta:
        verbose_name = _("edition entry")
        verbose_name_plural = _("edition entries")
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "position"], name="edition_entry_position")
        ]

    def __str__(self) -> str:
        return self.name


def public_originals() -> models.QuerySet:
    """The listings a list's entries are chosen from and published with: public, one row each,
    in the default language (where an entry's listing and its name come from)."""
    return Listing.objects.public().filter(locale__language_code=default_language_code())


LIST_PATH_RE = re.compile(r"([-a-zA-Z0-9_]{1,80})/([-a-zA-Z0-9_]{1,80})")


def current_listing_keys(list_path: str) -> models.QuerySet | None:
    """The UIDs in the current edition of the list at ``organization/list``, as a subquery; None
    when there is no published list there."""
    match = LIST_PATH_RE.fullmatch(list_path)
    trusted_list = TrustedList.objects.by_path(*match.groups()) if match else None
    if trusted_list is None or trusted_list.current_edition_id is None:
        return None
    entries = EditionEntry.objects.filter(edition_id=trusted_list.current_edition_id)
    return entries.values("translation_key")
