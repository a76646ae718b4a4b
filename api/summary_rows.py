"""The rows a batch of public summaries reads, narrow: the columns a summary shows, its phones
and its term ids, in three queries, and no model instances.

A page of 25 summaries read as Listing rows made 25 wide page instances (about 70 columns
each, a county joined that a summary never shows) and ran phones through modelcluster's
prefetch, about 3 ms of Python a search at 100,000 listings. ``SummaryRow`` carries exactly
what ``ListingSummarySerializer`` reads, so the answer is the same one the model rows gave.

Only for answers: the editor tier (drafts, review states), full objects and pages that print
rows themselves (the staff page) still read model rows."""

from django.db.models import QuerySet

from api.term_ids import SUMMARY_TERMS, load_term_ids
from directory.models import Phone
from directory.models.contact import display_form

# What a summary (and a place search's distance) reads of the listing's own row.
COLUMNS = (
    "pk",
    "kind",
    "slug",
    "translation_key",
    "locale_id",
    "name",
    "summary",
    "city",
    "state",
    "last_verified",
    "latitude",
    "longitude",
)
PHONE_COLUMNS = ("listing_id", "number", "extension", "type", "hours", "emergency")


class PhoneRow:
    """A phone as a summary shows it (api/serializers.py ``phone_data``)."""

    __slots__ = ("emergency", "extension", "hours", "number", "type")

    def __init__(self, number, extension, type, hours, emergency):
        self.number, self.extension, self.type = number, extension, type
        self.hours, self.emergency = hours, emergency

    @property
    def display(self) -> str:
        return display_form(self.number, self.extension)


class SummaryRow:
    """A listing's summary columns, its phones (as a prefetch leaves them, which
    ``serializers.related`` reads) and its term ids (``term_ids.load_term_ids``); a search
    sets ``coverage`` and ``distance`` on it as on a model row."""

    __slots__ = (*COLUMNS, "_prefetched_objects_cache", "_term_ids", "coverage", "distance")

    def __init__(self, values: dict):
        for name in COLUMNS:
            setattr(self, name, values[name])
        self._prefetched_objects_cache = {"phones": []}


def summary_rows(queryset: QuerySet, pks: list[int]) -> dict[int, SummaryRow]:
    """The rows of ``queryset`` (the visible listings) among ``pks``, by pk: three queries
    whatever the batch's size."""
    found = {
        values["pk"]: SummaryRow(values)
        for values in queryset.filter(pk__in=pks).order_by().values(*COLUMNS)
    }
    if not found:
        return found
    phones = Phone.objects.using(queryset.db).filter(listing_id__in=list(found))
    for listing_id, *columns in phones.values_list(*PHONE_COLUMNS):  # in the phones' order
        found[listing_id]._prefetched_objects_cache["phones"].append(PhoneRow(*columns))
    load_term_ids(list(found.values()), SUMMARY_TERMS, using=queryset.db)
    return found
