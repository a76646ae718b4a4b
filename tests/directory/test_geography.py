"""Offline geography: ZIP centroids and counties from registry packages."""

import pytest
import zipcodes

from directory import geography


def test_zip_resolves_to_point_city_state_and_county():
    place = geography.lookup_zip("07102")
    assert (place.city, place.state, place.county_fips) == ("Newark", "NJ", "34013")
    assert place.latitude == pytest.approx(40.73, abs=0.05)
    assert place.longitude == pytest.approx(-74.18, abs=0.05)


@pytest.mark.parametrize(
    "bad",
    [
        "00000",
        "99999",
        "abcde",
        "123",
        "",
        "0710",
        "0710a",
        "\u0661\u0662\u0663\u0664\u0665",
        "\uff10\uff17\uff11\uff10\uff12",
    ],
)
def test_unknown_or_malformed_zip_is_none(bad):
    assert geography.lookup_zip(bad) is None


def test_zip_plus_four_and_spaces_read_the_five_digits():
    assert geography.lookup_zip(" 07102-1234 ") == geography.lookup_zip("07102")


def test_zip_index_gives_what_zipcodes_matching_gives():
    """The per-process index answers as the package's linear ``matching`` scan did."""
    for code in ["00501", "07102", "10001", "33101", "60601", "90210", "96799", "99950"]:
        (row,) = zipcodes.matching(code)
        place = geography.lookup_zip(code)
        assert (place.postal_code, place.city, place.state) == (
            code,
            row["city"].title(),
            row["state"],
        )
        assert (place.latitude, place.longitude) == (float(row["lat"]), float(row["long"]))
    assert len(geography._zip_rows()) == len({row["zip_code"] for row in zipcodes.list_all()})


def test_states_and_counties_have_no_aliases():
    codes = [state.code for state in geography.states()]
    assert len(codes) == len(set(codes)) == 56
    fips = [county.fips for county in geography.counties()]
    assert len(fips) == len(set(fips))
    assert {"Essex County"} == {c.name for c in geography.counties() if c.fips == "34013"}
