"""Every ``@id`` in an ``@search`` answer that includes pages is where that object lives: fetched,
it answers an object with the same ``@id`` and ``@type``. The home page is the site root
(``/api/``, ``@type`` ``Site``) in search results as at the root, as plone.restapi's portal."""

import pytest

from tests.api.test_directory import directory  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "params",
    [
        {"b_size": 100},
        {"b_size": 100, "language": "es"},
        {"portal_type": "HomePage"},
        {"q": "raid", "b_size": 100},
    ],
)
def test_every_id_in_a_search_answers_the_same_object(client, demo_pages, directory, params):  # noqa: F811
    items = client.get("/api/@search", params).json()["items"]
    types = {item["@type"] for item in items}
    assert types & {"Site", "FolderPage", "DocumentPage"}, types  # pages are in it
    for item in items:
        response = client.get(item["@id"])
        assert response.status_code == 200, item["@id"]
        fetched = response.json()
        assert (fetched["@id"], fetched["@type"]) == (item["@id"], item["@type"])


def test_the_home_page_is_the_site_root_in_search_and_at_the_root(client, demo_pages):
    root = client.get("/api/").json()
    (home,) = client.get("/api/@search", {"portal_type": "HomePage"}).json()["items"]
    assert (
        (home["@id"], home["@type"]) == (root["@id"], "Site") == ("http://testserver/api/", "Site")
    )
