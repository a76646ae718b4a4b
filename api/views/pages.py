"""The CMS side of the read API: the site root (``GET /api/``), traversal of the page tree
(plone.restapi's content GET, ``GET /api/<path>``) and the ``@breadcrumbs``, ``@navigation`` and
``@translations`` services of the root and of every page.

api/urls.py includes these patterns last: page paths are a catch-all, so anything left over (an
unknown ``@service``, a ``directory/`` URL the directory does not know) ends here, as a 404 in the
API's error shape, never as a page.
"""

from collections.abc import Callable

import uritemplate
from django.urls import path, re_path, register_converter
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework.response import Response

from api import schemas_pages as schemas
from api import serializers_pages as pages
from api.batching import batch_bounds
from api.errors import BadRequest, json_not_found
from api.page_tree import PageTree
from api.schema import BATCH_PARAMETERS, ERROR_RESPONSE, LANGUAGE_PARAMETER, NOT_FOUND_RESPONSE
from api.views.base import ApiView


class PagePath:
    """A page's path below the home page: slugs joined by "/". No segment starts with "@" (that
    is a service) and the first is not ``directory`` (the directory's URLs)."""

    regex = r"(?!directory(?:/|$))[^/@]+(?:/[^/@]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PagePath, "page_path")


def expand_names(request) -> list[str]:
    """``expand=breadcrumbs,navigation`` (or repeated): the components to inline."""
    names = [
        name.strip()
        for value in request.query_params.getlist("expand")
        for name in value.split(",")
        if name.strip()
    ]
    unknown = sorted(set(names) - set(pages.COMPONENTS))
    if unknown:
        raise BadRequest.for_field(
            "expand",
            f"expand takes {', '.join(pages.COMPONENTS)}; "
            f"{', '.join(repr(name) for name in unknown)} is not one of them.",
        )
    return names


class PageSchema(AutoSchema):
    """The site root's services share their views with pages' services: the root's URLs have no
    page path, so their operations leave its parameter out, and each URL has its own id."""

    def get_operation(self, path, path_regex, path_prefix, method, registry) -> dict | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation and operation.get("parameters"):
            variables = set(uritemplate.variables(path))
            operation["parameters"] = [
                parameter
                for parameter in operation["parameters"]
                if parameter["in"] != OpenApiParameter.PATH or parameter["name"] in variables
            ]
        return operation

    def get_operation_id(self) -> str:
        scope = "page" if "{path}" in self.path else "site"
        service = getattr(self.view, "service", "")
        return f"{scope}_{service}" if service else scope


PATH_PARAMETER = OpenApiParameter(
    "path",
    str,
    OpenApiParameter.PATH,
    pattern=f"^{PagePath.regex}$",
    description="The page's path below the home page, e.g. "
    "know-your-rights/threat-to-call-immigration.",
)
EXPAND_PARAMETER = OpenApiParameter(
    "expand",
    str,
    many=True,
    explode=False,
    enum=list(pages.COMPONENTS),
    description="Components to inline in @components instead of linking them, comma-separated.",
)


class PageView(ApiView):
    """What every view here shares: the tree as this request sees it."""

    schema = PageSchema()

    def tree(self) -> PageTree:
        return PageTree(self.request, self.language)


class SiteView(PageView):
    """``GET /api/``: the site root, with its top-level pages as items."""

    parameters = frozenset({"expand", "b_start", "b_size"})

    @extend_schema(
        summary="The site root",
        description="The site's title and languages, its top-level pages (batched) and links "
        "to its services.",
        parameters=[EXPAND_PARAMETER, *BATCH_PARAMETERS, LANGUAGE_PARAMETER],
        responses={200: schemas.SITE_SCHEMA, 400: ERROR_RESPONSE},
    )
    def get(self, request) -> Response:
        expand, (start, size) = expand_names(request), batch_bounds(request)
        return Response(pages.site(self.tree(), expand, start, size))


class ContentView(PageView):
    """``GET /api/<path>``: one page, with its children (batched) if it is folderish."""

    parameters = frozenset({"expand", "b_start", "b_size"})

    @extend_schema(
        summary="A page",
        description="The page at this path in the request's language, or in the site's default "
        "language when it has no live translation (`language` says which). Folderish pages list "
        "their children as batched `items`.",
        parameters=[PATH_PARAMETER, EXPAND_PARAMETER, *BATCH_PARAMETERS, LANGUAGE_PARAMETER],
        responses={200: schemas.CONTENT_SCHEMA, 400: ERROR_RESPONSE, 404: NOT_FOUND_RESPONSE},
    )
    def get(self, request, path: str) -> Response:
        expand, (start, size) = expand_names(request), batch_bounds(request)
        tree = self.tree()
        return Response(pages.content(tree, tree.resolve(path), expand, start, size))


class ServiceView(PageView):
    """A service of a page, or of the site root when the URL has no page path."""

    service: str

    def get(self, request, path: str = "") -> Response:
        tree = self.tree()
        return Response(pages.SERVICES[self.service](tree, tree.resolve(path)))


def service_schema(summary: str, description: str, response: dict) -> Callable:
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[PATH_PARAMETER, LANGUAGE_PARAMETER],
        responses={200: response, 400: ERROR_RESPONSE, 404: NOT_FOUND_RESPONSE},
    )


@extend_schema_view(
    get=service_schema(
        "Breadcrumbs",
        "The pages from the top level down to this one; empty at the site root.",
        schemas.BREADCRUMBS_SCHEMA,
    )
)
class BreadcrumbsView(ServiceView):
    service = "breadcrumbs"


@extend_schema_view(
    get=service_schema(
        "Navigation", "The top-level pages, each with its children.", schemas.NAVIGATION_SCHEMA
    )
)
class NavigationView(ServiceView):
    service = "navigation"


@extend_schema_view(
    get=service_schema(
        "Translations",
        "The other languages this page is published in, each with its link.",
        schemas.TRANSLATIONS_SCHEMA,
    )
)
class TranslationsView(ServiceView):
    service = "translations"


SERVICE_VIEWS = {
    "breadcrumbs": BreadcrumbsView,
    "navigation": NavigationView,
    "translations": TranslationsView,
}

urlpatterns = [
    path("", SiteView.as_view(), name="site"),
    *(
        path(f"@{name}", view.as_view(), name=f"site-{name}")
        for name, view in SERVICE_VIEWS.items()
    ),
    *(
        path(f"<page_path:path>/@{name}", view.as_view(), name=f"page-{name}")
        for name, view in SERVICE_VIEWS.items()
    ),
    # "<page_path:path>" itself (GET and the writes) is api/views/page_writes.py's, included first.
    # The same page with a trailing slash, as Plone answers it too; described once in the schema.
    path("<page_path:path>/", ContentView.as_view(schema=None)),
    # Anything else under /api/ that no service before this one took: an unknown @service, a
    # directory URL the directory does not know.
    re_path(r"^", json_not_found, name="not-found"),
]
