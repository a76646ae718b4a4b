"""Open Referral HSDS 3.0 in: ``manage.py import_hsds PATH`` (docs/architecture.md, *HSDS
import*). The reverse of the HSDS read API (api/hsds/mapping.py), with the same vocabularies.

- **Input**: a tabular data package (a folder of CSV files, or its datapackage.json), or JSON:
  one full service object (as examples/service_full.json), a list of them, a page of
  ``/services`` (the envelope's ``contents``), or NDJSON (one service a line, as
  ``/api/hsds/services?format=ndjson`` writes). JSON services are checked against the official
  schema first (interchange/hsds/schema.py); CSV rows are linked by their ids
  (service -> organization, service_at_location -> location -> address, phones, languages...).
- **Kinds**: the rules in interchange/hsds/rules.toml (or ``--rules``), which an editor can read:
  taxonomy terms and words in names or descriptions decide the kind, or skip the service with a
  reason; the rules also give what a kind requires that HSDS does not carry (an attorney's
  provider type...).
- **Listings** are keyed by the service's id (``Listing.hsds_id``, default locale). A new one is
  created as a draft with a revision and submitted to the Vetting workflow as ``--user``; an
  existing one gets a new draft revision only when a mapped field differs from its latest
  revision (so a second run changes nothing) and goes (back) to Vetting. The import never
  publishes nor stamps a listing verified: HSDS's ``assured_date`` is another organization's
  check, not ours.
- **All or nothing**: every service is read, mapped and validated with the model's own rules
  (``full_clean``: ZIP -> county, E.164 phones, each kind's required fields) before anything is
  written; any problem is reported as (service id, HSDS field, reason) and nothing is written
  unless only the valid services are asked for. The writes run in one transaction; new
  listings are written in bulk (interchange/bulk.py), and the vetters get one email for the run
  instead of one per listing.
"""

import csv
import io
import json
import re
import tomllib
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.edit import EditAction
from wagtail.models import Locale, WorkflowState

from directory import geography
from directory.choices import FeeModel, Kind, PhoneType, ServiceArea, Status
from directory.models import (
    KIND_MODELS,
    Country,
    FundType,
    Industry,
    Language,
    Listing,
    Phone,
    PublicVersion,
    State,
    Topic,
    normalize_phone,
)
from interchange import bulk
from interchange import csv as csv_io
from interchange.hsds import schema as hsds_schema

RULES_FILE = Path(__file__).with_name("rules.toml")
SKIP = "skip"
PROGRESS_EVERY = 500
# The tables of a tabular package the import reads, and their file names in HSDS 3.0's
# examples/csv (used when datapackage.json does not name them).
TABLES = {
    "services": "services.csv",
    "organizations": "organizations.csv",
    "service_at_locations": "service_at_location.csv",
    "locations": "locations.csv",
    "addresses": "addresses.csv",
    "phones": "phones.csv",
    "languages": "languages.csv",
    "schedules": "schedules.csv",
    "service_areas": "service_areas.csv",
    "cost_options": "cost_options.csv",
    "taxonomy_terms": "taxonomy_terms.csv",
    "attributes": "attributes.csv",
}
# Resource names a datapackage.json may give them (HSDS's own are singular or plural).
TABLE_ALIASES = {
    **{name: name for name in TABLES},
    **{name.removesuffix("s"): name for name in TABLES},
    **{Path(path).stem: name for name, path in TABLES.items()},
}
STATUSES = {
    "active": Status.ACTIVE,
    "inactive": Status.INACTIVE,
    "defunct": Status.INACTIVE,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
}
NATIONAL = {"united states", "united states of america", "usa", "us", "u.s.", "nationwide",
            "national", "estados unidos", "todo el pais"}  # fmt: skip
DAY_NAMES = {"MO": "Mon", "TU": "Tue", "WE": "Wed", "TH": "Thu", "FR": "Fri", "SA": "Sat",
             "SU": "Sun"}  # fmt: skip
# Our fields that mapping sets from HSDS on every run, and the HSDS field a problem with each
# is reported on.
MAPPED = {
    "name": "name",
    "organization_name": "organization.name",
    "summary": "description",
    "description": "description",
    "alert": "alert",
    "status": "status",
    "street_address": "address.address_1",
    "city": "address.city",
    "state": "address.state_province",
    "postal_code": "address.postal_code",
    "county": "address.postal_code",
    "latitude": "location.latitude",
    "longitude": "location.longitude",
    "service_area": "service_areas",
    "email": "email",
    "website": "url",
    "hours": "schedules",
    "fee_model": "cost_options",
    "fees": "fees_description",
    "eligibility": "eligibility_description",
    "how_to_get_help": "application_process",
    "hsds_id": "id",
}
MAPPED_RELATIONS = ("languages", "topics", "service_states", "service_counties")
KIND_RELATIONS = {Kind.WORKER_CENTER: ("industries", Industry),
                  Kind.FUNDING_SOURCE: ("fund_types", FundType)}  # fmt: skip
# Fields the rules may set (what each kind requires and HSDS does not carry).
RULE_FIELDS = {
    Kind.ATTORNEY: ("provider_type", "doj_recognized", "serves_detained",
                    "accepts_agency_referrals", "accepting_clients"),
    Kind.CONSULATE: ("post_type", "accepts_detainee_lists"),
    Kind.WORKER_CENTER: ("center_type", "membership_required"),
    Kind.FUNDING_SOURCE: ("fund_status", "open_to_individuals", "open_to_attorneys",
                          "open_to_organizations", "detained_only"),
}  # fmt: skip
NOT_FULL_CLEANED = [*csv_io.NOT_FULL_CLEANED]
LOOK_IN = ("name", "organization", "description")


class HsdsInputError(Exception):
    """The input as a whole cannot be read: missing files, malformed JSON or CSV, a broken
    datapackage.json, rules that do not parse."""


