"""CSV import of listings: ``manage.py import_listings`` and the admin's "Import listings"
(interchange/csv/). Every bad file gets a report naming row, column and reason, and writes
nothing."""

import csv
import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision, WorkflowState

from directory.models import ImportJob, Listing, PublicVersion
from interchange import csv as csv_io
from tests import factories

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/directory/import-listings/"
TEMPLATE_URL = "/admin/directory/import-listings/template.csv"


def row(**values) -> dict:
    """A valid attorney row; ``values`` override cells."""
    data = dict.fromkeys(csv_io.TEMPLATE_NAMES, "")
    data.update(
        kind="attorney",
        name="Example Newark Worker Defense Clinic",
        summary="Free immigration help for workers.",
        street_address="1 Example Street",
        postal_code="07102",
        phones="main:(973) 555-0142;intake:973-555-0143 x7",
        email="info@example.org",
        website="https://example.org/",
        languages="spa;eng",
        topics="removal-defense",
        fee_model="free",
        provider_type="nonprofit",
        accepting_clients="true",
    )
    data.update(values)
    return data


def consulate_row(**values) -> dict:
    return row(
        kind="consulate",
        name="Example Consulate of Mexico in Newark",
        provider_type="",
        accepting_clients="",
        country="MX",
        post_type="consulate-general",
        service_area="states",
        service_states="NJ;PA",
        phones="main:(973) 555-0150;emergency:(973) 555-0151",
        **values,
    )


def to_csv(rows: list[dict], columns=None, encoding="utf-8") -> bytes:
    columns = columns or csv_io.TEMPLATE_NAMES
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(name, "") for name in columns])
    return buffer.getvalue().encode(encoding)


@pytest.fixture
def csv_file(tmp_path):
    def write(content: bytes):
        path = tmp_path / "listings.csv"
        path.write_bytes(content)
        return str(path)

    return write


def run_command(path, *args, username="eddie"):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_listings", path, "--user", username, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failing_command(path, *args, username="eddie") -> str:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_listings", path, "--user", username, *args, stdout=out, stderr=err)
    return f"{out.getvalue()}{err.getvalue()}{raised.value}"


# The command ---------------------------------------------------------------------------------


def test_good_file_imports_drafts_in_vetting(editor, csv_file):
    path = csv_file(to_csv([row(), consulate_row()]))
    version = PublicVersion.current().counter
    out, _err = run_command(path)
    assert "Imported 2 listings" in out
    attorney = Listing.objects.get(kind="attorney")
    consulate = Listing.objects.get(kind="consulate")
    for listing in (attorney, consulate):
        assert listing.live is False
        assert listing.has_unpublished_changes is True
        assert listing.last_verified is None
        state = listing.current_workflow_state
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by == editor
        assert state.workflow.name == "Vetting"
        assert Revision.objects.filter(object_id=str(listing.pk), user=editor).exists()
    assert not Listing.objects.public().exists()
    # The model's own rules ran: the ZIP filled the place in, phones are E.164.
    assert (attorney.city, attorney.state, attorney.county_id) == ("Newark", "NJ", "34013")
    assert [(p.type, p.number, p.extension) for p in attorney.phones.all()] == [
        ("main", "+19735550142", ""),
        ("intake", "+19735550143", "7"),
    ]
    assert sorted(t.token for t in attorney.languages.all()) == ["eng", "spa"]
    assert attorney.slug == "example-newark-worker-defense-clinic"
    assert consulate.country.token == "MX"
    assert sorted(s.token for s in consulate.service_states.all()) == ["NJ", "PA"]
    # Drafts change no public answer: the API's kept answers stay valid.
    assert PublicVersion.current().counter == version


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"phones": "main:555-12"}, "phones", "not a valid phone number"),
        ({"phones": "cell:(973) 555-0142"}, "phones", "is not a phone type"),
        ({"postal_code": "00000"}, "postal_code", "00000 is not a known US ZIP code"),
        ({"postal_code": "07102", "state": "NY"}, "state", "ZIP code 07102 is in NJ"),
        ({"provider_type": ""}, "provider_type", "Required for"),
        ({"name": ""}, "name", "This field cannot be blank"),
        ({"kind": "lawyer"}, "kind", "lawyer is not one of"),
        ({"languages": "spa;klingon"}, "languages", "klingon"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"accepting_clients": "maybe"}, "accepting_clients", "true or false"),
        ({"accepting_clients_as_of": "15/01/2025"}, "accepting_clients_as_of", "YYYY-MM-DD"),
        ({"country": "MX"}, "country", "Only for consulates"),
        ({"service_area": "counties"}, "service_counties", "Pick the counties served"),
        ({"service_counties": "99999", "service_area": "counties"}, "service_counties", "99999"),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(editor, csv_file, values, column, reason):
    path = csv_file(to_csv([row(name="Example Good Clinic", postal_code="07201"), row(**values)]))
    before = Listing.objects.count()
    output = failing_command(path)
    assert Listing.objects.count() == before == 0
    assert f"row 3, {column}: " in output
    assert reason in output
    assert "nothing was imported" in output


