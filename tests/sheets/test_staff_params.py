"""The staff page reads ``q`` as the API does (the words stay in its search box and find the
listings), and names any parameter it does not know in a visible, translated notice instead of
dropping it silently."""

import pytest

from tests.sheets.test_sheets import listings  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
URL = "/staff/referrals/"


def test_q_searches_like_searchable_text(client, listings):  # noqa: F811
    by_q = client.get(URL, {"q": "Elizabeth"}).content.decode()
    by_text = client.get(URL, {"SearchableText": "Elizabeth"}).content.decode()
    for html in (by_q, by_text):
        assert "Example Elizabeth Workers Center" in html
        assert "Example Newark Defense Clinic" not in html
        # The words stay in the box, so the next submission searches them again.
        assert 'name="SearchableText" value="Elizabeth"' in html
        assert "not understood" not in html.lower()


def test_an_unknown_parameter_is_named_in_a_notice(client, listings):  # noqa: F811
    html = client.get(URL, {"stat": "NJ", "zip": "07102", "state": "NJ"}).content.decode()
    assert 'role="status"' in html
    notice = html.split('class="notice unknown"', 1)[1].split("</p>", 1)[0]
    assert "stat, zip" in notice
    assert "Example Newark Defense Clinic" in html  # the known ones still apply

    spanish = client.get("/es" + URL, {"stat": "NJ"}).content.decode()
    assert "No se entendieron y se dejaron de lado: stat" in spanish
