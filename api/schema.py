"""OpenAPI schema settings: only the API's own endpoints (not Wagtail's admin views)."""


def only_the_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
