"""A backup holds everything (format version 2): organizations, trusted lists and their editions,
partner keys (hashes), suggestions and import history come back with the listings, so after a
round trip into an empty database every public and partner URL answers the same bytes, a
printed sheet's short link included. A bad section writes nothing and names the object."""

import importlib
import json
import types
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Locale, Revision, WorkflowState

from directory.models import ImportJob, Listing, Suggestion
from interchange import backup
from lists.models import Edition, EditionEntry, ListEntry, Organization, TrustedList
from partners.models import PartnerKey
from sheets.sheet import Sheet
from tests import factories
from tests.interchange.test_backup import SEGMENTS, demo  # noqa: F401 (the module's demo data)

pytestmark = pytest.mark.django_db(transaction=False)

ISSUED = date(2026, 3, 2)
TRIGGERS = importlib.import_module("lists.migrations.0002_editions_immutable")


def public_rows(kind: str, count: int) -> list[Listing]:
    return list(
        Listing.objects.public()
        .filter(locale=Locale.get_default(), kind=kind)
        .order_by("slug")[:count]
    )


@pytest.fixture
def everything(demo):  # noqa: F811
    """The demo's listings plus one of every other thing a backup holds (the demo's own
    organization, list, key and suggestion left out, so this world is the one counted here)."""
    delete_the_rest()
    curator = factories.editor(username="backup-curator")
    gone = factories.editor(username="backup-staff-gone")  # not in the database restored into
    uploader_gone = factories.editor(username="backup-uploader-gone")
    attorneys, centers = public_rows("attorney", 4), public_rows("worker-center", 2)
    organization = Organization.objects.create(
        name="Example Workers United",
        slug="workers-united",
        kind="worker_center",
        website="https://workers.example.org",
    )
    organization.staff.add(curator, gone)
    Organization.objects.create(name="Example Agency Without Lists", slug="agency", kind="agency")
    trusted = TrustedList.objects.create(
        organization=organization,
        slug="retaliation",
        title={"en": "Retaliation referrals", "es": "Represalias"},
        description={"en": "Who to call first."},
    )
    for order, listing in enumerate([centers[0], attorneys[0], attorneys[1]]):
        ListEntry.objects.create(
            trusted_list=trusted,
            listing=listing,
            sort_order=order,
            note={"en": f"Note {order}", "es": f"Nota {order}"},
        )
    first = trusted.publish(curator)
    # The second edition drops one listing and adds another; the draft moves on again.
    ListEntry.objects.filter(trusted_list=trusted, listing=attorneys[1]).delete()
    ListEntry.objects.create(trusted_list=trusted, listing=centers[1], sort_order=5)
    second = trusted.publish(curator)
    ListEntry.objects.create(trusted_list=trusted, listing=attorneys[2], sort_order=6)
    # An edition may name a listing deleted since: history, printed as withdrawn.
    deleted = attorneys[3]
    other = TrustedList.objects.create(
        organization=organization, slug="bond", title={"en": "Bond help"}
    )
    ListEntry.objects.create(trusted_list=other, listing=deleted, sort_order=0)
    ListEntry.objects.create(trusted_list=other, listing=attorneys[0], sort_order=1)
    other.publish(curator)
    Listing.objects.filter(translation_key=deleted.translation_key).delete()

    key_row = PartnerKey(
        name="Example partner server",
        organization=organization,
        tier=PartnerKey.Tier.PARTNER,
        allowed_origins="https://partner.example.org",
        rate_limit="100000/hour",
    )
    key = key_row.new_key()
    key_row.save()
    public_key = PartnerKey(name="Example embed", organization_name="Example Partner Org")
    public_key.new_key()
    public_key.save()
    PartnerKey.objects.filter(pk=public_key.pk).update(active=False, last_used=ISSUED)

    listing = attorneys[0]
    Suggestion.objects.create(
        listing=listing, message="The phone number changed.", contact="sender@example.org"
    )
    closed = Suggestion.objects.create(
        listing=centers[0], message="Closed on Mondays now.", contact="erased@example.org"
    )
    closed.dismiss(curator)
    # As if the contact had survived closing (an older row): a backup still leaves it out.
    Suggestion.objects.filter(pk=closed.pk).update(contact="left-behind@example.org")

    now = timezone.now()
    ImportJob.objects.create(
        user=curator,
        file_name="march.csv",
        status=ImportJob.Status.DONE,
        rows_total=3,
        rows_checked=3,
        valid_rows=2,
        invalid_rows=1,
        problem_count=1,
        problems=[[3, "phones", "Not a phone number."]],
        written=2,
        listing_ids=[attorneys[0].pk, centers[0].pk, deleted.pk],
        message="Imported 2 rows.",
        created_at=now - timedelta(days=3),
        finished_at=now - timedelta(days=3),
        data="kind,name\nattorney,Example\n",
    )
    ImportJob.objects.create(
        user=curator,
        file_name="running.csv",
        status=ImportJob.Status.WRITING,
        rows_total=10,
        created_at=now - timedelta(minutes=1),
        data="still needed",
    )
    ImportJob.objects.create(user=uploader_gone, file_name="old.csv", status="done")
    return types.SimpleNamespace(
        key=key,
        organization=organization,
        trusted=trusted,
        editions=(first, second),
        attorneys=attorneys,
        centers=centers,
        deleted=deleted,
        curator=curator,
    )


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def answers(client, world) -> dict:
    """Every public and partner URL this data reaches: status, type and body, as bytes."""
    uids = [row.translation_key.hex for row in world.attorneys[:2] + world.centers]
    list_sheet = Sheet("es", ISSUED, (), "Example Agency", "workers-united/retaliation", 1)
    chosen_sheet = Sheet("en", ISSUED, tuple(uids[:3]), "Example Agency")
    urls = [
        "/api/@search?b_size=100",
        "/api/@search?b_size=100&b_start=100",
        "/api/@search?SearchableText=immigration+clinic&b_size=100",
        "/api/@search?list=workers-united/retaliation",
        "/api/@search?list=workers-united/retaliation&language=es&facets=topics",
        "/api/@search?list=workers-united/bond",
        "/api/@search?q=consulado&language=es&b_size=100",
        "/api/@search?near=07102&radius=25&b_size=100",
        "/api/@lists",
        "/api/@lists?language=es",
        "/api/@lists/workers-united/retaliation",
        "/api/@lists/workers-united/retaliation?language=es",
        "/api/@lists/workers-united/retaliation/@editions",
        "/api/@lists/workers-united/retaliation/@editions/1",
        "/api/@lists/workers-united/retaliation/@editions/2?language=es",
        "/api/@lists/workers-united/bond",
        "/api/@lists/workers-united/bond/@editions/1",
        list_sheet.link_path(),
        chosen_sheet.link_path(),
        "/api/@referral-sheet?list=workers-united/retaliation&edition=2&language=es"
        f"&issued={ISSUED}&format=html",
        f"/api/@referral-sheet?uids={','.join(uids)}&language=en&issued={ISSUED}&format=html",
        "/api/hsds/services?per_page=100",
        "/api/hsds/services?per_page=100&page=2",
        "/api/hsds/organizations?per_page=100",
        "/api/@export?format=csv",
        "/api/directory/",
    ]
    urls += [f"/api/directory/{segment}/?b_size=100" for segment in SEGMENTS.values()]
    for kind, slug in (
        Listing.objects.public().filter(locale=Locale.get_default()).values_list("kind", "slug")
    ):
        urls += [f"/api/directory/{SEGMENTS[kind]}/{slug}?language={code}" for code in ("en", "es")]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (url, body(response)[:300])
        found[url] = (response.status_code, response["Content-Type"], body(response))
    partner = {"HTTP_AUTHORIZATION": f"Api-Key {world.key}"}
    consulates = Listing.objects.public().filter(locale=Locale.get_default(), kind="consulate")
    partner_urls = [
        "/api/@search?portal_type=Consulate&b_size=100",
        "/api/@lists/workers-united/retaliation",
        *(f"/api/directory/consulates/{row.slug}" for row in consulates[:3]),
    ]
    for url in partner_urls:
        response = client.get(url, **partner)
        assert response.status_code == 200, (url, response.content[:300])
        found[f"partner {url}"] = (response.status_code, response["Content-Type"], response.content)
    assert b"liaison" in found[f"partner {partner_urls[-1]}"][2]  # the partner tier answered
    return found


