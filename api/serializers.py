"""Listings as the API shows them (API.md, *Listing*): a summary in lists, the full object on its
own URL. Controlled values are ``{"token", "title"}`` with titles in the request's language."""

import functools

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.utils import PolymorphicProxySerializer
from rest_framework import serializers

from directory import choices
from directory.dates import site_day
from directory.models import Country, FundType, Industry, Language, State, Topic
from directory.models.version import Version

# Kind -> (@type, URL segment)
KIND_TYPES = {
    choices.Kind.ATTORNEY: ("Attorney", "attorneys"),
    choices.Kind.CONSULATE: ("Consulate", "consulates"),
    choices.Kind.WORKER_CENTER: ("WorkerCenter", "worker-centers"),
    choices.Kind.FUNDING_SOURCE: ("FundingSource", "funding-sources"),
}
TYPE_KINDS = {type_name: kind for kind, (type_name, _segment) in KIND_TYPES.items()}
SEGMENT_KINDS = {segment: kind for kind, (_type, segment) in KIND_TYPES.items()}
TERM_MODELS = {
    "languages": Language,
    "topics": Topic,
    "states": State,
    "countries": Country,
    "fund_types": FundType,
    "industries": Industry,
}


# (vocabulary, language) -> (public version, pk -> token, token -> title), shared by the
# requests of this process: term titles change only by writes that move the public version
# (directory/signals.py), so a kept entry is used only while that version stands.
_SHARED_TITLES: dict[tuple[type, str], tuple[str, dict[int, str], dict[str, str]]] = {}


class Titles:
    """Term titles in one language, loaded once per request and vocabulary; with ``version``
    (the public version an anonymous read read for its ETag), once per process while that
    version's terms stamp stands: it changes with a term or a locale (or a bulk write), not
    with a listing's publish or its falling due, which leave every title as it was. At 100,000
    listings, reloading them after every publish was three queries and 2-3 ms a request."""

    def __init__(self, language: str, version: Version | None = None):
        self.language = language
        self.terms_stamp = version.terms if version is not None else None
        self._by_model: dict[type, dict[str, str]] = {}
        self._tokens: dict[type, dict[int, str]] = {}

    def _load(self, model) -> None:
        if model in self._by_model:
            return
        key = (model, self.language)
        shared = _SHARED_TITLES.get(key) if self.terms_stamp else None
        if shared is not None and shared[0] == self.terms_stamp:
            _version, tokens, titles = shared
        else:
            tokens, titles = model.objects.tokens_and_titles(self.language)
            if self.terms_stamp:
                _SHARED_TITLES[key] = (self.terms_stamp, tokens, titles)
        self._tokens[model], self._by_model[model] = tokens, titles

    def term(self, model, pk: int | None) -> dict | None:
        if pk is None:
            return None
        self._load(model)
        token = self._tokens[model].get(pk)
        return {"token": token, "title": self._by_model[model].get(token, token)}

    def terms(self, model, pks) -> list[dict]:
        return [self.term(model, pk) for pk in pks]

    def pks(self, model) -> dict[str, int]:
        """Each canonical term's pk by its token (what the term filters validate and name)."""
        self._load(model)
        return {token: pk for pk, token in self._tokens[model].items()}

    def term_by_token(self, model, token: str) -> dict:
        self._load(model)
        return {"token": token, "title": self._by_model[model].get(token, token)}


def choice(choice_class, value: str | None) -> dict | None:
    if not value:
        return None
    return {"token": value, "title": choice_title(choice_class, value, get_language())}


@functools.lru_cache(maxsize=1024)
def choice_title(choice_class, value: str, language: str | None) -> str:
    """A choice's label in ``language`` (the active one), kept per process: the catalogs do
    not change while it runs, and a page of summaries made one per phone (the enum looked up,
    its lazy label translated)."""
    return str(choice_class(value).label)


def rich_text(html: str) -> dict:
    return {"data": html or "", "content-type": "text/html", "encoding": "utf-8"}


class ListingUrls:
    """Listings' absolute URLs for one request: a listing's URL is its kind folder's plus its
    slug (api/views/listing_writes.py), so the folder is reversed once per kind, not the
    listing once per row. A slug needs no quoting: the route takes only ``[-a-zA-Z0-9_]``."""

    def __init__(self, request):
        self.request = request
        self._folders: dict[str, str] = {}

    def __call__(self, listing) -> str:
        folder = self._folders.get(listing.kind)
        if folder is None:
            _type, segment = KIND_TYPES[listing.kind]
            folder = self.request.build_absolute_uri(reverse("api:kind", args=[segment]))
            self._folders[listing.kind] = folder
        return folder + listing.slug


