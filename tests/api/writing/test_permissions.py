"""The permission matrix of the write API: role x action x state. Permissions are Wagtail's
(directory/setup.py): editors draft and submit, vetters approve, publish, verify, unpublish and
delete; a partner key is read-only; anonymous writes are 401; an organization's list curators
hold no directory permission. Each action runs in a savepoint rolled back after it, so every
cell starts from the same state, and after every action by someone who may not publish, nothing
of it has reached the public."""

from functools import partial

import pytest

from directory.models import Listing
from partners.models import PartnerKey
from tests.api.test_directory import public
from tests.api.writing.helpers import (
    STATES,
    TokenClient,
    everywhere_in,
    service_actions,
    statuses,
)
from tests.factories import AttorneyFactory, UserFactory, editor, publish, vetter
from tests.lists.conftest import staff_of

pytestmark = pytest.mark.django_db
FOLDER = "/api/directory/attorneys/"
URL = f"{FOLDER}matrix"
NEW = {"title": "Example New Clinic", "provider_type": "nonprofit"}
ACTIONS = {
    "create": ("post", FOLDER, NEW),
    "patch": ("patch", URL, {"summary": "Changed by the matrix."}),
    "delete": ("delete", URL, None),
    **service_actions(URL),
}
everywhere = partial(everywhere_in, ACTIONS)


MATRIX = {
    "anonymous": everywhere(401),
    "partner": everywhere(403),  # a key is no user: read-only
    "curator": everywhere(403),  # an organization's staff keep lists, not listings
    "editor": {
        "draft": {"create": 201, "patch": 204, "delete": 403, "submit": 200, "approve": 403,
                  "reject": 403, "verify": 403, "unpublish": 403, "lock": 200, "history": 200},
        "pending": {"create": 201, "patch": 409, "delete": 403, "submit": 403, "approve": 403,
                    "reject": 403, "verify": 403, "unpublish": 403, "lock": 200, "history": 200},
        "published": {"create": 201, "patch": 204, "delete": 403, "submit": 403, "approve": 403,
                      "reject": 403, "verify": 403, "unpublish": 403, "lock": 200, "history": 200},
    },
    "vetter": {
        "draft": {"create": 201, "patch": 204, "delete": 204, "submit": 200, "approve": 403,
                  "reject": 403, "verify": 403, "unpublish": 403, "lock": 200, "history": 200},
        "pending": {"create": 201, "patch": 204, "delete": 204, "submit": 403, "approve": 200,
                    "reject": 200, "verify": 403, "unpublish": 403, "lock": 200, "history": 200},
        "published": {"create": 201, "patch": 204, "delete": 204, "submit": 403, "approve": 403,
                      "reject": 403, "verify": 200, "unpublish": 200, "lock": 200, "history": 200},
    },
}  # fmt: skip
PUBLISHERS = {"vetter"}


def make_state(state: str, author) -> Listing:
    if state == "published":
        return publish(public(AttorneyFactory, slug="matrix", summary="Published."), vetter())
    listing = AttorneyFactory(slug="matrix", summary="Draft.")
    listing.save_revision(user=author)
    if state == "pending":
        listing.get_workflow().start(listing, author)
    return listing


def client_for(role: str) -> TokenClient:
    if role == "anonymous":
        return TokenClient()
    if role == "partner":
        row = PartnerKey(name="Example key", tier=PartnerKey.Tier.PARTNER)
        key = row.new_key()
        row.save()
        client = TokenClient()
        client.headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
        return client
    if role == "curator":
        from lists.models import Organization

        org = Organization.objects.create(name="Example Org", slug="example-org", kind="agency")
        return TokenClient(staff_of(org, "curator"))
    return TokenClient({"editor": editor, "vetter": vetter}[role]())


def public_view(client) -> tuple:
    """What the public sees of the directory: the listing's detail and the search."""
    detail = client.get(URL)
    search = client.get("/api/@search").json()
    return detail.status_code, detail.content, [i["title"] for i in search["items"]]


@pytest.mark.parametrize("role", list(MATRIX))
@pytest.mark.parametrize("state", STATES)
def test_permission_matrix(role, state, client):
    make_state(state, UserFactory(username="author", group="Editors"))
    public = None if role in PUBLISHERS else partial(public_view, client)
    assert statuses(client_for(role), ACTIONS, public) == MATRIX[role][state]
