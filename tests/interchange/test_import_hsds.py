"""HSDS 3.0 import: ``manage.py import_hsds`` (interchange/hsds/importer.py, rules.toml).

The official example package imports as drafts in Vetting, a second run changes nothing, a
dry run writes nothing, a changed service updates its draft, bad input gets a report naming
service, field and reason and writes nothing, and our own HSDS export imports back."""

import io
import json
import shutil
import stat
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.models import Revision, WorkflowState

from directory.choices import Kind, PostType, ProviderType
from directory.models import Language, Listing
from interchange import hsds as hsds_import
from tests import factories

pytestmark = pytest.mark.django_db

REFERENCE = Path(settings.BASE_DIR) / "reference" / "hsds-3.0" / "examples"
PACKAGE = REFERENCE / "csv"
SERVICE_FULL = REFERENCE / "service_full.json"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"


def run(path, user, **options) -> str:
    out = io.StringIO()
    call_command("import_hsds", str(path), user=user.username, stdout=out, **options)
    return out.getvalue()


def fails(path, user, **options) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "import_hsds", str(path), user=user.username, stdout=io.StringIO(), stderr=err,
            **options,
        )  # fmt: skip
    return err.getvalue() + str(raised.value)


def listing_revisions():
    return Revision.objects.filter(base_content_type=ContentType.objects.get_for_model(Listing))


def counts() -> tuple[int, int]:
    return Listing.objects.count(), listing_revisions().count()


@pytest.fixture
def package(tmp_path) -> Path:
    """A writable copy of the official example package."""
    copy = tmp_path / "package"
    shutil.copytree(PACKAGE, copy)
    for path in [copy, *copy.iterdir()]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)
    return copy


