"""The directory's models: taxonomies, the one Listing table and its four kinds."""

from directory.models.contact import BarAdmission, Phone
from directory.models.document import SearchDocument
from directory.models.importjob import ImportJob
from directory.models.kinds import Attorney, Consulate, FundingSource, WorkerCenter
from directory.models.listing import KIND_MODELS, Listing
from directory.models.queryset import ListingQuerySet, review_interval
from directory.models.suggestion import Suggestion
from directory.models.taxonomy import (
    Country,
    County,
    FundType,
    Industry,
    Language,
    State,
    Term,
    Topic,
    canonical_terms,
)
from directory.models.version import PublicVersion
from directory.phones import normalize_phone

__all__ = [
    "KIND_MODELS",
    "Attorney",
    "BarAdmission",
    "Consulate",
    "Country",
    "County",
    "FundType",
    "FundingSource",
    "ImportJob",
    "Industry",
    "Language",
    "Listing",
    "ListingQuerySet",
    "Phone",
    "PublicVersion",
    "SearchDocument",
    "State",
    "Suggestion",
    "Term",
    "Topic",
    "WorkerCenter",
    "canonical_terms",
    "normalize_phone",
    "review_interval",
]
