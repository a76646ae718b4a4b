"""Reading HSDS input: a tabular data package (a folder of CSV files or its datapackage.json),
or JSON / NDJSON services checked against the official schema, into service objects."""

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from interchange.hsds import schema as hsds_schema
from interchange.hsds.report import HsdsInputError, Problem
from interchange.hsds.text import unquoted

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
    items = _items(document)
    try:
        hsds_schema.registry()
    except hsds_schema.SchemasMissing as error:
        raise HsdsInputError(str(error)) from error
    services, problems = [], []
    for index, item in enumerate(items):
        found = _service_problems(item, index)
        problems += found
        if not found:
            services.append(item)
    return services, problems


def _items(document) -> list:
    """The services a JSON document holds: one, a list of them or a page of /services."""
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        return document["contents"]  # a page of /services
    if isinstance(document, dict):
        return [document]
    if isinstance(document, list):
        return document
    raise HsdsInputError("Expected a service object, a list of them or a page of /services.")


def _service_problems(item, index: int) -> list[Problem]:
    """What the official schema finds wrong with one service object."""
    service_id = _service_label(item, index)
    if not isinstance(item, dict):
        return [Problem(service_id, "", "not a JSON object")]
    return [
        Problem(service_id, path or "(service)", f"schema: {message}")
        for path, message in hsds_schema.schema_errors("service.json", item)
    ]


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
    found = _descriptor_text(folder, notes)
    if found is None:
        return standard, notes
    descriptor, text = found
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
        paths[name] = _resource_path(base, resource)
        fields = (resource.get("schema") or {}).get("fields")
        if isinstance(fields, list):
            paths[name + ":fields"] = [f.get("name") for f in fields if isinstance(f, dict)]
    if "services" not in paths:
        raise HsdsInputError("datapackage.json has no services resource.")
    return paths, notes


def _descriptor_text(folder: Path, notes: list[Problem]) -> tuple[Path, str] | None:
    """datapackage.json (or the file it links to) and its text; None (and a note saying why)
    when there is none to read, so the standard files are read."""
    descriptor = folder / "datapackage.json"
    if not descriptor.exists():
        notes.append(Problem("", "datapackage.json", "absent; reading HSDS's standard files"))
        return None
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
            return None
        return target, target.read_text(encoding="utf-8-sig")
    return descriptor, text


def _resource_path(base: Path, resource: dict) -> Path:
    """A resource's file, which must be in the package and exist."""
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
    return target


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
            values = {key: unquoted(value) for key, value in row.items() if key}
            values = {key: value for key, value in values.items() if value != ""}
            if values:
                values["_row"] = f"{path.name} row {number}"
                rows.append(values)
    except csv.Error as error:
        raise HsdsInputError(f"{path.name} cannot be read as CSV: {error}") from error
    return rows


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
    links = Links(tables)
    services, seen = [], {}
    for row in tables["services"]:
        service_id = row.get("id", "")
        label = service_id or row["_row"]
        if not service_id:
            links.problems.append(Problem(label, "id", "every service needs an id"))
            continue
        if service_id in seen:
            links.problems.append(Problem(label, "id", f"repeated (also {seen[service_id]})"))
            continue
        seen[service_id] = row["_row"]
        services.append(links.service(row, label))
    return services, links.problems


class Links:
    """A package's tables indexed by the ids their rows name, to nest them in services; the
    problems found (ids naming nothing) are collected in ``problems``."""

    PHONE_KEYS = ("service_id", "location_id", "organization_id", "service_at_location_id")
    SCHEDULE_KEYS = ("service_id", "location_id", "service_at_location_id")

    def __init__(self, tables: dict[str, list[dict]]):
        self.tables = tables
        self.problems: list[Problem] = []
        self.organizations = self.by_id("organizations")
        self.locations = self.by_id("locations")
        self.terms = self.by_id("taxonomy_terms")
        self.addresses = self.by("addresses", "location_id")
        self.phones = {key: self.by("phones", key) for key in self.PHONE_KEYS}
        self.languages = {key: self.by("languages", key) for key in ("service_id", "location_id")}
        self.schedules = {key: self.by("schedules", key) for key in self.SCHEDULE_KEYS}
        self.areas = self.by("service_areas", "service_id")
        self.costs = self.by("cost_options", "service_id")
        self.attributes = self.by("attributes", "link_id")
        self.at_locations = self.by("service_at_locations", "service_id")

    def by_id(self, table: str) -> dict[str, dict]:
        return {row["id"]: row for row in self.tables[table] if row.get("id")}

    def by(self, table: str, key: str) -> dict[str, list[dict]]:
        index = defaultdict(list)
        for row in self.tables[table]:
            if row.get(key):
                index[row[key]].append(row)
        return index

    def service(self, row: dict, label: str) -> dict:
        service_id = row["id"]
        service = dict(row)
        if row.get("organization_id"):
            organization = self.organization(row["organization_id"], label)
            if organization is not None:
                service["organization"] = organization
        sals = self.service_at_locations(service_id, label)
        service["service_at_locations"] = sals
        sal_ids = {sal.get("id") for sal in sals}
        service_phones = list(self.phones["service_id"].get(service_id, []))
        service_schedules = list(self.schedules["service_id"].get(service_id, []))
        for sal_id in sal_ids:
            service_phones += self.phones["service_at_location_id"].get(sal_id, [])
            service_schedules += self.schedules["service_at_location_id"].get(sal_id, [])
        # A row may name both the service and its service_at_location: once is enough.
        service["phones"] = list({id(row): row for row in service_phones}.values())
        service["schedules"] = list({id(row): row for row in service_schedules}.values())
        service["languages"] = self.languages["service_id"].get(service_id, [])
        service["service_areas"] = self.areas.get(service_id, [])
        service["cost_options"] = self.costs.get(service_id, [])
        service["attributes"] = [
            {**attribute, "taxonomy_term": self.terms.get(attribute.get("taxonomy_term_id"), {})}
            for attribute in self.attributes.get(service_id, [])
            if attribute.get("link_entity", "service") in ("service", "link_entity")
        ]
        return service

    def organization(self, organization_id: str, label: str) -> dict | None:
        organization = self.organizations.get(organization_id)
        if organization is None:
            self.problems.append(Problem(label, "organization_id", "no organization with this id"))
            return None
        return {**organization, "phones": self.phones["organization_id"].get(organization_id, [])}

    def service_at_locations(self, service_id: str, label: str) -> list[dict]:
        sals = []
        for number, sal in enumerate(self.at_locations.get(service_id, [])):
            location = self.locations.get(sal.get("location_id", ""))
            if location is None:
                where = f"service_at_locations[{number}].location_id"
                self.problems.append(Problem(label, where, "no location with this id"))
                continue
            sals.append({**sal, "location": self.location(location)})
        return sals

    def location(self, location: dict) -> dict:
        key = location["id"]
        return {
            **location,
            "addresses": self.addresses.get(key, []),
            "phones": self.phones["location_id"].get(key, []),
            "languages": self.languages["location_id"].get(key, []),
            "schedules": self.schedules["location_id"].get(key, []),
        }
