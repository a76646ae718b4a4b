"""The CSV columns: one spec for the import and the export, so an export re-imports (the
template's columns, the editors' extra ones, the export-only ones, the relations)."""

from dataclasses import dataclass

from directory.choices import (
    CenterType,
    FeeModel,
    FundStatus,
    Kind,
    PostType,
    ProviderType,
    ServiceArea,
    Status,
    VerificationMethod,
)
from directory.models import Country, FundType, Industry, Language, State, Topic

LIST_SEPARATOR = ";"

A, C, W, F = Kind.ATTORNEY, Kind.CONSULATE, Kind.WORKER_CENTER, Kind.FUNDING_SOURCE


@dataclass(frozen=True)
class Column:
    """One CSV column: ``name`` is the listing's field of the same name. ``type`` says how a
    cell reads: text, html, choice, bool, date, terms (tokens of ``vocabulary``), country,
    counties (FIPS), phones, bars (bar admissions), kind. ``kinds``: the only kinds it applies
    to (empty: all)."""

    name: str
    type: str = "text"
    kinds: tuple[str, ...] = ()
    choices: object = None  # a TextChoices class
    vocabulary: object = None  # a Term model
    example: str = ""
    # False for a column added after files were already made from the template: a file from
    # before may leave it out, and its cells read as empty.
    required: bool = True


TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column("kind", "kind", example=Kind.ATTORNEY),
    Column("name", example="Example Immigrant Workers Legal Clinic"),
    Column("slug"),
    Column("organization_name", example="Example Legal Aid Society"),
    Column("summary", example="Free immigration advice for workers and their families."),
    Column("description", "html", example="Walk-in clinic run by fictional example attorneys."),
    Column("alert"),
    Column("status", "choice", choices=Status, example=Status.ACTIVE),
    Column("street_address", example="1 Example Street"),
    Column("city"),
    Column("state"),
    Column("postal_code", example="07102"),
    Column("service_area", "choice", choices=ServiceArea, example=ServiceArea.COUNTIES),
    Column("service_states", "terms", vocabulary=State),
    Column("service_counties", "counties", example="34013;34039"),
    Column("phones", "phones", example="main:(973) 555-0100;intake:+1 973 555 0101 x12"),
    Column("email", example="help@example.org"),
    Column("website", example="https://example.org/"),
    Column("hours", example="Mon-Fri 9:00-17:00"),
    Column("languages", "terms", vocabulary=Language, example="eng;spa;mam"),
    Column(
        "interpretation_languages", "terms", vocabulary=Language, example="quc;kjb", required=False
    ),
    Column("topics", "terms", vocabulary=Topic, example="removal-defense;wage-theft"),
    Column("fee_model", "choice", choices=FeeModel, example=FeeModel.FREE),
    Column("fees"),
    Column("eligibility", example="Low-income workers in Essex and Union counties."),
    Column("how_to_get_help", example="Call the intake line or walk in on Tuesdays."),
    # Attorneys and legal service providers
    Column("provider_type", "choice", (A,), ProviderType, example=ProviderType.NONPROFIT),
    Column("bar_admissions", "bars", (A,), example="NJ:000000"),
    Column("doj_recognized", "bool", (A,), example="false"),
    Column("doj_recognition_expires", "date", (A,)),
    Column("accepting_clients", "bool", (A,), example="true"),
    Column("accepting_clients_as_of", "date", (A,), example="2025-01-15"),
    Column("accepts_agency_referrals", "bool", (A,), example="true"),
    Column("serves_detained", "bool", (A,), example="false"),
    Column("detention_facilities", kinds=(A,)),
    Column("consultation_fee", kinds=(A,), example="Free"),
    # Consulates
    Column("country", "country", (C,), vocabulary=Country),
    Column("post_type", "choice", (C,), PostType),
    Column("appointment_url", kinds=(C,)),
    Column("accepts_detainee_lists", "bool", (C,)),
    # Worker centers
    Column("center_type", "choice", (W,), CenterType),
    Column("industries", "terms", (W,), vocabulary=Industry),
    Column("membership_required", "bool", (W,)),
    # Funding sources
    Column("fund_types", "terms", (F,), vocabulary=FundType),
    Column("open_to_individuals", "bool", (F,)),
    Column("open_to_attorneys", "bool", (F,)),
    Column("open_to_organizations", "bool", (F,)),
    Column("detained_only", "bool", (F,)),
    Column("case_stage", kinds=(F,)),
    Column("typical_amount", kinds=(F,)),
    Column("fund_status", "choice", (F,), FundStatus),
    Column("fund_status_as_of", "date", (F,)),
)
# Never public: in the editors' export, and accepted by the import.
EDITOR_COLUMNS: tuple[Column, ...] = (
    Column("liaison_name", kinds=(C,)),
    Column("liaison_email", kinds=(C,)),
    Column("liaison_phone", kinds=(C,)),
    Column("verification_method", "choice", choices=VerificationMethod),
    Column("vetting_notes"),
)
# Written by exports, ignored by the import: vetting is done by vetters, not by a file.
PUBLIC_EXPORT_ONLY = ("last_verified",)
EDITOR_EXPORT_ONLY = ("last_verified", "verified_by", "next_review_due", "review_state")

COLUMNS = {column.name: column for column in (*TEMPLATE_COLUMNS, *EDITOR_COLUMNS)}
TEMPLATE_NAMES = [column.name for column in TEMPLATE_COLUMNS]
REQUIRED_NAMES = [column.name for column in TEMPLATE_COLUMNS if column.required]
IGNORED_NAMES = {*PUBLIC_EXPORT_ONLY, *EDITOR_EXPORT_ONLY}
# Model fields validated by the import itself (tokens, FIPS) or that only the database checks:
# full_clean skips them, so a row costs no query.
NOT_FULL_CLEANED = [
    "locale",
    "country",
    "county",
    "verified_by",
    "live_revision",
    "latest_revision",
    "locked_by",
]
# Errors the model reports on fields that are not columns, and where to report them.
DERIVED_FIELDS = {"county": "postal_code", "latitude": "postal_code", "longitude": "postal_code"}


RELATION_COLUMNS = tuple(
    column.name
    for column in COLUMNS.values()
    if column.type in ("terms", "phones", "bars", "counties")
)


def public_export_columns() -> list[str]:
    return [*TEMPLATE_NAMES, *PUBLIC_EXPORT_ONLY]


def editor_export_columns() -> list[str]:
    return [*TEMPLATE_NAMES, *(c.name for c in EDITOR_COLUMNS), *EDITOR_EXPORT_ONLY]