@dataclass
class Problem:
    service: str  # the service's id ("" for the input as a whole)
    field: str  # the HSDS field, as a JSON path (phones[0].number)
    message: str

    def __str__(self) -> str:
        where = f"service {self.service}" if self.service else "input"
        if self.field:
            where = f"{where}: {self.field}"
        return f"{where}: {self.message}"


@dataclass
class Planned:
    """What the import does with one service."""

    service_id: str
    name: str
    action: str = ""  # create, update, unchanged, skip, invalid
    kind: str = ""
    reason: str = ""  # why skipped, or which rule chose the kind
    listing: Listing | None = None
    existing: Listing | None = None
    changed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)  # our fields already reported on
    notes: list[Problem] = field(default_factory=list)

    def line(self) -> str:
        label = f"{self.service_id} {self.name!r}"
        if self.action == "skip":
            return f"  skip       {label}: {self.reason}"
        if self.action == "invalid":
            return f"  invalid    {label}: {len(self.problems)} problems (below)"
        detail = f" ({', '.join(self.changed)})" if self.action == "update" else ""
        return f"  {self.action:<10} {label} as {self.kind}{detail}"


@dataclass
class Report:
    source: str = ""
    planned: list[Planned] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # input-level
    notes: list[Problem] = field(default_factory=list)  # input-level
    written: bool = False
    dry_run: bool = False

    @property
    def all_problems(self) -> list[Problem]:
        return [*self.problems, *(p for plan in self.planned for p in plan.problems)]

    @property
    def ok(self) -> bool:
        return not self.all_problems

    def count(self, action: str) -> int:
        return sum(1 for plan in self.planned if plan.action == action)

    def summary(self) -> str:
        counts = {a: self.count(a) for a in ("create", "update", "unchanged", "skip", "invalid")}
        if self.written:
            text = "created {create}, updated {update}, unchanged {unchanged}, skipped {skip}"
        else:
            text = "would create {create}, update {update}, unchanged {unchanged}, skip {skip}"
        text = text.format(**counts)
        if counts["invalid"]:
            text += f", invalid {counts['invalid']}"
        return text

    def lines(self) -> list[str]:
        lines = [f"{self.source}, services: {len(self.planned)}"]
        lines += [plan.line() for plan in self.planned]
        notes = [*self.notes, *(n for plan in self.planned for n in plan.notes)]
        if notes:
            lines.append("Notes (not mapped, nothing wrong with the input):")
            lines += [f"  {note}" for note in notes]
        problems = self.all_problems
        if problems:
            lines.append("Problems:")
            lines += [f"  {problem}" for problem in problems]
        lines.append(self.summary() + ".")
        if self.written:
            lines.append("Imported as drafts, submitted to the Vetting workflow.")
        elif self.dry_run:
            lines.append("Dry run: nothing was written.")
        else:
            lines.append("Nothing was written.")
        return lines


# Text ------------------------------------------------------------------------------------------


