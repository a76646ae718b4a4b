"""The write API's login tokens: a JWT (HS256, signed with SECRET_KEY) naming the user, the
user's token generation (logins/models.py) and an expiry (``AMPARO_API_TOKEN_HOURS``, default
12 hours). A token is accepted only while it is unexpired, its user exists and is active, and
its generation is the user's current one: deactivating a user or logging out ends it at the next
request. Logging in goes through Django's ``authenticate``, so django-axes counts the failures and
locks the pair of user name and address out exactly as at the admin's login."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.utils import timezone

from logins.models import TokenGeneration

ALGORITHM = "HS256"
AUDIENCE = "amparo-api"


class InvalidToken(Exception):
    """The token is malformed, forged, expired or revoked; the message says which."""


class LockedOut(Exception):
    """Too many failed logins for this user name from this address (django-axes)."""


@dataclass
class Issued:
    token: str
    expires: datetime


def lifetime() -> timedelta:
    return timedelta(hours=float(getattr(settings, "AMPARO_API_TOKEN_HOURS", 12)))


def issue(user) -> Issued:
    now = timezone.now()
    expires = now + lifetime()
    claims = {
        "sub": str(user.pk),
        "gen": TokenGeneration.of(user),
        "iat": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "aud": AUDIENCE,
        "fullname": user.get_full_name() or user.get_username(),
    }
    return Issued(jwt.encode(claims, settings.SECRET_KEY, algorithm=ALGORITHM), expires)


def user_for(token: str):
    """The active user a token names, or InvalidToken."""
    try:
        claims = jwt.decode(token, settings.SECRET_KEY, algorithms=[ALGORITHM], audience=AUDIENCE)
    except jwt.ExpiredSignatureError as error:
        raise InvalidToken("This token has expired: log in again.") from error
    except jwt.PyJWTError as error:
        raise InvalidToken("This token is not valid.") from error
    user = (
        get_user_model()
        .objects.filter(pk=str(claims.get("sub", "")), is_active=True)
        .select_related("api_token_generation")
        .first()
        if str(claims.get("sub", "")).isdigit()
        else None
    )
    if user is None:
        raise InvalidToken("This token's user no longer exists or has been deactivated.")
    current = getattr(user, "api_token_generation", None)
    if claims.get("gen") != (current.generation if current else 0):
        raise InvalidToken("This token has been revoked (logged out): log in again.")
    return user


def log_in(request, login: str, password: str):
    """The user with these credentials, None if they are wrong; LockedOut past the limit.
    ``request`` is Django's request (axes reads the address from it)."""
    user = authenticate(request, username=login, password=password)
    if getattr(request, "axes_locked_out", False):
        raise LockedOut()
    return user


def revoke(user) -> None:
    TokenGeneration.bump(user)
