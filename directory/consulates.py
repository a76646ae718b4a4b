"""Which consulate serves a worker: by the country of origin and a place.

A consulate's jurisdiction is its service area (states, counties, national, or only where it
stands). The consulates whose jurisdiction covers the place come first; when none does (a
country whose consulates list only some states, or whose service areas are not entered yet),
the nearest consulates of that country are offered instead, marked as outside their
jurisdiction, so that staff never get an empty answer when a consulate exists.

Called with plain values by the API's ``@consulates`` and the staff page; the caller passes the
listings its reader may see (``Listing.objects.for_language(...)``), so nothing unpublished,
unvetted or overdue can be found here.
"""

from dataclasses import dataclass

from django.db.models import CharField, F, Q, QuerySet, Value
from django.utils.translation import gettext as _

from directory.choices import Kind, ServiceArea
from directory.places import Point

NEAREST = 3  # how many consulates the fallback offers
OUTSIDE = "outside"  # their coverage: the place is outside their jurisdiction


@dataclass
class Consulates:
    """The answer: ``listings`` nearest first (each with ``coverage``), and whether their
    jurisdiction ``covers`` the place (False: the nearest ones, outside their jurisdiction)."""

    listings: QuerySet
    covers: bool


def find_consulates(listings: QuerySet, country, point: Point) -> Consulates:
    """The consulates of ``country`` among ``listings`` whose jurisdiction covers ``point`` (a
    ZIP code's or a state's, ``directory.places``); when none does, the ``NEAREST`` ones that
    have a location."""
    ours = listings.filter(kind=Kind.CONSULATE, country=country).with_distance_from(point)
    nearest_first = (F("distance_sq").asc(nulls_last=True), "name", "pk")
    # One that serves only where it stands covers its county (a whole state: one in the state).
    where = Q(county_id=point.county_fips) if point.county_fips else Q(state=point.state)
    here = Q(service_area=ServiceArea.LOCAL) & where
    covering = ours.coverage_of(here, point.state, point.county_fips).order_by(*nearest_first)
    if covering.exists():
        return Consulates(covering, covers=True)
    nearest = ours.filter(latitude__isnull=False, longitude__isnull=False)
    pks = list(nearest.order_by(*nearest_first).values_list("pk", flat=True)[:NEAREST])
    outside = Value(OUTSIDE, output_field=CharField())
    fallback = ours.filter(pk__in=pks).annotate(coverage=outside).order_by(*nearest_first)
    return Consulates(fallback, covers=False)


def outside_note(country: str, place: str, found: bool) -> str:
    """The sentence that comes with consulates that do not cover the place (``found``), or
    with none, in the active language; ``country`` is the country's title in it."""
    if not found:
        return _("The directory has no public consulate of %(country)s.") % {"country": country}
    return _(
        "No consulate of %(country)s lists %(place)s in its jurisdiction. These are its "
        "nearest consulates, outside their jurisdiction: call to ask which one serves this "
        "place."
    ) % {"country": country, "place": place}
