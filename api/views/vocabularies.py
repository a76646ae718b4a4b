"""The @vocabularies service (plone.restapi's): the controlled lists a client needs to build
filters and forms, each term ``{"token", "title"}`` titled in the request's language.

Three sources, one answer: term tables (topics, languages...) are data, where only the default
locale's rows are terms and translations only lend titles; kinds and fee models are code
(directory/choices.py); counties are Census reference data, ordered by FIPS code. Every list is
loaded in a constant number of queries, then filtered and batched in memory (the longest,
counties, has some 3,200 terms).
"""

import unicodedata
from collections.abc import Collection, Iterable

from django.db.models import Model, QuerySet
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import get_language
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.response import Response

from api.batching import Batching, batch_bounds, batched_body
from api.errors import BadRequest
from api.schema import ERROR_RESPONSE, LANGUAGE_PARAMETER
from api.serializers import KIND_TYPES
from api.views.base import BATCH_PARAMETER_NAMES, ApiView
from directory import geography
from directory.choices import FeeModel, TopicGroup
from directory.models import Country, County, FundType, Industry, Language, Listing, State, Topic

TermItem = dict[str, str]


def folded(text: str) -> str:
    """Case- and accent-blind form of a title, so ``title=mexico`` finds México."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Vocabulary:
    """A named controlled list. ``filters`` are its own query parameters, each with the values
    it accepts: a filter keeps the terms whose field of the same name has one of the values."""

    model: type[Model] | None = None  # the table of its terms, if they are rows

    def __init__(self, title: Promise, filters: dict[str, Collection[str]] | None = None):
        self.title = title
        self.filters = filters or {}

    def terms(self, narrowing: dict[str, list[str]]) -> list[TermItem]:
        """Every term (narrowed by the filters' values), in order, titled in the active
        language."""
        raise NotImplementedError

    @staticmethod
    def narrow(queryset: QuerySet, narrowing: dict[str, list[str]]) -> QuerySet:
        return queryset.filter(**{f"{name}__in": values for name, values in narrowing.items()})


class ChoicesVocabulary(Vocabulary):
    """Values fixed in code, in their declaration order."""

    def __init__(self, title: Promise, choices: Iterable[tuple[str, Promise]]):
        super().__init__(title)
        self.choices = list(choices)

    def terms(self, narrowing: dict[str, list[str]]) -> list[TermItem]:
        return [{"token": token, "title": str(label)} for token, label in self.choices]


class TermVocabulary(Vocabulary):
    """A taxonomy table, ordered by sort order, then title in the request's language."""

    def __init__(self, model: type[Model], filters: dict[str, Collection[str]] | None = None):
        super().__init__(model._meta.verbose_name_plural, filters)
        self.model = model

    def terms(self, narrowing: dict[str, list[str]]) -> list[TermItem]:
        titles = self.model.objects.titles_in(get_language())
        rows = self.narrow(self.model.objects.canonical(), narrowing).values(
            "token", "title", "sort_order", *self.filters
        )
        terms = []
        for row in rows:
            title = titles.get(row["token"], row["title"])
            term = {"token": row["token"], "title": title} | {n: row[n] for n in self.filters}
            terms.append(((row["sort_order"], folded(title), row["token"]), term))
        return [term for _key, term in sorted(terms, key=lambda pair: pair[0])]


class CountyVocabulary(Vocabulary):
    """Counties keep their Census names in every language; each term says its state."""

    model = County

    def terms(self, narrowing: dict[str, list[str]]) -> list[TermItem]:
        rows = self.narrow(County.objects.order_by("fips"), narrowing)
        return [
            {"token": fips, "title": name, "state": state}
            for fips, name, state in rows.values_list("fips", "name", "state")
        ]


VOCABULARIES: dict[str, Vocabulary] = {
    "kinds": ChoicesVocabulary(
        Listing._meta.get_field("kind").verbose_name,
        ((type_name, kind.label) for kind, (type_name, _segment) in KIND_TYPES.items()),
    ),
    "languages": TermVocabulary(Language),
    "topics": TermVocabulary(Topic, {"group": TopicGroup.values}),
    "states": TermVocabulary(State),
    "counties": CountyVocabulary(
        County._meta.verbose_name_plural, {"state": geography.states_by_code().keys()}
    ),
    "countries": TermVocabulary(Country),
    "fee_models": ChoicesVocabulary(
        Listing._meta.get_field("fee_model").verbose_name, FeeModel.choices
    ),
    "fund_types": TermVocabulary(FundType),
    "industries": TermVocabulary(Industry),
}
TERM_PARAMETERS = BATCH_PARAMETER_NAMES | {"title", "token"}


def vocabulary_url(request, name: str) -> str:
    return request.build_absolute_uri(reverse("api:vocabulary", args=[name]))


def matching(terms: list[TermItem], title: str | None, tokens: list[str]) -> list[TermItem]:
    """The terms whose title contains ``title`` (case- and accent-blind) and, when tokens are
    given, whose token is one of them."""
    if title:
        needle = folded(title)
        terms = [term for term in terms if needle in folded(term["title"])]
    if tokens:
        wanted = set(tokens)
        terms = [term for term in terms if term["token"] in wanted]
    return terms


VOCABULARY_SCHEMA = inline_serializer(
    "Vocabulary",
    {
        "@id": serializers.URLField(),
        "title": serializers.CharField(help_text="Its name in the request's language."),
        "token": serializers.ChoiceField(choices=list(VOCABULARIES)),
    },
    many=True,
)
TERM_SCHEMA = inline_serializer(
    "VocabularyTerm",
    {
        "token": serializers.CharField(help_text="Stable code, as filters and listings use it."),
        "title": serializers.CharField(help_text="In the request's language, else the default."),
        "group": serializers.ChoiceField(
            choices=TopicGroup.values, required=False, help_text="topics only"
        ),
        "state": serializers.CharField(required=False, help_text="counties only: USPS code"),
    },
    many=True,
)


class VocabulariesView(ApiView):
    """``GET /api/@vocabularies``: the vocabularies, each with its link and title."""

    @extend_schema(
        summary="The controlled vocabularies",
        operation_id="vocabularies",
        parameters=[LANGUAGE_PARAMETER],
        responses={200: VOCABULARY_SCHEMA, 400: ERROR_RESPONSE},
    )
    def get(self, request) -> Response:
        return Response(
            [
                {
                    "@id": vocabulary_url(request, name),
                    "title": str(capfirst(vocabulary.title)),
                    "token": name,
                }
                for name, vocabulary in VOCABULARIES.items()
            ]
        )


class VocabularyView(ApiView):
    """``GET /api/@vocabularies/<name>``: one vocabulary's terms, filtered and batched. Besides
    ``title`` and ``token``, a vocabulary accepts its own filters (topics: ``group``, counties:
    ``state``); any other parameter is a 400."""

    parameters = TERM_PARAMETERS
    pagination_class = Batching  # describes b_start, b_size and the envelope to the schema

    def initial(self, request, *args, **kwargs) -> None:
        self.check_method(request)
        self.vocabulary = VOCABULARIES.get(kwargs["name"])
        if self.vocabulary is None:
            raise BadRequest.for_field(
                "vocabulary",
                f"There is no vocabulary {kwargs['name']!r}; "
                f"the vocabularies are {', '.join(VOCABULARIES)}.",
            )
        self.parameters = TERM_PARAMETERS | frozenset(self.vocabulary.filters)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        summary="A vocabulary's terms",
        operation_id="vocabulary",
        parameters=[
            OpenApiParameter(
                "name",
                str,
                OpenApiParameter.PATH,
                enum=list(VOCABULARIES),
                description="Its token.",
            ),
            OpenApiParameter(
                "title",
                str,
                description="Only terms whose title (in the request's language) contains this; "
                "case and accents do not matter.",
            ),
            OpenApiParameter("token", str, many=True, description="Only these tokens."),
            OpenApiParameter(
                "group",
                str,
                many=True,
                enum=TopicGroup.values,
                description="topics only: practice areas or services.",
            ),
            OpenApiParameter(
                "state",
                str,
                many=True,
                enum=sorted(geography.states_by_code()),
                description="counties only: the counties of these states (USPS codes, e.g. NJ).",
            ),
            LANGUAGE_PARAMETER,
        ],
        responses={200: TERM_SCHEMA, 400: ERROR_RESPONSE},
    )
    def get(self, request, name: str) -> Response:
        start, size = batch_bounds(request)
        terms = self.vocabulary.terms(self.narrowing(request))
        terms = matching(
            terms, request.query_params.get("title"), request.query_params.getlist("token")
        )
        page = terms[start : start + size]
        return Response(batched_body(request, page, len(terms), start, size))

    def narrowing(self, request) -> dict[str, list[str]]:
        narrowing = {}
        for name, known in self.vocabulary.filters.items():
            values = request.query_params.getlist(name)
            unknown = [value for value in values if value not in known]
            if unknown:
                raise BadRequest.for_field(
                    name,
                    f"{name} must be one of {', '.join(sorted(known))}; "
                    f"{', '.join(map(repr, unknown))} {'is' if len(unknown) == 1 else 'are'} not.",
                )
            if values:
                narrowing[name] = values
        return narrowing


urlpatterns = [
    path("@vocabularies", VocabulariesView.as_view(), name="vocabularies"),
    path("@vocabularies/<str:name>", VocabularyView.as_view(), name="vocabulary"),
]
