"""Offline geography: ZIP centroids and counties from registry packages."""

import pytest

from directory import geography


def test_zip_resolves_to_point_city_state_and_county():
    place = geography.lookup_zip("07102")
    assert (place.city, place.state, place.county_fips) == ("Newark", "NJ", "34013")
    assert place.latitude == pytest.approx(40.73, abs=0.05)
    assert place.longitude == pytest.approx(-74.18, abs=0.05)


@pytest.mark.parametrize("bad", ["00000", "abcde", "123", "", "0710"])
def test_unknown_or_malformed_zip_is_none(bad):
    assert geography.lookup_zip(bad) is None


def test_states_and_counties_have_no_aliases():
    codes = [state.code for state in geography.states()]
    assert len(codes) == len(set(codes)) == 56
    fips = [county.fips for county in geography.counties()]
    assert len(fips) == len(set(fips))
    assert {"Essex County"} == {c.name for c in geography.counties() if c.fips == "34013"}