class Term(serializers.Serializer):
    token = serializers.CharField()
    title = serializers.CharField()


class PhoneSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="E.164, e.g. +19735550142")
    display = serializers.CharField(help_text="As printed, e.g. (973) 555-0142")
    type = Term()
    hours = serializers.CharField(allow_blank=True)
    emergency = serializers.BooleanField()

    def to_representation(self, phone):
        return phone_data(phone)


def phone_data(phone) -> dict:
    return {
        "number": phone.number,
        "display": phone.display,
        "type": choice(choices.PhoneType, phone.type),
        "hours": phone.hours,
        "emergency": phone.emergency,
    }


def related(listing, name: str) -> list:
    """A relation's rows: the prefetched list itself when there is one (no related manager and
    queryset made per listing and relation), else the manager's (a draft's in-memory rows, or
    a query)."""
    prefetched = getattr(listing, "_prefetched_objects_cache", {})
    in_memory = getattr(listing, "_cluster_related_objects", {})
    if name in prefetched and name not in in_memory:
        return prefetched[name]
    return list(getattr(listing, name).all())


def term_pks(listing, name: str) -> list[int]:
    """The pks of the terms a listing carries: loaded for a batch (api/term_ids.py), else from
    its relation."""
    loaded = getattr(listing, "_term_ids", None)
    if loaded is not None and name in loaded:
        return loaded[name]
    return [term.pk for term in related(listing, name)]


class ListingSummarySerializer(serializers.Serializer):
    """A listing in a list. ``distance`` and ``coverage`` come with place searches."""

    vars()["@id"] = serializers.URLField()
    vars()["@type"] = serializers.ChoiceField(choices=list(TYPE_KINDS))
    UID = serializers.CharField(help_text="Stable across languages.")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    language = serializers.CharField()
    city = serializers.CharField(allow_blank=True)
    state = Term(allow_null=True)
    phones = PhoneSerializer(many=True)
    languages = Term(many=True, help_text="Spoken by staff.")
    interpretation_languages = Term(
        many=True, help_text="Not spoken by staff: the listing arranges an interpreter."
    )
    topics = Term(many=True)
    last_verified = serializers.DateField(allow_null=True)
    review_state = serializers.ChoiceField(
        required=False,
        choices=["published", "pending", "private", "unverified", "expired", "inactive"],
        help_text="Editor tier only (a logged-in editor): where the listing stands.",
    )
    distance = serializers.FloatField(
        required=False, allow_null=True, help_text="Miles, with place searches; null from afar."
    )
    coverage = serializers.ChoiceField(
        required=False,
        choices=["local", "county", "statewide", "national", "outside"],
        help_text="With place searches: at the place, or serving it from afar; @consulates' "
        "nearest consulates when none covers the place: outside.",
    )

    def to_representation(self, listing):
        titles = self.context["titles"]
        type_name, _segment = KIND_TYPES[listing.kind]
        data = {
            "@id": self.context["listing_urls"](listing),
            "@type": type_name,
            "UID": listing.translation_key.hex,
            "title": listing.name,
            "description": listing.summary,
            "language": self.context["locale_codes"][listing.locale_id],
            "city": listing.city,
            "state": titles.term_by_token(State, listing.state) if listing.state else None,
            "phones": [phone_data(phone) for phone in related(listing, "phones")],
            "languages": titles.terms(Language, term_pks(listing, "languages")),
            "interpretation_languages": titles.terms(
                Language, term_pks(listing, "interpretation_languages")
            ),
            "topics": titles.terms(Topic, term_pks(listing, "topics")),
            "last_verified": _date(site_day(listing.last_verified)),
        }
        if self.context.get("editor"):
            data["review_state"] = review_state(listing)
        if hasattr(listing, "coverage"):
            data["coverage"] = listing.coverage
        if hasattr(listing, "distance"):
            data["distance"] = listing.distance
        return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _date(value) -> str | None:
    return value.isoformat() if value else None