def edit_csv(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def test_official_package_imports_as_drafts_in_vetting(client, editor):
    output = run(PACKAGE, editor, default_kind="attorney")
    assert "created 1, updated 0, unchanged 0, skipped 0" in output
    listing = Listing.objects.get(hsds_id=SERVICE_ID)
    assert type(listing).__name__ == "Attorney"
    assert listing.name == "Community Counselling"
    assert listing.organization_name == "Example Organization Inc."
    assert listing.summary.startswith("Counselling Services provided by trained professionals.")
    assert listing.email == "email@example.com"
    assert listing.website == "http://example.com/counselling"
    assert [p.number for p in listing.phones.all()] == ["+441234234567"]
    assert listing.phones.get().extension == "100"
    assert [t.token for t in listing.languages.all()] == ["urd"]
    assert "10 am to 6pm weekdays" in listing.hours
    assert listing.fees.startswith("Non-NHS patients are expected to pay")
    assert listing.provider_type == ProviderType.NONPROFIT  # the rules' default
    assert listing.alert.startswith("Following COVID-19")
    # The example's only address is postal (a mailing address), not where people go.
    assert listing.postal_code == "" and listing.service_area == "local"
    assert "postal address is not where people go" in output
    # A draft in Vetting; HSDS's assured_date is not our vetting.
    assert not listing.live and listing.last_verified is None and listing.verified_by is None
    assert listing.latest_revision is not None
    state = listing.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and state.requested_by == editor
    assert SERVICE_ID in listing.vetting_notes
    assert not Listing.objects.public().exists()
    everything = client.get("/api/@search", {"b_size": 100}).json()
    assert "Community Counselling" not in {item["title"] for item in everything["items"]}
    searched = client.get("/api/@search", {"SearchableText": "counselling"}).json()
    assert searched["items"] == []


def test_default_rules_skip_what_they_do_not_recognise(editor):
    output = run(PACKAGE, editor)
    assert "skip" in output and SERVICE_ID in output
    assert "no rule matched and the default is skip" in output
    assert "created 0, updated 0, unchanged 0, skipped 1" in output
    assert counts() == (0, 0)


def test_vetters_get_one_email_per_run(editor, vetter, package, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run(package, editor, default_kind="attorney")
    assert [message.to for message in mail.outbox] == [[vetter.email]]
    assert mail.outbox[0].subject == "1 imported listing awaits vetting"
    assert "from package" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run(package, editor, default_kind="attorney")  # nothing changed: nobody is told
    assert mail.outbox == []


def test_a_second_run_changes_nothing(editor):
    run(PACKAGE, editor, default_kind="attorney")
    before = counts()
    output = run(PACKAGE, editor, default_kind="attorney")
    assert "created 0, updated 0, unchanged 1, skipped 0" in output
    assert counts() == before
    assert Listing.objects.get().workflow_states.count() == 1


def test_dry_run_writes_nothing_and_prints_the_plan(editor):
    output = run(PACKAGE, editor, default_kind="attorney", dry_run=True)
    assert f"create     {SERVICE_ID} 'Community Counselling' as attorney" in output
    assert "would create 1, update 0, unchanged 0, skip 0" in output
    assert "Dry run: nothing was written." in output
    assert counts() == (0, 0)


def test_a_changed_service_updates_its_draft(editor, package):
    run(package, editor, default_kind="attorney")
    listing = Listing.objects.get()
    before = listing_revisions().count()
    edit_csv(package / "services.csv", ",Community Counselling,", ",Community Legal Counselling,")
    edit_csv(package / "phones.csv", "+44 1234 234567", "+44 1234 234568")
    output = run(package, editor, default_kind="attorney")
    assert "created 0, updated 1, unchanged 0" in output
    assert "(name, phones)" in output
    assert listing_revisions().count() == before + 1
    listing.refresh_from_db()
    assert listing.name == "Community Legal Counselling" and not listing.live
    assert [p.number for p in listing.phones.all()] == ["+441234234568"]
    assert Listing.objects.count() == 1  # keyed by the HSDS id, not by the name
    assert run(package, editor, default_kind="attorney").count("unchanged 1") == 1


def test_updating_a_published_listing_leaves_the_public_version_alone(editor, vetter, package):
    run(package, editor, default_kind="attorney")
    listing = Listing.objects.get()
    listing.current_workflow_state.cancel(user=vetter)
    factories.publish(listing, vetter)
    assert listing.is_public
    edit_csv(package / "services.csv", ",Community Counselling,", ",Renamed Counselling,")
    run(package, editor, default_kind="attorney")
    listing.refresh_from_db()
    assert listing.name == "Community Counselling" and listing.is_public
    assert listing.has_unpublished_changes
    assert listing.get_latest_revision_as_object().name == "Renamed Counselling"
    assert listing.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert listing.current_workflow_task_state.revision == listing.latest_revision


def test_missing_services_csv(editor, package):
    (package / "services.csv").unlink()
    report = fails(package, editor, default_kind="attorney")
    assert "services.csv is missing" in report and "Nothing was imported" in report
    assert counts() == (0, 0)


def test_a_bad_phone_is_reported_and_nothing_is_written(editor, package):
    edit_csv(package / "phones.csv", "+44 1234 234567", "12")
    report = fails(package, editor, default_kind="attorney")
    assert f"service {SERVICE_ID}: phones[0].number: 12 is not a valid phone number" in report
    assert "nothing was imported" in report
    assert counts() == (0, 0)


def test_an_unknown_zip_is_reported(editor, package):
    edit_csv(package / "addresses.csv", "MyState,ABC 1234,US,postal", "NJ,00001,US,physical")
    report = fails(package, editor, default_kind="attorney")
    assert f"service {SERVICE_ID}: address.postal_code: 00001 is not a known US ZIP" in report
    assert counts() == (0, 0)


def test_a_known_us_address_resolves_its_county(editor, package):
    edit_csv(package / "addresses.csv", "MyCity,MyRegion,MyState,ABC 1234,US,postal",
             "Newark,,NJ,07102,US,physical")  # fmt: skip
    run(package, editor, default_kind="attorney")
    listing = Listing.objects.get()
    assert (listing.street_address, listing.city, listing.state) == (
        "1-30 Main Street, MyVillage", "Newark", "NJ",
    )  # fmt: skip
    assert listing.county_id == "34013"
    # The example's point (100, 101) is not on Earth: the ZIP code's centroid is used.
    assert listing.latitude == pytest.approx(40.73, abs=0.1)


def test_broken_datapackage_json(editor, package):
    (package / "datapackage.json").write_text('{"resources": [')
    report = fails(package, editor, default_kind="attorney")
    assert "datapackage.json is not valid JSON" in report
    (package / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "services", "path": "no-such-file.csv"}]})
    )
    report = fails(package, editor, default_kind="attorney")
    assert "no-such-file.csv is missing" in report
    (package / "datapackage.json").write_text(
        json.dumps({"resources": [{"name": "services", "path": "../../etc/passwd"}]})
    )
    assert "outside the package" in fails(package, editor, default_kind="attorney")
    assert counts() == (0, 0)


