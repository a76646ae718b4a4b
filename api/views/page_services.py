"""A CMS page's services for writers (api/views/services.py): ``<path>/@workflow``,
``<path>/@history`` and ``<path>/@lock``, on the page in the site's default language, drafts
included, as the page writes address it (api/views/page_writes.py). The workflow is the one the
admin uses for the page (Wagtail's Moderators approval on the tree, which Vetters join:
directory/setup.py), the permissions Wagtail's page permissions: editors submit and lock,
vetters also approve, reject, unpublish and unlock. A page has no vetting stamp: no ``verify``.

The page paths' converter takes no segment with an "@", so these URLs never reach the page
traversal's catch-all; api/urls.py includes them before it all the same."""

from django.utils.translation import gettext as _
from wagtail.models import Page

from api import workflow
from api.page_tree import PageTree
from api.serializers_pages import type_fields
from api.views.page_write_schemas import PAGE_PATH, WRITTEN_PAGE
from api.views.page_writes import draft_page, forbid_unless, summary
from api.views.service_schemas import schemas
from api.views.services import Service, routes


class PageService(Service):
    label = "page"

    def subject(self, path: str) -> Page:
        page = draft_page(self.request, path)
        forbid_unless(
            workflow.can(self.request.user, "change", page), _("You may not edit this page.")
        )
        return page

    def url(self, service: str, path: str) -> str:
        return self.request.build_absolute_uri(f"/api/{path.strip('/')}/@{service}")

    def state(self, page: Page) -> str:
        if workflow.in_progress(page):
            return "pending"
        return "published" if page.live else "private"

    def shown(self, page: Page, revision) -> dict:
        past = revision.as_object()
        head = summary(self.request, past)
        del head["review_state"]  # the page's state now, not the revision's
        return {**head, **type_fields(PageTree(self.request, self.language), past)}


TRANSITIONS = {
    "submit": "into moderation",
    "approve": "a vetter: publishes the page",
    "reject": "back to the editor; `comment` required",
    "unpublish": "a vetter",
}
REVISION = {
    "type": "object",
    "required": ["@id", "@type", "title", "version", "created"],
    "properties": {
        **{name: WRITTEN_PAGE["properties"][name] for name in ("@id", "@type", "title")},
        "version": {"type": "integer"},
        "created": {"type": "string", "format": "date-time"},
    },
    "additionalProperties": True,  # the page type's own fields, as GET /api/<path> shows them
}
SCHEMAS = schemas(
    "page",
    [PAGE_PATH],
    TRANSITIONS,
    REVISION,
    comment="The second section cites a rule that changed in March.",
)

urlpatterns = routes("<page_path:path>/", PageService, SCHEMAS)