def kind_fields(listing, titles: Titles) -> dict:
    """The public fields of the listing's own kind."""
    if listing.kind == choices.Kind.ATTORNEY:
        return {
            "provider_type": choice(choices.ProviderType, listing.provider_type),
            "bar_admissions": [
                {
                    "state": titles.term_by_token(State, bar.state),
                    "bar_number": bar.bar_number,
                    "status": choice(choices.BarStatus, bar.status),
                    "checked_on": _date(bar.checked_on),
                }
                for bar in related(listing, "bar_admissions")
            ],
            "doj_recognized": listing.doj_recognized,
            "doj_recognition_expires": _date(listing.doj_recognition_expires),
            "serves_detained": listing.serves_detained,
            "detention_facilities": _lines(listing.detention_facilities),
            "accepts_agency_referrals": listing.accepts_agency_referrals,
            "accepting_clients": listing.accepting_clients,
            "accepting_clients_as_of": _date(listing.accepting_clients_as_of),
            "consultation_fee": listing.consultation_fee,
        }
    if listing.kind == choices.Kind.CONSULATE:
        return {
            "country": titles.term(Country, listing.country_id),
            "post_type": choice(choices.PostType, listing.post_type),
            "appointment_url": listing.appointment_url,
            "accepts_detainee_lists": listing.accepts_detainee_lists,
        }
    if listing.kind == choices.Kind.WORKER_CENTER:
        return {
            "center_type": choice(choices.CenterType, listing.center_type),
            "industries": titles.terms(Industry, term_pks(listing, "industries")),
            "membership_required": listing.membership_required,
        }
    return {
        "fund_types": titles.terms(FundType, term_pks(listing, "fund_types")),
        "who_may_apply": [
            who
            for who, open_to in (
                ("individual", listing.open_to_individuals),
                ("attorney", listing.open_to_attorneys),
                ("organization", listing.open_to_organizations),
            )
            if open_to
        ],
        "detained_only": listing.detained_only,
        "case_stage": listing.case_stage,
        "typical_amount": listing.typical_amount,
        "fund_status": choice(choices.FundStatus, listing.fund_status),
        "fund_status_as_of": _date(listing.fund_status_as_of),
    }


class LiaisonSerializer(serializers.Serializer):
    """A consulate's liaison for agencies and partners: partner-only."""

    name = serializers.CharField(allow_blank=True)
    email = serializers.EmailField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True, help_text="E.164, e.g. +19735550142")


def liaison(listing) -> dict | None:
    """A consulate's liaison contact, or None for other kinds (partner and editor tiers)."""
    if listing.kind != choices.Kind.CONSULATE:
        return None
    return {
        "name": listing.liaison_name,
        "email": listing.liaison_email,
        "phone": listing.liaison_phone,
    }


class ListingSerializer(ListingSummarySerializer):
    """A listing in full: everything public about it. Editor-only fields (vetting notes, who
    verified) and partner-only fields (a consulate's liaison) are left out of public answers;
    a partner-tier API key adds the latter, the editor tier both."""

    organization = serializers.CharField(allow_blank=True)
    alert = serializers.CharField(allow_blank=True)
    status = Term()
    text = serializers.DictField(help_text="Rich text: {data, content-type, encoding}.")
    address = serializers.DictField()
    service_area = serializers.DictField()
    email = serializers.EmailField(allow_blank=True)
    website = serializers.URLField(allow_blank=True)
    hours = serializers.CharField(allow_blank=True)
    how_to_get_help = serializers.CharField(allow_blank=True)
    fee_model = Term(allow_null=True)
    fees = serializers.CharField(allow_blank=True)
    eligibility = serializers.CharField(allow_blank=True)
    vetting = serializers.DictField(
        help_text="{status, last_verified, next_review_due, method}; every public listing is "
        "verified and not yet due. The editor tier adds review_state, has_unpublished_changes, "
        "verified_by and notes."
    )
    liaison = LiaisonSerializer(
        required=False,
        allow_null=True,
        help_text="Partner tier (a partner API key) and editor tier only: a consulate's liaison "
        "for agencies and partners; null for other kinds.",
    )

    def to_representation(self, listing):
        titles = self.context["titles"]
        data = super().to_representation(listing)
        county = listing.county
        data.update(
            {
                "organization": listing.organization_name,
                "alert": listing.alert,
                "status": choice(choices.Status, listing.status),
                "text": rich_text(listing.description),
                "address": {
                    "street_address": listing.street_address,
                    "city": listing.city,
                    "state": data["state"],
                    "postal_code": listing.postal_code,
                    "county": {"token": county.fips, "title": county.name} if county else None,
                    "latitude": listing.latitude,
                    "longitude": listing.longitude,
                },
                "service_area": {
                    "type": choice(choices.ServiceArea, listing.service_area),
                    "states": titles.terms(State, term_pks(listing, "service_states")),
                    "counties": [
                        {"token": c.fips, "title": str(c)}
                        for c in related(listing, "service_counties")
                    ],
                },
                "email": listing.email,
                "website": listing.website,
                "hours": listing.hours,
                "how_to_get_help": listing.how_to_get_help,
                "fee_model": choice(choices.FeeModel, listing.fee_model),
                "fees": listing.fees,
                "eligibility": listing.eligibility,
                **kind_fields(listing, titles),
                "vetting": vetting(listing, editor=self.context.get("editor", False)),
            }
        )
        if self.context.get("partner") or self.context.get("editor"):
            data["liaison"] = liaison(listing)
        return data


