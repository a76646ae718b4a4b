"""The directory's vocabularies as HSDS taxonomies.

One HSDS taxonomy per vocabulary that classifies what a listing is or does: ``kinds`` (code,
directory/choices.py), ``topics`` (practice areas and services), ``industries`` (worker
centers), ``fund_types`` (funding sources) and ``countries`` (the country a consulate
represents). A term's ``code`` is its token, its id is derived from the vocabulary and the
token (ids.py), its name is its title in the request's language, falling back to the default
language, and ``language`` says which one was served. Languages are HSDS ``language`` objects,
not a taxonomy; states and counties are service areas.

A ``Catalog`` loads every vocabulary (and the titles of languages and states that services
show) in one query each, once per request, whatever the page size.
"""

from dataclasses import dataclass

from django.db.models import Model
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from api.hsds import ids
from directory.choices import Kind, TopicGroup
from directory.models import Country, FundType, Industry, Language, State, Topic
from directory.models.taxonomy import default_language_code


@dataclass(frozen=True)
class Vocabulary:
    name: str  # the @vocabularies name, and the key of its ids
    title: object
    description: object
    model: type[Model] | None = None  # None: Kind choices
    field: str = ""  # the listing's field holding its terms


VOCABULARIES = (
    Vocabulary(
        "kinds",
        _("Kinds of listing"),
        _(
            "What a listing is: an attorney or legal service provider, a consulate, a worker "
            "center or a funding source."
        ),
        field="kind",
    ),
    Vocabulary(
        "topics",
        _("Topics"),
        _("Practice areas (e.g. removal defense, U visas) and services (e.g. wage claims)."),
        Topic,
        "topics",
    ),
    Vocabulary(
        "industries",
        _("Industries"),
        _("The industries whose workers a worker center organizes or serves."),
        Industry,
        "industries",
    ),
    Vocabulary(
        "fund_types",
        _("Fund types"),
        _("What a funding source pays for: bonds, legal fees, emergency cash, grants."),
        FundType,
        "fund_types",
    ),
    Vocabulary(
        "countries",
        _("Countries"),
        _("The country a consulate represents, by ISO 3166-1 alpha-2 code."),
        Country,
        "country",
    ),
)
BY_NAME = {vocabulary.name: vocabulary for vocabulary in VOCABULARIES}


def _rows(model, language: str, default: str, extra: tuple[str, ...] = ()):
    """Canonical terms of ``model`` in order, each with its title in ``language`` (else the
    default's) and the language of that title. One query."""
    rows = model.objects.filter(locale__language_code__in={default, language}).values_list(
        "pk", "translation_key", "token", "title", "sort_order", "locale__language_code", *extra
    )
    canonical, translated = {}, {}
    for pk, key, token, title, order, code, *more in rows:
        if code == default:
            canonical[key] = (pk, token, title, order, more)
        if code == language:
            translated[key] = title
    terms = []
    for key, (pk, token, title, order, more) in canonical.items():
        shown = translated.get(key)
        terms.append((order, shown or title, pk, token, language if shown else default, more))
    terms.sort(key=lambda term: (term[0], term[1].casefold(), term[3]))
    return [(pk, token, title, code, more) for _order, title, pk, token, code, more in terms]


class Catalog:
    """Taxonomies, taxonomy terms, and language and state titles in one language."""

    def __init__(self, request, language: str):
        self.request, self.language = request, language
        default = default_language_code()
        self.taxonomies = [self._taxonomy(vocabulary) for vocabulary in VOCABULARIES]
        self.taxonomy_by_id = {taxonomy["id"]: taxonomy for taxonomy in self.taxonomies}
        self.terms: list[dict] = []
        self.term_by_token: dict[tuple[str, str], dict] = {}
        self.token_by_pk: dict[tuple[str, int], str] = {}
        self.vocabulary_of: dict[str, str] = {}  # term id -> vocabulary name
        for vocabulary, taxonomy in zip(VOCABULARIES, self.taxonomies, strict=True):
            if vocabulary.model is None:
                entries = [(None, value, str(label), language, ()) for value, label in Kind.choices]
                label = _("Kind of listing")
            else:
                extra = ("group",) if vocabulary.model is Topic else ()
                entries = _rows(vocabulary.model, language, default, extra)
                label = capfirst(vocabulary.model._meta.verbose_name)
            for pk, token, title, code, more in entries:
                kind_label = TopicGroup(more[0]).label if more else label
                term = {
                    "id": ids.term_id(vocabulary.name, token),
                    "code": token,
                    "name": title,
                    "description": f"{kind_label}: {title}",
                    "taxonomy": taxonomy["name"],
                    "taxonomy_id": taxonomy["id"],
                    "language": code,
                }
                self.terms.append(term)
                self.term_by_token[vocabulary.name, token] = term
                self.vocabulary_of[term["id"]] = vocabulary.name
                if pk is not None:
                    self.token_by_pk[vocabulary.name, pk] = token
        self.term_by_id = {term["id"]: term for term in self.terms}
        self.language_titles = dict(
            (token, (title, code)) for _pk, token, title, code, _more in
            _rows(Language, language, default)
        )  # fmt: skip
        self.state_titles = {
            token: title for _pk, token, title, _code, _more in _rows(State, language, default)
        }

    def _taxonomy(self, vocabulary: Vocabulary) -> dict:
        return {
            "id": ids.taxonomy_id(vocabulary.name),
            "name": str(vocabulary.title),
            "description": str(vocabulary.description),
            "uri": self.request.build_absolute_uri(
                reverse("api:vocabulary", args=[vocabulary.name])
            ),
        }

    def term(self, vocabulary: str, token: str) -> dict | None:
        return self.term_by_token.get((vocabulary, token))

    def term_with_taxonomy(self, term: dict) -> dict:
        return {**term, "taxonomy_detail": self.taxonomy_by_id[term["taxonomy_id"]]}
