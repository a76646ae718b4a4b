"""Listings as CSV rows in the import's columns, streamed, for the API's ``@export``."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator

from directory.choices import BarStatus
from directory.dates import site_day
from directory.models import Country, FundType, Industry, Language, Listing, State, Topic
from interchange.csv.cells import guard
from interchange.csv.columns import EDITOR_COLUMNS, LIST_SEPARATOR, TEMPLATE_COLUMNS, TEMPLATE_NAMES

# Export ---------------------------------------------------------------------------------------


class Tokens:
    """Canonical term pk -> token, per vocabulary, loaded once per export."""

    def __init__(self):
        self.by_model = {
            model: dict(model.objects.canonical().values_list("pk", "token"))
            for model in (State, Language, Topic, Industry, FundType, Country)
        }

    def of(self, model, terms) -> str:
        tokens = self.by_model[model]
        return LIST_SEPARATOR.join(tokens[t.pk] for t in terms if t.pk in tokens)


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _iso(value) -> str:
    return value.isoformat() if value else ""


def listing_values(listing: Listing, tokens: Tokens) -> dict[str, str]:
    """Every import column (template and editor-only), plus ``last_verified``, ``verified_by``
    and ``next_review_due``, as text that the import reads back. Other kinds' columns are
    empty."""
    values = {}
    for column in (*TEMPLATE_COLUMNS, *EDITOR_COLUMNS):
        name = column.name
        if column.kinds and listing.kind not in column.kinds:
            values[name] = ""
            continue
        if column.type == "terms":
            value = tokens.of(column.vocabulary, getattr(listing, name).all())
        elif column.type == "country":
            value = tokens.by_model[Country].get(listing.country_id, "")
        elif column.type == "counties":
            value = LIST_SEPARATOR.join(sorted(c.pk for c in listing.service_counties.all()))
        elif column.type == "phones":
            value = LIST_SEPARATOR.join(
                f"{p.type}:{p.number}" + (f" x{p.extension}" if p.extension else "")
                for p in listing.phones.all()
            )
        elif column.type == "bars":
            value = LIST_SEPARATOR.join(
                f"{b.state}:{b.bar_number}"
                + ("" if b.status == BarStatus.ACTIVE else f":{b.status}")
                for b in listing.bar_admissions.all()
            )
        elif column.type == "bool":
            value = _bool(getattr(listing, name))
        elif column.type == "date":
            value = _iso(getattr(listing, name))
        else:
            value = getattr(listing, name) or ""
        values[name] = value
    values.update(
        last_verified=_iso(site_day(listing.last_verified)),
        verified_by=listing.verified_by_name,
        next_review_due=_iso(site_day(listing.next_review_due)),
    )
    return values


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(
    listings: Iterable[Listing],
    columns: list[str],
    extra: Callable[[Listing], dict[str, str]] | None = None,
) -> Iterator[str]:
    """The header and one line per listing, for streaming. Cells that a spreadsheet would take
    for a formula are guarded with an apostrophe (the import takes it off)."""
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    tokens = Tokens()
    yield "\ufeff" + writer.writerow(columns)  # the BOM makes Excel read UTF-8
    for listing in listings:
        values = listing_values(listing, tokens)
        if extra:
            values.update(extra(listing))
        yield writer.writerow([guard(str(values.get(name, ""))) for name in columns])


def template_csv() -> str:
    """The import template: the header and one example row, clearly fictional."""
    example = {column.name: column.example for column in TEMPLATE_COLUMNS}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(TEMPLATE_NAMES)
    writer.writerow([example[name] for name in TEMPLATE_NAMES])
    return "\ufeff" + buffer.getvalue()


def export_queryset(queryset):
    """What listing_values reads, in a constant number of queries per chunk."""
    return queryset.select_related("verified_by").for_full()
