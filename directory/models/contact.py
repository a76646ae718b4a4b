"""A listing's phones (stored in E.164, shown as people dial them) and an attorney's bar
admissions: the inline rows of the Listing model."""

import contextlib
import functools

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from directory import geography
from directory.choices import BarStatus, PhoneType
from directory.models.listing import Listing
from directory.phones import normalize_phone


class Phone(Orderable):
    listing = ParentalKey(Listing, related_name="phones", on_delete=models.CASCADE)
    number = models.CharField(_("number"), max_length=32, help_text=_("Stored in E.164 form."))
    extension = models.CharField(_("extension"), max_length=10, blank=True)
    type = models.CharField(_("type"), max_length=20, choices=PhoneType.choices, default="main")
    hours = models.CharField(_("when to call"), max_length=200, blank=True)
    emergency = models.BooleanField(_("emergency line"), default=False)

    class Meta(Orderable.Meta):
        verbose_name = _("phone")
        verbose_name_plural = _("phones")
        # Ties in sort_order (as translation syncs can leave) still read in one order, the same
        # after a backup is restored.
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.display

    def clean(self):
        super().clean()
        try:
            self.number = normalize_phone(self.number)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from error

    def save(self, *args, **kwargs):
        # Stored in E.164 whatever the path (form, import, code); invalid numbers are refused
        # by clean(), which forms and imports call first.
        with contextlib.suppress(ValidationError):
            self.number = normalize_phone(self.number)
        super().save(*args, **kwargs)

    @property
    def display(self) -> str:
        return display_form(self.number, self.extension)


@functools.lru_cache(maxsize=65536)
def display_form(number: str, extension: str = "") -> str:
    """A stored number as people dial it: national form in the US, international elsewhere.
    Kept per process (a pure function of the stored text), so an answer parses each number
    once, not on every request."""
    try:
        parsed = phonenumbers.parse(number, "US")
    except phonenumbers.NumberParseException:
        return number
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == 1
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    text = phonenumbers.format_number(parsed, fmt)
    return f"{text} ext. {extension}" if extension else text


class BarAdmission(Orderable):
    listing = ParentalKey(Listing, related_name="bar_admissions", on_delete=models.CASCADE)
    state = models.CharField(
        _("state"), max_length=2, choices=[(s.code, s.name) for s in geography.states()]
    )
    bar_number = models.CharField(_("bar number"), max_length=40)
    status = models.CharField(
        _("status"), max_length=20, choices=BarStatus.choices, default=BarStatus.ACTIVE
    )
    checked_on = models.DateField(_("checked on"), null=True, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("bar admission")
        verbose_name_plural = _("bar admissions")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.state} {self.bar_number}"