def stored(world) -> dict:
    """The rows no public URL shows, by natural keys (primary keys are new after import)."""

    def ref(pk):
        row = Listing.objects.filter(pk=pk).values_list("translation_key", "locale_id").first()
        return row and (row[0], row[1])

    return {
        "organizations": [
            (o.slug, o.name, o.kind, o.website, sorted(o.staff.values_list("username", flat=True)))
            for o in Organization.objects.order_by("slug")
        ],
        "lists": [
            (
                t.organization.slug,
                t.slug,
                t.title,
                t.description,
                t.created_at,
                [
                    (e.translation_key, e.note, e.sort_order)
                    for e in t.entries.order_by("sort_order")
                ],
            )
            for t in TrustedList.objects.order_by("slug")
        ],
        "editions": [
            (
                e.trusted_list.slug,
                e.number,
                e.published_at,
                e.published_by,
                e.title,
                [
                    (f.position, f.translation_key, f.note, f.name, f.kind, f.slug)
                    for f in e.entries.order_by("position")
                ],
            )
            for e in Edition.objects.order_by("trusted_list__slug", "number")
        ],
        "keys": list(
            PartnerKey.objects.order_by("prefix").values_list(
                "name",
                "organization__slug",
                "organization_name",
                "tier",
                "allowed_origins",
                "rate_limit",
                "active",
                "created",
                "last_used",
                "prefix",
                "hashed_key",
            )
        ),
        "suggestions": [
            (
                ref(s.listing_id),
                s.message,
                s.contact,
                s.status,
                s.created_at,
                s.closed_at,
                s.closed_by and s.closed_by.username,
            )
            for s in Suggestion.objects.order_by("created_at")
        ],
        "jobs": [
            (
                j.uuid,
                j.user.username,
                j.file_name,
                j.status,
                j.rows_total,
                j.problems,
                j.written,
                [ref(pk) for pk in j.listing_ids],
                j.message,
                j.created_at,
            )
            for j in ImportJob.objects.order_by("created_at")
        ],
    }


