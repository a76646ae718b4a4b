"""A listing's services for writers (api/views/services.py): ``@workflow``, ``@history`` and
``@lock`` below ``/api/directory/<kind>/<slug>/``. They act on the listing's source-language
row, like the writes (api/views/listing_writes.py), and are for users with the directory's
permissions only; a listing's revision is shown as the editor tier shows a listing."""

from django.utils.translation import gettext as _
from rest_framework import exceptions

from api import tiers, workflow
from api.search import serializer_context
from api.serializers import ListingSerializer, review_state
from api.views.directory import KIND_PARAMETER, SLUG_PARAMETER
from api.views.listing_writes import ListingWriteView
from api.views.service_schemas import schemas
from api.views.services import Service, routes


class ListingService(Service):
    label = "listing"

    def subject(self, kind: str, slug: str):
        listing, _type_name = ListingWriteView.source(self, kind, slug)
        if listing.kind not in self.unpublished_kinds:
            raise exceptions.PermissionDenied(_("You may not edit the directory."))
        listing.open_workflows = workflow.in_progress(listing)
        return listing

    def url(self, service: str, kind: str, slug: str) -> str:
        return self.request.build_absolute_uri(f"/api/directory/{kind}/{slug}/@{service}")

    def state(self, listing) -> str:
        return review_state(listing)

    def shown(self, listing, revision) -> dict:
        draft = tiers.draft_of(listing, revision.content)
        context = serializer_context(self.request, self.language, True, self.public_version)
        return ListingSerializer(draft, context=context).data


TRANSITIONS = {
    "submit": "into vetting",
    "approve": "a vetter: publishes, stamps last verified and verified by",
    "reject": "back to the editor; `comment` required",
    "verify": "a vetter: re-verified unchanged",
    "unpublish": "a vetter",
}
SCHEMAS = schemas(
    "listing",
    [KIND_PARAMETER, SLUG_PARAMETER],
    TRANSITIONS,
    ListingSerializer,
    comment="The phone number rings a fax machine.",
)

urlpatterns = routes("directory/<str:kind>/<slug:slug>/", ListingService, SCHEMAS)
