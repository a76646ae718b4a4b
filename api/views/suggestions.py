"""``POST /api/@suggestions``: a correction to a public listing, from anyone.

Nothing about the sender is stored but what they type: no IP address, no user agent, no account.
The rate limit counts requests in the cache (not the database) under a keyed hash of the client's
address, which expires with the window. A filled honeypot field is answered like a success and
stores nothing, so a bot learns nothing.
"""

import uuid

from django.conf import settings
from django.db.models import Case, IntegerField, Value, When
from django.urls import path
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.response import Response
from wagtail.models import Locale

from api.errors import BadRequest, ErrorSerializer
from api.parsers import JSONParser
from api.views.base import ApiView
from directory.models import Listing, Suggestion
from directory.models.suggestion import CONTACT_MAX_LENGTH, MESSAGE_MAX_LENGTH
from partners.throttling import AtomicRateThrottle, client_ident

HONEYPOT = "website"
NAMED_UNKNOWN = 5  # unknown fields named in a 400, each cut to 100 characters


class SuggestionRateThrottle(AtomicRateThrottle):
    """``AMPARO_SUGGESTIONS_RATE`` suggestions per client, read on every request (so tests and
    deployments can change it). A signed-in user is counted by account, anyone else by address;
    the cache key is a keyed hash, so not even the cache holds an address in clear. Counted under
    a lock, so server processes answering at once lose no count (partners/throttling.py)."""

    scope = "suggestions"
    key_salt = "amparo.suggestions.throttle"

    def get_rate(self):
        return settings.AMPARO_SUGGESTIONS_RATE

    def get_cache_key(self, request, view):
        return self.key_for(client_ident(request))

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        return super().allow_request(request, view)


class SuggestionSerializer(serializers.Serializer):
    uid = serializers.RegexField(
        r"^[0-9a-fA-F]{32}$",
        error_messages={"invalid": "is not a listing UID (32 hexadecimal digits)."},
        help_text="The listing's UID (as in every listing of the API).",
    )
    message = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH,
        help_text=f"What is wrong or out of date, and what is right (at most "
        f"{MESSAGE_MAX_LENGTH} characters). It is kept with the listing's record: please put no "
        "personal details in it.",
    )
    contact = serializers.CharField(
        max_length=CONTACT_MAX_LENGTH,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Optional: a phone or email to ask back, only if needed. Erased when an editor "
        "closes the suggestion. Leave it out to stay anonymous.",
    )
    website = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Leave empty (a hidden field that only bots fill in).",
    )

    def validate_uid(self, value: str) -> Listing:
        try:
            key = uuid.UUID(hex=value)
        except ValueError as error:
            raise serializers.ValidationError("is not a listing UID.") from error
        rows = Listing.objects.filter(translation_key=key)
        if not rows.public().exists():
            raise serializers.ValidationError("no public listing has this UID.")
        # Filed on the source row (the default language's, else the first created), whichever
        # translation the sender read.
        default = Locale.get_default()
        return (
            rows.annotate(
                is_default=Case(
                    When(locale=default, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("is_default", "pk")
            .first()
        )


RECEIVED = inline_serializer(
    "SuggestionReceived",
    {
        "@type": serializers.CharField(help_text="Suggestion"),
        "status": serializers.ChoiceField(choices=["received"]),
    },
)


class SuggestionsView(ApiView):
    """``POST /api/@suggestions``: ``{"uid", "message", "contact"?}``; 201, rate-limited."""

    parser_classes = [JSONParser]
    # The API-wide throttles, if any, and this endpoint's own, stricter one.
    throttle_classes = [*ApiView.throttle_classes, SuggestionRateThrottle]

    @extend_schema(
        operation_id="suggestions_create",
        summary="Suggest a correction to a listing",
        description=(
            "Anyone may send a correction to a public listing; it waits for an editor, who may "
            "take it into a draft (published only after vetting) or dismiss it. No personal data "
            "is needed, and none is stored but the optional `contact`, which is erased when the "
            "suggestion is closed. No CSRF token is needed without a session; a request with an "
            "admin session must carry Django's CSRF token. Rate-limited per client (429 with "
            "Retry-After). Unknown fields are refused."
        ),
        request=SuggestionSerializer,
        responses={
            201: OpenApiResponse(RECEIVED, description="Received; an editor will see it."),
            400: OpenApiResponse(
                ErrorSerializer,
                description="Malformed JSON, an unknown field, a missing or too long message, or "
                "a UID that is not a public listing; `errors` names the field.",
            ),
            403: OpenApiResponse(
                ErrorSerializer, description="An admin session without its CSRF token."
            ),
            415: OpenApiResponse(ErrorSerializer, description="The body is not JSON."),
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many suggestions from this client; Retry-After says when to "
                "try again (seconds).",
            ),
        },
        examples=[
            OpenApiExample(
                "A correction",
                value={
                    "uid": "0f6c1a9e2b7d4c3e8a5b6c7d8e9f0a1b",
                    "message": "The Saturday hours changed: now 9am to 1pm.",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        data = request.data
        if not isinstance(data, dict):
            raise BadRequest.for_field(
                "body", 'The body must be a JSON object: {"uid", "message", "contact"?}.'
            )
        if data.get(HONEYPOT) not in (None, ""):
            return self.received()  # a bot: answered alike, nothing stored
        unknown = sorted(set(data) - set(SuggestionSerializer().fields))
        if unknown:
            # Named up to a few: a body of a million keys must not get an answer as long.
            named = [name[:100] for name in unknown[:NAMED_UNKNOWN]]
            more = len(unknown) - len(named)
            listed = ", ".join(named) + (f" and {more} more" if more > 0 else "")
            raise BadRequest(
                f"Unknown field{'s' if len(unknown) > 1 else ''}: {listed}. "
                "Send uid, message and, if you wish, contact.",
                [{"field": name, "message": "Unknown field."} for name in named],
            )
        serializer = SuggestionSerializer(data=data)
        if not serializer.is_valid():
            raise BadRequest.for_fields(serializer.errors)
        values = serializer.validated_data
        Suggestion.objects.create(
            listing=values["uid"], message=values["message"], contact=values.get("contact") or ""
        )
        return self.received()

    def received(self) -> Response:
        return Response({"@type": "Suggestion", "status": "received"}, status.HTTP_201_CREATED)


urlpatterns = [path("@suggestions", SuggestionsView.as_view(), name="suggestions")]