def delete_the_rest() -> None:
    """Delete every organization, list, edition, key, suggestion and import job. Published
    editions are undeletable, even by the database, so its triggers are dropped for the moment
    (inside the test's transaction, rolled back with it)."""
    with connection.cursor() as cursor:
        editor = types.SimpleNamespace(connection=connection, execute=cursor.execute)
        TRIGGERS.drop_triggers(None, editor)
        cursor.execute("DELETE FROM lists_editionentry")
        cursor.execute("DELETE FROM lists_edition")
        TRIGGERS.create_triggers(None, editor)
    for model in (PartnerKey, ImportJob, Suggestion, ListEntry, TrustedList, Organization):
        model.objects.all().delete()


def empty_database() -> None:
    """Leave what a new, migrated database has (seeded terms, locales, workflow, users and the
    CMS pages, which the backup does not hold): no listing, organization, list, edition, key,
    suggestion or import job. Published editions are undeletable, even by the database, so its
    triggers are dropped for the moment (inside the test's transaction, rolled back with it)."""
    delete_the_rest()
    Listing.objects.all().delete()
    Revision.objects.filter(base_content_type__model="listing").delete()
    WorkflowState.objects.filter(base_content_type__model="listing").delete()


def test_round_trip_into_an_empty_database_answers_the_same_bytes(client, everything, tmp_path):
    before = answers(client, everything)
    listed = json.loads(before["/api/@search?list=workers-united/retaliation"][2])
    assert listed["items_total"] == 3  # edition 2, all public: the comparison says something
    assert b"withdrawn" in before["/api/@lists/workers-united/bond"][2]
    rows = stored(everything)
    path = tmp_path / "backup.json"
    call_command("export_directory", str(path), stdout=StringIO())
    data = json.loads(path.read_text())
    assert data["version"] == 2
    assert data["counts"] | {"listings": 0, "terms": 0} == {
        "listings": 0,
        "terms": 0,
        "organizations": 2,
        "partner_keys": 2,
        "suggestions": 2,
        "import_jobs": 3,
    }
    text = path.read_text()
    assert everything.key not in text and everything.key.split(".")[1] not in text
    assert "sender@example.org" in text  # an open suggestion's contact, to ask back
    assert "left-behind@example.org" not in text  # a closed one's is personal data, left out
    assert "kind,name" not in text and "still needed" not in text  # no uploaded file's text

    empty_database()
    get_user_model().objects.filter(
        username__in=["backup-staff-gone", "backup-uploader-gone"]
    ).delete()
    assert client.get("/api/@search?list=workers-united/retaliation").status_code == 400
    out = StringIO()
    call_command("import_directory", str(path), stdout=out)
    output = out.getvalue()

    after = answers(client, everything)
    assert after.keys() == before.keys()
    for url, answer in before.items():
        assert after[url] == answer, url
    assert "backup-staff-gone (organization staff)" in output
    assert "backup-uploader-gone (import uploader)" in output
    assert "Import jobs left out (their uploader is not a user here): old.csv" in output
    assert "Organizations: 2, with 2 trusted lists and 3 editions." in output
    restored = stored(everything)
    rows["organizations"][1][4].remove("backup-staff-gone")
    rows["suggestions"][1] = (*rows["suggestions"][1][:2], "", *rows["suggestions"][1][3:])
    interrupted = rows["jobs"][1]
    rows["jobs"] = rows["jobs"][:-1]  # the job whose uploader is gone
    rows["jobs"][1] = (
        *interrupted[:3],
        "failed",
        *interrupted[4:8],
        restored["jobs"][1][8],
        interrupted[9],
    )
    # A listing deleted before the backup stays out of a job's report, as its page leaves it out.
    rows["jobs"][0] = (*rows["jobs"][0][:7], rows["jobs"][0][7][:2], *rows["jobs"][0][8:])
    assert restored == rows
    assert "restore" in restored["jobs"][1][8]  # the unfinished job says why it failed
    assert not ImportJob.objects.exclude(data="").exists()
    assert PartnerKey.objects.for_key(everything.key) is not None


