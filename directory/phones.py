"""Phone numbers as the directory stores them: E.164, parsed as US unless they say +country."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_phone(raw: str) -> str:
    """Parse a US (or +country) phone number and return it in E.164, or raise ValidationError."""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("%(number)s is not a valid phone number, e.g. (973) 555-0142 or +52 55 5555 0100.")
            % {"number": raw}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