def review_state(listing, now=None) -> str:
    """Where a listing stands, for the editor tier, in plone.restapi's vocabulary and ours:
    ``published`` (public), ``pending`` (in the Vetting workflow), ``private`` (a draft never
    published), ``unverified``, ``expired`` (past its re-verification date) or ``inactive``."""
    if getattr(listing, "open_workflows", None):
        return "pending"
    if not listing.live:
        return "private"
    if listing.status == choices.Status.INACTIVE:
        return "inactive"
    if listing.last_verified is None:
        return "unverified"
    if listing.next_review_due <= (now or timezone.now()):
        return "expired"
    return "published"


def vetting(listing, editor: bool = False) -> dict:
    """The public vetting summary; the editor tier adds the review state, who verified it and
    the vetting notes."""
    data = {
        "status": "verified" if listing.last_verified else "unverified",
        "last_verified": _date(site_day(listing.last_verified)),
        "next_review_due": _date(site_day(listing.next_review_due)),
        "method": choice(choices.VerificationMethod, listing.verification_method),
    }
    if editor:
        data.update(
            {
                "review_state": review_state(listing),
                "has_unpublished_changes": listing.has_unpublished_changes,
                "verified_by": listing.verified_by_name or None,
                "notes": listing.vetting_notes,
            }
        )
    return data


class Batch(serializers.Serializer):
    """The batching links of a list (API.md, *Conventions*)."""

    vars()["@id"] = serializers.URLField()
    first = serializers.URLField()
    last = serializers.URLField()
    next = serializers.URLField(required=False)
    prev = serializers.URLField(required=False)


class FacetTerm(Term):
    count = serializers.IntegerField(min_value=0)


class ListingBatchSerializer(serializers.Serializer):
    """A batched list of listings; ``facets`` when asked for."""

    vars()["@id"] = serializers.URLField()
    items = ListingSummarySerializer(many=True)
    items_total = serializers.IntegerField(min_value=0)
    batching = Batch(required=False)
    facets = serializers.DictField(child=FacetTerm(many=True), required=False)


class ConsulatesBatchSerializer(ListingBatchSerializer):
    """@consulates' answer: whether the consulates found cover the place, and when they do
    not (the nearest ones instead, or none), a sentence saying so."""

    covers = serializers.BooleanField()
    note = serializers.CharField(required=False)


class PageSummarySerializer(serializers.Serializer):
    """A CMS page in a search result."""

    vars()["@id"] = serializers.URLField()
    vars()["@type"] = serializers.CharField()
    UID = serializers.CharField(help_text="Stable across languages.")
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    review_state = serializers.CharField()
    language = serializers.CharField()


class SearchBatchSerializer(ListingBatchSerializer):
    """@search's answer: listings, then pages."""

    items = PolymorphicProxySerializer(
        component_name="SearchItem",
        serializers=[ListingSummarySerializer, PageSummarySerializer],
        resource_type_field_name=None,
        many=True,
    )


class DirectoryKindSerializer(serializers.Serializer):
    vars()["@id"] = serializers.URLField()
    vars()["@type"] = serializers.ChoiceField(choices=list(TYPE_KINDS))
    title = serializers.CharField()
    items_total = serializers.IntegerField(min_value=0)


class DirectorySerializer(serializers.Serializer):
    vars()["@id"] = serializers.URLField()
    items = DirectoryKindSerializer(many=True)
    items_total = serializers.IntegerField(min_value=0)


def editor_prefetch() -> tuple:
    """What the editor tier's review states read: open Vetting workflows (and, joined with
    ``select_related``, ``verified_by``)."""
    from wagtail.models import WorkflowState

    return (
        Prefetch(
            "workflow_states",
            queryset=WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS),
            to_attr="open_workflows",
        ),
    )