def test_a_version_1_file_still_imports_and_leaves_the_rest_alone(everything, tmp_path):
    path = tmp_path / "v1.json"
    call_command("export_directory", str(path), stdout=StringIO())
    data = json.loads(path.read_text())
    for name in ("organizations", "partner_keys", "suggestions", "import_jobs"):
        del data[name]
    data["version"] = 1
    path.write_text(json.dumps(data))
    out = StringIO()
    call_command("import_directory", str(path), "--replace", stdout=out)
    assert f"Imported {len(data['listings'])} listings" in out.getvalue()
    assert PartnerKey.objects.count() == 2 and ImportJob.objects.count() == 3
    assert Edition.objects.count() == 3  # sections the file does not hold are not touched


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (
            Listing,
            Organization,
            TrustedList,
            ListEntry,
            Edition,
            EditionEntry,
            PartnerKey,
            Suggestion,
            ImportJob,
            Revision,
        )
    }


def _unknown_listing_on_a_list(data):
    entry = data["organizations"][1]["lists"][1]["entries"][0]
    entry["listing"]["translation_key"] = "0" * 32
    return "list workers-united/retaliation: entries[0]: field 'listing': no listing 0000"


def _bad_key_hash(data):
    data["partner_keys"][0]["hashed_key"] = "not-a-hash"
    name = data["partner_keys"][0]["name"]
    prefix = data["partner_keys"][0]["prefix"]
    return f"API key {name!r} (prefix {prefix!r}): field 'hashed_key' must be a SHA-256 hash"


def _bad_edition_uid(data):
    data["organizations"][1]["lists"][1]["editions"][1]["entries"][0]["translation_key"] = "x"
    return (
        "list workers-united/retaliation edition 2: entries[0]: field 'translation_key' is not "
        "a listing UID"
    )


def _changed_edition(data):
    data["organizations"][1]["lists"][1]["editions"][0]["published_by"] = "someone else"
    return "list workers-united/retaliation edition 1: this database has a different edition 1"


def _bad_suggestion_status(data):
    data["suggestions"][0]["status"] = "maybe"
    return "suggestions[0]: status: Value 'maybe' is not a valid choice."


def _bad_job_date(data):
    data["import_jobs"][0]["finished_at"] = "yesterday"
    return "import_jobs[0] (march.csv): field 'finished_at': 'yesterday' is not an ISO 8601"


@pytest.mark.parametrize(
    "change",
    [
        _unknown_listing_on_a_list,
        _bad_key_hash,
        _bad_edition_uid,
        _changed_edition,
        _bad_suggestion_status,
        _bad_job_date,
    ],
)
def test_a_bad_section_writes_nothing_and_names_the_object(everything, tmp_path, change):
    path = tmp_path / "bad.json"
    call_command("export_directory", str(path), stdout=StringIO())
    data = json.loads(path.read_text())
    message = change(data)
    path.write_text(json.dumps(data))
    before, rows = counts(), stored(everything)
    for extra in ((), ("--dry-run",)):
        with pytest.raises(CommandError) as error:
            call_command("import_directory", str(path), "--replace", *extra, stdout=StringIO())
        assert message in str(error.value), str(error.value)
        assert "Nothing was imported" in str(error.value)
        assert counts() == before and stored(everything) == rows


def test_replace_keeps_identical_editions_and_refuses_without_it(everything, tmp_path):
    path = tmp_path / "backup.json"
    call_command("export_directory", str(path), stdout=StringIO())
    with pytest.raises(
        CommandError,
        match=rf"already has {Listing.objects.count()} listings, 2 suggestions, 3 import "
        r"jobs, 2 organizations, 2 partner keys\.",
    ):
        call_command("import_directory", str(path), stdout=StringIO())
    rows = stored(everything)
    out = StringIO()
    call_command("import_directory", str(path), "--replace", "--dry-run", stdout=out)
    assert "3 already here and identical, kept" in out.getvalue()
    assert "rolled back" in out.getvalue() and stored(everything) == rows
    call_command("import_directory", str(path), "--replace", stdout=StringIO())
    assert Edition.objects.count() == 3
    assert PartnerKey.objects.for_key(everything.key) is not None


def test_the_sections_come_in_dependency_order():
    names = [section.name for section in backup.sections()]
    assert names.index("organizations") < names.index("partner_keys")
    assert {"suggestions", "import_jobs"} <= set(names)
