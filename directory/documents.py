"""Writing the search documents (models/document.py): what each listing is found by.

A listing's document holds its title (weight A); the titles of its kind, topics, languages,
fee model, fund types, industries and country in every catalog language, their tokens, and the
synonyms of what it holds (weight B); and its organization, summary, description and the names
of its city, county and state (weight C). On PostgreSQL it also keeps the ids of its topics,
languages and fund types (``LINKED``), which a text search's term facets count. Catalog
languages are whatever exists: term titles come from every locale's rows, kind and fee model
labels from gettext in every language of settings.LANGUAGES and every Locale.

Written on every save (``Listing.save``), on a term's save or delete (its listings), and by the
bulk imports (``refresh`` on the new rows), in a constant number of queries per chunk of
listings.
Reads never write them.
"""

from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from django.conf import settings
from django.contrib.postgres.search import SearchConfig, SearchVector
from django.db import connection
from django.db.models import F, Func
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Locale

from directory import geography
from directory.choices import FeeModel, Kind
from directory.models.document import SearchDocument
from directory.models.listing import Listing
from directory.models.taxonomy import Country, FundType, Industry, Language, State, Topic
from directory.synonyms import SYNONYMS
from directory.text import normalize, padded

CHUNK = 500
# A language's PostgreSQL text search configuration (stemming); others use "simple".
CONFIGS = {"en": "english", "es": "spanish"}
# The listing's relations whose terms' titles join its document: name -> term model.
RELATED = {
    "topics": Topic,
    "languages": Language,
    "fund_types": FundType,
    "industries": Industry,
}
# The relations whose link ids the document keeps as arrays (PostgreSQL; NULL elsewhere):
# name -> its column.
LINKED = {"topics": "topic_ids", "languages": "language_ids", "fund_types": "fund_type_ids"}
# What a listing's document is made of: a save that writes none of these keeps it.
SOURCE_FIELDS = frozenset(
    {
        "name",
        "organization_name",
        "summary",
        "description",
        "city",
        "state",
        "county",
        "county_id",
        "kind",
        "fee_model",
        "country",
        "country_id",
        "locale",
        "locale_id",
        *RELATED,
    }
)
ROW_FIELDS = (
    "pk",
    "locale__language_code",
    "kind",
    "name",
    "organization_name",
    "summary",
    "description",
    "city",
    "state",
    "county_id",
    "fee_model",
    "country_id",
)


def catalog_languages() -> list[str]:
    """Every language a catalog or the content may be in: settings.LANGUAGES and the Locales."""
    codes = [code for code, _name in settings.LANGUAGES]
    return list(dict.fromkeys([*codes, *Locale.objects.values_list("language_code", flat=True)]))


@cache
def choice_labels(choices: type, codes: tuple[str, ...]) -> dict[str, str]:
    """Each value's label in every language of ``codes`` (gettext), as one text per value."""
    labels = defaultdict(list)
    for code in codes:
        with translation.override(code):
            for value, label in choices.choices:
                labels[value].append(str(label))
    return {value: " ".join(dict.fromkeys(found)) for value, found in labels.items()}


def term_titles(model, pks: Iterable[int]) -> dict[int, str]:
    """Canonical term pk -> its token and its titles in every locale, in one query."""
    pks = set(pks)
    if not pks:
        return {}
    keys = model.objects.filter(pk__in=pks).values("translation_key")
    rows = model.objects.filter(translation_key__in=keys).values_list(
        "pk", "translation_key", "token", "title"
    )
    by_key, canonical = defaultdict(list), {}
    for pk, key, token, title in rows:
        by_key[key].append(title)
        if pk in pks:
            canonical[pk] = (key, token)
    return {
        pk: " ".join(dict.fromkeys([token.replace("-", " "), *by_key[key]]))
        for pk, (key, token) in canonical.items()
    }


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(normalize(phrase) for phrase in group) for group in SYNONYMS)


def with_synonyms(text: str) -> str:
    """The phrases of every synonym group ``text`` (padded, normalized) holds one of."""
    found = []
    for phrases in synonym_groups():
        if any(f" {phrase} " in text for phrase in phrases):
            found += phrases
    return " ".join(found)