def test_only_valid_imports_the_valid_rows(editor, csv_file):
    path = csv_file(to_csv([row(), row(name="Example Bad Clinic", phones="main:123")]))
    out, _err = run_command(path, "--only-valid")
    assert "row 3, phones: " in out
    assert "Imported 1 listings" in out
    assert list(Listing.objects.values_list("name", flat=True)) == [
        "Example Newark Worker Defense Clinic"
    ]


def test_missing_column_is_a_file_error(editor, csv_file):
    columns = [name for name in csv_io.TEMPLATE_NAMES if name != "postal_code"]
    output = failing_command(csv_file(to_csv([row()], columns=columns)))
    assert "Missing columns: postal_code." in output
    assert Listing.objects.count() == 0


def test_a_file_from_before_the_interpreter_column_still_imports(editor, csv_file):
    columns = [name for name in csv_io.TEMPLATE_NAMES if name != "interpretation_languages"]
    out, _err = run_command(csv_file(to_csv([row()], columns=columns)))
    assert "Imported 1 listings" in out
    listing = Listing.objects.get()
    assert list(listing.interpretation_languages.all()) == []


def test_unknown_column_is_a_file_error(editor, csv_file):
    columns = [*csv_io.TEMPLATE_NAMES, "zip"]
    output = failing_command(csv_file(to_csv([row(zip="07102")], columns=columns)))
    assert "Unknown columns: zip." in output
    assert Listing.objects.count() == 0


def test_wrong_encoding_is_a_file_error(editor, csv_file):
    path = csv_file(to_csv([row(name="Example Clínica de Trabajadores")], encoding="latin-1"))
    output = failing_command(path)
    assert "not UTF-8" in output
    assert Listing.objects.count() == 0


def test_utf8_bom_and_semicolons_are_accepted(editor, csv_file):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(csv_io.TEMPLATE_NAMES)
    writer.writerow(row(name="Example Clínica Obrera", languages="spa, mam").values())
    path = csv_file(buffer.getvalue().encode("utf-8-sig"))
    run_command(path)
    listing = Listing.objects.get()
    assert listing.name == "Example Clínica Obrera"
    assert sorted(t.token for t in listing.languages.all()) == ["mam", "spa"]


def test_lowercase_state_and_unnamed_empty_columns_are_fine(editor, csv_file):
    columns = [*csv_io.TEMPLATE_NAMES, "", ""]  # trailing commas a spreadsheet left
    run_command(csv_file(to_csv([row(state="nj")], columns=columns)))
    assert Listing.objects.get().state == "NJ"


def test_duplicate_rows_are_errors(editor, csv_file):
    path = csv_file(to_csv([row(), row(), row(name="Example Other", slug="same"),
                            row(name="Example Third", slug="same")]))  # fmt: skip
    output = failing_command(path)
    assert "row 3, name: Same kind, name and ZIP code as row 2." in output
    assert "row 5, slug: Same slug as row 4." in output
    assert Listing.objects.count() == 0


