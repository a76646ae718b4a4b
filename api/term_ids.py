"""The term ids a batch of listings carries, for the API's answers: one query over the
relations' link tables instead of one prefetch per relation, and no term rows made, since the
answers name terms by id through the shared titles (api/serializers.py ``Titles``).

Each listing gets ``_term_ids`` (relation name -> canonical term pks), in the order a prefetch
would give them (the vocabulary's ``sort_order``, then ``title``), so answers are unchanged."""

from django.db import connections

from directory.models import Listing
from directory.models.search import FULL_PREFETCH, SUMMARY_PREFETCH

# The relations to terms that answers show; the rest (phones, counties, bar admissions) are
# rows of their own, still prefetched.
SUMMARY_TERMS = ("languages", "interpretation_languages", "topics")
FULL_TERMS = (*SUMMARY_TERMS, "service_states", "industries", "fund_types")
SUMMARY_ROWS = tuple(name for name in SUMMARY_PREFETCH if name not in SUMMARY_TERMS)
FULL_ROWS = tuple(name for name in FULL_PREFETCH if name not in FULL_TERMS)


def _part(number: int, name: str, quote) -> str:
    field = Listing._meta.get_field(name)
    link = quote(field.remote_field.through._meta.db_table)
    term_table = quote(field.related_model._meta.db_table)
    source, target = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
    return (
        f"SELECT {link}.{source}, {number}, {term_table}.sort_order, {term_table}.title, "
        f"{link}.{target} FROM {link} INNER JOIN {term_table} ON {term_table}.id = "
        f"{link}.{target} WHERE {link}.{source} IN ({{pks}})"
    )


def load_term_ids(listings: list, names: tuple[str, ...], using: str | None = None) -> None:
    """Set ``_term_ids`` on each listing, in one query, on the database ``using`` (else the
    rows'). Rows only: a draft made from a row (api/tiers.py) does not take underscored
    attributes, and reads its relations from memory."""
    pks = [listing.pk for listing in listings]
    if not pks:
        return
    connection = connections[using or listings[0]._state.db or "default"]
    placeholders = ", ".join(["%s"] * len(pks))
    parts = [
        _part(number, name, connection.ops.quote_name).format(pks=placeholders)
        for number, name in enumerate(names)
    ]
    found: dict[int, dict[str, list[int]]] = {pk: {name: [] for name in names} for pk in pks}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1, 2, 3, 4", pks * len(names))
        for listing_pk, number, _order, _title, term_pk in cursor.fetchall():
            found[listing_pk][names[number]].append(term_pk)
    for listing in listings:
        listing._term_ids = found[listing.pk]


def summary_rows(queryset, *more) -> list:
    """The listings of ``queryset`` with what a summary reads: its rows (phones, and ``more``
    lookups) prefetched, and its term ids in one query (``load_term_ids``), not one prefetch
    per relation."""
    rows = list(queryset.prefetch_related(*SUMMARY_ROWS, *more))
    load_term_ids(rows, SUMMARY_TERMS)
    return rows
