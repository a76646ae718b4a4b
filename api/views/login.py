"""``@login``, ``@login-renew`` and ``@logout`` (plone.restapi's names): a signed, expiring token
for the write API (logins/tokens.py). Failed logins count toward the admin's own lockout
(django-axes: the same user name and address locked out after the same number of failures, a
429). Nothing here is cached."""

from django.urls import path
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api.authentication import BearerAuthentication
from api.errors import BadRequest, ErrorSerializer
from api.parsers import JSONParser
from api.views.base import ApiView
from logins import lockout, tokens


class LoginSerializer(serializers.Serializer):
    login = serializers.CharField(max_length=150, help_text="The admin user name.")
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


TOKEN = inline_serializer(
    "LoginToken",
    {
        "token": serializers.CharField(help_text="Send it as `Authorization: Bearer <token>`."),
        "expires": serializers.DateTimeField(),
    },
)
REFUSED = OpenApiResponse(ErrorSerializer, description="No valid token (expired, revoked).")


def token_answer(user) -> Response:
    issued = tokens.issue(user)
    return Response({"token": issued.token, "expires": issued.expires.isoformat()})


class LoginView(ApiView):
    parser_classes = [JSONParser]
    cacheable = False

    @extend_schema(
        operation_id="login",
        summary="Log in: get a token",
        description="A token valid for 12 hours (AMPARO_API_TOKEN_HOURS). Failed logins are "
        "counted as at the admin's login page: after 5 for one user name from one address, "
        "that pair is locked out for 15 minutes (429).",
        request=LoginSerializer,
        responses={
            200: TOKEN,
            400: ErrorSerializer,
            401: OpenApiResponse(ErrorSerializer, description="Wrong user name or password."),
            429: OpenApiResponse(ErrorSerializer, description="Locked out: too many failures."),
        },
        examples=[
            OpenApiExample(
                "Log in", value={"login": "editor", "password": "secret"}, request_only=True
            )
        ],
    )
    def post(self, request) -> Response:
        serializer = LoginSerializer(data=request.data if isinstance(request.data, dict) else {})
        if not serializer.is_valid():
            raise BadRequest.for_fields(serializer.errors)
        values = serializer.validated_data
        try:
            user = tokens.log_in(request._request, values["login"], values["password"])
        except tokens.LockedOut:
            return lockout.api_lockout(request._request)
        if user is None:
            raise exceptions.AuthenticationFailed("Wrong user name or password.")
        return token_answer(user)


class TokenView(ApiView):
    """What needs a valid token: renewing it, logging out."""

    authentication_classes = [BearerAuthentication]
    permission_classes = [IsAuthenticated]
    cacheable = False


class RenewView(TokenView):
    @extend_schema(
        operation_id="login_renew",
        summary="Renew a token",
        description="A fresh token for the same user, valid from now.",
        request=None,
        responses={200: TOKEN, 401: REFUSED},
    )
    def post(self, request) -> Response:
        return token_answer(request.user)


class LogoutView(TokenView):
    @extend_schema(
        operation_id="logout",
        summary="Log out",
        description="Every token of this user issued so far stops working at once.",
        request=None,
        responses={204: None, 401: REFUSED},
    )
    def post(self, request) -> Response:
        tokens.revoke(request.user)
        return Response(status=204)


urlpatterns = [
    path("@login", LoginView.as_view(), name="login"),
    path("@login-renew", RenewView.as_view(), name="login-renew"),
    path("@logout", LogoutView.as_view(), name="logout"),
]
