"""``Authorization: Bearer <token>``: a login token from ``@login`` (logins/tokens.py). The
request is then the token's user's, with that user's Wagtail permissions; unlike an admin
session it needs no CSRF token (a bearer header is never sent by a browser on its own). A token
that is malformed, expired, revoked or names a deactivated user is a 401."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from logins import tokens

KEYWORD = "Bearer"


def bearer_token(request) -> str | None:
    scheme, _space, token = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    if scheme.lower() != KEYWORD.lower():
        return None
    return token.strip()


class BearerAuthentication(BaseAuthentication):
    def authenticate(self, request):
        token = bearer_token(request)
        if token is None:
            return None
        if not token:
            raise exceptions.AuthenticationFailed(
                f"The Authorization header names no token: send '{KEYWORD} <token>'."
            )
        try:
            user = tokens.user_for(token)
        except tokens.InvalidToken as error:
            raise exceptions.AuthenticationFailed(str(error)) from error
        return (user, token)

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "A login token from POST /api/@login (12 hours; renew with "
            "@login-renew, end with @logout). Every write needs one; it also shows the editor "
            "tier (drafts, vetting data) on reads. No CSRF token is needed with it.",
        }