def folded(text) -> str:
    decomposed = unicodedata.normalize("NFKD", str(text or "").strip().casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", " ", plain.replace("\u2019", "'"))


def _text(value) -> str:
    return re.sub(r"[ \t]+", " ", str(value)).strip() if value not in (None, "") else ""


def _has_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


def _number(value) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# Rules -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    kind: str
    terms: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    look_in: tuple[str, ...] = ("name", "organization")
    number: int = 0

    def describe(self) -> str:
        what = []
        if self.terms:
            what.append("taxonomy term " + " / ".join(self.terms))
        if self.words:
            what.append("words in " + "/".join(self.look_in))
        return f"rule {self.number} ({', '.join(what)})"


@dataclass(frozen=True)
class SetRule:
    kind: str
    field: str
    value: object
    words: tuple[str, ...]
    look_in: tuple[str, ...]


class Rules:
    """interchange/hsds/rules.toml, read and checked."""

    def __init__(self, path: Path | None = None, default_kind: str | None = None):
        path = path or RULES_FILE
        self.path = path
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise HsdsInputError(f"The rules file {path} cannot be read: {error}") from error
        kinds = {*Kind.values, SKIP}
        self.default = default_kind or data.get("default", SKIP)
        if self.default not in kinds:
            raise HsdsInputError(
                f"{path}: default {self.default!r} is not one of {', '.join(sorted(kinds))}."
            )
        self.rules: list[Rule] = []
        for number, raw in enumerate(data.get("rule", []), 1):
            kind = raw.get("kind")
            if kind not in kinds:
                raise HsdsInputError(f"{path}: rule {number}: kind {kind!r} is not known.")
            rule = Rule(
                kind,
                tuple(folded(t) for t in raw.get("terms", [])),
                tuple(folded(w) for w in raw.get("words", [])),
                tuple(raw.get("look_in", ("name", "organization"))),
                number,
            )
            if not (rule.terms or rule.words) or set(rule.look_in) - set(LOOK_IN):
                raise HsdsInputError(
                    f"{path}: rule {number} needs terms or words, and look_in among "
                    f"{', '.join(LOOK_IN)}."
                )
            self.rules.append(rule)
        self.defaults: dict[str, dict] = {}
        for kind, values in data.get("defaults", {}).items():
            if kind not in Kind.values:
                raise HsdsInputError(f"{path}: defaults for unknown kind {kind!r}.")
            for name, value in values.items():
                self._check_value(kind, name, value, f"defaults.{kind}")
            self.defaults[kind] = dict(values)
        self.sets: list[SetRule] = []
        for number, raw in enumerate(data.get("set", []), 1):
            kind, name, value = raw.get("kind"), raw.get("field"), raw.get("value")
            if kind not in Kind.values:
                raise HsdsInputError(f"{path}: set {number}: kind {kind!r} is not known.")
            self._check_value(kind, name, value, f"set {number}")
            self.sets.append(
                SetRule(
                    kind,
                    name,
                    value,
                    tuple(folded(w) for w in raw.get("words", [])),
                    tuple(raw.get("look_in", ("name", "organization"))),
                )
            )
        self.fees: list[tuple[str, tuple[str, ...]]] = []
        for model, words in data.get("fees", {}).items():
            if model not in FeeModel.values:
                raise HsdsInputError(f"{path}: fees: {model!r} is not a fee model.")
            self.fees.append((model, tuple(folded(w) for w in words)))

    def _check_value(self, kind: str, name: str, value, where: str) -> None:
        if name not in RULE_FIELDS[kind]:
            raise HsdsInputError(
                f"{self.path}: {where}: {name!r} is not one of {', '.join(RULE_FIELDS[kind])}."
            )
        model_field = Listing._meta.get_field(name)
        if model_field.choices:
            if value not in [choice for choice, _label in model_field.choices]:
                raise HsdsInputError(f"{self.path}: {where}: {value!r} is not a {name}.")
        elif not isinstance(value, bool):
            raise HsdsInputError(f"{self.path}: {where}: {name} is true or false.")

    def kind_for(self, texts: dict[str, str], terms: set[str]) -> tuple[str, str]:
        """(kind or "skip", why)."""
        for rule in self.rules:
            if rule.terms and terms & set(rule.terms):
                return rule.kind, rule.describe()
            if rule.words:
                haystack = " | ".join(texts[place] for place in rule.look_in)
                for word in rule.words:
                    if _has_phrase(haystack, word):
                        return rule.kind, f"{rule.describe()}: {word!r}"
        if self.default == SKIP:
            return SKIP, "no rule matched and the default is skip (interchange/hsds/rules.toml)"
        return self.default, "no rule matched: the default kind"

    def kind_values(self, kind: str, texts: dict[str, str]) -> dict:
        values = {}
        for rule in self.sets:
            if rule.kind != kind or rule.field in values:
                continue
            haystack = " | ".join(texts[place] for place in rule.look_in)
            if any(_has_phrase(haystack, word) for word in rule.words):
                values[rule.field] = rule.value
        for name, value in self.defaults.get(kind, {}).items():
            values.setdefault(name, value)
        return values

    def fee_model(self, options: list[dict]) -> str:
        for option in options:
            label = folded(option.get("option"))
            for model, words in self.fees:
                if any(_has_phrase(label, word) for word in words):
                    return model
            if _number(option.get("amount")) == 0:
                return FeeModel.FREE
        return ""


# Reading ---------------------------------------------------------------------------------------


def read_path(path: Path) -> tuple[list[dict], list[Problem], list[Problem], str]:
    """The services (as full HSDS service objects), problems and notes found reading them, and
    the format read."""
    path = Path(path)
    if path.is_dir() or path.name == "datapackage.json" or path.suffix.lower() == ".csv":
        folder = path if path.is_dir() else path.parent
        services, problems, notes = read_package(folder)
        return services, problems, notes, "tabular data package"
    try:
        data = path.read_bytes()
    except OSError as error:
        raise HsdsInputError(f"Cannot read {path}: {error}") from error
    services, problems = read_json(data)
    return services, problems, [], "JSON"


# JSON


def read_json(data: bytes | str) -> tuple[list[dict], list[Problem]]:
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise HsdsInputError(f"The file is not UTF-8 text (at byte {error.start}).") from error
    if not text.strip():
        raise HsdsInputError("The file is empty.")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        document = _ndjson(text, error)
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        items = document["contents"]  # a page of /services
    elif isinstance(document, dict):
        items = [document]
    elif isinstance(document, list):
        items = document
    else:
        raise HsdsInputError("Expected a service object, a list of them or a page of /services.")
    try:
        hsds_schema.registry()
    except hsds_schema.SchemasMissing as error:
        raise HsdsInputError(str(error)) from error
    services, problems = [], []
    for index, item in enumerate(items):
        service_id = _service_label(item, index)
        if not isinstance(item, dict):
            problems.append(Problem(service_id, "", "not a JSON object"))
            continue
        found = hsds_schema.schema_errors("service.json", item)
        for path, message in found:
            problems.append(Problem(service_id, path or "(service)", f"schema: {message}"))
        if not found:
            services.append(item)
    return services, problems


def _ndjson(text: str, first_error: json.JSONDecodeError) -> list:
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    if len(lines) < 2:
        raise HsdsInputError(f"Not valid JSON: {first_error}") from first_error
    items = []
    for number, line in lines:
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise HsdsInputError(
                f"Not valid JSON ({first_error}), nor NDJSON: line {number}: {error.msg} "
                f"(column {error.colno})"
            ) from error
    return items


def _service_label(item, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip():
        return item["id"].strip()
    return f"#{index + 1}"


# Tabular data package


def _descriptor(folder: Path) -> tuple[dict[str, Path], list[Problem]]:
    """Table name -> CSV path, from datapackage.json (or HSDS's standard file names)."""
    notes = []
    standard = {name: folder / file for name, file in TABLES.items()}
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        notes.append(Problem("", "datapackage.json", "absent; reading HSDS's standard files"))
        return standard, notes
    try:
        text = descriptor.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise HsdsInputError(f"datapackage.json cannot be read: {error}") from error
    stripped = text.strip()
    # A git symbolic link checked out as a file holds the target's path (HSDS's examples/csv
    # links to the specification's datapackage.json, which is not vendored).
    if stripped.endswith(".json") and "\n" not in stripped and not stripped.startswith("{"):
        target = (folder / stripped).resolve()
        if not target.is_file():
            notes.append(
                Problem(
                    "",
                    "datapackage.json",
                    f"a link to {stripped}, which is not here; reading HSDS's standard files",
                )
            )
            return standard, notes
        descriptor, text = target, target.read_text(encoding="utf-8-sig")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise HsdsInputError(f"datapackage.json is not valid JSON: {error}") from error
    resources = data.get("resources") if isinstance(data, dict) else None
    if not isinstance(resources, list) or not resources:
        raise HsdsInputError("datapackage.json has no list of resources.")
    base = descriptor.parent.resolve()
    paths: dict[str, Path] = {}
    for number, resource in enumerate(resources, 1):
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            raise HsdsInputError(f"datapackage.json: resource {number} has no path.")
        name = TABLE_ALIASES.get(str(resource.get("name", "")).lower()) or TABLE_ALIASES.get(
            Path(resource["path"]).stem.lower()
        )
        if name is None:
            continue  # a table the import does not read (funding, contacts...)
        relative = Path(resource["path"])
        target = (base / relative).resolve()
        if relative.is_absolute() or base not in target.parents:
            raise HsdsInputError(
                f"datapackage.json: resource {resource.get('name')}: path "
                f"{resource['path']!r} is outside the package."
            )
        if not target.is_file():
            raise HsdsInputError(
                f"datapackage.json: resource {resource.get('name')}: {resource['path']} is missing."
            )
        paths[name] = target
        fields = (resource.get("schema") or {}).get("fields")
        if isinstance(fields, list):
            paths[name + ":fields"] = [f.get("name") for f in fields if isinstance(f, dict)]
    if "services" not in paths:
        raise HsdsInputError("datapackage.json has no services resource.")
    return paths, notes


def _read_csv(path: Path, name: str, declared: list[str] | None) -> list[dict]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise HsdsInputError(f"{path.name} cannot be read: {error}") from error
    except UnicodeDecodeError as error:
        raise HsdsInputError(f"{path.name} is not UTF-8 text (at byte {error.start}).") from error
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
        if "id" not in header:
            raise HsdsInputError(f"{path.name} has no id column.")
        if declared is not None:
            unknown = [column for column in header if column not in declared]
            if unknown:
                raise HsdsInputError(
                    f"{path.name}: columns {', '.join(unknown)} are not in datapackage.json's "
                    f"schema for {name}."
                )
        rows = []
        for number, row in enumerate(reader, 2):
            if None in row:
                raise HsdsInputError(f"{path.name} row {number} has more cells than the header.")
            values = {key: _unquoted(value) for key, value in row.items() if key}
            values = {key: value for key, value in values.items() if value != ""}
            if values:
                values["_row"] = f"{path.name} row {number}"
                rows.append(values)
    except csv.Error as error:
        raise HsdsInputError(f"{path.name} cannot be read as CSV: {error}") from error
    return rows


def _unquoted(value: str | None) -> str:
    text = (value or "").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].strip()  # "+44 1234 234567", quoted twice in HSDS's example
    return text


def read_package(folder: Path) -> tuple[list[dict], list[Problem], list[Problem]]:
    if not folder.is_dir():
        raise HsdsInputError(f"{folder} is not a folder.")
    paths, notes = _descriptor(folder)
    if not paths["services"].is_file():
        raise HsdsInputError(f"{paths['services'].name} is missing: a package needs services.")
    tables = {
        name: _read_csv(paths[name], name, paths.get(name + ":fields"))
        if paths.get(name) and paths[name].is_file()
        else []
        for name in TABLES
    }
    return (*link_tables(tables), notes)


def link_tables(tables: dict[str, list[dict]]) -> tuple[list[dict], list[Problem]]:
    """Full service objects (as HSDS's JSON nests them) from the rows of a package's tables."""
    problems = []

    def by(table: str, key: str) -> dict[str, list[dict]]:
        index = defaultdict(list)
        for row in tables[table]:
            if row.get(key):
                index[row[key]].append(row)
        return index

    organizations = {row["id"]: row for row in tables["organizations"] if row.get("id")}
    locations = {row["id"]: row for row in tables["locations"] if row.get("id")}
    terms = {row["id"]: row for row in tables["taxonomy_terms"] if row.get("id")}
    addresses = by("addresses", "location_id")
    phone_keys = ("service_id", "location_id", "organization_id", "service_at_location_id")
    phones = {key: by("phones", key) for key in phone_keys}
    languages = {key: by("languages", key) for key in ("service_id", "location_id")}
    schedules = {key: by("schedules", key) for key in
                 ("service_id", "location_id", "service_at_location_id")}  # fmt: skip
    areas, costs = by("service_areas", "service_id"), by("cost_options", "service_id")
    attributes = by("attributes", "link_id")
    at_locations = by("service_at_locations", "service_id")

    services, seen = [], {}
    for row in tables["services"]:
        service_id = row.get("id", "")
        label = service_id or row["_row"]
        if not service_id:
            problems.append(Problem(label, "id", "every service needs an id"))
            continue
        if service_id in seen:
            problems.append(Problem(label, "id", f"repeated (also {seen[service_id]})"))
            continue
        seen[service_id] = row["_row"]
        service = dict(row)
        if row.get("organization_id"):
            organization = organizations.get(row["organization_id"])
            if organization is None:
                problems.append(Problem(label, "organization_id", "no organization with this id"))
            else:
                service["organization"] = {
                    **organization,
                    "phones": phones["organization_id"].get(organization["id"], []),
                }
        sals, sal_ids = [], set()
        for number, sal in enumerate(at_locations.get(service_id, [])):
            location = locations.get(sal.get("location_id", ""))
            if location is None:
                problems.append(
                    Problem(
                        label,
                        f"service_at_locations[{number}].location_id",
                        "no location with this id",
                    )
                )
                continue
            sal_ids.add(sal.get("id"))
            sals.append(
                {
                    **sal,
                    "location": {
                        **location,
                        "addresses": addresses.get(location["id"], []),
                        "phones": phones["location_id"].get(location["id"], []),
                        "languages": languages["location_id"].get(location["id"], []),
                        "schedules": schedules["location_id"].get(location["id"], []),
                    },
                }
            )
        service["service_at_locations"] = sals
        service_phones = list(phones["service_id"].get(service_id, []))
        service_schedules = list(schedules["service_id"].get(service_id, []))
        for sal_id in sal_ids:
            service_phones += phones["service_at_location_id"].get(sal_id, [])
            service_schedules += schedules["service_at_location_id"].get(sal_id, [])
        # A row may name both the service and its service_at_location: once is enough.
        service["phones"] = list({id(row): row for row in service_phones}.values())
        service["schedules"] = list({id(row): row for row in service_schedules}.values())
        service["languages"] = languages["service_id"].get(service_id, [])
        service["service_areas"] = areas.get(service_id, [])
        service["cost_options"] = costs.get(service_id, [])
        service["attributes"] = [
            {**attribute, "taxonomy_term": terms.get(attribute.get("taxonomy_term_id"), {})}
            for attribute in attributes.get(service_id, [])
            if attribute.get("link_entity", "service") in ("service", "link_entity")
        ]
        services.append(service)
    return services, problems


# Vocabularies ----------------------------------------------------------------------------------


class Lookups:
    """The directory's vocabularies, loaded once: terms by folded token and title, languages by
    ISO 639-1/639-3 code and name, states by code and name, countries by name in every locale."""

    def __init__(self):
        vocabularies = csv_io.Vocabularies()
        self.terms = vocabularies.by_key
        self.languages = {}
        for term in Language.objects.canonical():
            self.languages[folded(term.title)] = term
            language = pycountry.languages.get(alpha_3=term.token)
            if language is not None:
                self.languages[folded(language.name)] = term
                if getattr(language, "alpha_2", None):
                    self.languages[language.alpha_2] = term
        for term in Language.objects.canonical():
            self.languages[term.token] = term
        self.states = {}
        for state in geography.states():
            self.states[folded(state.code)] = state.code
            self.states[folded(state.name)] = state.code
        canonical = {t.translation_key: t for t in Country.objects.canonical()}
        self.countries = {}
        for key, title in Country.objects.values_list("translation_key", "title"):
            if key in canonical and len(folded(title)) > 3:
                self.countries[folded(title)] = canonical[key]
        self.state_terms = {t.token: t for t in State.objects.canonical()}

    def term(self, model, value):
        return self.terms[model].get(folded(value))

    def language(self, item: dict):
        code = folded(item.get("code"))
        if code in self.languages:
            return self.languages[code]
        if len(code) == 3:  # ISO 639-2 bibliographic codes (e.g. "fre") and 639-3
            language = pycountry.languages.get(bibliographic=code)
            if language is not None and language.alpha_3 in self.languages:
                return self.languages[language.alpha_3]
        return self.languages.get(folded(item.get("name")))

    def state_code(self, value) -> str | None:
        return self.states.get(folded(value))


# Mapping ---------------------------------------------------------------------------------------


class ServiceMapper:
    def __init__(self, rules: Rules, lookups: Lookups):
        self.rules, self.lookups = rules, lookups

    @staticmethod
    def texts(service: dict) -> dict[str, str]:
        organization = service.get("organization") or {}
        return {
            "name": folded(" | ".join(_text(service.get(k)) for k in ("name", "alternate_name"))),
            "organization": folded(
                " | ".join(_text(organization.get(k)) for k in ("name", "alternate_name"))
            ),
            "description": folded(service.get("description")),
        }

    @staticmethod
    def term_keys(service: dict) -> set[str]:
        keys = set()
        for attribute in service.get("attributes") or []:
            term = attribute.get("taxonomy_term") or {}
            keys |= {folded(term.get("code")), folded(term.get("name"))}
        return keys - {""}

    def apply(self, plan: Planned, service: dict, listing: Listing, new: bool) -> None:
        """Set the listing's mapped fields from ``service``; problems and notes on ``plan``."""
        sid = plan.service_id

        def problem(where: str, message, *fields: str) -> None:
            plan.problems.append(Problem(sid, where, str(message)))
            plan.failed.update(fields)

        def note(where: str, message) -> None:
            plan.notes.append(Problem(sid, where, str(message)))

        organization = service.get("organization") or {}
        name = _text(service.get("name"))
        listing.name = name
        org_name = _text(organization.get("name"))
        listing.organization_name = org_name if folded(org_name) != folded(name) else ""
        self.apply_description(listing, service.get("description"))
        listing.alert = _text(service.get("alert"))
        status = folded(service.get("status"))
        listing.status = STATUSES.get(status, Status.ACTIVE)
        if status and status not in STATUSES:
            note("status", f"{service.get('status')!r} is not an HSDS status; read as active")
        listing.email = _text(service.get("email")) or _text(organization.get("email"))
        listing.website = _text(service.get("url")) or _text(organization.get("website"))
        listing.eligibility = _text(service.get("eligibility_description"))
        listing.how_to_get_help = _text(service.get("application_process"))
        listing.hsds_id = sid
        self.apply_address(listing, service, problem, note)
        listing.phones = self.phones(service, problem)
        listing.languages = self.languages(service, note)
        listing.hours = self.hours(service)
        options = service.get("cost_options") or []
        listing.fee_model = self.rules.fee_model(options)
        listing.fees = self.fees(service, options)
        self.apply_areas(listing, service, note)
        self.apply_terms(listing, service, note, new)
        if new:
            texts = self.texts(service)
            for name_, value in self.rules.kind_values(listing.kind, texts).items():
                setattr(listing, name_, value)
            if listing.kind == Kind.CONSULATE:
                listing.country = self.country(service, texts)
                if listing.country is None:
                    problem(
                        "attributes",
                        "a consulate needs its country: a countries taxonomy term (ISO code, "
                        "e.g. MX) or the country's name in the service or organization name",
                        "country",
                    )
            listing.vetting_notes = _(
                "Imported from Open Referral (HSDS) service %(id)s; kind: %(reason)s. Check the "
                "kind's details the rules filled in."
            ) % {"id": sid, "reason": plan.reason}

    @staticmethod
    def apply_description(listing: Listing, raw) -> None:
        text = str(raw or "").strip()
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        summary = ""
        if paragraphs and len(paragraphs[0]) <= 300 and "\n" not in paragraphs[0]:
            summary = paragraphs.pop(0)
        listing.summary = _text(summary)
        listing.description = csv_io.read_html("\n\n".join(paragraphs)) if paragraphs else ""

    def apply_address(self, listing: Listing, service: dict, problem, note) -> None:
        listing.street_address = listing.city = listing.state = listing.postal_code = ""
        listing.county_id = listing.latitude = listing.longitude = None
        chosen = None
        for number, sal in enumerate(service.get("service_at_locations") or []):
            location = sal.get("location") or {}
            for index, address in enumerate(location.get("addresses") or []):
                kind = folded(address.get("address_type") or "physical")
                if kind != "physical":
                    note(
                        f"service_at_locations[{number}].location.addresses[{index}]",
                        f"a {kind} address is not where people go; not mapped",
                    )
                elif chosen is None:
                    chosen = (location, address)
                else:
                    note(
                        f"service_at_locations[{number}].location.addresses[{index}]",
                        "a listing has one address: the first physical one is mapped",
                    )
            if chosen is None and location.get("latitude") not in (None, ""):
                chosen = (location, None)
        if chosen is None:
            return
        location, address = chosen
        latitude, longitude = _number(location.get("latitude")), _number(location.get("longitude"))
        if latitude is not None and longitude is not None:
            if -90 <= latitude <= 90 and -180 <= longitude <= 180:
                listing.latitude, listing.longitude = latitude, longitude
            else:
                note("location.latitude", "not a point on Earth; not mapped")
        if address is None:
            return
        country = _text(address.get("country")).upper()
        if country and country not in ("US", "USA"):
            problem(
                "address.country",
                "the directory lists places in the United States",
                "postal_code",
                "state",
                "county",
            )
            return
        lines = [_text(address.get("address_1")), _text(address.get("address_2"))]
        listing.street_address = ", ".join(line for line in lines if line)
        listing.city = _text(address.get("city"))
        raw_state = _text(address.get("state_province"))
        state = self.lookups.state_code(raw_state) if raw_state else ""
        if state is None:
            problem("address.state_province", f"{raw_state!r} is not a US state", "state")
            state = ""
        listing.state = state
        listing.postal_code = _text(address.get("postal_code"))
        if not listing.postal_code:
            problem("address.postal_code", "a US address needs its ZIP code", "postal_code")

    def phones(self, service: dict, problem) -> list[Phone]:
        sources = [("phones", service.get("phones") or [])]
        if not sources[0][1]:
            for number, sal in enumerate(service.get("service_at_locations") or []):
                location = sal.get("location") or {}
                where = f"service_at_locations[{number}].location.phones"
                sources.append((where, location.get("phones") or []))
        if not any(items for _where, items in sources):
            sources = [("organization.phones", (service.get("organization") or {}).get("phones"))]
        found, seen = [], set()
        labels = {folded(label): value for value, label in PhoneType.choices}
        for where, items in sources:
            for index, item in enumerate(items or []):
                raw = _unquoted(str(item.get("number") or ""))
                try:
                    number = normalize_phone(raw)
                except ValidationError as error:
                    problem(f"{where}[{index}].number", " ".join(error.messages))
                    continue
                extension = _text(item.get("extension")).removesuffix(".0")
                if len(extension) > 10:
                    problem(f"{where}[{index}].extension", "at most 10 characters")
                    continue
                hsds_type = folded(item.get("type"))
                described = folded(str(item.get("description") or "").split(";")[0])
                if hsds_type in ("text", "fax"):
                    phone_type = hsds_type
                else:
                    phone_type = labels.get(described, PhoneType.MAIN)
                if (number, extension) in seen:
                    continue
                seen.add((number, extension))
                found.append(
                    Phone(number=number, extension=extension, type=phone_type,
                          sort_order=len(found))
                )  # fmt: skip
        return found

    def languages(self, service: dict, note) -> list[Language]:
        items = list(service.get("languages") or [])
        for sal in service.get("service_at_locations") or []:
            items += (sal.get("location") or {}).get("languages") or []
        found = []
        for item in items:
            term = self.lookups.language(item)
            if term is None:
                label = item.get("name") or item.get("code")
                note("languages", f"{label!r} is not one of the directory's languages")
            elif term not in found:
                found.append(term)
        return sorted(found, key=lambda term: term.token)

    @staticmethod
    def hours(service: dict) -> str:
        items = list(service.get("schedules") or [])
        if not items:
            for sal in service.get("service_at_locations") or []:
                items += (sal.get("location") or {}).get("schedules") or []
        parts = []
        for item in items:
            text = _text(item.get("description"))
            if not text and item.get("opens_at") and item.get("closes_at"):
                days = [DAY_NAMES.get(d.strip().upper(), d.strip())
                        for d in str(item.get("byday") or "").split(",") if d.strip()]  # fmt: skip
                times = f"{str(item['opens_at'])[:5]}-{str(item['closes_at'])[:5]}"
                text = f"{', '.join(days)} {times}".strip()
            if text and text not in parts:
                parts.append(text)
        return "; ".join(parts)

    @staticmethod
    def fees(service: dict, options: list[dict]) -> str:
        described = _text(service.get("fees_description"))
        if described:
            return described
        lines = []
        for option in options:
            amount = option.get("amount")
            price = " ".join(
                _text(part)
                for part in (amount, str(option.get("currency") or "").upper())
                if part not in (None, "")
            )
            parts = [_text(option.get("option")), price, _text(option.get("amount_description"))]
            line = ": ".join(part for part in parts[:1] if part)
            rest = ", ".join(part for part in parts[1:] if part)
            lines.append(f"{line}: {rest}" if line and rest else line or rest)
        return "\n".join(line for line in lines if line)

    def apply_areas(self, listing: Listing, service: dict, note) -> None:
        national, states, counties = False, [], []
        for index, area in enumerate(service.get("service_areas") or []):
            text = _text(area.get("name")) or _text(area.get("description"))
            value = folded(text)
            state = self.lookups.state_code(value)
            county = re.match(r"^(.+),\s*([a-z]{2})$", value)
            if value in NATIONAL:
                national = True
            elif state:
                states.append(state)
            elif county and self.lookups.state_code(county[2]):
                fips = geography.county_fips(county[2].upper(), county[1])
                if fips:
                    counties.append(fips)
                else:
                    note(f"service_areas[{index}]", f"{text!r} is not a county; not mapped")
            else:
                shown = text if len(text) < 60 else text[:57] + "..."
                note(
                    f"service_areas[{index}]",
                    f"{shown!r} is not a US state, county or the United States; not mapped",
                )
        listing.service_states, listing.service_counties = [], []
        if national:
            listing.service_area = ServiceArea.NATIONAL
        elif states:
            listing.service_area = ServiceArea.STATES
            terms = self.lookups.state_terms
            listing.service_states = [terms[c] for c in dict.fromkeys(states) if c in terms]
        elif counties:
            listing.service_area = ServiceArea.COUNTIES
            listing.service_counties = csv_io.read_counties(";".join(counties))
        else:
            listing.service_area = ServiceArea.LOCAL

    def apply_terms(self, listing: Listing, service: dict, note, new: bool) -> None:
        topics, extra, unmatched = [], [], 0
        relation = KIND_RELATIONS.get(listing.kind)
        for attribute in service.get("attributes") or []:
            term = attribute.get("taxonomy_term") or {}
            keys = [term.get("code"), term.get("name")]
            topic = next((self.lookups.term(Topic, k) for k in keys if k), None)
            other = relation and next((self.lookups.term(relation[1], k) for k in keys if k), None)
            if topic is not None:
                topics.append(topic)
            elif other:
                extra.append(other)
            elif folded(term.get("code")) not in Kind.values and not (
                listing.kind == Kind.CONSULATE and self.lookups.term(Country, term.get("code"))
            ):
                unmatched += 1
        if unmatched:
            note("attributes", f"{unmatched} taxonomy terms match none of the directory's topics")
        listing.topics = sorted(set(topics), key=lambda t: t.token)
        if relation and (new or extra):
            setattr(listing, relation[0], sorted(set(extra), key=lambda t: t.token))

    def country(self, service: dict, texts: dict[str, str]) -> Country | None:
        for attribute in service.get("attributes") or []:
            code = _text((attribute.get("taxonomy_term") or {}).get("code"))
            if len(code) == 2:
                term = self.lookups.term(Country, code)
                if term is not None:
                    return term
        haystack = texts["name"] + " | " + texts["organization"]
        found = []  # the first country named: "Consulate of Mexico in the United States"
        for title, term in self.lookups.countries.items():
            match = re.search(rf"(?<!\w){re.escape(title)}(?!\w)", haystack)
            if match and term.token != "US":
                found.append((match.start(), -len(title), term.token, term))
        return min(found)[3] if found else None


def comparable(listing: Listing) -> dict:
    """The mapped content of a listing, to tell whether an import changes it."""
    values = {name: getattr(listing, Listing._meta.get_field(name).attname) for name in MAPPED}
    for name in (*MAPPED_RELATIONS, "industries", "fund_types"):
        values[name] = sorted(term.pk for term in getattr(listing, name).all())
    values["phones"] = [(p.number, p.extension, p.type) for p in listing.phones.all()]
    return values


# The import ------------------------------------------------------------------------------------


class HsdsImport:
    """Read HSDS from ``path``, plan what to do with each service, and write it when asked.
    ``progress(done, phase)`` is called every ``progress_every`` services."""

    def __init__(
        self,
        path,
        user,
        rules: Rules | None = None,
        progress: Callable[[int, str], None] | None = None,
        progress_every: int = PROGRESS_EVERY,
    ):
        self.path = Path(path)
        self.user = user
        self.rules = rules or Rules()
        self.progress = progress or (lambda done, phase: None)
        self.progress_every = max(1, progress_every)

    def check(self) -> Report:
        """Read and map every service; write nothing. Raises HsdsInputError for the input as a
        whole."""
        services, problems, notes, source = read_path(self.path)
        report = Report(source=f"{self.path} ({source})", notes=notes)
        # Problems reading a service (schema, links between tables) make it invalid; the rest
        # concern the input as a whole.
        read_problems = defaultdict(list)
        for problem in problems:
            if problem.service:
                read_problems[problem.service].append(problem)
            else:
                report.problems.append(problem)
        self.locale = Locale.get_default()
        mapper = ServiceMapper(self.rules, Lookups())
        ids = [str(s.get("id")) for s in services if s.get("id")]
        existing = {
            listing.hsds_id: listing
            for listing in Listing.objects.filter(locale=self.locale, hsds_id__in=ids)
        }
        keys = {
            csv_io.duplicate_key(listing): listing.slug
            for listing in Listing.objects.filter(locale=self.locale, hsds_id="").only(
                "kind", "name", "postal_code", "slug"
            )
        }
        seen = set()
        for done, service in enumerate(services, 1):
            plan = self.plan(service, existing, mapper, seen)
            if read_problems.get(plan.service_id):
                plan.problems[:0] = read_problems.pop(plan.service_id)
                plan.action = "invalid"
            if plan.action in ("create", "update", "unchanged") and plan.listing is not None:
                key = csv_io.duplicate_key(plan.listing)
                if plan.action == "create" and key in keys:
                    plan.notes.append(
                        Problem(
                            plan.service_id,
                            "name",
                            f"the directory already has a {plan.kind} with this name and ZIP "
                            f"code ({keys[key]}), not imported from HSDS: check for a duplicate",
                        )
                    )
            report.planned.append(plan)
            if done % self.progress_every == 0:
                self.progress(done, "checked")
        for label, found in read_problems.items():  # services the schema refused
            report.planned.append(Planned(label, "", action="invalid", problems=found))
        if not report.planned and not report.problems:
            report.problems.append(Problem("", "", "no services"))
        return report

    def plan(self, service: dict, existing: dict, mapper: ServiceMapper, seen: set) -> Planned:
        sid = _text(service.get("id"))
        plan = Planned(sid, _text(service.get("name")))
        if sid in seen:
            plan.action = "invalid"
            plan.problems.append(Problem(sid, "id", "repeated: another service has this id"))
            return plan
        seen.add(sid)
        if len(sid) > 250:
            plan.action = "invalid"
            plan.problems.append(Problem(sid[:40] + "...", "id", "longer than 250 characters"))
            return plan
        current = existing.get(sid)
        if current is None:
            kind, plan.reason = self.rules.kind_for(
                mapper.texts(service), mapper.term_keys(service)
            )
            if kind == SKIP:
                plan.action = SKIP
                return plan
        else:
            kind, plan.reason = current.kind, "kept from the listing imported before"
        plan.kind = kind
        model = KIND_MODELS[kind]
        permission = "add" if current is None else "change"
        if not self.user.has_perm(f"directory.{permission}_{model._meta.model_name}"):
            plan.action = "invalid"
            plan.problems.append(
                Problem(sid, "", f"{self.user} may not {permission} {model._meta.verbose_name}")
            )
            return plan
        if current is None:
            listing = model(locale=self.locale, live=False, has_unpublished_changes=True)
            for relation in csv_io.RELATION_COLUMNS:  # in memory, for the bulk insert
                setattr(listing, relation, [])
            before = None
        else:
            listing = current.get_latest_revision_as_object() if current.latest_revision_id \
                else current  # fmt: skip
            before = comparable(listing)
        mapper.apply(plan, service, listing, new=current is None)
        self.validate(plan, listing)
        plan.listing, plan.existing = listing, current
        if plan.problems:
            plan.action = "invalid"
        elif before is None:
            plan.action = "create"
        else:
            after = comparable(listing)
            plan.changed = [name for name in after if after[name] != before[name]]
            plan.action = "update" if plan.changed else "unchanged"
        return plan

    @staticmethod
    def validate(plan: Planned, listing: Listing) -> None:
        failed = set(plan.failed)
        try:
            listing.full_clean(
                exclude=[*NOT_FULL_CLEANED, *failed],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name in failed:
                    continue
                if name == NON_FIELD_ERRORS:
                    where = ""
                elif name in MAPPED:
                    where = MAPPED[name]
                else:
                    where = f"{name} (set by the kind rules, interchange/hsds/rules.toml)"
                for message in messages:
                    plan.problems.append(Problem(plan.service_id, where, message))

    def run(self, dry_run: bool = False, only_valid: bool = False) -> Report:
        report = self.check()
        report.dry_run = dry_run
        if dry_run or report.problems:  # input-level problems: nothing can be trusted
            return report
        if not report.ok and not only_valid:
            return report
        with transaction.atomic():
            self.write(report)
        report.written = True
        return report

    def write(self, report: Report) -> None:
        """New listings are written in bulk a chunk at a time (interchange/bulk.py); changed
        ones through Wagtail's ``EditAction``, one by one. Vetting starts in bulk for both,
        and the vetters get one email once it is all committed."""
        taken = set(Listing.objects.filter(locale=self.locale).values_list("slug", flat=True))
        creates = [plan.listing for plan in report.planned if plan.action == "create"]
        done = 0
        for start in range(0, len(creates), csv_io.WRITE_CHUNK):
            chunk = creates[start : start + csv_io.WRITE_CHUNK]
            for listing in chunk:
                listing.slug = csv_io.unique_slug(listing.name, taken)
                taken.add(listing.slug)
            bulk.insert_listings(
                [
                    (listing, bulk.related_in_memory(listing, csv_io.RELATION_COLUMNS))
                    for listing in chunk
                ]
            )
            bulk.submit_drafts(chunk, self.user)
            bulk.index(listing.pk for listing in chunk)
            for _listing in chunk:
                done += 1
                if done % self.progress_every == 0:
                    self.progress(done, "written")
        to_start = []
        for plan in report.planned:
            if plan.action != "update":
                continue
            EditAction(plan.listing, user=self.user).execute(skip_permission_checks=True)
            if self.submit(plan.listing):
                to_start.append(plan.listing)
            done += 1
            if done % self.progress_every == 0:
                self.progress(done, "written")
        bulk.start_vetting(to_start, self.user)
        if done:
            PublicVersion.bump()
            submitted = len(creates) + len(to_start)
            transaction.on_commit(lambda: bulk.notify_vetters(submitted, self.user, self.path.name))

    def submit(self, listing: Listing) -> bool:
        """What the admin's "Submit to Vetting" does for a changed listing: resume its workflow
        when a vetter asked for changes (Wagtail notifies them), leave it in its task when it
        is waiting for a vetter; True when it is in none and vetting must start (in bulk)."""
        state = listing.current_workflow_state
        if state is None:
            return True
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(self.user)
        return False
