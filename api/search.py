"""Listing search as the API runs it: text, filters, sorting, facets, field selection. Views
only wire this to a request; visibility and place logic are the directory's queryset methods."""

import re

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Case, F, IntegerField, OrderBy, Value, When
from django.http import Http404
from wagtail.search.backends import get_search_backend

from api import caching
from api.errors import BadRequest
from api.filters import PAGE_TYPES, ListingFilter
from api.language import available_languages
from api.serializers import (
    KIND_TYPES,
    ListingSerializer,
    ListingSummarySerializer,
    ListingUrls,
    Titles,
    editor_prefetch,
    kind_fields,
)
from api.summary_rows import summary_rows
from api.term_ids import FULL_ROWS, FULL_TERMS, SUMMARY_ROWS, SUMMARY_TERMS, load_term_ids
from api.tiers import drafts, is_partner
from api.views.base import BATCH_PARAMETER_NAMES
from directory import geography
from directory.choices import FeeModel, Kind
from directory.documents import LINKED
from directory.models import KIND_MODELS, Country, FundType, Language, Listing, State, Topic
from directory.models.document import SearchDocument
from directory.models.search import LOCAL, locale_ids
from directory.models.version import Version
from directory.places import miles_to, split_place
from lists.models import current_listing_keys

WORD_RE = re.compile(r"\w+")
MAX_TEXT = 200
SORTS = {"relevance", "distance", "title", "last_verified", "modified"}
# facet name -> (many-to-many field, term model)
RELATED_FACETS = {
    "languages": ("languages", Language),
    "topics": ("topics", Topic),
    "fund_type": ("fund_types", FundType),
}
FIELD_FACETS = {
    "portal_type": "kind",
    "state": "state",
    "county": "county_id",
    "fee_model": "fee_model",
    "country": "country_id",
    "accepting_clients": "accepting_clients",
    "serves_detained": "serves_detained",
    "doj_recognized": "doj_recognized",
}
FACETS = sorted({*RELATED_FACETS, *FIELD_FACETS})
# What does not change which listings match (the text is keyed normalized, as ``text``).
NOT_MATCH = frozenset(
    {"SearchableText", "q", "sort_on", "sort_order", "facets", "metadata_fields", "fullobjects",
     "language", *BATCH_PARAMETER_NAMES}
)  # fmt: skip
# What metadata_fields may name: the full serializer's own fields and every kind's fields, read
# off kind_fields() itself (on blank listings, which costs no query) so the two cannot drift.
FULL_FIELDS = sorted(
    set(ListingSerializer().fields) - set(ListingSummarySerializer().fields)
    | {name for model in KIND_MODELS.values() for name in kind_fields(model(), Titles("en"))}
)
PARAMETERS = frozenset(
    {
        *ListingFilter.base_filters,
        "SearchableText",
        "q",
        "sort_on",
        "sort_order",
        "facets",
        "metadata_fields",
        "fullobjects",
        "list",
        *BATCH_PARAMETER_NAMES,
    }
)


def in_trusted_list(params):
    """``list=<organization>/<list>``: the UIDs of that list's current edition (lists app)."""
    values = params.getlist("list")
    found = current_listing_keys(values[0]) if len(values) == 1 else None
    if found is None:
        given = ", ".join(repr(value[:100]) for value in values)
        raise BadRequest.for_field(
            "list",
            "list must name one published list as organization/list, as /api/@lists shows "
            f"them; {given} is not one.",
        )
    return found


def search_text(params) -> tuple[str, str | None]:
    """The search words, and the place typed among them (a ZIP code or "City, ST", as a ZIP
    code), which is a place to search near, not words."""
    text = params.get("SearchableText") or params.get("q") or ""
    if len(text) > MAX_TEXT:
        raise BadRequest.for_field(
            "SearchableText", f"Search text is limited to {MAX_TEXT} characters."
        )
    text, place = split_place(text)
    # Words only: quotes, operators and punctuation would be query syntax to the search engine.
    return " ".join(WORD_RE.findall(text)), place


