"""What the HSDS import reports: input errors, problems by service and field, and what it
plans (or did) with each service."""

from dataclasses import dataclass, field

from directory.models import Listing


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
