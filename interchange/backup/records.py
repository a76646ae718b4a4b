"""A listing record of a backup read into unsaved rows: the listing (and its unpublished
draft), its children and its terms, every value checked as the admin would check it, every
error naming the listing and the field."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from wagtail.models import Locale, Revision

from directory.models import KIND_MODELS, Country, County, Listing
from interchange.backup.document import (
    CHILDREN,
    LISTING_TERMS,
    VOCABULARIES,
    BackupError,
    error_messages,
    plain_fields,
    read_datetime,
    read_uuid,
)

# The record's dates and times, set on the listing as they are.
RECORD_DATES = ("first_published_at", "last_published_at", "go_live_at", "expire_at",
                "last_verified")  # fmt: skip


@dataclass
class Built:
    index: int
    where: str
    record: dict
    listing: Listing
    related: dict
    draft_listing: Listing | None
    draft_related: dict | None
    live_revision: Revision | None = None
    latest_revision: Revision | None = None


class ListingReader:
    """Builds listings from records, given the file's locales, the merged terms (model ->
    token -> canonical term), the counties by FIPS and a way to find users by name."""

    def __init__(
        self,
        locales: dict[str, Locale],
        terms: dict[type, dict[str, object]],
        counties: dict[str, County],
        user: Callable,
    ):
        self.locales, self.terms, self.counties, self.user = locales, terms, counties, user
        self.plain = {f.name: f for f in plain_fields()}
        known = set(self.plain) | {"county", "country", "service_counties"} | set(LISTING_TERMS)
        self.known = known | set(CHILDREN)

    def build(self, index: int, record) -> Built:
        if not isinstance(record, dict):
            raise BackupError(f"listing #{index}: expected an object.")
        where = (
            f"listing #{index} ({record.get('slug') or record.get('name') or '?'}, "
            f"{record.get('locale')})"
        )
        model = KIND_MODELS.get(record.get("kind"))
        if model is None:
            raise BackupError(f"{where}: kind {record.get('kind')!r} is not one of "
                              f"{', '.join(KIND_MODELS)}.")  # fmt: skip
        locale = self.locales.get(record.get("locale"))
        if locale is None:
            raise BackupError(f"{where}: locale {record.get('locale')!r} is not in 'locales'.")
        key = read_uuid(record.get("translation_key"), f"{where}: translation_key")
        if not isinstance(record.get("fields"), dict):
            raise BackupError(f"{where}: 'fields' is missing.")

        def fill(fields: dict, context: str) -> tuple[Listing, dict]:
            listing = model(locale=locale, translation_key=key, kind=model.listing_kind)
            self.set_state(listing, record, where)
            return listing, self.apply_fields(listing, fields, f"{where}{context}")

        listing, related = fill(record["fields"], "")
        if not listing.slug:
            raise BackupError(f"{where}: field 'slug' is empty.")
        draft = record.get("draft")
        draft_listing = draft_related = None
        if draft:
            if not isinstance(draft, dict) or not isinstance(draft.get("fields"), dict):
                raise BackupError(f"{where}: 'draft' has no 'fields'.")
            draft_listing, draft_related = fill(draft["fields"], " draft")
        return Built(index, where, record, listing, related, draft_listing, draft_related)

    def set_state(self, listing: Listing, record: dict, where: str) -> None:
        """The listing as a whole (not one revision): publication and vetting."""
        listing.live = bool(record.get("live"))
        listing.has_unpublished_changes = bool(record.get("has_unpublished_changes"))
        for name in RECORD_DATES:
            setattr(listing, name, read_datetime(record.get(name), f"{where}: {name}"))
        listing.expired = bool(record.get("expired"))
        listing.verified_by = self.user(record.get("verified_by"), "verified_by")

    def apply_fields(self, listing: Listing, fields: dict, where: str) -> dict:
        """Set the listing's columns from ``fields`` and return its children and terms."""
        unknown = set(fields) - self.known
        if unknown:
            raise BackupError(f"{where}: unknown fields {', '.join(sorted(unknown))}.")
        self.set_columns(listing, fields, where)
        related = self.related_terms(fields, where)
        related["service_counties"] = [
            self.county(fips, where, "service_counties")
            for fips in fields.get("service_counties") or []
        ]
        for relation, (child_model, names) in CHILDREN.items():
            related[relation] = [
                self.child(child_model, names, values, number, f"{where}: {relation}[{number}]")
                for number, values in enumerate(fields.get(relation) or [])
            ]
        for name, values in related.items():
            setattr(listing, name, values)  # in memory, for the revision's content
        # The one model rule a restore checks besides field formats: a listing the admin and
        # the CSV import would refuse must not come back through a backup either.
        for name, message in listing.service_area_errors().items():
            raise BackupError(f"{where}: field {name!r}: {message}")
        return related

    def set_columns(self, listing: Listing, fields: dict, where: str) -> None:
        """The plain columns, each cleaned by its model field, then county and country."""
        for name, value in fields.items():
            model_field = self.plain.get(name)
            if model_field is None:
                continue
            try:
                value = model_field.clean(value, listing)
            except ValidationError as error:
                raise BackupError(f"{where}: field {name!r}: {error_messages(error)}") from error
            setattr(listing, model_field.attname, value)
        county = fields.get("county")
        if county:
            self.county(county, where, "county")
        listing.county_id = county or None
        country = fields.get("country")
        if country:
            listing.country = self.term(Country, country, where, "country")

    def related_terms(self, fields: dict, where: str) -> dict[str, list]:
        related = {}
        for name, vocabulary in LISTING_TERMS.items():
            values = fields.get(name) or []
            if not isinstance(values, list):
                raise BackupError(f"{where}: field {name!r} must be a list of tokens.")
            related[name] = [
                self.term(VOCABULARIES[vocabulary], token, where, name) for token in values
            ]
        return related

    def county(self, fips, where: str, name: str) -> County:
        if fips not in self.counties:
            raise BackupError(f"{where}: field {name!r}: unknown county FIPS code {fips!r}.")
        return self.counties[fips]

    @staticmethod
    def child(child_model, names: tuple[str, ...], values, number: int, where: str):
        """A phone or bar admission, its fields cleaned and the model's rule checked."""
        if not isinstance(values, dict) or set(values) - set(names):
            raise BackupError(f"{where}: expected an object with {', '.join(names)}.")
        child = child_model(sort_order=number)
        for name in names:
            if name in values:
                model_field = child_model._meta.get_field(name)
                try:
                    value = model_field.clean(values[name], child)
                except ValidationError as error:
                    raise BackupError(f"{where}.{name}: {error_messages(error)}") from error
                setattr(child, name, value)
        try:
            child.clean()  # a phone number is checked and kept in E.164
        except ValidationError as error:
            raise BackupError(f"{where}: {error_messages(error)}") from error
        return child

    def term(self, model, token, where: str, name: str):
        term = self.terms[model].get(token)
        if term is None:
            raise BackupError(
                f"{where}: field {name!r}: unknown {model._meta.verbose_name} token {token!r} "
                f"(not in the file's taxonomies nor in this database)."
            )
        return term
