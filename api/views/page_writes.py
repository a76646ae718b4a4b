"""Writing CMS pages: ``POST /api/<path>`` creates a draft page under that page where its type
allows one (Wagtail's ``parent_page_types``/``subpage_types``), ``PATCH`` saves a new draft
revision (a live page stays as it was until it is published), ``DELETE`` removes a page (a live
one needs the publish permission). Each goes through the admin's page form and Wagtail's page
actions (CreatePageAction, EditPageAction, DeletePageAction: permissions, revision, audit log),
the code paths listings take (api/views/listing_writes.py). Writes address the page in the
site's default language, drafts included."""

from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from wagtail.actions.registry import action_registry
from wagtail.models import Locale, Page, Site

from api import writing
from api.errors import BadRequest
from api.views.listing_writes import Writable, filled_form, run
from api.views.page_write_schemas import (
    page_create_schema,
    page_delete_schema,
    page_update_schema,
)
from api.views.pages import ContentView
from api.views.types import PAGE_TYPES


def draft_page(request, path: str) -> Page:
    """The page at ``path`` below the site's home page in the default language, live or not."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is served at this address.")
    home = site.root_page
    url_path = f"{home.url_path}{path.strip('/')}/"
    page = Page.objects.filter(url_path=url_path, locale=Locale.get_default()).first()
    if page is None:
        raise Http404(f"No page is found at {path}.")
    return page.specific


def forbid_unless(allowed: bool, message: str) -> None:
    if not allowed:
        raise exceptions.PermissionDenied(message)


def page_type(body_type, parent: Page) -> type[Page]:
    """The model of ``@type``, if a page of that type may be created under ``parent``."""
    model = PAGE_TYPES.get(body_type) if isinstance(body_type, str) else None
    if model is None:
        raise BadRequest.for_field("@type", _("Give a page type: %s.") % ", ".join(PAGE_TYPES))
    if model not in parent.creatable_subpage_models() or not model.can_create_at(parent):
        raise BadRequest.for_field(
            "@type", _("A %(type)s cannot be created here.") % {"type": body_type}
        )
    return model


def summary(request, page: Page) -> dict:
    return {
        "@id": request.build_absolute_uri(f"/api/{path_of(page)}"),
        "@type": type(page).__name__,
        "title": page.title,
        "review_state": "published" if page.live else "private",
    }


def answer(request, page: Page, status: int) -> Response:
    body = summary(request, page)
    return Response(body, status=status, headers={"ETag": writing.revision_etag(page)})


def path_of(page: Page) -> str:
    home_path = page.get_ancestors().filter(depth=2).first().url_path
    return page.url_path.removeprefix(home_path).strip("/")


class PageWriteView(Writable, ContentView):
    @page_create_schema
    def post(self, request, path: str) -> Response:
        parent = draft_page(request, path)
        model = page_type(
            request.data.get("@type") if isinstance(request.data, dict) else None, parent
        )
        forbid_unless(
            parent.permissions_for_user(request.user).can_add_subpage(),
            _("You may not add pages here."),
        )
        page = model(locale=parent.locale, owner=request.user)
        form = filled_form(self, model, model.__name__, page, partial=False, parent_page=parent)
        page = run("create", form, request.user, parent=parent).specific
        response = answer(request, page, 201)
        response["Location"] = response.data["@id"]
        return response

    @page_update_schema
    def patch(self, request, path: str) -> Response:
        page = draft_page(request, path)
        forbid_unless(
            page.permissions_for_user(request.user).can_edit(), _("You may not edit this page.")
        )
        writing.check_lock(page, request.user)
        writing.check_if_match(request, page)
        parent = page.get_parent()
        form = filled_form(self, type(page), type(page).__name__, page, True, parent_page=parent)
        run("edit", form, request.user)
        page = Page.objects.get(pk=page.pk).specific
        if "return=representation" in request.headers.get("Prefer", ""):
            return answer(request, page, 200)
        return Response(status=204, headers={"ETag": writing.revision_etag(page)})

    @page_delete_schema
    def delete(self, request, path: str) -> Response:
        page = draft_page(request, path)
        permissions = page.permissions_for_user(request.user)
        forbid_unless(permissions.can_delete(), _("You may not delete this page."))
        forbid_unless(
            not page.live or permissions.can_publish(),
            _("Deleting a published page needs the publish permission."),
        )
        writing.check_lock(page, request.user)
        writing.check_if_match(request, page)
        action_registry.get_action_class(type(page), "delete")(page, user=request.user).execute()
        return Response(status=204)


urlpatterns = [path("<page_path:path>", PageWriteView.as_view(), name="page")]
