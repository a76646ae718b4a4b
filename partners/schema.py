"""OpenAPI: the ``Api-Key`` security scheme, and the 401 and 429 answers every API operation
may give (a postprocessing hook, so no view has to repeat them)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR_REF = {"$ref": "#/components/schemas/Error"}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.ApiKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A partner API key: `Authorization: Api-Key <key>`. Without one, the "
            "public tier. A partner-tier key adds partner-only fields (a consulate's `liaison`); "
            "every key has its own rate limit and allowed origins (CORS). An unknown or revoked "
            "key is a 401.",
        }


UNAUTHORIZED = {
    "description": "The Api-Key in the Authorization header is unknown or revoked.",
    "content": {"application/json": {"schema": ERROR_REF}},
}
TOO_MANY = {
    "description": "Over the rate limit of this key, or of this client without a key; "
    "Retry-After says when to try again (seconds).",
    "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
    "content": {"application/json": {"schema": ERROR_REF}},
}


def key_responses(result, generator, request, public):
    """Adds 401 and 429 to every operation that accepts an API key."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            if not any("apiKeyAuth" in item for item in operation.get("security", [])):
                continue
            operation["responses"].setdefault("401", UNAUTHORIZED)
            operation["responses"].setdefault("429", TOO_MANY)
    return result
