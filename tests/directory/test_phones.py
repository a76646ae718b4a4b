"""Phone numbers as shown: national in the US, international elsewhere, kept per process."""

from directory.models import Phone
from directory.models.contact import display_form


def test_display_forms():
    assert display_form("+19735550142") == "(973) 555-0142"
    assert display_form("+19735550142", "12") == "(973) 555-0142 ext. 12"
    assert display_form("+525555550100") == "+52 55 5555 0100"
    assert display_form("not a number") == "not a number"


def test_a_phone_shows_its_own_number_after_a_change():
    phone = Phone(number="+19735550142")
    assert phone.display == "(973) 555-0142"
    phone.number, phone.extension = "+12015550199", "7"
    assert phone.display == "(201) 555-0199 ext. 7"
    assert str(phone) == phone.display