def test_a_listing_already_in_the_directory_is_a_duplicate(editor, csv_file):
    factories.AttorneyFactory(name="Example Newark Worker Defense Clinic", slug="taken")
    output = failing_command(csv_file(to_csv([row(), row(name="Example New", slug="taken")])))
    assert "row 2, name: The directory already has a listing" in output
    assert "row 3, slug: Another listing already uses this slug." in output
    assert Listing.objects.count() == 1


def test_a_user_without_permission_cannot_import(csv_file):
    factories.UserFactory(username="nobody")
    output = failing_command(csv_file(to_csv([row()])), username="nobody")
    assert "row 2, kind: You may not add" in output
    assert Listing.objects.count() == 0


def test_dry_run_writes_nothing(editor, csv_file):
    out, _err = run_command(csv_file(to_csv([row()])), "--dry-run")
    assert "would be imported" in out
    assert Listing.objects.count() == 0


# 17 measured: the vocabularies, places and permissions are read once for the file; one query per
# row would be over 10,000.
QUERIES_TO_CHECK_A_FILE = 40


def test_ten_thousand_rows_one_bad_writes_nothing(editor, csv_file):
    rows = [
        row(name=f"Example Clinic {n}", phones=f"main:(973) 555-{n % 100:04d}")
        for n in range(10_000)
    ]
    rows[7_321]["phones"] = "main:12"
    path = csv_file(to_csv(rows))
    with CaptureQueriesContext(connection) as queries:
        output = failing_command(path)
    assert Listing.objects.count() == 0
    assert "row 7323, phones: 12 is not a valid phone number" in output
    assert "Checked 10000 rows: 9999 valid, 1 with problems." in output
    assert "  5000 rows checked" in output  # progress
    # Checking looks the vocabularies and places up once, not per row (speed is bench/'s).
    assert len(queries) < QUERIES_TO_CHECK_A_FILE, len(queries)


# The admin -----------------------------------------------------------------------------------


def upload(client, content: bytes, only_valid=False, follow=True):
    """Upload as the admin's form does; the import runs in the request (the tests' runner is
    "inline"), and the redirect leads to the job's page with its report."""
    data = {"file": io.BytesIO(content)}
    data["file"].name = "listings.csv"
    if only_valid:
        data["only_valid"] = "on"
    return client.post(IMPORT_URL, data, follow=follow)


def test_admin_url_names():
    assert reverse("directory_import_listings") == IMPORT_URL
    assert reverse("directory_import_listings_template") == TEMPLATE_URL


def test_editor_imports_a_good_file(editor_client, editor):
    page = editor_client.get(IMPORT_URL)
    assert page.status_code == 200
    assert TEMPLATE_URL in page.content.decode()
    response = upload(editor_client, to_csv([row(), consulate_row()]))
    assert response.status_code == 200
    job = ImportJob.objects.get()
    assert response.redirect_chain == [(f"{IMPORT_URL}{job.uuid}/", 302)]
    html = response.content.decode()
    assert "Checked 2 rows: 2 valid, 0 with problems." in html
    assert "Imported 2 listings as drafts" in html
    assert Listing.objects.count() == 2
    for listing in Listing.objects.all():
        assert listing.live is False
        assert listing.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
        assert listing.current_workflow_state.requested_by == editor
        assert 'href="/admin/snippets/directory/' in html and listing.name in html
    assert not Listing.objects.public().exists()
    assert (job.status, job.written, job.data) == ("done", 2, "")  # the file is erased
    # The upload page leads back to it.
    assert f"{IMPORT_URL}{job.uuid}/" in editor_client.get(IMPORT_URL).content.decode()


