"""The base of every API view: known parameters only, language negotiation, conditional GET."""

from django.utils import translation
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from api import caching, errors, tiers
from api.authentication import BearerAuthentication
from api.errors import BadRequest
from api.language import negotiate
from directory.models import Listing, PublicVersion
from directory.models.version import Version
from partners.authentication import ApiKeyAuthentication
from partners.throttling import ApiKeyRateThrottle, ClientRateThrottle

COMMON_PARAMETERS = frozenset({"language"})
BATCH_PARAMETER_NAMES = frozenset({"b_start", "b_size"})


class ApiView(APIView):
    """Subclasses list the query parameters they accept in ``parameters``; anything else is a
    400, so a typo never silently widens a search."""

    parameters: frozenset[str] = frozenset()
    renderer_classes = [JSONRenderer]
    permission_classes = [AllowAny]
    # A partner key (``Authorization: Api-Key <key>``, first: its scheme makes DRF answer 401)
    # makes the partner tier; a login token (``Bearer``, no CSRF needed) or an admin session the
    # editor tier (api/tiers.py); CSRF is checked on unsafe methods of a session.
    authentication_classes = [ApiKeyAuthentication, BearerAuthentication, SessionAuthentication]
    # Per key at its rate, else per client (AMPARO_ANON_RATE); 429 with Retry-After.
    throttle_classes = [ApiKeyRateThrottle, ClientRateThrottle]
    # Anonymous GETs get an ETag, 304s and kept answers; a view whose answer is not the
    # directory's (the health check) turns this off.
    cacheable = True

    def dispatch(self, request, *args, **kwargs):
        # The negotiated language is active for this request only, rendering included (labels
        # are lazy translations).
        with translation.override(translation.get_language()):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
                if getattr(self, "etag", None):
                    caching.keep(self.etag, response)
            return response

    def check_method(self, request) -> None:
        """A method the view has no handler for is a 405, decided before anything else: DRF
        would first authenticate, and a session's write without a CSRF token would answer a
        403 about CSRF, or a view's own checks a 400, instead of the real reason."""
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise exceptions.MethodNotAllowed(request.method)

    def initial(self, request, *args, **kwargs):
        self.check_method(request)
        super().initial(request, *args, **kwargs)
        self.check_parameters(request)
        self.language = negotiate(request)
        self.unpublished_kinds = tiers.unpublished_kinds(request.user)
        translation.activate(self.language)
        self.etag = None
        if request.method == "GET" and self.cacheable and caching.is_anonymous(request):
            self.version = PublicVersion.current()
            self.etag = caching.compute_etag(request, self.language, self.version)
            if caching.matches(request, self.etag):
                raise caching.NotModified()
            kept = caching.kept(self.etag)
            if kept is not None:
                raise caching.Kept(kept)

    def handle_exception(self, exc):
        if isinstance(exc, caching.Kept):
            return exc.response
        return super().handle_exception(exc)

    def get_exception_handler(self):
        # The API's error shape is the API views' own: set here, not in REST_FRAMEWORK, so other
        # apps' DRF views (wagtail-localize's) keep DRF's, and errors.py needs no view.
        return errors.exception_handler

    def throttled(self, request, wait):
        who = "this API key" if tiers.request_key(request) else "this client"
        raise exceptions.Throttled(wait, detail=f"Too many requests from {who}.")

    @property
    def public_version(self) -> Version | None:
        """The public version this anonymous read read for its ETag (its kept counts and
        shared term titles go under it); None for any other request."""
        return self.version if self.etag else None

    @property
    def is_editor(self) -> bool:
        return bool(self.unpublished_kinds)

    @property
    def is_partner(self) -> bool:
        """A partner-tier key: partner-only fields (a consulate's liaison) are shown."""
        return tiers.is_partner(self.request)

    def listings(self):
        """The listings this request may see, one row each in its language."""
        return Listing.objects.for_language(self.language, self.unpublished_kinds)

    def check_parameters(self, request) -> None:
        # A NUL character is never meaningful, and PostgreSQL refuses it in any string.
        with_nul = sorted(
            {
                name
                for name, values in request.query_params.lists()
                if any("\x00" in v for v in values)
            }
        )
        if with_nul:
            raise BadRequest(
                f"A NUL character is not allowed in {', '.join(with_nul)}.",
                [{"field": name, "message": "Contains a NUL character."} for name in with_nul],
            )
        allowed = self.parameters | COMMON_PARAMETERS
        unknown = sorted(set(request.query_params) - allowed)
        if unknown:
            raise BadRequest(
                f"Unknown query parameter{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                f"This endpoint accepts: {', '.join(sorted(allowed))}.",
                [{"field": name, "message": "Unknown parameter."} for name in unknown],
            )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        language = getattr(self, "language", None)
        if language:
            response["Content-Language"] = language
        response["Vary"] = "Accept, Accept-Language"
        etag = getattr(self, "etag", None)
        if etag and response.status_code in (200, 304):
            response["ETag"] = etag
            response["Cache-Control"] = f"public, max-age={caching.max_age(self.version)}"
            if response.status_code == 304:
                response.data = None
        elif response.status_code >= 500 or not etag:
            response["Cache-Control"] = "no-store"
        else:
            response["Cache-Control"] = "public, max-age=0"
        return response
