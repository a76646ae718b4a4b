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
