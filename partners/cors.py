"""CORS for the read API (``/api/``) by django-cors-headers, decided by the partner keys' allowed
origins through its ``check_request_enabled`` signal (settings: ``CORS_*``).

- A request with a valid key gets ``Access-Control-Allow-Origin: <its Origin>`` only when that
  origin is one of the key's allowed origins; a foreign origin gets no CORS headers, so a key
  copied into another site's pages does not work there in a browser.
- A request without a (valid) key, such as an embed's public, cacheable GET, gets them when its
  origin is an allowed origin of any active key: partner sites may call the public API from
  their pages; other sites may not (servers are not bound by CORS, and the public tier is open to
  them anyway).
- A preflight (``OPTIONS`` with ``Origin`` and ``Access-Control-Request-Method``) carries no key,
  so it is answered by the middleware, with CORS headers for any registered origin; the actual
  request is then checked against its key.
- Never ``Access-Control-Allow-Credentials``: admin sessions (cookies) never cross origins.

The library decides after the view has run (the signal is asked when the answer's headers are
added), so the key DRF authenticated is known. What it lacks is kept in the small subclass
below: a preflight answers 204 (the library answers 200 with an empty body), and every answer
under ``/api/`` varies by ``Origin`` and ``Authorization``, so a shared cache never hands one
origin's or one tier's answer to another (the library varies by ``origin`` alone).
"""

from corsheaders.middleware import CorsMiddleware as LibraryCorsMiddleware
from corsheaders.signals import check_request_enabled
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import patch_vary_headers

from partners.models import PartnerKey

API_PREFIX = "/api/"


@receiver(check_request_enabled, dispatch_uid="partners-cors-origins")
def partner_origin(sender, request: HttpRequest, **kwargs) -> bool:
    """Whether the request's origin may read this answer: its key's origins, or without a key
    any active key's. Nothing outside /api/."""
    if not request.path_info.startswith(API_PREFIX):
        return False
    origin = request.headers.get("Origin")
    key = getattr(request, "amparo_api_key", None)
    if key is not None:
        return key.allows_origin(origin)
    return origin in PartnerKey.objects.registered_origins()


class CorsMiddleware(LibraryCorsMiddleware):
    def check_preflight(self, request: HttpRequest) -> HttpResponseBase | None:
        answer = super().check_preflight(request)
        if answer is None or "Origin" not in request.headers:
            return None  # not a browser's preflight: the view answers the OPTIONS
        return HttpResponse(status=204)

    def add_response_headers(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_cors_enabled", False):
            # First, so the library finds Origin there and does not add its lower-case one.
            patch_vary_headers(response, ["Origin", "Authorization"])
        return super().add_response_headers(request, response)