def test_a_datapackage_json_names_the_files(editor, package):
    (package / "services.csv").rename(package / "svc.csv")
    (package / "datapackage.json").write_text(
        json.dumps(
            {
                "resources": [
                    {"name": "service", "path": "svc.csv"},
                    {"name": "phone", "path": "phones.csv"},
                    {"name": "organization", "path": "organizations.csv"},
                ]
            }
        )
    )
    output = run(package, editor, default_kind="attorney")
    assert "created 1" in output
    listing = Listing.objects.get()
    assert listing.phones.count() == 1 and listing.languages.count() == 0


def test_json_service_imports(editor):
    output = run(SERVICE_FULL, editor, default_kind="attorney")
    assert "created 1" in output
    listing = Listing.objects.get(hsds_id=SERVICE_ID)
    assert [p.number for p in listing.phones.all()] == ["+441234234567"]


def test_json_failing_the_schema_is_reported(editor, tmp_path):
    service = json.loads(SERVICE_FULL.read_text())
    service["phones"][0]["number"] = 5
    del service["name"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"contents": [service], "total_items": 1}))
    report = fails(path, editor, default_kind="attorney")
    assert f"service {SERVICE_ID}: phones[0].number: schema: 5 is not of type 'string'" in report
    assert f"service {SERVICE_ID}: (service): schema: 'name' is a required property" in report
    assert counts() == (0, 0)