class Builder:
    """The documents of a chunk of listings, from a fixed number of queries."""

    def __init__(self, pks: list[int]):
        self.rows = list(Listing.objects.filter(pk__in=pks).values(*ROW_FIELDS))
        self.related = {name: self._links(name) for name in RELATED}
        self.titles = {
            name: term_titles(model, {pk for pks in self.related[name].values() for pk in pks})
            for name, model in RELATED.items()
        }
        self.countries = term_titles(Country, {row["country_id"] for row in self.rows} - {None})
        self.states = self._state_names({row["state"] for row in self.rows} - {""})
        codes = tuple(catalog_languages())
        self.kinds, self.fees = choice_labels(Kind, codes), choice_labels(FeeModel, codes)

    def _links(self, name: str) -> dict[int, list[int]]:
        field = Listing._meta.get_field(name)
        through = field.remote_field.through
        target = field.m2m_reverse_name()
        links = defaultdict(list)
        rows = through.objects.filter(listing_id__in=[row["pk"] for row in self.rows])
        for listing_id, term_id in rows.values_list("listing_id", target):
            links[listing_id].append(term_id)
        return links

    @staticmethod
    def _state_names(codes: set[str]) -> dict[str, str]:
        canonical = State.objects.canonical().filter(token__in=codes).values_list("pk", "token")
        titles = term_titles(State, dict(canonical))
        return {token: titles.get(pk, token) for pk, token in canonical}

    def document(self, row: dict) -> SearchDocument:
        terms = [self.kinds.get(row["kind"], ""), self.fees.get(row["fee_model"], "")]
        for name in RELATED:
            terms += [self.titles[name].get(pk, "") for pk in self.related[name][row["pk"]]]
        terms.append(self.countries.get(row["country_id"], ""))
        county = geography.counties_by_fips().get(row["county_id"] or "")
        body = [
            row["organization_name"],
            row["summary"],
            strip_tags(row["description"] or ""),
            row["city"],
            county.name if county else "",
            self.states.get(row["state"], row["state"]),
        ]
        title, terms_text, body_text = padded(row["name"]), padded(*terms), padded(*body)
        linked = {column: sorted(self.related[name][row["pk"]]) for name, column in LINKED.items()}
        # Synonyms weigh as what they stand for: of the title and terms in the terms, of the
        # text in the text.
        synonyms = with_synonyms(f"{title}{terms_text}")
        body_text = padded(body_text, with_synonyms(body_text))
        # Each word once: titles repeat across languages, and a word matches wherever it stands.
        terms_text = padded(" ".join(dict.fromkeys(f"{terms_text} {synonyms}".split())))
        return SearchDocument(
            listing_id=row["pk"],
            config=CONFIGS.get(row["locale__language_code"], "simple"),
            title=title,
            terms=terms_text,
            body=body_text,
            words=padded(title, terms_text, body_text),
            **linked,
        )

    def documents(self) -> list[SearchDocument]:
        return [self.document(row) for row in self.rows]


def refresh(pks: Iterable[int]) -> int:
    """Write (create or replace) the documents of these listings. Returns how many."""
    pks, written = sorted(set(pks)), 0
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        documents = Builder(chunk).documents()
        SearchDocument.objects.bulk_create(
            documents,
            update_conflicts=True,
            unique_fields=["listing"],
            update_fields=["config", "title", "terms", "body", "words", *LINKED.values()],
        )
        if connection.vendor == "postgresql":
            SearchDocument.objects.filter(pk__in=chunk).update(vector=vector())
        written += len(documents)
    return written


def vector():
    """The weighted tsvector of a document (PostgreSQL): the title and the text stemmed in the
    listing's language and kept as written ('simple'); the multilingual terms in both."""

    def part(column: str, configs, weight: str):
        text = Func(F(column), function="unaccent")
        return [SearchVector(text, config=config, weight=weight) for config in configs]

    own = SearchConfig(F("config"))
    parts = [
        *part("title", ("simple", own), "A"),
        *part("terms", ("simple", "english", "spanish"), "B"),
        *part("body", ("simple", own), "C"),
    ]
    combined = parts[0]
    for more in parts[1:]:
        combined = combined + more
    return combined


def refresh_all(log=lambda message: None) -> int:
    """Rebuild every listing's document (after a change of synonyms or catalogs)."""
    pks = list(Listing.objects.order_by("pk").values_list("pk", flat=True))
    written = refresh(pks)
    log(f"Wrote {written} search documents.")
    return written


def refresh_missing() -> int:
    """Write the documents listings lack (a database from before search documents)."""
    missing = Listing.objects.filter(search_document__isnull=True).values_list("pk", flat=True)
    return refresh(list(missing))


def listings_for_term(term) -> list[int]:
    """The listings whose documents hold a term's titles: those linked to any locale's row of
    it, or, for a state or a country, those in it."""
    for name, model in RELATED.items():
        if isinstance(term, model):
            field = Listing._meta.get_field(name)
            through = field.remote_field.through
            rows = model.objects.filter(translation_key=term.translation_key)
            listings = through.objects.filter(**{f"{field.m2m_reverse_name()}__in": rows})
            return list(listings.values_list("listing_id", flat=True).distinct())
    if isinstance(term, State | Country):
        column = "state" if isinstance(term, State) else "country__translation_key"
        value = term.token if isinstance(term, State) else term.translation_key
        return list(Listing.objects.filter(**{column: value}).values_list("pk", flat=True))
    return []


def refresh_for_term(term, pks: Iterable[int] | None = None) -> int:
    """A term's title changed (or the term is gone): rewrite the documents of the listings
    that carry it, or of ``pks``, those that carried it before its delete took its links."""
    return refresh(listings_for_term(term) if pks is None else pks)
