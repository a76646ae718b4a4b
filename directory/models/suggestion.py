"""Corrections to a listing sent by anyone through ``POST /api/@suggestions``.

A suggestion waits in the editors' queue in the admin until an editor accepts it (it is noted in
a new draft of the listing, which then goes through Vetting like any edit: accepting never
publishes) or dismisses it. Privacy: the people this directory serves are at risk, so nothing is
stored about the sender but what they chose to type: no IP address, no user agent, no account. The
optional contact is only there to ask back, and is erased when the suggestion is closed.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 2000
CONTACT_MAX_LENGTH = 200


class SuggestionQuerySet(models.QuerySet):
    def open(self) -> "SuggestionQuerySet":
        return self.filter(status=Suggestion.Status.NEW)

    def for_listing(self, listing) -> "SuggestionQuerySet":
        """Suggestions about a listing, whichever of its translations the sender saw: they are
        filed on the source row but count for every language's row."""
        return self.filter(listing__translation_key=listing.translation_key)


class Suggestion(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted into a draft")
        DISMISSED = "dismissed", _("Dismissed")

    listing = models.ForeignKey(
        "directory.Listing",
        verbose_name=_("listing"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    message = models.TextField(
        _("what is wrong"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("The correction, as the sender wrote it."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=CONTACT_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Optional, only used to ask the sender back. Erased when the suggestion is closed."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return Truncator(self.message).chars(60)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.NEW

    def close(self, status: str, user) -> None:
        """Close it as accepted or dismissed, by ``user``, and erase the contact."""
        self.status = status
        self.closed_at = timezone.now()
        self.closed_by = user
        self.contact = ""
        self.save(update_fields=["status", "closed_at", "closed_by", "contact"])

    def dismiss(self, user) -> None:
        self.close(self.Status.DISMISSED, user)

    def accept(self, user):
        """Note the suggestion in a new draft of the listing and close it. The draft is built on
        the listing's latest revision (an editor's unpublished changes are kept), is saved as a
        revision only, and goes live only when a vetter publishes it. Returns the revision."""
        with transaction.atomic():
            listing = type(self.listing).objects.select_for_update().get(pk=self.listing_id)
            draft = listing.get_latest_revision_as_object()
            note = gettext("Suggestion received %(received)s, accepted by %(user)s:") % {
                "received": date_format(timezone.localtime(self.created_at), "SHORT_DATE_FORMAT"),
                "user": user.get_username(),
            }
            notes = draft.vetting_notes.rstrip()
            draft.vetting_notes = f"{notes}\n\n{note}\n{self.message}".lstrip()
            # No full_clean: the suggestion only adds a note; the editor's next save validates.
            revision = draft.save_revision(user=user, log_action=True, clean=False)
            self.close(self.Status.ACCEPTED, user)
        return revision