def test_malformed_json(editor, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"id": "x", "name": ')
    assert "Not valid JSON" in fails(path, editor)
    path.write_text('{"id": "a", "name": "A", "status": "active"}\n{"id": "b",\n')
    assert "nor NDJSON: line 2" in fails(path, editor)
    assert counts() == (0, 0)


def test_only_valid_imports_the_rest(editor, tmp_path):
    good = consulate_service(uid(1), "Consulado General de México en Nueva York")
    bad = consulate_service(uid(2), "Consulado de Guatemala")
    bad["phones"][0]["number"] = "555"
    schema_bad = consulate_service(uid(3), "Consulado de El Salvador")
    schema_bad["languages"] = "es"
    path = tmp_path / "services.ndjson"
    path.write_text("\n".join(json.dumps(s) for s in (good, bad, schema_bad)))
    report = fails(path, editor)
    assert f"service {uid(2)}: phones[0].number: 555 is not a valid phone number" in report
    assert f"service {uid(3)}: languages: schema: 'es' is not of type 'array'" in report
    assert counts() == (0, 0)
    output = run(path, editor, only_valid=True)
    assert "created 1" in output and "invalid 2" in output
    listing = Listing.objects.get()
    assert listing.kind == Kind.CONSULATE and listing.hsds_id == uid(1)
    assert listing.country.token == "MX" and listing.post_type == PostType.CONSULATE_GENERAL


def uid(n: int, part: int = 0) -> str:
    """A UUID, as HSDS JSON requires of ids."""
    return str(uuid.UUID(int=n * 16 + part))


def consulate_service(service_id: str, name: str) -> dict:
    return {
        "id": service_id,
        "name": name,
        "status": "active",
        "phones": [{"id": uid(9, 1), "number": "(212) 217-6400", "type": "voice"}],
        "languages": [{"id": uid(9, 2), "code": "es", "name": "Spanish"}],
        "service_areas": [{"id": uid(9, 3), "name": "New York"}],
    }


def test_rules_decide_the_kind(editor, tmp_path):
    services = [
        consulate_service(uid(1), "Consulado de Honduras"),
        {"id": uid(2), "name": "Example Bail Fund", "status": "active"},
        {"id": uid(3), "name": "Centro de Trabajadores Unidos", "status": "active"},
        {"id": uid(4), "name": "Example Immigration Legal Services", "status": "active"},
        {"id": uid(5), "name": "Example Food Pantry", "status": "active",
         "description": "Groceries for families; refunds are not available."},
    ]  # fmt: skip
    path = tmp_path / "services.json"
    path.write_text(json.dumps(services))
    run(path, editor)
    kinds = dict(Listing.objects.values_list("hsds_id", "kind"))
    assert kinds == {
        uid(1): Kind.CONSULATE,
        uid(2): Kind.FUNDING_SOURCE,
        uid(3): Kind.WORKER_CENTER,
        uid(4): Kind.ATTORNEY,
    }
    consulate = Listing.objects.get(hsds_id=uid(1))
    assert consulate.country.token == "HN" and consulate.service_area == "states"
    assert [s.token for s in consulate.service_states.all()] == ["NY"]
    assert [t.token for t in consulate.languages.all()] == ["spa"]


def test_round_trip_through_our_hsds_export(client, editor, vetter, tmp_path):
    made = [
        factories.AttorneyFactory(name="Example Round Trip Clinic"),
        factories.ConsulateFactory(
            name="Example Consulate of Mexico",
            phones=["(973) 555-0110"],
            street_address="1 Example Street",
        ),
        factories.WorkerCenterFactory(name="Example Workers Hub"),
        factories.FundingSourceFactory(name="Example Help Desk", phones=["+52 55 5555 0100"]),
    ]
    clinic = made[0]
    clinic.languages.set(Language.objects.canonical().filter(token="spa"))
    clinic.interpretation_languages.set(Language.objects.canonical().filter(token__in=INTERPRETED))
    clinic.save()
    for listing in made:
        factories.publish(listing, vetter)
    response = client.get("/api/hsds/services", {"format": "ndjson"})
    exported = b"".join(response.streaming_content).decode()
    expected = {(item.name, item.kind, tuple(p.number for p in item.phones.all())) for item in made}
    Listing.objects.all().delete()
    path = tmp_path / "services.ndjson"
    path.write_text(exported)
    output = run(path, editor)
    assert "created 4, updated 0, unchanged 0, skipped 0" in output
    imported = Listing.objects.all()
    assert {
        (item.name, item.kind, tuple(p.number for p in item.phones.all())) for item in imported
    } == expected
    assert not any(item.live for item in imported)
    consulate = Listing.objects.get(kind=Kind.CONSULATE)
    assert consulate.country.token == "MX"
    assert (consulate.street_address, consulate.postal_code) == ("1 Example Street", "07102")
    assert consulate.county_id == "34013"
    assert run(path, editor).count("unchanged 4") == 1
    # Staff's languages and those through an interpreter come back apart (the HSDS note).
    clinic = Listing.objects.get(kind=Kind.ATTORNEY)
    assert [term.token for term in clinic.languages.all()] == ["spa"]
    assert sorted(term.token for term in clinic.interpretation_languages.all()) == INTERPRETED


INTERPRETED = ["kjb", "mam"]


def test_rules_file_is_checked(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text('default = "shop"\n')
    with pytest.raises(hsds_import.HsdsInputError, match="default 'shop'"):
        hsds_import.Rules(path)
    path.write_text('[defaults.attorney]\nprovider_type = "wizard"\n')
    with pytest.raises(hsds_import.HsdsInputError, match="'wizard' is not a provider_type"):
        hsds_import.Rules(path)
    assert hsds_import.Rules().default == "skip"
