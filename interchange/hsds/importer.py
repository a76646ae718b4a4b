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

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from wagtail.actions.edit import EditAction
from wagtail.models import Locale, WorkflowState

from directory.models import KIND_MODELS, Listing, PublicVersion
from interchange import bulk
from interchange import csv as csv_io
from interchange.hsds.mapping import MAPPED, NOT_FULL_CLEANED, Lookups, ServiceMapper, comparable
from interchange.hsds.package import read_path
from interchange.hsds.report import Planned, Problem, Report
from interchange.hsds.rules import SKIP, Rules
from interchange.hsds.text import plain_text

PROGRESS_EVERY = 500


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
        sid = plain_text(service.get("id"))
        plan = Planned(sid, plain_text(service.get("name")))
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