def test_admin_report_then_confirm_the_valid_rows(editor_client):
    content = to_csv([row(), row(name="Example Bad Clinic", postal_code="00000")])
    response = upload(editor_client, content)
    html = response.content.decode()
    assert Listing.objects.count() == 0
    assert "Nothing was imported." in html
    assert "<td>3</td><td>postal_code</td><td>00000 is not a known US ZIP code.</td>" in html
    assert 'value="import-valid"' in html
    job = ImportJob.objects.get()
    assert job.data  # kept for the choice below
    response = editor_client.post(
        f"{IMPORT_URL}{job.uuid}/", {"action": "import-valid"}, follow=True
    )
    assert response.status_code == 200
    assert "Imported 1 listing as a draft" in response.content.decode()
    assert list(Listing.objects.values_list("name", flat=True)) == [
        "Example Newark Worker Defense Clinic"
    ]
    job.refresh_from_db()
    assert (job.only_valid, job.written, job.data) == (True, 1, "")
    # A second click imports nothing twice.
    response = editor_client.post(
        f"{IMPORT_URL}{job.uuid}/", {"action": "import-valid"}, follow=True
    )
    assert "can no longer be imported" in response.content.decode()
    assert Listing.objects.count() == 1


def test_admin_only_valid_checkbox_imports_at_once(editor_client):
    content = to_csv([row(), row(name="Example Bad Clinic", phones="main:1")])
    response = upload(editor_client, content, only_valid=True)
    html = response.content.decode()
    assert "<td>3</td><td>phones</td>" in html
    assert Listing.objects.count() == 1


def test_admin_import_of_another_editors_job_is_refused(editor_client, editor):
    other = factories.editor(username="otto")
    job = ImportJob.objects.create(
        user=other, file_name="theirs.csv", data="x", status="done", problem_count=1,
        valid_rows=1, finished_at=timezone.now(),
    )  # fmt: skip
    assert editor_client.get(f"{IMPORT_URL}{job.uuid}/").status_code == 404
    response = editor_client.post(f"{IMPORT_URL}{job.uuid}/", {"action": "import-valid"})
    assert response.status_code == 404
    assert editor_client.get(f"{IMPORT_URL}{uuid.uuid4()}/").status_code == 404
    assert Listing.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            to_csv([row()], columns=csv_io.TEMPLATE_NAMES[:-1]),
            "Missing columns: fund_status_as_of.",
        ),
        (to_csv([row(name="Example Clínica")], encoding="utf-16"), "not UTF-8"),
        (b"", "The submitted file is empty."),
        (to_csv([]), "The file has a header but no listings."),
    ],
)
def test_admin_file_errors(editor_client, content, message):
    response = upload(editor_client, content, follow=False)
    assert response.status_code == 200  # the form again, with the reason; no job
    assert message in response.content.decode()
    assert Listing.objects.count() == 0
    assert not ImportJob.objects.exists()


def test_template_download_reimports(editor_client, editor, csv_file):
    response = editor_client.get(TEMPLATE_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == csv_io.TEMPLATE_NAMES
    assert len(lines) == 2 and "Example" in lines[1] and "555" in lines[1]
    report = csv_io.ListingImport(response.content, editor).check()  # the example row is valid
    assert report.ok, report.lines()


def test_non_editors_cannot_reach_the_import(client):
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and "/login/" in response.url
    assert client.get(TEMPLATE_URL).status_code == 302
    client.force_login(factories.UserFactory(username="visitor"))  # no admin access
    for response in (client.get(IMPORT_URL), upload(client, to_csv([row()]), follow=False)):
        assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert Listing.objects.count() == 0


def refused(response) -> bool:
    """Wagtail answers PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def test_admin_user_without_add_permission_is_refused(client):
    from django.contrib.auth.models import Permission

    user = factories.UserFactory(username="reader")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert refused(client.get(IMPORT_URL))
    assert refused(client.get(TEMPLATE_URL))
    assert refused(upload(client, to_csv([row()]), follow=False))
    assert Listing.objects.count() == 0
    assert IMPORT_URL not in client.get("/admin/").content.decode()


def test_import_menu_item_for_editors(editor_client):
    response = editor_client.get("/admin/")
    assert IMPORT_URL in response.content.decode()