class ListingSearch:
    """One search over the public listings in one language, from plain values: ``params``
    holds the @search parameters (a ``QueryDict`` or any mapping with ``getlist``), ``kind``
    limits it to one kind, ``unpublished_kinds`` are the kinds an editor may see unpublished.
    ``request`` is needed only to serialize (absolute URLs, the partner tier) and to search
    pages; a page that prints the rows itself (the staff page) passes none. ``version``: the
    public version the request read for its ETag, under which term titles are shared. Bad
    values raise ``BadRequest`` here, before any work."""

    def __init__(
        self,
        params,
        language: str,
        kind: str | None = None,
        unpublished_kinds=(),
        request=None,
        version: Version | None = None,
    ):
        self.request, self.params, self.language = request, params, language
        self.unpublished_kinds = unpublished_kinds
        self.kind = kind
        self.context = serializer_context(
            request, language, editor=bool(unpublished_kinds), version=version
        )
        self.text, place = search_text(self.params)
        if place and not any(self.params.get(name) for name in ("near", "state", "county")):
            self.params = self.params.copy()
            self.params["near"] = place
        queryset = Listing.objects.for_language(language, unpublished_kinds)
        if kind:
            queryset = queryset.filter(kind=kind)
        if "list" in self.params:
            queryset = queryset.filter(translation_key__in=in_trusted_list(self.params))
        if self.text:
            queryset = queryset.matching_text(self.text)
        self.filterset = ListingFilter(self.params, queryset, self.context["titles"])
        if not self.filterset.is_valid():
            raise BadRequest.for_fields(self.filterset.errors)
        self.results = self._sorted(self.filterset.qs)
        self.extra_fields = self.metadata_fields()  # validated before any work
        self.facet_names = self._facet_names()

    @classmethod
    def for_view(cls, view, kind: str | None = None) -> "ListingSearch":
        """The search an API view's request asks for, in the view's language, tier and public
        version (api/views/base.py)."""
        request = view.request
        return cls(
            request.query_params,
            view.language,
            kind,
            view.unpublished_kinds,
            request=request,
            version=view.public_version,
        )

    @property
    def point(self):
        return self.filterset.point

    def _sorted(self, queryset):
        sort_on = self.params.get("sort_on") or (
            "relevance" if self.text else "distance" if self.point else "title"
        )
        order = self.params.get("sort_order", "ascending")
        self.sort_on = sort_on
        if sort_on not in SORTS:
            raise BadRequest.for_field(
                "sort_on", f"sort_on must be one of {', '.join(sorted(SORTS))}."
            )
        if order not in ("ascending", "descending", "reverse"):
            raise BadRequest.for_field("sort_order", "sort_order must be ascending or descending.")
        if sort_on == "relevance":
            if not self.text:
                raise BadRequest.for_field("sort_on", "sort_on=relevance needs SearchableText.")
            return queryset  # the search backend's ranking, best first
        if sort_on == "distance":
            if not self.point:
                raise BadRequest.for_field("sort_on", "sort_on=distance needs near.")
            local_first = Case(When(coverage=LOCAL, then=Value(0)), default=Value(1),
                               output_field=IntegerField())  # fmt: skip
            return queryset.order_by(
                local_first, F("distance_sq").asc(nulls_last=True), "name", "pk"
            )
        field = {
            "title": "name",
            "last_verified": "last_verified",
            "modified": "last_published_at",
        }[sort_on]
        descending = order != "ascending"
        expression = F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        return queryset.order_by(expression, "-pk" if descending else "pk")

    # Pages: searched together with listings (listings first), unless the search is about
    # something only listings have.
    def pages(self):
        """The public pages matching the search, in the request's language, or None when the
        search cannot concern pages."""
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Page

        from api.page_tree import PageTree

        types = self.params.getlist("portal_type")
        page_types = [t for t in types if t in PAGE_TYPES]
        listing_only = set(self.params) & (
            set(ListingFilter.base_filters) - {"portal_type"} | {"list"}
        )
        if self.request is None or self.kind or listing_only or (types and not page_types):
            return None
        if self.params.get("sort_on") in ("distance", "last_verified") or self.point:
            return None
        try:
            self.tree = PageTree(self.request, self.language)
        except Http404:
            return None
        wanted = self.tree.visible.filter(
            locale_id__in=[self.tree.preferred, self.tree.default_locale]
        )
        if self.tree.preferred and self.tree.preferred != self.tree.default_locale:
            translated = wanted.filter(locale_id=self.tree.preferred).values("translation_key")
            wanted = wanted.exclude(
                locale_id=self.tree.default_locale, translation_key__in=translated
            )
        models = [PAGE_TYPES[t] for t in page_types or PAGE_TYPES]  # never bare Wagtail pages
        wanted = wanted.filter(
            content_type__in=ContentType.objects.get_for_models(*models).values()
        )
        if self.text:
            ranked = get_search_backend().search(
                self.text, Page.objects.all(), operator="and", order_by_relevance=True
            )
            return ranked.get_queryset().filter(pk__in=wanted.values("pk"))
        order = "-" if self.params.get("sort_order", "ascending") != "ascending" else ""
        field = "last_published_at" if self.params.get("sort_on") == "modified" else "title"
        return wanted.order_by(f"{order}{field}", f"{order}pk")

    def page_items(self, pages, start: int, size: int) -> list[dict]:
        from api.serializers_pages import search_item

        return [search_item(self.tree, page) for page in pages.specific()[start : start + size]]

    # What each item shows
    def serializer_class(self):
        full = self.params.get("fullobjects") is not None or bool(self.extra_fields)
        return ListingSerializer if full else ListingSummarySerializer

    def metadata_fields(self) -> list[str]:
        names = [
            n for value in self.params.getlist("metadata_fields") for n in value.split(",") if n
        ]
        if names == ["_all"]:
            return FULL_FIELDS
        unknown = sorted(set(names) - set(FULL_FIELDS))
        if unknown:
            raise BadRequest.for_field(
                "metadata_fields",
                f"Unknown field(s) {', '.join(unknown)}; choose from {', '.join(FULL_FIELDS)}.",
            )
        return names

    def serialize(self, listings: list) -> list[dict]:
        for listing in listings if self.point else ():
            # Exact miles for what stands at the place; null for what serves it from afar.
            listing.distance = miles_to(self.point, listing) if listing.coverage == LOCAL else None
        serializer = self.serializer_class()
        data = serializer(listings, many=True, context=self.context).data
        extra = self.extra_fields
        if extra and self.params.get("fullobjects") is None:
            keep = set(ListingSummarySerializer().fields) | set(extra)
            data = [{k: v for k, v in item.items() if k in keep} for item in data]
        return data

    def page(self, start: int, size: int, batch=None) -> list:
        """The rows of the batch; ``batch``: its ids already read (``_batch_ids``, ``_count``).

        Two steps: the batch's ids, sorted and cut from the match on narrow rows
        (``_batch_ids``), then those rows. Sorting the full rows made PostgreSQL carry every
        match's row (700 bytes, the search vector too for a ranked search) through the count
        and the sort: at 100,000 listings a 50-mile radius took 45 ms, 13 of them in the count
        spilling to disk, and a broad word in a big state 257 ms, 70 in the count.

        A public answer of summaries reads the rows narrow (api/summary_rows.py); the editor
        tier, full objects and the staff page (no request: it prints model rows) read them in
        full."""
        if batch is None:
            batch = self._batch_ids(start, size, counted=False)
        ids = [pk for pk, _coverage, _matches in batch]
        # Read again as visible: a listing unpublished or deleted since the ids were read is left
        # out (the batch is one short), never shown, and never a KeyError.
        visible = self.results.model.objects.using(self.results.db).visible(self.unpublished_kinds)
        full = self.serializer_class() is ListingSerializer
        if self.request is not None and not self.context["editor"] and not full:
            found = summary_rows(visible, ids)
        else:
            found = self._model_rows(visible, ids, full)
        rows = [found[pk] for pk, _coverage, _matches in batch if pk in found]
        if "coverage" in self.results.query.annotations:
            for pk, coverage, _matches in batch:
                if pk in found:
                    found[pk].coverage = coverage
        # The editor tier sees a listing with unpublished changes as its draft, as its detail.
        return drafts(rows) if self.context["editor"] else rows

    def _model_rows(self, visible, ids: list[int], full: bool) -> dict:
        """The listings among ``ids`` as model rows, by pk, with what their answer reads."""
        rows = visible.filter(pk__in=ids).select_related("county")
        more = ()
        if self.context["editor"]:
            more = editor_prefetch()
            rows = rows.select_related("verified_by")
        prefetch = FULL_ROWS if full else SUMMARY_ROWS
        found = {row.pk: row for row in rows.prefetch_related(*prefetch, *more)}
        load_term_ids(list(found.values()), FULL_TERMS if full else SUMMARY_TERMS)
        return found

    @property
    def sorts_every_match(self) -> bool:
        """Whether the batch's query sorts every match (``counted_page``)."""
        place = "coverage" in self.results.query.annotations
        return place or self.sort_on in ("relevance", "distance")

    def _match_sql(self, connection, fields=(), sort: bool = False, arrays=()):
        """The match as SQL of narrow rows, for the batch and the counts: ``batch_id``, a place
        search's ``coverage``, the listing columns ``fields`` (field facets), the search
        document's term id arrays ``arrays`` (as ``facet_<column>``) and, with ``sort``, the
        sort keys ``sort_0``... (ranks computed inside it). Returns the SQL, its parameters,
        the ORDER BY over those names, and whether it has ``coverage``. Raises EmptyResultSet
        when Django proves the match empty without asking the database."""
        quote = connection.ops.quote_name
        keys, order = {}, []
        for number, item in enumerate(self.results.query.order_by if sort else ()):
            if isinstance(item, str):
                expression, descending, nulls = F(item.lstrip("-")), item.startswith("-"), ""
            elif isinstance(item, OrderBy):  # F(...).asc(nulls_last=True) and the like
                expression, descending = item.expression, item.descending
                nulls = (
                    " NULLS LAST" if item.nulls_last else " NULLS FIRST" if item.nulls_first else ""
                )
            else:  # an expression, ascending
                expression, descending, nulls = item, False, ""
            keys[f"sort_{number}"] = expression
            order.append(f"{quote(f'sort_{number}')} {'DESC' if descending else 'ASC'}{nulls}")
        covered = "coverage" in self.results.query.annotations
        linked = {f"facet_{column}": F(f"search_document__{column}") for column in arrays}
        names = ["batch_id", *(["coverage"] if covered else []), *fields, *linked, *keys]
        inner = self.results.order_by().annotate(batch_id=F("pk"), **linked, **keys)
        sql, params = inner.values(*names).query.sql_with_params()
        return sql, params, ", ".join(order or [quote("batch_id")]), covered

    def _batch_ids(self, start: int, size: int, counted: bool) -> list[tuple]:
        """(pk, coverage or None, matches or None) of the batch's rows, in the search's order:
        the outer query counts, sorts and cuts the match's narrow rows (``_match_sql``)."""
        connection = connections[self.results.db]
        quote = connection.ops.quote_name
        try:
            sql, params, order, covered = self._match_sql(connection, sort=True)
        except EmptyResultSet:
            return []
        # Ranked by relevance or distance, every match is sorted anyway: the fence keeps the ranks
        # computed on the narrow rows. Sorted by a column, PostgreSQL may walk that column's
        # index and stop at the batch, which the fence would forbid (Spanish speakers by title,
        # batch 5: 2 ms without it, 188 with it).
        ranked = self.sort_on in ("relevance", "distance")
        fence = " OFFSET 0" if ranked and connection.vendor == "postgresql" else ""
        coverage = quote("coverage") if covered else "NULL"
        count = "COUNT(*) OVER ()" if counted else "NULL"
        outer = (
            f"SELECT {quote('batch_id')}, {coverage}, {count} FROM ({sql}{fence}) batch "
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(outer, (*params, size, start))
            return cursor.fetchall()

    def counted_page(self, start: int, size: int, version=None):
        """The total, the batch's rows and the facets (None unless asked for), in as few passes
        over the match as it takes:
        - kept counts (a public search counted before under this version): the batch alone;
        - facets: one query counts the total and the facets and reads the batch's ids
          (``_count``), so the match runs once, not once for the counts and once for the page
          (at 100,000 listings a broad word's match costs 0.3-0.5 s);
        - ranked by relevance or distance, or limited to a place (state, county, near): the
          batch's query counts every match it sorts anyway (``COUNT(*) OVER ()``; a text +
          state + language search took 28 + 40 ms in two queries, 32 ms in one). A place's
          candidates are a union of ids, which no index walk in title order can stop early
          on: at 100,000 listings the pages of a state + topic search took 14.0 ms (mean of
          120 from the bench's mix) in two queries, 6.4 in one; all of California by title
          53 and 29 ms;
        - otherwise, sorted by a column: the batch may stop at its last row of the column's
          index, and a count of its own is cheaper (Spanish speakers by title: 31 ms in two
          queries, 278 in one)."""
        key = self.counts_key(version)
        kept = caching.kept_counts(key)
        total, facets = kept.get("total"), kept.get("facets", {})
        missing = [name for name in self.facet_names if name not in facets]
        if self.facet_names and (total is None or missing):
            total, counted, batch = self._count(missing, batch=(start, size))
            facets = {**facets, **counted}
            caching.keep_counts(key, {"total": total, "facets": facets})
            return total, (self.page(start, size, batch) if batch else []), self._facets(facets)
        if total is None and self.sorts_every_match:
            batch = self._batch_ids(start, size, counted=True)
            total = batch[0][2] if batch else 0 if start == 0 else self._count([])[0]
            caching.keep_counts(key, {"total": total, "facets": facets})
            return total, (self.page(start, size, batch) if batch else []), None
        total, facets = self._tally(key, kept)  # kept counts, or a count of its own
        return total, (self.page(start, size) if start < total else []), facets

    # Facets: counts over the whole result, not the page
    def _facet_names(self) -> list[str]:
        names = [n for value in self.params.getlist("facets") for n in value.split(",") if n]
        unknown = sorted(set(names) - set(FACETS))
        if unknown:
            raise BadRequest.for_field(
                "facets", f"Cannot count {', '.join(unknown)}; choose from {', '.join(FACETS)}."
            )
        return list(dict.fromkeys(names))

    def counts_key(self, version) -> str | None:
        """Where this search's counts are kept (api/caching.py), None where they are not: a
        public search answered under ``version`` (the public version), never an editor's. The
        key holds what decides the match, not the batch, sort, facets or fields asked for."""
        if version is None or self.context["editor"]:
            return None
        match = {
            name: sorted(self.params.getlist(name)) for name in self.params if name not in NOT_MATCH
        }
        match["text"], match["kind"] = self.text, self.kind
        return caching.counts_key(version, self.language, match)

    def tally(self, version=None) -> tuple[int, dict | None]:
        """How many listings match, and the requested facets: kept ones when a public search
        (``version``) already counted them, otherwise from one query, then kept."""
        key = self.counts_key(version)
        return self._tally(key, caching.kept_counts(key))

    def _tally(self, key: str | None, kept: dict) -> tuple[int, dict | None]:
        total, facets = kept.get("total"), kept.get("facets", {})
        missing = [name for name in self.facet_names if name not in facets]
        if total is None or missing:
            total, counted, _batch = self._count(missing)
            facets = {**facets, **counted}
            caching.keep_counts(key, {"total": total, "facets": facets})
        return total, self._facets(facets)

    def _facets(self, raw: dict) -> dict | None:
        """The requested facets as terms with counts, from raw (value, count) rows; None when
        none is asked for."""
        if not self.facet_names:
            return None
        titles = self.context["titles"]
        return {name: self._facet(name, raw[name], titles) for name in self.facet_names}

    def _count(self, names: list[str], batch: tuple[int, int] | None = None):
        """The total, the raw counts (value, count) of the facets ``names`` and, given ``batch``
        (start, size), the batch's (pk, coverage, None) in order, from one query: the match
        (text search, place, filters) runs once, as a common table expression of narrow rows
        (``_match_sql``) holding the field facets' columns; the total counts it, each field
        facet groups it, and each term facet joins it to its link table. A join, not ``WHERE
        id IN (SELECT pk FROM matching)``: for the IN PostgreSQL guessed 200 matches and probed
        the table once per match (0.3-0.4 s a facet at 70,000 matches); for a join it uses the
        match's estimate, and hashes the table when the match is large."""
        connection = connections[self.results.db]  # a replica's, for an anonymous read
        quote = connection.ops.quote_name
        fields = [FIELD_FACETS[name] for name in names if name in FIELD_FACETS]
        arrays = {}
        if self.reads_documents(connection):
            arrays = {
                name: LINKED[RELATED_FACETS[name][0]] for name in names if name in RELATED_FACETS
            }
        try:
            matching, params, order, covered = self._match_sql(
                connection, fields, bool(batch), arrays.values()
            )
        except EmptyResultSet:
            return 0, {name: [] for name in names}, []
        parts, part_params = ["SELECT %s, NULL, COUNT(*), NULL FROM matching"], [""]
        for name in names:
            if name in arrays:  # the matches' own arrays: no link table to join
                # unnest in the select list (one ProjectSet), not a lateral join (a function
                # scan per match): "legal", 72,738 matches, 330 against 400 ms in all.
                value = "facet.term_id"
                column = quote(f"facet_{arrays[name]}")
                source = f"(SELECT unnest({column}) AS term_id FROM matching) facet"
            elif name in RELATED_FACETS:
                relation = Listing._meta.get_field(RELATED_FACETS[name][0])
                table = quote(relation.remote_field.through._meta.db_table)
                key, column = relation.m2m_column_name(), relation.m2m_reverse_name()
                value = f"facet.{quote(column)}"
                source = f"matching JOIN {table} facet ON facet.{quote(key)} = matching.batch_id"
            else:
                value = f"matching.{quote(Listing._meta.get_field(FIELD_FACETS[name]).column)}"
                source = "matching"
            parts.append(
                f"SELECT %s, CAST({value} AS TEXT), COUNT(*), NULL FROM {source} GROUP BY {value}"
            )
            part_params.append(name)
        if batch:  # numbered by the same order, which holds for the batch's few rows
            coverage = quote("coverage") if covered else "NULL"
            parts.append(
                f"SELECT %s, CAST(batch_id AS TEXT), ROW_NUMBER() OVER (ORDER BY {order}), "
                f"{coverage} FROM (SELECT * FROM matching ORDER BY {order} LIMIT %s OFFSET %s) "
                "batch"
            )
            part_params += ["#", batch[1], batch[0]]
        sql = f"WITH matching AS ({matching}) " + " UNION ALL ".join(parts)
        rows: dict[str, list] = {name: [] for name in names}
        total, found = 0, []
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params, *part_params))
            for name, value, count, coverage in cursor.fetchall():
                if name == "":
                    total = count
                elif name == "#":
                    found.append((count, int(value), coverage))
                else:
                    rows[name].append((value, count))
        return total, rows, [(pk, coverage, None) for _number, pk, coverage in sorted(found)]

    def reads_documents(self, connection) -> bool:
        """Whether the match already joins the search documents (a text search on PostgreSQL),
        whose term id arrays (``documents.LINKED``) then count its term facets."""
        return (
            connection.vendor == "postgresql"
            and SearchDocument._meta.db_table in self.results.query.alias_map
        )

    def _facet(self, name: str, rows: list, titles: Titles) -> list[dict]:
        if name in RELATED_FACETS:
            model = RELATED_FACETS[name][1]
            counted = [(titles.term(model, int(pk)), n) for pk, n in rows if pk is not None]
        else:
            counted = [(self._facet_term(name, value, titles), n) for value, n in rows]
        items = [
            {**term, "count": n} for term, n in counted if term and term["token"] not in ("", None)
        ]
        return sorted(items, key=lambda item: (-item["count"], str(item["token"])))

    def _facet_term(self, name: str, value, titles: Titles) -> dict | None:
        if value in (None, ""):
            return None
        if name == "portal_type":
            return {"token": KIND_TYPES[value][0], "title": str(Kind(value).label)}
        if name == "state":
            return titles.term_by_token(State, value)
        if name == "county":
            county = geography.counties_by_fips().get(value)
            return {"token": value, "title": f"{county.name}, {county.state}" if county else value}
        if name == "fee_model":
            return {"token": value, "title": str(FeeModel(value).label)}
        if name == "country":
            return titles.term(Country, int(value))
        # Booleans arrive as text: PostgreSQL says true/false, SQLite 1/0.
        flag = "true" if value in ("1", "true", "t") else "false"
        return {"token": flag, "title": flag}


def serializer_context(
    request, language: str, editor: bool = False, version: Version | None = None
) -> dict:
    """What the serializers need; ``editor`` adds review states and vetting data, ``partner``
    (a partner-tier API key on the request) partner-only fields. ``version``: the public version
    an anonymous read already read for its ETag (``ApiView.public_version``), under which term
    titles are shared between requests."""
    codes = {pk: code for code, pk in locale_ids(*available_languages()).items()}
    return {
        "request": request,
        "listing_urls": ListingUrls(request),
        "titles": Titles(language, version),
        "locale_codes": codes,
        "editor": editor,
        "partner": request is not None and is_partner(request),
    }
