"""Fixtures the API tests share with another folder: the trusted lists' (tests/lists/conftest.py),
which test_lists.py (the lists' API, moved here from tests/lists) uses."""

from tests.lists.conftest import listings, orgs  # noqa: F401 (fixtures: imported to register them)
