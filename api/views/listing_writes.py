"""Writing listings: ``POST`` to a kind's folder creates a draft, ``PATCH`` a listing changes it
(a new draft revision: a published listing stays public as it was until a vetter approves),
``DELETE`` removes it with its translations. Each goes through the admin's own form and Wagtail's
action for it (``wagtail.actions``: permissions, revision, audit log), exactly as the admin's
create, edit and delete views do. A write edits the listing's source-language row; translations
follow through wagtail-localize, as in the admin."""

from django.http import Http404
from django.urls import path, reverse
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from wagtail.actions.registry import action_registry
from wagtail.models import Locale, Page
from wagtail.permissions import policy_registry
from wagtail.utils.forms import FormValidationError

from api import writing
from api.parsers import JSONParser
from api.serializers import KIND_TYPES, SEGMENT_KINDS
from api.views.directory import KindFolderView, ListingView
from api.views.types import edit_handler, type_schema
from api.views.write_schemas import create_schema, delete_schema, patch_schema
from directory.models import KIND_MODELS, Listing


class Writable:
    """Reads stay as they were; writes need a user (a partner key or no credentials: 401/403)
    and a JSON body."""

    parser_classes = [JSONParser]

    def get_permissions(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return super().get_permissions()
        return [IsAuthenticated()]


def kind_model(segment: str):
    if segment not in SEGMENT_KINDS:
        raise Http404(f"There is no kind {segment!r}; try {', '.join(SEGMENT_KINDS)}.")
    kind = SEGMENT_KINDS[segment]
    return KIND_MODELS[kind], KIND_TYPES[kind][0]


def require(user, action: str, instance) -> None:
    """Wagtail's permission policy for the model, as the admin asks it: 403 without."""
    policy = policy_registry.get(instance)
    if not policy.user_has_permission_for_instance(user, action, instance):
        raise exceptions.PermissionDenied(
            f"You may not {action} this {instance._meta.verbose_name}."
        )


def run(action_name: str, form, user, **kwargs):
    action = action_registry.get_action_class(type(form.instance), action_name)
    try:
        return action(form.instance, user=user, form=form, **kwargs).execute()
    except FormValidationError as error:
        raise writing.form_errors(form) from error


def filled_form(view, model, type_name: str, instance, partial: bool, **extra):
    body = writing.json_object(view.request, {} if issubclass(model, Page) else writing.ALIASES)
    writing.check_type(body, type_name)
    schema = type_schema(type_name, view.language, view.request.build_absolute_uri("/"))
    writing.validate(schema, body, partial)
    form_class = edit_handler(model).get_form_class()
    return writing.bound_form(form_class, instance, view.request.user, body, **extra)


class KindFolderWriteView(Writable, KindFolderView):
    @create_schema
    def post(self, request, kind: str) -> Response:
        model, type_name = kind_model(kind)
        instance = model(locale=Locale.get_default())
        require(request.user, "add", instance)
        form = filled_form(self, model, type_name, instance, partial=False)
        run("create", form, request.user)
        listing = Listing.objects.get(pk=form.instance.pk)
        location = request.build_absolute_uri(reverse("api:listing", args=[kind, listing.slug]))
        response = self.answer(request, kind, listing, 201)
        response["Location"] = location
        return response

    def answer(self, request, kind: str, listing, status: int) -> Response:
        body = ListingView.get(self, request, kind, listing.slug).data
        return Response(body, status=status, headers={"ETag": writing.revision_etag(listing)})


class ListingWriteView(Writable, ListingView):
    def source(self, kind: str, slug: str):
        model, type_name = kind_model(kind)
        listing = model.objects.filter(slug=slug, locale=Locale.get_default()).first()
        if listing is None:
            raise Http404(f"No listing is found at {slug!r}.")
        return listing, type_name

    @patch_schema
    def patch(self, request, kind: str, slug: str) -> Response:
        listing, type_name = self.source(kind, slug)
        require(request.user, "change", listing)
        writing.check_lock(listing, request.user)
        writing.check_if_match(request, listing)
        form = filled_form(self, type(listing), type_name, listing, partial=True)
        run("edit", form, request.user)
        listing = Listing.objects.get(pk=listing.pk)
        if "return=representation" in request.headers.get("Prefer", ""):
            return KindFolderWriteView.answer(self, request, kind, listing, 200)
        return Response(status=204, headers={"ETag": writing.revision_etag(listing)})

    @delete_schema
    def delete(self, request, kind: str, slug: str) -> Response:
        listing, _type_name = self.source(kind, slug)
        rows = list(Listing.objects.filter(translation_key=listing.translation_key))
        for row in rows:
            require(request.user, "delete", row)
            if row.live:
                require(request.user, "publish", row)
        writing.check_lock(listing, request.user)
        writing.check_if_match(request, listing)
        for row in sorted(rows, key=lambda row: row.pk == listing.pk):
            action_registry.get_action_class(type(row), "delete")(row, user=request.user).execute()
        return Response(status=204)


urlpatterns = [
    path("directory/<str:kind>/", KindFolderWriteView.as_view(), name="kind"),
    path("directory/<str:kind>/<slug:slug>", ListingWriteView.as_view(), name="listing"),
]
