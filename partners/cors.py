"""CORS for the read API (``/api/``), decided by the partner keys' allowed origins.

- A request with a valid key gets ``Access-Control-Allow-Origin: <its Origin>`` only when that
  origin is one of the key's allowed origins; a foreign origin gets no CORS headers, so a key
  copied into another site's pages does not work there in a browser.
- A request without a (valid) key, such as an embed's public, cacheable GET, gets them when its
  origin is an allowed origin of any active key: partner sites may call the public API from
  their pages; other sites may not (servers are not bound by CORS, and the public tier is open to
  them anyway).
- A preflight (``OPTIONS`` with ``Access-Control-Request-Method``) carries no key, so it is
  answered here, 204, with CORS headers for any registered origin; the actual request is then
  checked against its key.
- Never ``Access-Control-Allow-Credentials``: admin sessions (cookies) never cross origins.

Every answer under ``/api/`` varies by ``Origin`` and ``Authorization``, so a shared cache never
hands one origin's or one tier's answer to another.
"""

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from partners.models import PartnerKey

API_PREFIX = "/api/"
ALLOW_METHODS = "GET, HEAD, POST, OPTIONS"
ALLOW_HEADERS = "Authorization, Accept, Accept-Language, Content-Type, If-None-Match"
EXPOSE_HEADERS = "ETag, Content-Language, Retry-After"
PREFLIGHT_MAX_AGE = 600


def is_preflight(request) -> bool:
    return (
        request.method == "OPTIONS"
        and "Origin" in request.headers
        and "Access-Control-Request-Method" in request.headers
    )


class CorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        origin = request.headers.get("Origin")
        if is_preflight(request):
            response = HttpResponse(status=204)
            if origin in PartnerKey.objects.registered_origins():
                response["Access-Control-Allow-Origin"] = origin
                response["Access-Control-Allow-Methods"] = ALLOW_METHODS
                response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
                response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
            patch_vary_headers(response, ["Origin"])
            return response
        response = self.get_response(request)
        patch_vary_headers(response, ["Origin", "Authorization"])
        if origin and self.allowed(request, origin):
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        return response

    @staticmethod
    def allowed(request, origin: str) -> bool:
        key = getattr(request, "amparo_api_key", None)
        if key is not None:
            return key.allows_origin(origin)
        return origin in PartnerKey.objects.registered_origins()
