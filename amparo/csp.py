"""Content-Security-Policy: django-csp's middleware, with the Wagtail admin's own policy.

Every page gets ``CONTENT_SECURITY_POLICY`` (settings.py): scripts and styles from this site
only, no inline script anywhere. The Wagtail admin (``/admin/``) gets the same policy with the
directives of ``AMPARO_ADMIN_CSP_REPLACE`` replaced: what Wagtail's own templates need
(docs/architecture.md, *Content-Security-Policy*). Previews are not admin pages: they render
stored content (a listing's rich text, a page) the way the public sees it, so they keep the
strict policy. A view's own ``csp_replace`` still wins.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# Wagtail's (and wagtail-localize's) views that render content as the site shows it.
PREVIEW_VIEWS = {
    "preview_on_add",
    "preview_on_edit",
    "revisions_view",
    "workflow_preview",
    "preview_translation",
}


class AmparoCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.replace is None and self.is_admin(request):
            parts.replace = settings.AMPARO_ADMIN_CSP_REPLACE
        return parts

    @staticmethod
    def is_admin(request: HttpRequest) -> bool:
        match = request.resolver_match
        return request.path_info.startswith("/admin/") and not (
            match and match.url_name in PREVIEW_VIEWS
        )
